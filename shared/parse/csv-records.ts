/**
 * CSV records from text chunks, tokenized by csv-parse (RFC 4180: one-character delimiter, `"`
 * quoting with `""` escapes, LF or CRLF record ends, fields spanning lines, a record size cap).
 *
 * Each record goes to a callback with the 1-based physical line it starts on (line breaks
 * inside quoted fields count). Text after the last complete record is kept by csv-parse, so
 * records may span chunks, and each record is reported as soon as csv-parse emits it.
 *
 * The glue around csv-parse gives broken quoting a precise report and a line-based recovery,
 * so one broken record does not hide the problems after it:
 * - Lines are counted on LF in the record's bytes (as the UTF-8 decoder counts them); csv-parse's
 *   `info.lines` also counts a lone CR.
 * - The stream runs with `relax_quotes` so that a quote inside an unquoted field (`5" tube`)
 *   stays literal; a record holding a field that starts with a quote is re-parsed strictly to
 *   find a stray character after a closing quote (`CSV_INVALID_CLOSING_QUOTE`).
 * - An unterminated quote (`CSV_QUOTE_NOT_CLOSED`) is reported on the line where the quote
 *   opened, and a record over the size cap (`CSV_MAX_RECORD_SIZE`) on the line it starts on.
 * - After a broken record, parsing resumes at the next physical line (csv-parse alone would go on
 *   inside the open quote): a fresh parser reads the kept bytes of the unfinished record from
 *   there. Only the bytes of the unfinished record are kept, so memory stays bounded by the cap.
 */
import { Parser, type CsvError, type Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';

export type RecordHandler = (fields: string[], line: number) => void;
export type RecordErrorHandler = (reason: string, line: number) => void;

const LF = 10;
const CR = 13;
const QUOTE = 34;
const RECORD_DELIMITERS = ['\r\n', '\n'];

/** Number of LF bytes in `b[from, to)`. */
function countLf(b: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let at = b.indexOf(LF, from); at !== -1 && at < to; at = b.indexOf(LF, at + 1)) count++;
  return count;
}

/**
 * Offset of the quote that opens the unterminated field of `record` (a record csv-parse left in
 * a quoted field): inside the open field quotes only come as `""` pairs, so the opening quote
 * starts the last run of quotes of odd length.
 */
function unclosedQuote(record: Buffer): number {
  let end = record.lastIndexOf(QUOTE);
  while (end !== -1) {
    let start = end;
    while (start > 0 && record[start - 1] === QUOTE) start--;
    if ((end - start) % 2 === 0) return start;
    end = start === 0 ? -1 : record.lastIndexOf(QUOTE, start - 1);
  }
  return 0;
}

/**
 * csv-parse's stream parser, taking each record where the stream pushes it: synchronously, within
 * `write`/`end`, with `info.bytes` then the input offset after the record. (An `on_record` or
 * `info: true` callback would do the same but builds a context object per record, which costs
 * more than the parsing itself on large files.)
 */
class RecordParser extends Parser {
  constructor(
    options: Options,
    private readonly recordSink: (fields: string[], end: number) => void,
  ) {
    super(options);
  }

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk === null) return super.push(chunk, encoding);
    this.recordSink(chunk as string[], this.info.bytes);
    return true;
  }
}

export class CsvRecords {
  private parser: Parser;
  /** Bytes given to the current parser from its input offset `windowStart` on: the unfinished record and anything after it. */
  private window: Buffer = Buffer.alloc(0);
  private windowStart = 0;
  /** Input offset (of the current parser) and physical line where the next record starts. */
  private recordStart = 0;
  private recordLine = 1;
  /** Set when the current parser is abandoned: a fresh one resumes at this input offset and line. */
  private resume: { offset: number; line: number } | undefined;
  /** An exception from a callback, rethrown once csv-parse returns. */
  private failure: { error: unknown } | undefined;
  /** The last character of the last chunk, when it cannot be encoded alone yet. */
  private held = '';

