/**
 * Format readers: consume decoded text chunks, find the columns, and feed rows to a
 * {@link RowCollector}. Each keeps O(one record) of text besides the collector.
 */
import { resolveColumns, type ColumnNames, type ResolvedColumns } from './columns';
import { CsvRecords } from './csv-records';
import { detectDelimiter } from './detect';
import { JsonArraySplitter } from './json-array-splitter';
import type { ProblemList } from './problems';
import { RowCollector } from './row-collector';

export interface TextReader {
  push(text: string): void;
  end(): void;
  /** Set once the columns are resolved. */
  readonly collector: RowCollector | undefined;
  /** Whether any non-blank content was seen. */
  readonly sawContent: boolean;
  /** Data rows read (records after the header, JSON elements or non-blank lines), valid or not. */
  readonly rows: number;
}

export interface ReaderSettings {
  problems: ProblemList;
  columns?: ColumnNames;
  /** Series id when the file has no id column. */
  defaultId: string;
}

function collectorFor(resolved: ResolvedColumns, settings: ReaderSettings): RowCollector {
  return new RowCollector(
    settings.problems,
    { id: resolved.id?.name, time: resolved.time.name, value: resolved.value.name },
    settings.defaultId,
  );
}

const SNIFF_CHARS = 64 * 1024;
const SNIFF_LINES = 20;

/** CSV/TSV: sniffs the delimiter from the first lines unless given, then reads records with csv-parse. */
export class CsvReader implements TextReader {
  collector: RowCollector | undefined;
  sawContent = false;
  /** Delimiter used (detected or given). */
  delimiter: string | undefined;
  private sample = '';
  private records: CsvRecords | undefined;
  private header: string[] | undefined;
  private headerLine = 1;
  private idIndex = -1;
  private timeIndex = 0;
  private valueIndex = 0;
  /** Header unusable (reported): later records are only counted. */
  private dead = false;
  private dataRows = 0;

  get rows(): number {
    return this.dataRows;
  }

  constructor(private readonly settings: ReaderSettings, delimiter?: string) {
    this.delimiter = delimiter;
  }

  push(text: string): void {
    if (this.records) {
      this.records.push(text);
      return;
    }
    this.sample += text;
    let lines = 0;
    for (let at = this.sample.indexOf('\n'); at !== -1 && lines < SNIFF_LINES; at = this.sample.indexOf('\n', at + 1)) lines++;
    if (lines >= SNIFF_LINES || this.sample.length >= SNIFF_CHARS) this.start(false);
  }

  end(): void {
    if (!this.records) this.start(true);
    this.records!.end();
    const problems = this.settings.problems;
    if (!this.sawContent) problems.error('the file is empty');
    else if (this.header && !this.dead && this.dataRows === 0) problems.error('the file has a header but no data rows', { line: this.headerLine });
  }

  private start(complete: boolean): void {
    const sample = this.sample;
    this.sample = '';
    if (this.delimiter === undefined) {
      // Only complete lines say anything about the field count.
      const cut = complete ? sample.length : sample.lastIndexOf('\n') + 1 || sample.length;
      this.delimiter = detectDelimiter(sample.slice(0, cut));
    }
    this.records = new CsvRecords(
      this.delimiter,
      (fields, line) => this.onRecord(fields, line),
      (reason, line) => this.settings.problems.error(reason, { line }),
    );
    this.records.push(sample);
  }

  private onRecord(fields: string[], line: number): void {
    if (fields.length === 1 && fields[0]!.trim() === '') return; // blank line
    this.sawContent = true;
    const problems = this.settings.problems;
    if (!this.header) {
      this.header = fields.slice();
      this.headerLine = line;
      if (fields.length === 1) {
        problems.error(
          `only one column found (header '${fields[0]}'); expected a time and a value column ` +
            `(and optionally an id column) separated by ',', ';', tab or '|'`,
          { line, value: fields[0] },
        );
        this.dead = true;
        return;
      }
      const resolved = resolveColumns(fields, this.settings.columns, problems, line);
      if (!resolved) {
        this.dead = true;
        return;
      }
      this.idIndex = resolved.id?.index ?? -1;
      this.timeIndex = resolved.time.index;
      this.valueIndex = resolved.value.index;
      this.collector = collectorFor(resolved, this.settings);
      return;
    }
    this.dataRows++;
    if (this.dead) return;
    if (fields.length !== this.header.length) {
      problems.error(`expected ${this.header.length} fields (as in the header) but found ${fields.length}`, {
        line,
        value: fields.join(this.delimiter),
      });
      return;
    }
    this.collector!.add(this.idIndex >= 0 ? fields[this.idIndex] : undefined, fields[this.timeIndex], fields[this.valueIndex], line);
  }

}

