/**
 * Calendar arithmetic on dates: move a date by whole periods of a frequency.
 *
 * Month-based frequencies (monthly = 1, quarterly = 3, yearly = 12 months) keep the day of month
 * and clamp it to the target month's length, as pandas `DateOffset(months=n)` does:
 * 2020-01-31 + 1 month = 2020-02-29, 2020-02-29 + 1 year = 2021-02-28. Clamping is not
 * associative, so ranges are computed from their start ({@link dateRange}), never step by step.
 */
import type { Frequency } from '../types';
import { civilFromDays, daysInMonth, formatCivil, formatDay, formatInstant, MS_PER_DAY, MS_PER_HOUR } from './calendar';
import { instantOf, parseDate, type ParsedDate } from './parse-date';

const MONTHS_PER_PERIOD: Partial<Record<Frequency, number>> = { monthly: 1, quarterly: 3, yearly: 12 };

function parseOrThrow(date: string): ParsedDate {
  const p = parseDate(date);
  if ('error' in p) throw new RangeError(p.error);
  return p;
}

/** `n` periods after a parsed date, formatted as the frequency's dates are. */
function shift(p: ParsedDate, frequency: Frequency, n: number): string {
  if (frequency === 'hourly') return formatInstant(instantOf(p) + n * MS_PER_HOUR);
  const days = Math.floor(p.wall / MS_PER_DAY);
  if (frequency === 'daily') return formatDay(days + n);
  if (frequency === 'weekly') return formatDay(days + 7 * n);
  const c = civilFromDays(days);
  const month = c.year * 12 + (c.month - 1) + n * MONTHS_PER_PERIOD[frequency]!;
  const year = Math.floor(month / 12);
  const m = month - 12 * year + 1;
  return formatCivil(year, m, Math.min(c.day, daysInMonth(year, m)));
}

/**
 * The date `n` (integer, may be negative) periods after `date`.
 * Returns `YYYY-MM-DD`, or `YYYY-MM-DDTHH:mm:ssZ` (UTC) for hourly.
 * @throws RangeError when `date` is not an accepted ISO date or `n` is not an integer.
 */
export function addPeriods(date: string, frequency: Frequency, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addPeriods: n must be an integer, got ${n}`);
  return shift(parseOrThrow(date), frequency, n);
}

/**
 * `count` consecutive dates starting at `start`: element i is `addPeriods(start, frequency, i)`.
 * @throws RangeError when `start` is not an accepted ISO date or `count` is not a non-negative integer.
 */
export function dateRange(start: string, frequency: Frequency, count: number): string[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`dateRange: count must be a non-negative integer, got ${count}`);
  const p = parseOrThrow(start);
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) out[i] = shift(p, frequency, i);
  return out;
}