  /**
   * @param onRecord called per record, synchronously from `push`/`end`.
   * @param maxRecordSize cap on a record's field bytes (an unterminated quote in a large file).
   */
  constructor(
    private readonly delimiter: string,
    private readonly onRecord: RecordHandler,
    private readonly onError: RecordErrorHandler,
    private readonly maxRecordSize = 1 << 20,
  ) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new RangeError(`invalid CSV delimiter ${JSON.stringify(delimiter)}`);
    }
    this.parser = this.createParser();
  }

  push(text: string): void {
    if (this.held !== '') {
      text = this.held + text;
      this.held = '';
    }
    // Hold back a final CR (maybe the first half of a CRLF, or the end of the file) and a final
    // high surrogate (its pair is in the next chunk): csv-parse reads UTF-8 bytes.
    const last = text.charCodeAt(text.length - 1);
    if (last === CR || (last >= 0xd800 && last <= 0xdbff)) {
      this.held = text.slice(-1);
      text = text.slice(0, -1);
    }
    if (text.length === 0) return;
    const bytes = Buffer.from(text, 'utf8');
    this.window = this.window.length === 0 ? bytes : Buffer.concat([this.window, bytes]);
    this.feed(bytes, false);
  }

  end(): void {
    // A CR at the end of the file ends the last record, like a CRLF.
    const held = this.held === '\r' ? '' : this.held;
    this.held = '';
    const bytes = held === '' ? undefined : Buffer.from(held, 'utf8');
    if (bytes !== undefined) this.window = Buffer.concat([this.window, bytes]);
    this.feed(bytes, true);
  }

  private createParser(): Parser {
    const parser = new RecordParser(
      {
        delimiter: this.delimiter,
        record_delimiter: RECORD_DELIMITERS,
        relax_quotes: true,
        relax_column_count: true, // the reader reports field counts against the header
        skip_records_with_error: true, // errors come to the `skip` listener, synchronously
        max_record_size: this.maxRecordSize,
      },
      (fields, end) => this.guard(() => this.record(fields, end)),
    );
    parser.on('skip', (error: CsvError) => this.guard(() => this.skip(error)));
    parser.on('error', (error: unknown) => {
      this.failure ??= { error };
    });
    return parser;
  }

  private guard(step: () => void): void {
    if (this.resume !== undefined || this.failure !== undefined) return; // this parser is being abandoned
    try {
      step();
    } catch (error) {
      this.failure = { error };
    }
  }

  /** Write to the current parser, then replace it as often as a broken record asks. */
  private feed(bytes: Buffer | undefined, final: boolean): void {
    if (bytes !== undefined) this.parser.write(bytes);
    if (final && this.resume === undefined) this.parser.end();
    for (;;) {
      if (this.failure !== undefined) {
        const { error } = this.failure;
        this.failure = undefined;
        throw error;
      }
      const resume = this.resume;
      if (resume === undefined) break;
      this.resume = undefined;
      this.window = this.window.subarray(Math.min(resume.offset - this.windowStart, this.window.length));
      this.windowStart = 0;
      this.recordStart = 0;
      this.recordLine = resume.line;
      this.parser = this.createParser();
      if (this.window.length > 0) this.parser.write(this.window);
      if (final && this.resume === undefined) this.parser.end();
    }
    // Keep only the unfinished record.
    this.window = this.window.subarray(this.recordStart - this.windowStart);
    this.windowStart = this.recordStart;
  }

  /** One record from csv-parse; `end` is the input offset after its record delimiter. */
  private record(fields: string[], end: number): void {
    const w = this.window;
    const from = this.recordStart - this.windowStart;
    const to = end - this.windowStart;
    const line = this.recordLine;
    const start = this.recordStart;
    this.recordStart = end;
    this.recordLine = line + countLf(w, from, to);
    // Only a field that starts with a quote can hide a stray character after its closing quote.
    for (const field of fields) {
      if (field.charCodeAt(0) !== QUOTE) continue;
      const record = w.subarray(from, to);
      const at = this.strayAfterQuote(record);
      if (at === -1) break;
      const nl = record.indexOf(LF, at);
      // The record may go on past the line of the stray character: resume on the next line.
      const next = this.reportStray(record, at, line);
      if (nl !== -1 && nl < record.length - 1) this.resume = { offset: start + nl + 1, line: next };
      return;
    }
    this.onRecord(fields, line);
  }

  /** Byte offset of the first character after a closing quote in `record` (strict re-parse), or −1. */
  private strayAfterQuote(record: Buffer): number {
    if (record.indexOf(QUOTE) === -1) return -1;
    let prefix: string | undefined;
    parseSync(record, {
      delimiter: this.delimiter,
      record_delimiter: RECORD_DELIMITERS,
      relax_column_count: true,
      skip_records_with_error: true,
      raw: true, // the record up to the error, closing quote included
      on_skip: (error, raw) => {
        if (prefix === undefined && error?.code === 'CSV_INVALID_CLOSING_QUOTE') prefix = raw ?? '';
        return undefined;
      },
    });
    return prefix === undefined ? -1 : Buffer.byteLength(prefix);
  }

  /** Report the stray character at `at` of a record starting on `line`; returns the line after its line. */
  private reportStray(record: Buffer, at: number, line: number): number {
    const errorLine = line + countLf(record, 0, at);
    const stray = record.toString('utf8', at, at + 4)[0]!;
    this.onError(`unexpected character ${JSON.stringify(stray)} after a closing quote (a quote inside a quoted field must be doubled: "")`, errorLine);
    return errorLine + 1;
  }

  /** An error csv-parse skipped the unfinished record for: an open quote at the end, or the size cap. */
  private skip(error: CsvError): void {
    const rest = this.window.subarray(this.recordStart - this.windowStart);
    const line = this.recordLine;
    // Resume after the line holding `after` (a stray character or the opening quote), or, without
    // a line break yet, drop what was read and go on with the next chunk on the same line.
    const resumeAfter = (after: number, atLine: number): void => {
      const nl = rest.indexOf(LF, after);
      this.resume = nl === -1 ? { offset: this.recordStart + rest.length, line: atLine } : { offset: this.recordStart + nl + 1, line: atLine + 1 };
    };
    // A stray character after a closing quote comes first: the record was read on past it.
    const stray = this.strayAfterQuote(rest);
    if (stray !== -1) {
      resumeAfter(stray, this.reportStray(rest, stray, line) - 1);
    } else if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
      const open = unclosedQuote(rest);
      const openLine = line + countLf(rest, 0, open);
      this.onError('unterminated quoted field: the quote opened on this line is never closed', openLine);
      resumeAfter(open, openLine);
    } else {
      const reason =
        error.code === 'CSV_MAX_RECORD_SIZE'
          ? `record starting here is longer than ${this.maxRecordSize} characters: unterminated quoted field?`
          : error.message;
      this.onError(reason, line);
      resumeAfter(0, line);
    }
  }
}
