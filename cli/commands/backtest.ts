/** `seqcast backtest`: rolling-origin evaluation of every model; prints a table and writes JSON. */
import { Command, Option } from 'commander';
import { FREQUENCIES, type Frequency } from '../../shared/types';
import { forecastDataset } from '../../shared/engine/forecast';
import type { PerSeriesSummary } from '../../shared/schemas/forecast';
import type { ModelScore } from '../../shared/engine/scoring';
import { loadConfigFile, parsePositiveInt, readInputFile, writeOutput } from '../io';
import { createProgress } from '../progress';
import { neuralRuntime } from '../neural';
import { engineProgress } from './forecast';

export function printScoreTable(scores: ModelScore[], selected: string, out: NodeJS.WritableStream = process.stdout): void {
  const base = scores.find((s) => s.model === 'snaive')?.mase ?? null;
  const f = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? '–' : v.toFixed(d));
  const header = ['model', 'MASE', 'vs snaive', 'sMAPE', 'WAPE', 'RMSE', 'pinball', 'coverage', 'series'];
  const rows = scores.map((s) => [
    (s.model === selected ? '* ' : '  ') + s.model,
    f(s.mase),
    base && s.mase !== null ? `${((s.mase / base - 1) * 100).toFixed(1)}%` : '–',
    f(s.smape, 2),
    f(s.wape),
    f(s.rmse, 2),
    f(s.pinball),
    s.coverage === null ? '–' : `${(s.coverage * 100).toFixed(1)}%`,
    String(s.series),
  ]);
  const widths = header.map((h, i) => Math.max(h.length + (i === 0 ? 2 : 0), ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  out.write(line(header.map((h, i) => (i === 0 ? '  ' + h : h))) + '\n');
  for (const r of rows) out.write(line(r) + '\n');
  out.write('(* selected; MASE/sMAPE averaged over series and windows; coverage of the outermost quantile band)\n');
}

/** One line on the per-series selection check, e.g. for the forecast and backtest commands. */
export function describePerSeries(p: PerSeriesSummary | undefined): string {
  if (!p) return 'per-series selection: not checked (switched off, or no older forecast origin to check against)';
  const gain = ((1 - p.mase / p.datasetMase) * 100).toFixed(1);
  const verdict = p.used ? `used: ${p.switched} series switched` : `not used: ${p.reason ?? 'no gain'}`;
  return `per-series selection among [${p.pool.join(', ')}] (margin ${p.tau}): cross-origin MASE ${p.mase.toFixed(3)} vs ${p.datasetMase.toFixed(3)} for ${p.pool[0]} on ${p.cases} cases (${gain} % gain) — ${verdict}`;
}

export function backtestCommand(): Command {
  return new Command('backtest')
    .description('Rolling-origin backtest of every model (baselines, network, ensembles); prints a table and writes JSON.')
    .requiredOption('-i, --input <file>', 'input file (CSV, JSON array or JSON lines; long format)')
    .option('-H, --horizon <n>', 'steps per forecast (default: config horizon)', parsePositiveInt('--horizon'))
    .option('-w, --windows <n>', 'number of forecast origins (default: config backtest.windows)', parsePositiveInt('--windows'))
    .option('--step <n>', 'steps between origins (default: min(horizon, seasonal period))', parsePositiveInt('--step'))
    .addOption(new Option('--frequency <f>', 'data frequency (default: inferred)').choices([...FREQUENCIES]))
    .option('-c, --config <file>', 'dataset config JSON')
    .option('-o, --output <file>', 'write the table as JSON here', 'backtest.json')
    .addOption(new Option('--backend <name>', 'tfjs backend (none: statistical models only)').choices(['auto', 'tensorflow', 'wasm', 'cpu', 'none']).default('auto'))
    .option('--json', 'print JSON to stdout instead of the table', false)
    .option('-q, --quiet', 'no progress output', false)
    .addHelpText(
      'after',
      `
Examples:
  seqcast backtest --input sales.csv --horizon 12 --windows 3
  seqcast backtest --input sales.csv --horizon 28 --windows 4 --step 7 --output bt.json`,
    )
    .action(async (opts) => {
      const config = loadConfigFile(opts.config);
      if (opts.horizon) config.horizon = opts.horizon;
      if (opts.windows) config.backtest.windows = opts.windows;
      if (opts.step) config.backtest.step = opts.step;
      const progress = createProgress({ quiet: opts.quiet || opts.json });
      const parsed = await readInputFile(opts.input, { frequency: (opts.frequency as Frequency | undefined) ?? config.frequency, columns: config.columns, warn: (l) => progress.info(l) });
      const neural = await neuralRuntime(opts.backend, (l) => progress.info(l));
      const result = await forecastDataset({ series: parsed.series, config, frequency: parsed.frequency! }, { neural, progress: engineProgress(progress), backtestOnly: true });
      progress.stop();
      const json = {
        input: opts.input,
        horizon: config.horizon,
        windows: config.backtest.windows,
        frequency: parsed.frequency,
        backend: result.backend,
        selectedModel: result.selectedModel,
        perSeries: result.perSeries,
        scores: result.scores,
        search: result.search,
        timings: result.timings,
        warnings: result.warnings,
      };
      if (opts.json) process.stdout.write(JSON.stringify(json, null, 2) + '\n');
      else {
        printScoreTable(result.scores, result.selectedModel);
        process.stdout.write(describePerSeries(result.perSeries) + '\n');
      }
      if (opts.output) await writeOutput(opts.output, JSON.stringify(json, null, 2) + '\n');
    });
}
