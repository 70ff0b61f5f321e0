/**
 * `npm run bench:accuracy` — forecast accuracy on the Tourism competition data
 * (Athanasopoulos et al. 2011): train on `<freq>_train.csv`, forecast h steps, score against
 * `<freq>_test.csv` with the core metrics. h is the longest series in the test file (tourism:
 * 24 monthly, 8 quarterly, 4 yearly); any frequency (`hourly` … `yearly`) whose pair of files is
 * in the folder is scored.
 *
 *   npm run bench:accuracy                                   every frequency in the folder
 *   npm run bench:accuracy -- --freq monthly --backend wasm  one frequency, a given backend
 *   npm run bench:accuracy -- --data DIR --json              other data folder (same layout), JSON output
 *   npm run bench:accuracy -- --limit 50                     first 50 series only (quick look)
 *   npm run bench:accuracy -- --config my.json               dataset config overrides (model, backtest, …)
 *   npm run bench:accuracy -- --freq monthly --replicate 4   ~1,500 series (4 scaled copies of each): timing at scale
 *
 * Prints one table per frequency — every candidate (baselines, network, ensembles, and the model
 * the engine selected by backtest) with MASE, sMAPE, p10–p90 coverage — next to the R `forecast`
 * reference scores, and where the time went (data prep, baselines, training, inference).
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSeries } from '../shared/parse';
import { parseDatasetConfig } from '../shared/schemas/config';
import { forecastDataset } from '../shared/engine/forecast';
import { ScoreBoard, type Observation } from '../shared/engine/scoring';
import { interpolateMissing } from '../shared/engine/prepare';
import { selectBackend } from '../shared/nn';
import { FREQUENCIES, SEASONAL_PERIOD, type Frequency, type Series } from '../shared/types';
import { describePerSeries } from '../cli/commands/backtest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const arg = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const dataDir = resolve(arg('--data') ?? process.env.SEQCAST_TOURISM_DIR ?? join(root, '..', 'shared', 'benchmarks', 'tourism'));
/** Frequencies to score: --freq, else every `<freq>_train.csv` + `<freq>_test.csv` pair in the folder. */
const freqs: Frequency[] = arg('--freq')
  ? (arg('--freq')!.split(',') as Frequency[])
  : FREQUENCIES.filter((f) => existsSync(join(dataDir, `${f}_train.csv`)) && existsSync(join(dataDir, `${f}_test.csv`)));
const backendChoice = (arg('--backend') ?? 'auto') as 'auto' | 'wasm' | 'cpu' | 'tensorflow' | 'none';
const limit = arg('--limit') ? Number(arg('--limit')) : undefined;
/** Timing at scale: each series k more times, scaled by a deterministic factor (test scores then cover all copies). */
const replicate = arg('--replicate') ? Number(arg('--replicate')) : 1;
const json = argv.includes('--json');
/** R's reference scores only describe the full tourism set. */
const showReference = !arg('--data') && !process.env.SEQCAST_TOURISM_DIR && !arg('--limit') && !arg('--replicate');
const configFile = arg('--config');
const configOverride: Record<string, unknown> = configFile ? JSON.parse(readFileSync(configFile, 'utf8')) : {};

for (const f of freqs) {
  if (!FREQUENCIES.includes(f)) {
    console.error(`unknown frequency "${f}" (one of ${FREQUENCIES.join(', ')})`);
    process.exit(2);
  }
}
/** R forecast 8.20 reference scores on this data (MASE), from ../shared/benchmarks/README.md. */
const REFERENCE: Record<string, Record<string, number>> = {
  monthly: { snaive: 1.631, ets: 1.526, arima: 1.487, theta: 1.649 },
  quarterly: { snaive: 1.699, ets: 1.592, arima: 1.586, theta: 1.661 },
  yearly: {},
};

async function load(file: string, frequency: Frequency): Promise<Series[]> {
  const r = await readSeries(createReadStream(file), { file, frequency, columns: { id: 'series_id', time: 'date', value: 'value' } });
  if (!r.ok) throw new Error(`${file}: ${r.problems.find((p) => p.severity === 'error')?.reason}`);
  return r.series;
}

const log = (line: string) => {
  if (!json) process.stderr.write(line + '\n');
};

if (!existsSync(dataDir)) {
  console.error(`tourism data not found in ${dataDir} (pass --data DIR)`);
  process.exit(2);
}
const neural = backendChoice === 'none' ? null : await selectBackend({ prefer: backendChoice });
log(`backend: ${neural ? `${neural.backend} (${neural.detail})` : 'none (statistical only)'}`);
const output: Record<string, unknown> = {};

