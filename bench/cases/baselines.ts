/**
 * Accuracy benchmark of the statistical baselines on the tourism competition data
 * (Athanasopoulos et al. 2011): naive, seasonal naive, ETS (auto, AICc) and Theta, scored by mean
 * MASE (seasonal-difference scaling, m = 12/4/1) and mean sMAPE over all series, with wall-clock
 * seconds per method. R `forecast` 8.20 reference scores: ../shared/benchmarks/README.md.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { ets, naive, seasonalNaive, theta, type Forecaster } from '../../shared/baselines/index';
import { mase, smape } from '../../shared/metrics/index';

export type TourismFrequency = 'monthly' | 'quarterly' | 'yearly';

export const TOURISM: Record<TourismFrequency, { period: number; horizon: number }> = {
  monthly: { period: 12, horizon: 24 },
  quarterly: { period: 4, horizon: 8 },
  yearly: { period: 1, horizon: 4 },
};

/** Reads a long CSV (`series_id,date,value`) into series in file order, values in date order. */
export function readLongCsv(file: string): Map<string, Float64Array> {
  const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as {
    series_id: string;
    date: string;
    value: string;
  }[];
  const groups = new Map<string, { date: string; value: number }[]>();
  for (const r of rows) {
    let g = groups.get(r.series_id);
    if (!g) groups.set(r.series_id, (g = []));
    g.push({ date: r.date, value: Number(r.value) });
  }
  const out = new Map<string, Float64Array>();
  for (const [id, g] of groups) {
    g.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    out.set(id, Float64Array.from(g, (r) => r.value));
  }
  return out;
}

/** Train and test series of one tourism frequency, paired by id. */
export function loadTourism(dir: string, freq: TourismFrequency) {
  const train = readLongCsv(path.join(dir, `${freq}_train.csv`));
  const test = readLongCsv(path.join(dir, `${freq}_test.csv`));
  const series: { id: string; train: Float64Array; test: Float64Array }[] = [];
  for (const [id, y] of train) {
    const t = test.get(id);
    if (!t) throw new Error(`tourism ${freq}: no test values for ${id}`);
    series.push({ id, train: y, test: t });
  }
  return series;
}

/** Mean MASE and sMAPE of one forecaster over a set of series. */
export function scoreForecaster(
  f: Forecaster,
  series: { train: Float64Array; test: Float64Array }[],
  period: number,
  horizon: number,
): { mase: number; smape: number; seconds: number } {
  const t0 = performance.now();
  let sumMase = 0;
  let sumSmape = 0;
  for (const s of series) {
    const fc = f(s.train, horizon, { period, quantiles: [0.1, 0.5, 0.9] });
    sumMase += mase(s.test, fc.mean, s.train, period);
    sumSmape += smape(s.test, fc.mean);
  }
  return {
    mase: sumMase / series.length,
    smape: sumSmape / series.length,
    seconds: (performance.now() - t0) / 1000,
  };
}

export async function benchBaselinesTourism(
  dir: string,
  freq: TourismFrequency,
): Promise<{ rows: { model: string; mase: number; smape: number; seconds: number }[] }> {
  const { period, horizon } = TOURISM[freq];
  const series = loadTourism(dir, freq);
  const methods: [string, Forecaster][] = [
    ['naive', naive],
    ['snaive', seasonalNaive],
    ['ets', ets],
    ['theta', theta],
  ];
  const rows = methods.map(([model, f]) => ({ model, ...scoreForecaster(f, series, period, horizon) }));
  return { rows };
}

// `npx tsx bench/cases/baselines.ts [monthly|quarterly|yearly] [dir]` prints the table.
if (import.meta.url === `file://${process.argv[1]}`) {
  const freq = (process.argv[2] ?? 'monthly') as TourismFrequency;
  const dir = process.argv[3] ?? path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../shared/benchmarks/tourism');
  void benchBaselinesTourism(dir, freq).then(({ rows }) => {
    console.log(`tourism ${freq}`);
    for (const r of rows) {
      console.log(`${r.model.padEnd(8)} MASE ${r.mase.toFixed(3)}  sMAPE ${r.smape.toFixed(2)}  ${r.seconds.toFixed(2)} s`);
    }
  });
}
