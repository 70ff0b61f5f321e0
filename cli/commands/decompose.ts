/** `seqcast decompose`: trend / cycle / seasonal / irregular for every series of a file. */
import { Command, Option } from 'commander';
import { decomposeSeries } from '../../shared/decompose';
import { SEASONAL_PERIOD, FREQUENCIES, type Frequency } from '../../shared/types';
import { CliError, csvField, num, parsePositiveInt, readInputFile, writeOutput } from '../io';
import { createProgress } from '../progress';

export function decomposeCommand(): Command {
  return new Command('decompose')
    .description('Decompose every series into trend, cycle, seasonal and irregular components.')
    .requiredOption('-i, --input <file>', 'input file (CSV, JSON array or JSON lines; long format)')
    .requiredOption('-o, --output <file>', 'output CSV (- for stdout)')
    .addOption(new Option('--method <method>', 'decomposition method').choices(['classical', 'fourier', 'stl']).default('stl'))
    .addOption(new Option('--model <model>', 'how components combine').choices(['additive', 'multiplicative']).default('additive'))
    .option('--period <n>', 'seasonal period (default: from the frequency, e.g. 12 for monthly)', parsePositiveInt('--period'))
    .option('--robust', 'STL with robustness iterations (down-weights outliers)', false)
    .addOption(new Option('--frequency <f>', 'data frequency (default: inferred)').choices([...FREQUENCIES]))
    .option('-q, --quiet', 'no progress output', false)
    .addHelpText(
      'after',
      `
Output columns: series_id,date,value,trend,cycle,seasonal,irregular,imputed
  additive:        value = trend + cycle + seasonal + irregular
  multiplicative:  value = trend × cycle × seasonal × irregular
  cycle is empty for STL; imputed = 1 where the input value was missing (interpolated first).

Examples:
  seqcast decompose --input sales.csv --method stl --robust --output components.csv
  seqcast decompose --input sales.csv --method fourier --model multiplicative --period 12 --output -`,
    )
    .action(async (opts) => {
      const parsed = await readInputFile(opts.input, { frequency: opts.frequency as Frequency | undefined });
      const progress = createProgress({ quiet: opts.quiet });
      progress.start('decompose', parsed.series.length);
      const lines = ['series_id,date,value,trend,cycle,seasonal,irregular,imputed'];
      for (const s of parsed.series) {
        const period = opts.period ?? SEASONAL_PERIOD[s.frequency];
        let d;
        try {
          d = decomposeSeries(s.values, { method: opts.method, model: opts.model, period, robust: Boolean(opts.robust) });
        } catch (err) {
          throw new CliError(`series "${s.id}": ${(err as Error).message}`);
        }
        const id = csvField(s.id);
        for (let i = 0; i < s.values.length; i++) {
          lines.push(
            [id, s.dates[i], num(s.values[i]), num(d.trend[i]), d.cycle ? num(d.cycle[i]) : '', num(d.seasonal[i]), num(d.irregular[i]), d.imputed[i] ? '1' : '0'].join(','),
          );
        }
        progress.tick(1, s.id);
      }
      progress.stop();
      await writeOutput(opts.output, lines.join('\n') + '\n');
      if (opts.output !== '-' && !opts.quiet) process.stderr.write(`wrote ${parsed.series.length} series to ${opts.output}\n`);
    });
}
