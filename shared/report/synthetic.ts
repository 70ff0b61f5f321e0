/**
 * A deterministic, synthetic `ReportData` (seasonal monthly series with trend and noise), for tests,
 * demos and previewing the report layout without running the pipeline. Not a forecast: the
 * "forecast" continues the generating process.
 */
import type { ReportData, ReportSeries } from './types';
import { mulberry32 } from '../nn/prng';

export interface SyntheticReportOptions {
  seriesCount?: number;
  historyLength?: number;
  horizon?: number;
  /** Extra ids to use for the first series (e.g. hostile ids for escaping tests). */
  ids?: string[];
  seed?: number;
}

/** Deterministic PRNG: the same options give the same data on every machine. */
const prng = mulberry32;

function monthlyDates(startYear: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const y = startYear + Math.floor(i / 12);
    const m = (i % 12) + 1;
    return `${y}-${String(m).padStart(2, '0')}-01`;
  });
}

export function syntheticReportData(opts: SyntheticReportOptions = {}): ReportData {
  const seriesCount = opts.seriesCount ?? 3;
  const historyLength = opts.historyLength ?? 60;
  const horizon = opts.horizon ?? 12;
  const random = prng(opts.seed ?? 7);
  const gaussian = () => {
    const u = Math.max(random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const allDates = monthlyDates(2019, historyLength + horizon);
  const dates = allDates.slice(0, historyLength);
  const forecastDates = allDates.slice(historyLength);

  const series: ReportSeries[] = Array.from({ length: seriesCount }, (_, k) => {
    const id = opts.ids?.[k] ?? `sku-${String(k + 1).padStart(5, '0')}`;
    // Scales spread over three decades so volume ranking is meaningful.
    const scale = 10 * Math.pow(10, 3 * random());
    const slope = scale * (random() - 0.3) * 0.01;
    const amplitude = scale * (0.1 + 0.3 * random());
    const noise = scale * (0.03 + 0.12 * random());
    const trendAt = (i: number) => scale + slope * i;
    const seasonalAt = (i: number) => amplitude * Math.sin((2 * Math.PI * i) / 12);
    const irregular = dates.map(() => noise * gaussian());
    const values: (number | null)[] = dates.map((_, i) => trendAt(i) + seasonalAt(i) + irregular[i]!);
    if (k % 3 === 1) values[Math.floor(historyLength / 2)] = null; // a gap, as regularisation leaves them
    const level = dates.map((_, i) => trendAt(i) + seasonalAt(i) + 0.3 * irregular[i]!);
    const std = dates.map((_, i) => noise * (0.6 + 0.4 * Math.exp(-i / 6)));
    const mean = forecastDates.map((_, h) => trendAt(historyLength + h) + seasonalAt(historyLength + h));
    const spread = forecastDates.map((_, h) => 1.2816 * noise * Math.sqrt(1 + h / 3));
    return {
      id,
      volume: values.reduce<number>((sum, v) => sum + Math.abs(v ?? 0), 0),
      dates,
      values,
      smoothed: { level, std },
      forecast: {
        dates: forecastDates,
        mean,
        lower: mean.map((m, h) => m - spread[h]!),
        upper: mean.map((m, h) => m + spread[h]!),
        model: k % 4 === 3 ? 'ets(A,Ad,A)' : 'lstm',
      },
      components: {
        trend: dates.map((_, i) => trendAt(i)),
        cycle: k % 2 === 0 ? dates.map((_, i) => 0.05 * scale * Math.sin((2 * Math.PI * i) / 40)) : null,
        seasonal: dates.map((_, i) => seasonalAt(i)),
        irregular,
        method: 'stl',
        model: 'additive',
      },
      mase: k % 5 === 4 ? null : 0.4 + 1.4 * random() * random(),
      warnings: k === 0 ? ['1 missing observation filled by the Kalman smoother'] : [],
    };
  });

  return {
    dataset: 'synthetic-demand',
    runId: 'run-2024-01-synthetic',
    createdAt: '2024-01-15T03:00:00Z',
    frequency: 'monthly',
    horizon,
    quantiles: [0.1, 0.5, 0.9],
    backend: 'tensorflow',
    selectedModel: 'lstm',
    series,
    backtest: [
      { model: 'lstm', mase: 0.81, smape: 11.2, wape: 0.098, coverage: 0.78, series: seriesCount },
      { model: 'ets(A,Ad,A)', mase: 0.86, smape: 11.8, wape: 0.104, coverage: 0.83, series: seriesCount },
      { model: 'theta', mase: 0.93, smape: 12.5, wape: 0.111, coverage: null, series: seriesCount },
      { model: 'seasonal_naive', mase: 1.04, smape: 14.1, wape: 0.129, coverage: 0.71, series: seriesCount },
      { model: 'naive', mase: 1.37, smape: 18.2, wape: 0.166, coverage: null, series: seriesCount },
    ],
    search: [
      [8, 1], [16, 1], [32, 1], [64, 1], [16, 2], [32, 2], [64, 2], [128, 2], [64, 3],
    ].map(([units, layers]) => {
      const params = 4 * layers! * units! * (units! + 1 + 1) + units! + 1;
      const valMase = 0.78 + 0.5 / Math.sqrt(units!) + 0.02 * layers! * layers! + (units! >= 128 ? 0.08 : 0);
      return { units: units!, layers: layers!, params, valMase: Number(valMase.toFixed(4)), chosen: units === 32 && layers === 2 };
    }),
    training: Array.from({ length: 40 }, (_, i) => ({
      epoch: i + 1,
      loss: 0.08 + 0.9 * Math.exp(-i / 6),
      valLoss: 0.12 + 0.8 * Math.exp(-i / 7) + (i > 30 ? 0.004 * (i - 30) : 0),
    })),
    timings: { prep: 0.84, training: 41.2, backtest: 12.5, inference: 0.63, publish: 0.21 },
    warnings: ['data.csv line 17: value "n/a" is not a number; treated as missing', 'series sku-00002 has 1 gap (2021-07-01)'],
  };
}