for (const freq of freqs) {
  if (!existsSync(join(dataDir, `${freq}_train.csv`)) || !existsSync(join(dataDir, `${freq}_test.csv`))) {
    log(`\n${freq}: no ${freq}_train.csv / ${freq}_test.csv in ${dataDir}, skipped`);
    continue;
  }
  const t0 = Date.now();
  let train = await load(join(dataDir, `${freq}_train.csv`), freq);
  const test = new Map((await load(join(dataDir, `${freq}_test.csv`), freq)).map((s) => [s.id, s]));
  if (limit) train = train.slice(0, limit);
  if (replicate > 1) {
    const copies = (list: Series[]) =>
      list.flatMap((s) => Array.from({ length: replicate }, (_, k) => ({ ...s, id: k ? `${s.id}~${k}` : s.id, values: s.values.map((v) => v * (1 + 0.37 * k)) })));
    const testCopies = copies([...test.values()]);
    test.clear();
    for (const s of testCopies) test.set(s.id, s);
    train = copies(train);
  }
  // The horizon is what the test file holds (tourism: 24 monthly, 8 quarterly, 4 yearly), so any
  // data set in this layout is scored over its own test period.
  const h = Math.max(0, ...[...test.values()].map((s) => s.values.length));
  if (h === 0) {
    log(`\n${freq}: ${freq}_test.csv holds no test values, skipped`);
    continue;
  }
  const config = parseDatasetConfig({ ...configOverride, frequency: freq, horizon: h });
  const prepSeconds = (Date.now() - t0) / 1000;
  log(`\n${freq}: ${train.length} series, horizon ${h}`);
  const started = Date.now();
  const result = await forecastDataset(
    { series: train, config, frequency: freq },
    {
      neural: neural ? { backend: neural.backend } : null,
      keepCandidates: true,
      log: (m, f) => log(`  ${m} ${f ? JSON.stringify(f) : ''}`),
      progress: {
        epoch: (e) => log(`  ${e.stage} epoch ${e.epoch}/${e.epochs} loss ${e.loss.toFixed(4)}${e.valLoss !== undefined ? ` val ${e.valLoss.toFixed(4)}` : ''} (${((Date.now() - started) / 1000).toFixed(0)} s)`),
      },
    },
  );
  const seconds = (Date.now() - started) / 1000;

  const obs = new Map<string, Observation>();
  for (const s of train) {
    const actual = test.get(s.id)?.values;
    if (actual) obs.set(s.id, { insample: interpolateMissing(s.values).y, actual, period: SEASONAL_PERIOD[freq] });
  }
  const board = new ScoreBoard(config.quantiles);
  const selected = new Map(result.forecasts.map((f) => [f.id, { mean: f.mean, quantiles: f.quantiles }]));
  board.add(new Map([...(result.candidates ?? new Map()), [`selected: ${result.selectedModel}`, selected]]), obs);
  const table = board.table().sort((a, b) => (a.mase ?? 9) - (b.mase ?? 9));
  output[freq] = { series: train.length, horizon: h, selectedModel: result.selectedModel, perSeries: result.perSeries, seconds, timings: { data: prepSeconds, ...result.timings }, backend: result.backend, test: table, backtest: result.scores, reference: REFERENCE[freq] };

  if (!json) {
    const ref = showReference ? (REFERENCE[freq] ?? {}) : {};
    const snaive = table.find((r) => r.model === 'snaive')?.mase ?? null;
    console.log(`\n${freq} — test set, ${train.length} series, h = ${h}, backend ${result.backend}`);
    console.log('model'.padEnd(34) + 'MASE'.padStart(8) + 'vs snaive'.padStart(11) + 'sMAPE'.padStart(8) + 'cov p10–p90'.padStart(13) + 'R forecast'.padStart(12));
    for (const r of table) {
      const key = r.model === 'ets' ? 'ets' : r.model === 'theta' ? 'theta' : r.model === 'snaive' ? 'snaive' : '';
      console.log(
        r.model.padEnd(34) +
          (r.mase?.toFixed(3) ?? '–').padStart(8) +
          (snaive && r.mase ? `${((r.mase / snaive - 1) * 100).toFixed(1)}%` : '–').padStart(11) +
          (r.smape?.toFixed(2) ?? '–').padStart(8) +
          (r.coverage !== null ? `${(r.coverage * 100).toFixed(1)}%` : '–').padStart(13) +
          (key && ref[key] ? ref[key]!.toFixed(3) : '').padStart(12),
      );
    }
    if (showReference && ref.arima) console.log('arima (R auto.arima, reference only)'.padEnd(34) + ref.arima.toFixed(3).padStart(8));
    console.log(describePerSeries(result.perSeries));
    const t = { data: prepSeconds, ...result.timings };
    console.log(`time: ${seconds.toFixed(1)} s total — ` + Object.entries(t).filter(([k]) => k !== 'total').map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', '));
  }
}
if (json) process.stdout.write(JSON.stringify(output, null, 2) + '\n');
