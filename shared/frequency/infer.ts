/**
 * Frequency inference from dates.
 *
 * 1. The median spacing between consecutive distinct wall-clock times picks the coarsest candidate
 *    whose shortest possible step fits in it (1 h, 1 day, 7 days, 28 days, 89 days, 365 days).
 * 2. Calendar checks verify that every date lies on that grid; if not, finer grids are tried:
 *    - yearly: same month and day-of-month (or all last day of month), same time of day;
 *    - quarterly: same day-of-month rule, month numbers 3 apart (mod 3 equal);
 *    - monthly: same day-of-month (or all month ends), same time of day;
 *    - weekly / daily: every spacing a multiple of 7 days / 1 day (wall clock);
 *    - hourly: every spacing a multiple of 1 h (UTC instant).
 *
 * Because every spacing of a grid is a multiple of its step, this returns the coarsest grid on
 * which all dates lie that is not coarser than the median spacing suggests. `undefined` when
 * fewer than two distinct dates or no grid fits (irregular or sub-hourly data).
 */
import type { Frequency } from '../types';
import { civilInto, daysInMonth, MS_PER_DAY, MS_PER_HOUR } from './calendar';
import { instantOf, parseDate } from './parse-date';

/** Coarse to fine, with the shortest possible spacing of one step. */
const CANDIDATES: ReadonlyArray<[Frequency, number]> = [
  ['yearly', 365 * MS_PER_DAY],
  ['quarterly', 89 * MS_PER_DAY],
  ['monthly', 28 * MS_PER_DAY],
  ['weekly', 7 * MS_PER_DAY],
  ['daily', MS_PER_DAY],
  ['hourly', MS_PER_HOUR],
];

function sortedUnique(values: Float64Array, n: number): Float64Array {
  let increasing = true;
  for (let i = 1; i < n && increasing; i++) if (!(values[i]! > values[i - 1]!)) increasing = false;
  if (increasing) return values.subarray(0, n); // the usual case: no copy
  const sorted = values.slice(0, n).sort();
  let k = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[k - 1]) sorted[k++] = sorted[i]!;
  return sorted.subarray(0, k);
}

function allMultiplesOf(sorted: Float64Array, step: number): boolean {
  const t0 = sorted[0]!;
  for (let i = 1; i < sorted.length; i++) if ((sorted[i]! - t0) % step !== 0) return false;
  return true;
}

const civil = new Int32Array(3);

/** Month-based grids: `monthModulo` 1 (monthly), 3 (quarterly) or 12 (yearly). */
function onMonthGrid(walls: Float64Array, monthModulo: number): boolean {
  if (!allMultiplesOf(walls, MS_PER_DAY)) return false; // same time of day
  const c = civil;
  civilInto(Math.floor(walls[0]! / MS_PER_DAY), c);
  const firstMonth = c[0]! * 12 + c[1]! - 1;
  const firstDay = c[2]!;
  let sameDay = true;
  let allMonthEnds = true;
  for (let i = 0; i < walls.length; i++) {
    civilInto(Math.floor(walls[i]! / MS_PER_DAY), c);
    if ((c[0]! * 12 + c[1]! - 1 - firstMonth) % monthModulo !== 0) return false;
    if (c[2] !== firstDay) sameDay = false;
    if (c[2] !== daysInMonth(c[0]!, c[1]!)) allMonthEnds = false;
    if (!sameDay && !allMonthEnds) return false;
  }
  return true;
}

/** Does every date lie on the grid of `frequency`? Inputs sorted, distinct. */
export function isOnGrid(frequency: Frequency, walls: Float64Array, instants: Float64Array): boolean {
  switch (frequency) {
    case 'hourly':
      return allMultiplesOf(instants, MS_PER_HOUR);
    case 'daily':
      return allMultiplesOf(walls, MS_PER_DAY);
    case 'weekly':
      return allMultiplesOf(walls, 7 * MS_PER_DAY);
    case 'monthly':
      return onMonthGrid(walls, 1);
    case 'quarterly':
      return onMonthGrid(walls, 3);
    case 'yearly':
      return onMonthGrid(walls, 12);
  }
}

/** Median of consecutive differences of a sorted array (length ≥ 2). */
let spacingScratch = new Float64Array(256);

export function medianSpacing(sorted: Float64Array): number {
  if (spacingScratch.length < sorted.length) spacingScratch = new Float64Array(sorted.length * 2);
  const d = spacingScratch.subarray(0, sorted.length - 1);
  for (let i = 1; i < sorted.length; i++) d[i - 1] = sorted[i]! - sorted[i - 1]!;
  d.sort();
  const h = d.length >> 1;
  return d.length % 2 === 1 ? d[h]! : (d[h - 1]! + d[h]!) / 2;
}

/**
 * Infer the frequency of `n` times given as wall-clock ms (calendar fields) and, for zoned data,
 * UTC instants (`instants` omitted: same as walls). Order does not matter; duplicates are ignored.
 */
export function inferFrequencyFromTimes(walls: Float64Array, n: number, instants?: Float64Array): Frequency | undefined {
  const w = sortedUnique(walls, n);
  const t = instants ? sortedUnique(instants, n) : w;
  if (w.length < 2 || t.length < 2) return undefined;
  const median = medianSpacing(w);
  let started = false;
  for (const [frequency, minStep] of CANDIDATES) {
    if (!started && minStep > median) continue;
    started = true;
    if (isOnGrid(frequency, w, t)) return frequency;
  }
  return undefined;
}

/**
 * Infer the frequency of ISO date strings (any format {@link parseDate} accepts).
 * `undefined` when a date does not parse, fewer than two distinct dates are given, or the dates
 * are on no hourly/daily/weekly/monthly/quarterly/yearly grid.
 */
export function inferFrequency(dates: readonly string[]): Frequency | undefined {
  const walls = new Float64Array(dates.length);
  const instants = new Float64Array(dates.length);
  for (let i = 0; i < dates.length; i++) {
    const p = parseDate(dates[i]!);
    if ('error' in p) return undefined;
    walls[i] = p.wall;
    instants[i] = instantOf(p);
  }
  return inferFrequencyFromTimes(walls, dates.length, instants);
}
