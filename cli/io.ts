/** File input/output helpers shared by the CLI commands (the only place the CLI touches files). */
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readSeries, type ParseResult } from '../shared/parse';
import type { Frequency, InputProblem } from '../shared/types';
import { parseDatasetConfig, type DatasetConfig } from '../shared/schemas/config';
import { readFileSync } from 'node:fs';

/** An error the CLI reports as a clean message (no stack trace) with a non-zero exit. */
export class CliError extends Error {
  constructor(message: string, public readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}

export function formatProblem(p: InputProblem): string {
  const where = [p.file, p.line !== undefined ? `line ${p.line}` : undefined, p.column ? `column "${p.column}"` : undefined]
    .filter(Boolean)
    .join(', ');
  const value = p.value !== undefined ? ` (value: ${JSON.stringify(p.value)})` : '';
  return `${p.severity}: ${where}: ${p.reason}${value}`;
}

export interface ReadInputOptions {
  frequency?: Frequency;
  columns?: DatasetConfig['columns'];
  duplicates?: DatasetConfig['duplicates'];
  /** Print warnings to stderr (default true). */
  warn?: (line: string) => void;
}

/** Read and validate an input file; throws a CliError listing the problems when it is invalid. */
export async function readInputFile(file: string, opts: ReadInputOptions = {}): Promise<ParseResult> {
  if (!existsSync(file)) throw new CliError(`input file not found: ${file}`);
  const result = await readSeries(createReadStream(file), {
    file,
    frequency: opts.frequency,
    columns: opts.columns,
    duplicates: opts.duplicates,
  });
  const warn = opts.warn ?? ((l: string) => process.stderr.write(l + '\n'));
  for (const p of result.problems.filter((x) => x.severity === 'warning').slice(0, 20)) warn(formatProblem(p));
  if (!result.ok) {
    const errors = result.problems.filter((p) => p.severity === 'error');
    const shown = errors.slice(0, 50).map(formatProblem).join('\n');
    const more = errors.length > 50 ? `\n… and ${errors.length - 50} more` : '';
    throw new CliError(`${file} is not valid input (${errors.length} error${errors.length === 1 ? '' : 's'}):\n${shown}${more}`);
  }
  if (result.series.length === 0) throw new CliError(`${file} contains no data rows`);
  return result;
}

export async function writeOutput(file: string, text: string): Promise<void> {
  if (file === '-') {
    process.stdout.write(text);
    return;
  }
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

export function loadConfigFile(file: string | undefined): DatasetConfig {
  if (!file) return parseDatasetConfig({});
  if (!existsSync(file)) throw new CliError(`config file not found: ${file}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CliError(`config file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  try {
    return parseDatasetConfig(raw, file);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

export function parsePositiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new CliError(`${name} must be a positive integer, got "${value}"`);
    return n;
  };
}

/** Format a number for CSV output: shortest round-trip representation, empty for missing. */
export const num = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '' : String(v));

/** RFC 4180 quoting for a CSV field (the parser package's own, so input and output agree). */
export { csvField } from '../shared/parse';
