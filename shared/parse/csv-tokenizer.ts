/**
 * Incremental RFC 4180 CSV tokenizer over text chunks.
 *
 * Fields are separated by a one-character delimiter, records by LF or CRLF; a field starting
 * with `"` is quoted, may contain delimiters and line breaks, and writes `"` as `""`. Records are
 * reported with the 1-based physical line they start on (line breaks inside quoted fields count).
 *
 * Text after the last complete record of a chunk is kept and re-read with the next chunk, so
 * records may span chunks. Errors (a stray character after a closing quote, an unterminated
 * quote) are reported and the tokenizer resynchronises at the next physical line, so one broken
 * record does not hide the problems after it. A pending record longer than `maxRecordLength`
 * (an unterminated quote in a large file) is abandoned the same way, bounding memory.
 */

export type RecordHandler = (fields: string[], line: number) => void;
export type TokenizerErrorHandler = (reason: string, line: number) => void;

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Sentinel returned by the scanner when the buffer ends inside a record. */
const NEED_MORE = -1;

export class CsvTokenizer {
  private pending = '';
  /** Physical line of the first character of `pending` (or of the next chunk). */
  private line = 1;
  private readonly fields: string[] = [];
  private readonly delimiterCode: number;

  /**
   * @param onRecord called per record; `fields` is reused between calls, copy what you keep.
   */
  constructor(
    delimiter: string,
    private readonly onRecord: RecordHandler,
    private readonly onError: TokenizerErrorHandler,
    private readonly maxRecordLength = 1 << 20,
  ) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new RangeError(`invalid CSV delimiter ${JSON.stringify(delimiter)}`);
    }
    this.delimiterCode = delimiter.charCodeAt(0);
  }

  push(chunk: string): void {
    if (chunk.length === 0) return;
    const text = this.pending.length > 0 ? this.pending + chunk : chunk;
    const consumed = this.scan(text, false);
    this.pending = consumed === text.length ? '' : text.slice(consumed);
    if (this.pending.length > this.maxRecordLength) {
      const text2 = this.pending;
      this.pending = '';
      this.onError(
        `record starting here is longer than ${this.maxRecordLength} characters: unterminated quoted field?`,
        this.line,
      );
      const nl = text2.indexOf('\n');
      if (nl !== -1) {
        this.line++;
        this.push(text2.slice(nl + 1));
      }
    }
  }

  end(): void {
    const text = this.pending;
    this.pending = '';
    if (text.length > 0) this.scan(text, true);
  }

  /** Emit every complete record of `text`; returns how many characters were consumed. */
  private scan(text: string, final: boolean): number {
    let pos = 0;
    const n = text.length;
    while (pos < n) {
      const next = this.scanRecord(text, pos, final);
      if (next === NEED_MORE) return pos;
      pos = next;
    }
    return pos;
  }

  /** Skip to the physical line after the one `from` is on; returns the new position. */
  private resync(text: string, from: number, recordLine: number): number {
    const nl = text.indexOf('\n', from);
    this.line = recordLine + 1;
    return nl === -1 ? text.length : nl + 1;
  }

  /** Read one record at `start`; returns the position after it, or NEED_MORE. */
  private scanRecord(text: string, start: number, final: boolean): number {
    const n = text.length;
    const d = this.delimiterCode;
    const fields = this.fields;
    fields.length = 0;
    const recordLine = this.line;
    let newlines = 0;
    let p = start;
    for (;;) {
      if (p < n && text.charCodeAt(p) === QUOTE) {
        // Quoted field: find the closing quote, skipping "" escapes.
        let q = p + 1;
        let escaped = false;
        let close: number;
        for (;;) {
          close = text.indexOf('"', q);
          if (close === -1) {
            if (!final) return NEED_MORE;
            const quoteLine = recordLine + newlines;
            this.onError('unterminated quoted field: the quote opened on this line is never closed', quoteLine);
            return this.resync(text, p, quoteLine);
          }
          if (close + 1 >= n && !final) return NEED_MORE; // could be the first half of ""
          if (close + 1 < n && text.charCodeAt(close + 1) === QUOTE) {
            escaped = true;
            q = close + 2;
            continue;
          }
          break;
        }
        const raw = text.slice(p + 1, close);
        newlines += countLf(raw, 0, raw.length);
        fields.push(escaped ? raw.replaceAll('""', '"') : raw);
        p = close + 1;
        if (p < n) {
          let c = text.charCodeAt(p);
          if (c === CR) {
            if (p + 1 >= n && !final) return NEED_MORE;
            if (p + 1 >= n || text.charCodeAt(p + 1) === LF) {
              p++;
              c = LF;
            }
          }
          if (c !== d && c !== LF && p < n) {
            this.onError(`unexpected character ${JSON.stringify(text[p])} after a closing quote (a quote inside a quoted field must be doubled: "")`, recordLine + newlines);
            return this.resync(text, p, recordLine + newlines);
          }
        }
      } else {
        let q = p;
        while (q < n) {
          const c = text.charCodeAt(q);
          if (c === d || c === LF) break;
          q++;
        }
        if (q >= n && !final) return NEED_MORE;
        let end = q;
        if (end > p && text.charCodeAt(end - 1) === CR && (q >= n || text.charCodeAt(q) === LF)) end--;
        fields.push(text.slice(p, end));
        p = q;
      }
      if (p >= n) {
        // Last record of the file, without a final line break.
        this.line = recordLine + newlines;
        this.onRecord(fields, recordLine);
        return n;
      }
      if (text.charCodeAt(p) === d) {
        p++;
        continue;
      }
      // At LF (a CR before it was consumed above or stripped from the field).
      this.line = recordLine + newlines + 1;
      this.onRecord(fields, recordLine);
      return p + 1;
    }
  }
}

/** Number of LF characters in `s[from, to)`. */
function countLf(s: string, from: number, to: number): number {
  let count = 0;
  let at = s.indexOf('\n', from);
  while (at !== -1 && at < to) {
    count++;
    at = s.indexOf('\n', at + 1);
  }
  return count;
}
