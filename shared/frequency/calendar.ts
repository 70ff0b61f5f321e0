/**
 * Proleptic Gregorian calendar arithmetic on plain integers, independent of `Date` quirks
 * (`Date.UTC` maps years 0–99 to 1900–1999) and fast enough for per-row use.
 *
 * Days are counted from 1970-01-01 (day 0). The conversions are Howard Hinnant's
 * `days_from_civil` / `civil_from_days` algorithms
 * (https://howardhinnant.github.io/date_algorithms.html), exact for every year.
 */

export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** Calendar date; `month` is 1–12. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** `true` for Gregorian leap years: divisible by 4, except centuries not divisible by 400. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Number of days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/**
 * Days since 1970-01-01 of a civil date (Hinnant `days_from_civil`):
 * shift the year to start in March so the leap day is last, then
 * `days = era·146097 + yoe·365 + ⌊yoe/4⌋ − ⌊yoe/100⌋ + doy − 719468`.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of {@link daysFromCivil} (Hinnant `civil_from_days`). */
export function civilFromDays(days: number): CivilDate {
  const out = new Int32Array(3);
  civilInto(days, out);
  return { year: out[0]!, month: out[1]!, day: out[2]! };
}

/**
 * {@link civilFromDays} without allocating: writes `[year, month, day]` into `out` (for hot
 * loops over many dates). Hinnant's `civil_from_days`.
 */
export function civilInto(days: number, out: Int32Array): void {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  out[0] = yoe + era * 400 + (month <= 2 ? 1 : 0);
  out[1] = month;
  out[2] = doy - Math.floor((153 * mp + 2) / 5) + 1;
}

/** Day of week, 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayFromDays(days: number): number {
  return (((days + 3) % 7) + 7) % 7;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
  return n < 10 ? `000${n}` : n < 100 ? `00${n}` : n < 1000 ? `0${n}` : String(n);
}

/** `YYYY-MM-DD` of a civil date. */
export function formatCivil(year: number, month: number, day: number): string {
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}`;
}

/** `YYYY-MM-DD` of a day number. */
export function formatDay(days: number): string {
  const c = civilFromDays(days);
  return formatCivil(c.year, c.month, c.day);
}

/** `YYYY-MM-DDTHH:mm:ssZ` of a UTC instant in milliseconds (sub-second part dropped). */
export function formatInstant(ms: number): string {
  const days = Math.floor(ms / MS_PER_DAY);
  let rest = Math.floor((ms - days * MS_PER_DAY) / 1000);
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  return `${formatDay(days)}T${pad2(h)}:${pad2(m)}:${pad2(s)}Z`;
}
