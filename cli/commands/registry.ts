/** Commands beyond decompose/smooth (forecasting, pipeline, AWS), registered in one place. */
import type { Command } from 'commander';
import { forecastCommand } from './forecast';
import { backtestCommand } from './backtest';
import { runCommand } from './run';
import { submitCommand, jobsCommand } from './aws-jobs';
import { uploadCommand, statusCommand } from './local-loop';

export function extraCommands(): Command[] {
  return [forecastCommand(), backtestCommand(), runCommand(), uploadCommand(), statusCommand(), submitCommand(), jobsCommand()];
}
