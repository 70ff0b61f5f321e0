/**
 * Validates rows and collects them per series. Each row runs the field parsers (date, value)
 * directly; only a failing row goes through `InputRowSchema`, which produces the messages.
 * Date formats must not change within a file: the first row fixes the format.
 */
import { DATE_FORMAT_PATTERN, parseDate, type DateFormat, type ParsedDate } from '../frequency/parse-date';
import { InputRowSchema } from '../schemas/input';
import type { ProblemList } from './problems';
import { RowStore } from './row-store';
import { HUGE_VALUE_WARNING, parseValueField } from './value-field';

/** Column names as written in the file, for problem reports. */
export interface RowColumns {
  id?: string;
  time: string;
  value: string;
}

const DATE_CACHE_LIMIT = 100_000;

function rawText(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  return typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : JSON.stringify(raw);
}

export class RowCollector {
  /** Accepted rows. */
  readonly store = new RowStore();
  /** Series ids in order of first appearance; a row's series number indexes this list. */
  readonly ids: string[] = [];
  private readonly seriesNumbers = new Map<string, number>();
  /** Rows offered (valid or not). */
  rows = 0;
  dateFormat: DateFormat | undefined;
  private dateFormatLine = 0;
  private dateFormatExample = '';
  /** Parsed dates by text: most files repeat the same few thousand dates across series. */
  private readonly dateCache = new Map<string, ParsedDate>();

  constructor(
    private readonly problems: ProblemList,
    readonly columns: RowColumns,
    /** Series id used when the file has no id column. */
    private readonly defaultId: string,
  ) {}

  /**
   * Offer one row. `id` is ignored when the file has no id column. Raw fields are CSV strings or
   * JSON values (`undefined`: member absent).
   */
  add(idRaw: unknown, timeRaw: unknown, valueRaw: unknown, line: number): void {
    this.rows++;
    let id: string | undefined;
    if (this.columns.id === undefined) id = this.defaultId;
    else if (typeof idRaw === 'string') {
      if (idRaw.length > 0 && (idRaw.charCodeAt(0) > 32 || idRaw.trim() !== '')) id = idRaw;
    } else if (typeof idRaw === 'number' && Number.isFinite(idRaw)) id = String(idRaw);

    let date: ParsedDate | undefined;
    if (typeof timeRaw === 'string') {
      date = this.dateCache.get(timeRaw);
      if (date === undefined) {
        const parsed = parseDate(timeRaw);
        if (!('error' in parsed)) {
          date = parsed;
          if (this.dateCache.size < DATE_CACHE_LIMIT) this.dateCache.set(timeRaw, parsed);
        }
      }
    } else if (typeof timeRaw === 'number' && Number.isInteger(timeRaw)) {
      const parsed = parseDate(String(timeRaw));
      if (!('error' in parsed)) date = parsed;
    }
    const value = parseValueField(valueRaw);

    if (id === undefined || date === undefined || typeof value === 'string') {
      this.reportInvalid(idRaw, timeRaw, valueRaw, line);
      return;
    }
    if (this.dateFormat === undefined) {
      this.dateFormat = date.format;
      this.dateFormatLine = line;
      this.dateFormatExample = String(timeRaw);
    } else if (date.format !== this.dateFormat) {
      this.problems.error(
        `mixed date formats: '${String(timeRaw)}' is ${DATE_FORMAT_PATTERN[date.format]} but line ${this.dateFormatLine} ` +
          `has '${this.dateFormatExample}' (${DATE_FORMAT_PATTERN[this.dateFormat]}); use one format in the whole file`,
        { line, column: this.columns.time, value: String(timeRaw) },
      );
      return;
    }
    if (Math.abs(value) > HUGE_VALUE_WARNING) {
      this.problems.warning(`value ${String(valueRaw)} exceeds ${HUGE_VALUE_WARNING.toExponential()} in magnitude: check the units`, {
        line,
        column: this.columns.value,
        value: rawText(valueRaw),
      });
    }
    let seriesNo = this.seriesNumbers.get(id);
    if (seriesNo === undefined) {
      seriesNo = this.ids.length;
      this.ids.push(id);
      this.seriesNumbers.set(id, seriesNo);
    }
    this.store.push(seriesNo, date.wall, date.offsetMinutes, value, line);
  }

  /** Number of accepted rows. */
  get accepted(): number {
    return this.store.length;
  }

  /** Run the row schema on a failing row and report each issue against its column. */
  private reportInvalid(idRaw: unknown, timeRaw: unknown, valueRaw: unknown, line: number): void {
    const hasId = this.columns.id !== undefined;
    const result = InputRowSchema.safeParse({ id: hasId ? (idRaw ?? null) : undefined, time: timeRaw, value: valueRaw });
    if (result.success) {
      // The fast path and the schema disagree: a bug, but never lose the row silently.
      this.problems.error('row rejected by the fast validator but accepted by the schema (internal inconsistency)', { line });
      return;
    }
    for (const issue of result.error.issues) {
      const role = issue.path[0] as 'id' | 'time' | 'value' | undefined;
      const raw = role === 'id' ? idRaw : role === 'time' ? timeRaw : valueRaw;
      this.problems.error(issue.message, {
        line,
        column: role === undefined ? undefined : this.columns[role],
        value: rawText(raw),
      });
    }
  }
}
