/**
 * From collected rows to regular series: decide the file's frequency, map every row to its
 * period on that grid (`periodIndex`), sort, resolve duplicates, and fill gaps with NaN.
 *
 * - Frequency: the option, else inferred per series (`inferFrequencyFromTimes`); all series with
 *   two or more dates must agree. Series with a single date take the file's frequency; when no
 *   series has two dates the date format decides (`YYYY-MM` monthly, `YYYY-Qn` quarterly, `YYYY`
 *   yearly) or the file is rejected.
 * - Duplicates (rows in the same period of the same series): `reject` reports both lines,
 *   `sum` adds the non-missing values (all missing: NaN), `last` keeps the later line.
 * - Dates are canonical period starts (`periodLabel`); weekly keeps the first date's weekday.
 *   Date strings are shared between series (one string per distinct date in the file).
 */
import { MS_PER_DAY } from '../frequency/calendar';
import { inferFrequencyFromTimes, medianSpacing } from '../frequency/infer';
import type { DateFormat } from '../frequency/parse-date';
import { periodIndex, periodLabel } from '../frequency/period-index';
import type { Frequency, Series } from '../types';
import type { ProblemList } from './problems';
import type { RowCollector } from './row-collector';

export type DuplicatePolicy = 'reject' | 'sum' | 'last';

/** Longest regular series accepted, and largest total, in periods (guards against a typo'd year). */
export const MAX_SERIES_PERIODS = 1_000_000;
export const MAX_TOTAL_PERIODS = 20_000_000;

const FORMAT_FREQUENCY: Partial<Record<DateFormat, Frequency>> = { month: 'monthly', quarter: 'quarterly', year: 'yearly' };

function describeSpacing(ms: number): string {
  if (ms < MS_PER_DAY) return `${+(ms / 3_600_000).toPrecision(3)} hours`;
  return `${+(ms / MS_PER_DAY).toPrecision(4)} days`;
}

/** Rows of one series copied out of the row store into reusable scratch arrays. */
class SeriesRows {
  n = 0;
  rows = new Uint32Array(0);
  walls = new Float64Array(0);
  instants = new Float64Array(0);
  zoned = false;

  constructor(private readonly collector: RowCollector) {}

  load(order: Uint32Array, start: number, end: number): void {
    const n = end - start;
    if (this.walls.length < n) {
      const capacity = Math.max(n, 2 * this.walls.length);
      this.rows = new Uint32Array(capacity);
      this.walls = new Float64Array(capacity);
      this.instants = new Float64Array(capacity);
    }
    const store = this.collector.store;
    const offsets = store.offsets;
    this.n = n;
    this.zoned = offsets !== undefined;
    for (let k = 0; k < n; k++) {
      const row = order[start + k]!;
      this.rows[k] = row;
      const wall = store.walls[row]!;
      this.walls[k] = wall;
      this.instants[k] = offsets === undefined ? wall : wall - offsets[row]! * 60_000;
    }
  }
}

/** The file's frequency, or `undefined` after reporting why none can be used. */
function fileFrequency(
  collector: RowCollector,
  grouped: { order: Uint32Array; starts: Uint32Array },
  scratch: SeriesRows,
  problems: ProblemList,
): Frequency | undefined {
  const votes = new Map<Frequency, string>();
  let undecided = false;
  let multiPoint = 0;
  const { ids } = collector;
  for (let s = 0; s < ids.length; s++) {
    scratch.load(grouped.order, grouped.starts[s]!, grouped.starts[s + 1]!);
    const frequency = inferFrequencyFromTimes(scratch.walls, scratch.n, scratch.zoned ? scratch.instants : undefined);
    if (frequency !== undefined) {
      multiPoint++;
      if (!votes.has(frequency)) votes.set(frequency, ids[s]!);
      continue;
    }
    const unique = [...new Set(scratch.walls.subarray(0, scratch.n))].sort((a, b) => a - b);
    if (unique.length < 2) continue;
    multiPoint++;
    undecided = true;
    problems.error(
      `series '${ids[s]}': cannot infer the frequency: the dates (median spacing ${describeSpacing(medianSpacing(Float64Array.from(unique)))}) ` +
        'lie on no hourly, daily, weekly, monthly, quarterly or yearly grid; set the frequency option to aggregate onto one',
      { line: collector.store.lines[scratch.rows[0]!] },
    );
  }
  if (votes.size > 1) {
    const list = [...votes].map(([f, id]) => `'${id}' is ${f}`).join(', ');
    problems.error(`series in one file must share one frequency, but ${list}; split the file or set the frequency option`);
    return undefined;
  }
  if (undecided) return undefined;
  if (votes.size === 1) return [...votes.keys()][0];
  const dateFormat = collector.dateFormat;
  if (multiPoint === 0 && dateFormat !== undefined && FORMAT_FREQUENCY[dateFormat]) return FORMAT_FREQUENCY[dateFormat];
  // When rows were rejected, the dates left say little; the row errors are the real report.
  if (!problems.hasErrors) problems.error('cannot infer the frequency: no series has two different dates; set the frequency option');
  return undefined;
}

/**
 * Duplicate check without a grid, for files already rejected for row errors: rows of one series
 * with the same time are reported (policy `reject` only), nothing else is inferred, because the
 * rows left after dropping bad ones would give misleading frequencies and gap counts.
 */
