/** `seqcast forecast`: train, select and forecast every series of a file, in this process. */
import { Command, Option } from 'commander';
import { FREQUENCIES, type Frequency } from '../../shared/types';
import { forecastDataset, type EngineProgress } from '../../shared/engine/forecast';
import { formatForecastCsv } from '../../shared/engine/output';
import { buildReportData } from '../../shared/engine/report-data';
import { decomposeRecord, smoothRecord, type DecompositionRecord, type SmoothingRecord } from '../../shared/pipeline/analyse';
import { renderReport } from '../../shared/report';
import { loadConfigFile, parsePositiveInt, readInputFile, writeOutput } from '../io';
import { createProgress, type Progress } from '../progress';
import { neuralRuntime } from '../neural';
import { describePerSeries, printScoreTable } from './backtest';

export function engineProgress(progress: Progress): EngineProgress {
  let stage = '';
  return {
    phase: (name, total) => progress.start(name, total),
    tick: (info) => progress.tick(1, info),
    epoch: (e) => {
      if (e.stage !== stage) {
        stage = e.stage;
        progress.start(`train ${e.stage}`, e.epochs);
      }
      progress.tick(1, `loss ${e.loss.toFixed(4)}${e.valLoss !== undefined ? ` val ${e.valLoss.toFixed(4)}` : ''}`);
    },
  };
}

export function forecastCommand(): Command {
  return new Command('forecast')
    .description('Forecast every series of a file: baselines, global recurrent network, ensembles; the best by backtest wins.')
    .requiredOption('-i, --input <file>', 'input file (CSV, JSON array or JSON lines; long format)')
    .requiredOption('-o, --output <file>', 'forecast CSV (- for stdout): series_id,date,model,mean,p10,p50,p90')
    .option('-H, --horizon <n>', 'steps to forecast (default: config horizon, 12)', parsePositiveInt('--horizon'))
    .addOption(new Option('--frequency <f>', 'data frequency (default: inferred)').choices([...FREQUENCIES]))
    .option('-c, --config <file>', 'dataset config JSON (model, quantiles, decomposition, …)')
    .option('--report <file>', 'also write the HTML report')
    .option('--metrics <file>', 'also write the backtest metrics as JSON')
    .addOption(new Option('--backend <name>', 'tfjs backend (none: statistical models only)').choices(['auto', 'tensorflow', 'wasm', 'cpu', 'none']).default('auto'))
    .option('-q, --quiet', 'no progress output', false)
    .addHelpText(
      'after',
      `
Examples:
  seqcast forecast --input sales.csv --horizon 12 --output forecast.csv
  seqcast forecast --input sales.csv --config shop.json --output forecast.csv --report report.html
  seqcast forecast --input sales.csv --horizon 8 --backend none --output -     # statistical only, fast`,
    )
    .action(async (opts) => {
      const config = loadConfigFile(opts.config);
      if (opts.horizon) config.horizon = opts.horizon;
      const progress = createProgress({ quiet: opts.quiet });
      const parsed = await readInputFile(opts.input, {
        frequency: (opts.frequency as Frequency | undefined) ?? config.frequency,
        columns: config.columns,
        duplicates: config.duplicates,
        warn: (l) => progress.info(l),
      });
      const frequency = parsed.frequency!;
      const neural = await neuralRuntime(opts.backend, (l) => progress.info(l));
      const started = Date.now();
      const result = await forecastDataset({ series: parsed.series, config, frequency }, { neural, progress: engineProgress(progress) });
      progress.stop();
      await writeOutput(opts.output, formatForecastCsv(result.forecasts, config.quantiles));
      if (!opts.quiet) {
        printScoreTable(result.scores, result.selectedModel, process.stderr);
        progress.info(describePerSeries(result.perSeries));
        const t = Object.entries(result.timings).map(([k, v]) => `${k} ${v.toFixed(1)}s`).join(', ');
        progress.info(`selected ${result.selectedModel}; ${parsed.series.length} series in ${((Date.now() - started) / 1000).toFixed(1)}s (${t})`);
      }
      if (opts.metrics) {
        await writeOutput(opts.metrics, JSON.stringify({ selectedModel: result.selectedModel, perSeries: result.perSeries, backend: result.backend, scores: result.scores, search: result.search, timings: result.timings, warnings: result.warnings }, null, 2) + '\n');
      }
      if (opts.report) {
        const dec = new Map<string, DecompositionRecord>();
        const smo = new Map<string, SmoothingRecord>();
        for (const s of parsed.series) {
          try { dec.set(s.id, decomposeRecord(s, config)); } catch { /* no panel */ }
          try { smo.set(s.id, smoothRecord(s, config)); } catch { /* no band */ }
        }
        const data = buildReportData(result, dec, smo, parsed.series, { frequency, horizon: config.horizon, quantiles: config.quantiles });
        const html = await renderReport({ ...data, dataset: opts.input, runId: 'cli', createdAt: new Date().toISOString() });
        await writeOutput(opts.report, html);
        progress.info(`report written to ${opts.report}`);
      }
      result.network?.dispose();
    });
}
