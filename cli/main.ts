/**
 * The `seqcast` command. Each sub-command lives in its own file under `cli/commands/` and is a
 * thin adapter over `shared/`.
 */
import { Command } from 'commander';

export function buildProgram(): Command {
  const program = new Command();
  program.name('seqcast').description('Demand forecasting: decomposition, Kalman smoothing, recurrent networks.');
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
