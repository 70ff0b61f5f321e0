/**
 * Entry point: read one input file (CSV/TSV, JSON array or JSON lines, long format) from a stream
 * into regular series plus a list of problems. Bad input never throws: every problem is reported
 * with its line and column, and parsing goes on to find the others (up to the problem cap). Only
 * a failing stream (an I/O error) rejects the promise.
 */
import type { Readable } from 'node:stream';
import type { Frequency, InputProblem, Series } from '../types';
import type { ColumnNames } from './columns';
import { decodeUtf8 } from './decode-utf8';
import { extensionOf, fileStem, formatFromExtension, sniffFormat, type InputFormat } from './detect';
import { ProblemList } from './problems';
import { CsvReader, JsonArrayReader, JsonLinesReader, type ReaderSettings, type TextReader } from './readers';
import { regulariseSeries, reportExactDuplicates, type DuplicatePolicy } from './regularise';

export interface ReadOptions {
  /** File name or storage key: used for the format (extension), the default series id and reports. */
  file: string;
  /** Overrides the extension and content sniffing. */
  format?: InputFormat;
  /** Column (or JSON member) names; default: the recognised aliases. */
  columns?: ColumnNames;
  /** Two rows for the same series and period: reject (default), sum, or keep the last. */
  duplicates?: DuplicatePolicy;
  /** Overrides inference; dates are aligned to this grid (finer data then counts as duplicates). */
  frequency?: Frequency;
}

export interface ParseResult {
  file: string;
  /** No error-severity problems: the series may be used. */
  ok: boolean;
  /** Regular series ordered by id; empty when `ok` is false. */
  series: Series[];
  problems: InputProblem[];
  /** Data rows read (valid or not). */
  rows: number;
  /** Columns used, as written in the file (`''` when one could not be found). */
  columns: { id?: string; time: string; value: string };
  frequency?: Frequency;
}

const STRING_SLICE = 1 << 20;

function createReader(format: InputFormat, settings: ReaderSettings, file: string): TextReader {
  if (format === 'json') return new JsonArrayReader(settings);
  if (format === 'jsonl') return new JsonLinesReader(settings);
  return new CsvReader(settings, extensionOf(file) === '.tsv' ? '\t' : undefined);
}

/** Read and validate one input file from a byte stream (Node `Readable` or any async iterable of bytes). */
export async function readSeries(input: Readable | AsyncIterable<Uint8Array>, options: ReadOptions): Promise<ParseResult> {
  const problems = new ProblemList(options.file);
  const settings: ReaderSettings = {
    problems,
    columns: options.columns,
    defaultId: fileStem(options.file) || 'series',
  };
  let reader: TextReader | undefined;
  let head = ''; // leading whitespace seen before the format could be sniffed
  let internalError = false;
  const guard = (step: () => void): void => {
    if (internalError) return;
    try {
      step();
    } catch (error) {
      internalError = true;
      problems.error(`internal error while parsing: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  for await (const text of decodeUtf8(input as AsyncIterable<Uint8Array | string>, problems)) {
    if (!reader) {
      head += text;
      const format = options.format ?? formatFromExtension(options.file) ?? sniffFormat(head);
      if (format === undefined) continue;
      reader = createReader(format, settings, options.file);
      const first = head;
      head = '';
      guard(() => reader!.push(first));
    } else guard(() => reader!.push(text));
  }
  const decodeFailed = !reader && problems.hasErrors; // e.g. UTF-16: nothing more to say
  if (!reader) {
    const format = options.format ?? formatFromExtension(options.file) ?? 'csv';
    reader = createReader(format, settings, options.file);
    const rest = head;
    guard(() => reader!.push(rest));
  }
  if (!decodeFailed) guard(() => reader!.end());

  const collector = reader.collector;
  let series: Series[] = [];
  let frequency: Frequency | undefined;
  if (collector && collector.accepted > 0) {
    guard(() => {
      if (problems.hasErrors) {
        reportExactDuplicates(collector, options.duplicates, problems);
        return;
      }
      const r = regulariseSeries(collector, options, problems);
      series = r.series;
      frequency = r.frequency;
    });
  }
  const ok = !problems.hasErrors;
  const result: ParseResult = {
    file: options.file,
    ok,
    series: ok ? series : [],
    problems: problems.toArray(),
    rows: reader.rows,
    columns: {
      time: collector?.columns.time ?? options.columns?.time ?? '',
      value: collector?.columns.value ?? options.columns?.value ?? '',
    },
  };
  const id = collector?.columns.id ?? (collector ? undefined : options.columns?.id);
  if (id !== undefined) result.columns.id = id;
  if (frequency !== undefined) result.frequency = frequency;
  return result;
}

async function* slices(text: string): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += STRING_SLICE) yield text.slice(i, i + STRING_SLICE);
}

/** {@link readSeries} for text already in memory (tests, small uploads). */
export function readSeriesFromString(text: string, options: ReadOptions): Promise<ParseResult> {
  return readSeries(slices(text) as unknown as AsyncIterable<Uint8Array>, options);
}
