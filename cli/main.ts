/**
 * The `seqcast` command. Each sub-command lives in its own file under `cli/commands/` and is a
 * thin adapter over `shared/`. Errors print as one clear message (set SEQCAST_DEBUG=1 for the
 * stack) and exit non-zero.
 */
import { Command, CommanderError } from 'commander';
import { decomposeCommand } from './commands/decompose';
import { smoothCommand } from './commands/smooth';
import { extraCommands } from './commands/registry';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('seqcast')
    .description('Demand forecasting from time-series files: decomposition, Kalman smoothing, recurrent networks, published forecasts.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  seqcast run                                   run the whole pipeline locally on the bundled example
  seqcast run --input sales.csv --dataset shop  … on your own file
  seqcast forecast --input sales.csv --horizon 12 --output forecast.csv --report report.html
  seqcast backtest --input sales.csv --horizon 12 --windows 3
  seqcast decompose --input sales.csv --method stl --robust --output components.csv
  seqcast smooth --input sales.csv --model local-level --output level.csv

Every command has --help.`,
    );
  program.addCommand(decomposeCommand());
  program.addCommand(smoothCommand());
  for (const c of extraCommands()) program.addCommand(c);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  program.exitOverride();
  for (const c of program.commands) c.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help / --version exit 0; usage errors were already printed by commander.
      process.exitCode = err.exitCode;
      return;
    }
    const e = err as Error & { exitCode?: number };
    process.stderr.write(`seqcast: ${e.message}\n`);
    if (process.env.SEQCAST_DEBUG) process.stderr.write(`${e.stack}\n`);
    process.exitCode = typeof e.exitCode === 'number' ? e.exitCode : 1;
  }
}