function describeJson(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** `JSON.parse` message without V8's position suffix, plus the line the position is on. */
function jsonSyntaxError(error: unknown, text: string, firstLine: number): { reason: string; line: number } {
  const message = error instanceof Error ? error.message : String(error);
  const m = /position (\d+)/.exec(message);
  let line = firstLine;
  if (m) {
    const pos = Math.min(+m[1]!, text.length);
    for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) line++;
  }
  const clean = message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/\s*\(line \d+ column \d+\)$/, '');
  return { reason: `JSON syntax error: ${clean}`, line };
}

/** Shared by JSON arrays and JSON lines: one object per row, columns from the first object. */
class ObjectRows {
  collector: RowCollector | undefined;
  private dead = false;
  private keys: { id?: string; time: string; value: string } | undefined;
  private known = new Set<string>();
  rows = 0;

  constructor(private readonly settings: ReaderSettings) {}

  handleText(text: string, line: number): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const e = jsonSyntaxError(error, text, line);
      this.rows++;
      this.settings.problems.error(e.reason, { line: e.line, value: text.length > 200 ? text.slice(0, 200) : text });
      return;
    }
    this.handle(value, line);
  }

  handle(obj: unknown, line: number): void {
    this.rows++;
    const problems = this.settings.problems;
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      problems.error(`expected an object such as {"date": "2020-01-01", "value": 1}, got ${describeJson(obj)}`, {
        line,
        value: JSON.stringify(obj),
      });
      return;
    }
    if (this.dead) return;
    const record = obj as Record<string, unknown>;
    if (!this.keys) {
      const names = Object.keys(record);
      const resolved = resolveColumns(names, this.settings.columns, problems, line);
      if (!resolved) {
        this.dead = true;
        return;
      }
      this.keys = {
        id: resolved.id ? names[resolved.id.index] : undefined,
        time: names[resolved.time.index]!,
        value: names[resolved.value.index]!,
      };
      for (const k of names) this.known.add(k);
      this.collector = collectorFor(resolved, this.settings);
    } else {
      for (const k in record) {
        if (!this.known.has(k)) {
          this.known.add(k);
          problems.warning(`unknown field '${k}' ignored`, { line, column: k });
        }
      }
    }
    const keys = this.keys;
    this.collector!.add(keys.id === undefined ? undefined : record[keys.id], record[keys.time], record[keys.value], line);
  }
}

/** A JSON array of objects, split element by element. */
export class JsonArrayReader implements TextReader {
  private readonly objects: ObjectRows;
  private readonly splitter: JsonArraySplitter;
  sawContent = false;

  constructor(private readonly settings: ReaderSettings) {
    this.objects = new ObjectRows(settings);
    this.splitter = new JsonArraySplitter(
      (text, line) => this.objects.handleText(text, line),
      (reason, line) => settings.problems.error(reason, { line }),
    );
  }

  get collector(): RowCollector | undefined {
    return this.objects.collector;
  }

  get rows(): number {
    return this.objects.rows;
  }

  push(text: string): void {
    if (!this.sawContent && /\S/.test(text)) this.sawContent = true;
    this.splitter.push(text);
  }

  end(): void {
    this.splitter.end();
    if (!this.sawContent) this.settings.problems.error('the file is empty');
    else if (!this.splitter.failed && this.splitter.elements === 0) this.settings.problems.error('the JSON array is empty: no data rows', { line: 1 });
  }
}

/** JSON lines: one object per line, blank lines ignored. */
export class JsonLinesReader implements TextReader {
  private readonly objects: ObjectRows;
  private pending = '';
  private line = 1;
  private dead = false;
  sawContent = false;

  constructor(private readonly settings: ReaderSettings) {
    this.objects = new ObjectRows(settings);
  }

  get collector(): RowCollector | undefined {
    return this.objects.collector;
  }

  get rows(): number {
    return this.objects.rows;
  }

  push(text: string): void {
    const buf = this.pending.length > 0 ? this.pending + text : text;
    let start = 0;
    for (let nl = buf.indexOf('\n'); nl !== -1; nl = buf.indexOf('\n', start)) {
      this.handleLine(buf.slice(start, nl));
      start = nl + 1;
    }
    this.pending = buf.slice(start);
    if (this.pending.length > 1 << 20) {
      this.settings.problems.error('line longer than 1048576 characters', { line: this.line });
      this.pending = '';
      this.dead = true;
    }
  }

  end(): void {
    if (this.pending.length > 0) this.handleLine(this.pending);
    this.pending = '';
    if (!this.sawContent) this.settings.problems.error('the file is empty');
  }

  private handleLine(raw: string): void {
    const line = this.line++;
    const text = raw.trim();
    if (text === '' || this.dead) return;
    if (!this.sawContent) {
      this.sawContent = true;
      if (text.startsWith('[')) {
        this.settings.problems.error('this looks like a JSON array, not JSON lines: use the .json extension or format "json"', { line });
        this.dead = true;
        return;
      }
    }
    this.objects.handleText(text, line);
  }
}
