/** `seqcast smooth`: Kalman filter + RTS smoother of a structural model for every series. */
import { Command, Option } from 'commander';
import { smoothSeries } from '../../shared/kalman';
import { SEASONAL_PERIOD, FREQUENCIES, type Frequency } from '../../shared/types';
import { CliError, csvField, num, parsePositiveInt, readInputFile, writeOutput } from '../io';
import { createProgress } from '../progress';

const VARIANCE_COUNT: Record<string, number> = { 'local-level': 2, 'local-linear-trend': 3, seasonal: 4 };

export function smoothCommand(): Command {
  return new Command('smooth')
    .description('Kalman-filter and RTS-smooth every series with a structural state-space model.')
    .requiredOption('-i, --input <file>', 'input file (CSV, JSON array or JSON lines; long format)')
    .requiredOption('-o, --output <file>', 'output CSV (- for stdout)')
    .addOption(
      new Option('--model <model>', 'structural model').choices(['local-level', 'local-linear-trend', 'seasonal']).default('local-level'),
    )
    .option('--period <n>', 'seasonal period for --model seasonal (default: from the frequency)', parsePositiveInt('--period'))
    .option(
      '--variances <list>',
      'fix the variances instead of fitting them by maximum likelihood, comma-separated in statsmodels order: irregular, level[, slope][, seasonal]',
    )
    .addOption(new Option('--init <kind>', 'initialisation').choices(['approximate-diffuse', 'exact-diffuse']).default('approximate-diffuse'))
    .addOption(new Option('--frequency <f>', 'data frequency (default: inferred)').choices([...FREQUENCIES]))
    .option('--json', 'print the fitted parameters as JSON instead of a table', false)
    .option('-q, --quiet', 'no progress output', false)
    .addHelpText(
      'after',
      `
Output columns: series_id,date,value,filtered,smoothed,smoothed_std
  filtered = E[level | data up to t], smoothed = E[level | all data], smoothed_std = its standard deviation.
The fitted (or given) variances and the log-likelihood of each series are printed.

Examples:
  seqcast smooth --input nile.csv --model local-level --output level.csv
  seqcast smooth --input nile.csv --model local-level --variances 15099,1469.1 --output level.csv
  seqcast smooth --input sales.csv --model seasonal --period 12 --output - --json`,
    )
    .action(async (opts) => {
      const variances = opts.variances !== undefined ? parseVariances(opts.variances, opts.model) : undefined;
      const parsed = await readInputFile(opts.input, { frequency: opts.frequency as Frequency | undefined });
      const progress = createProgress({ quiet: opts.quiet });
      progress.start('smooth', parsed.series.length);
      const lines = ['series_id,date,value,filtered,smoothed,smoothed_std'];
      const params: { series_id: string; variances: number[]; logLikelihood: number; fitted: boolean }[] = [];
      for (const s of parsed.series) {
        const period = opts.period ?? SEASONAL_PERIOD[s.frequency];
        let r;
        try {
          r = smoothSeries(s.values, { model: opts.model, period, variances, initialization: opts.init });
        } catch (err) {
          throw new CliError(`series "${s.id}": ${(err as Error).message}`);
        }
        params.push({ series_id: s.id, variances: r.variances, logLikelihood: r.logLikelihood, fitted: r.fitted });
        const id = csvField(s.id);
        for (let i = 0; i < s.values.length; i++) {
          lines.push([id, s.dates[i], num(s.values[i]), num(r.filtered[i]), num(r.smoothed[i]), num(r.smoothedStd[i])].join(','));
        }
        progress.tick(1, s.id);
      }
      progress.stop();
      await writeOutput(opts.output, lines.join('\n') + '\n');
      // Parameters go to stdout unless the CSV itself goes there.
      const out = opts.output === '-' ? process.stderr : process.stdout;
      if (opts.json) {
        out.write(JSON.stringify({ model: opts.model, series: params }, null, 2) + '\n');
      } else {
        const names = ['irregular', 'level', 'slope', 'seasonal'].slice(0, VARIANCE_COUNT[opts.model]);
        out.write(['series_id', ...names.map((n) => `var_${n}`), 'loglik', 'source'].join('\t') + '\n');
        for (const p of params) {
          out.write([p.series_id, ...p.variances.map((v) => v.toPrecision(6)), p.logLikelihood.toFixed(4), p.fitted ? 'mle' : 'given'].join('\t') + '\n');
        }
      }
    });
}

function parseVariances(text: string, model: string): number[] {
  const values = text.split(',').map((t) => Number(t.trim()));
  if (values.some((v) => !Number.isFinite(v) || v < 0)) throw new CliError(`--variances must be non-negative numbers, got "${text}"`);
  const expected = VARIANCE_COUNT[model]!;
  if (values.length !== expected) {
    throw new CliError(`--model ${model} takes ${expected} variances (irregular, level${expected > 2 ? ', slope' : ''}${expected > 3 ? ', seasonal' : ''}), got ${values.length}`);
  }
  return values;
}