export function reportExactDuplicates(collector: RowCollector, duplicates: DuplicatePolicy | undefined, problems: ProblemList): void {
  if ((duplicates ?? 'reject') !== 'reject' || collector.ids.length === 0) return;
  const { ids, store } = collector;
  const { order, starts } = store.groupBySeries(ids.length);
  const scratch = new SeriesRows(collector);
  for (let s = 0; s < ids.length; s++) {
    scratch.load(order, starts[s]!, starts[s + 1]!);
    const firstLine = new Map<number, number>();
    for (let k = 0; k < scratch.n; k++) {
      const t = scratch.instants[k]!;
      const line = store.lines[scratch.rows[k]!]!;
      const before = firstLine.get(t);
      if (before === undefined) firstLine.set(t, line);
      else {
        problems.error(`duplicate time for series '${ids[s]}': lines ${before} and ${line} have the same time; remove one or set duplicates to 'sum' or 'last'`, {
          line,
          column: collector.columns.time,
        });
      }
    }
  }
}

export interface RegulariseResult {
  series: Series[];
  frequency?: Frequency;
}

/**
 * Build regular series from collected rows. Problems go to `problems`; series come back in id
 * order (string comparison) even when problems were found (the caller decides what to use).
 */
export function regulariseSeries(
  collector: RowCollector,
  options: { frequency?: Frequency; duplicates?: DuplicatePolicy },
  problems: ProblemList,
): RegulariseResult {
  const { ids, store } = collector;
  if (ids.length === 0) return { series: [] };
  const grouped = store.groupBySeries(ids.length);
  const scratch = new SeriesRows(collector);
  const frequency = options.frequency ?? fileFrequency(collector, grouped, scratch, problems);
  if (frequency === undefined) return { series: [] };

  const policy = options.duplicates ?? 'reject';
  const timeColumn = collector.columns.time;
  const labels = new Map<number, string>();
  const gapCounts: Array<[string, number]> = [];
  let totalGaps = 0;
  let totalPeriods = 0;
  const series: Series[] = [];
  let index = new Float64Array(0);
  const byId = ids.map((_, s) => s).sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));

  for (const s of byId) {
    const id = ids[s]!;
    scratch.load(grouped.order, grouped.starts[s]!, grouped.starts[s + 1]!);
    const { n, walls, instants, rows } = scratch;
    let anchorDay = 0;
    if (frequency === 'weekly') {
      let first = Infinity;
      for (let i = 0; i < n; i++) if (walls[i]! < first) first = walls[i]!;
      anchorDay = Math.floor(first / MS_PER_DAY);
    }
    if (index.length < n) index = new Float64Array(Math.max(n, 2 * index.length));
    let sorted = true;
    for (let i = 0; i < n; i++) {
      index[i] = periodIndex(walls[i]!, instants[i]!, frequency, anchorDay);
      if (i > 0 && index[i]! < index[i - 1]!) sorted = false;
    }
    // Rows are in line order; a stable sort by period keeps line order within a period.
    let order: ArrayLike<number>;
    if (sorted) order = rows;
    else {
      const perm = Array.from({ length: n }, (_, k) => k).sort((a, b) => index[a]! - index[b]! || a - b);
      const ordered = new Float64Array(n);
      const orderedRows = new Uint32Array(n);
      for (let k = 0; k < n; k++) {
        ordered[k] = index[perm[k]!]!;
        orderedRows[k] = rows[perm[k]!]!;
      }
      index.set(ordered);
      order = orderedRows;
    }
    const first = index[0]!;
    const last = index[n - 1]!;
    const length = last - first + 1;
    const label = (k: number): string => {
      const key = frequency === 'weekly' ? anchorDay + 7 * k : k;
      let text = labels.get(key);
      if (text === undefined) {
        text = periodLabel(k, frequency, anchorDay);
        labels.set(key, text);
      }
      return text;
    };
    if (length > MAX_SERIES_PERIODS || totalPeriods + length > MAX_TOTAL_PERIODS) {
      problems.error(
        `series '${id}' would span ${length} ${frequency} periods (${label(first)} to ${label(last)}); ` +
          'check for mistyped dates or a wrong frequency',
        { line: store.lines[order[n - 1]!] },
      );
      continue;
    }
    totalPeriods += length;
    const values = new Float64Array(length).fill(NaN);
    let occupied = 0;
    let prevSlot = -1;
    let prevRow = -1;
    for (let k = 0; k < n; k++) {
      const row = order[k]!;
      const slot = index[k]! - first;
      const v = store.values[row]!;
      if (slot !== prevSlot) {
        values[slot] = v;
        occupied++;
      } else if (policy === 'reject') {
        problems.error(
          `duplicate time for series '${id}': lines ${store.lines[prevRow]} and ${store.lines[row]} are both in period ` +
            `${label(index[k]!)} (${frequency}); remove one or set duplicates to 'sum' or 'last'`,
          { line: store.lines[row], column: timeColumn, value: label(index[k]!) },
        );
      } else if (policy === 'sum') {
        if (!Number.isNaN(v)) values[slot] = Number.isNaN(values[slot]!) ? v : values[slot]! + v;
      } else {
        values[slot] = v; // 'last': the later line wins
      }
      prevSlot = slot;
      prevRow = row;
    }
    const gaps = length - occupied;
    if (gaps > 0) {
      gapCounts.push([id, gaps]);
      totalGaps += gaps;
    }
    const dates = new Array<string>(length);
    for (let k = 0; k < length; k++) dates[k] = label(first + k);
    series.push({ id, frequency, dates, values });
  }

  if (totalGaps > 0) {
    const shown = gapCounts.slice(0, 20).map(([id, g]) => `'${id}': ${g}`).join(', ');
    const more = gapCounts.length > 20 ? `, and ${gapCounts.length - 20} more series` : '';
    problems.warning(
      `filled ${totalGaps} missing ${frequency} periods with empty (NaN) values in ${gapCounts.length} series (${shown}${more})`,
    );
  }
  return { series, frequency };
}
