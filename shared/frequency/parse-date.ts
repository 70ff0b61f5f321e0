/**
 * Parse one time field. Accepted (ISO 8601 subsets only, so no value is ever guessed):
 *
 * | format           | example                       |
 * | ---------------- | ----------------------------- |
 * | `date`           | `2020-03-04`                  |
 * | `datetime`       | `2020-03-04T13:00[:00[.000]]` (a space may replace `T`; read as UTC) |
 * | `datetime-zoned` | `2020-03-04T13:00:00Z`, `…+01:00`, `…-0500` |
 * | `month`          | `2020-03`                     |
 * | `quarter`        | `2020-Q1`                     |
 * | `year`           | `2020`                        |
 *
 * Slash or dot dates such as `03/04/2020` are rejected: day/month order cannot be known.
 */
import { daysFromCivil, daysInMonth, MS_PER_DAY, MS_PER_HOUR } from './calendar';

export const DATE_FORMATS = ['date', 'datetime', 'datetime-zoned', 'month', 'quarter', 'year'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** How each format is written, for messages. */
export const DATE_FORMAT_PATTERN: Record<DateFormat, string> = {
  date: 'YYYY-MM-DD',
  datetime: 'YYYY-MM-DDTHH:mm:ss (no zone)',
  'datetime-zoned': 'YYYY-MM-DDTHH:mm:ss with a zone (Z or ±HH:MM)',
  month: 'YYYY-MM',
  quarter: 'YYYY-Qn',
  year: 'YYYY',
};

export interface ParsedDate {
  format: DateFormat;
  /** Wall-clock time as written, in ms since 1970-01-01 as if it were UTC (calendar fields). */
  wall: number;
  /** Zone offset in minutes east of UTC (0 without a zone); the instant is `wall − offset·60000`. */
  offsetMinutes: number;
}

export type DateParseResult = ParsedDate | { error: string };

const ACCEPTED = 'expected an ISO 8601 date: YYYY-MM-DD, YYYY-MM-DDTHH:mm:ss[Z|±HH:MM], YYYY-MM, YYYY-Qn or YYYY';

const RE_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const RE_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const RE_MONTH = /^(\d{4})-(\d{2})$/;
const RE_QUARTER = /^(\d{4})-[Qq]([1-4])$/;
const RE_YEAR = /^(\d{4})$/;
const RE_AMBIGUOUS = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?:[ T].*)?$/;
const RE_SLASHED_ISO = /^\d{4}[/.]\d{1,2}[/.]\d{1,2}(?:[ T].*)?$/;

function civilError(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12) return `month ${month} is not 1–12`;
  if (day < 1 || day > daysInMonth(year, month)) return `day ${day} does not exist in ${year}-${String(month).padStart(2, '0')}`;
  return undefined;
}

/** Parse a trimmed time string; never throws. */
export function parseDate(text: string): DateParseResult {
  const s = text.trim();
  if (s === '') return { error: 'missing time' };
  let m = RE_DATE.exec(s);
  if (m) {
    const y = +m[1]!, mo = +m[2]!, d = +m[3]!;
    const bad = civilError(y, mo, d);
    if (bad) return { error: `invalid date '${s}': ${bad}` };
    return { format: 'date', wall: daysFromCivil(y, mo, d) * MS_PER_DAY, offsetMinutes: 0 };
  }
  m = RE_DATETIME.exec(s);
  if (m) {
    const y = +m[1]!, mo = +m[2]!, d = +m[3]!, h = +m[4]!, mi = +m[5]!, sec = m[6] === undefined ? 0 : +m[6];
    const bad = civilError(y, mo, d) ?? (h > 23 ? `hour ${h} is not 0–23` : mi > 59 ? `minute ${mi} is not 0–59` : sec > 59 ? `second ${sec} is not 0–59` : undefined);
    if (bad) return { error: `invalid date-time '${s}': ${bad}` };
    const frac = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
    const wall = daysFromCivil(y, mo, d) * MS_PER_DAY + h * MS_PER_HOUR + mi * 60_000 + sec * 1000 + frac;
    const zone = m[8];
    if (zone === undefined) return { format: 'datetime', wall, offsetMinutes: 0 };
    let offsetMinutes = 0;
    if (zone !== 'Z' && zone !== 'z') {
      const digits = zone.slice(1).replace(':', '');
      const oh = +digits.slice(0, 2), om = digits.length > 2 ? +digits.slice(2, 4) : 0;
      if (oh > 14 || om > 59) return { error: `invalid zone offset '${zone}' in '${s}'` };
      offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
    }
    return { format: 'datetime-zoned', wall, offsetMinutes };
  }
  m = RE_MONTH.exec(s);
  if (m) {
    const y = +m[1]!, mo = +m[2]!;
    if (mo < 1 || mo > 12) return { error: `invalid month '${s}': month ${mo} is not 1–12` };
    return { format: 'month', wall: daysFromCivil(y, mo, 1) * MS_PER_DAY, offsetMinutes: 0 };
  }
  m = RE_QUARTER.exec(s);
  if (m) {
    return { format: 'quarter', wall: daysFromCivil(+m[1]!, (+m[2]! - 1) * 3 + 1, 1) * MS_PER_DAY, offsetMinutes: 0 };
  }
  m = RE_YEAR.exec(s);
  if (m) return { format: 'year', wall: daysFromCivil(+m[1]!, 1, 1) * MS_PER_DAY, offsetMinutes: 0 };
  if (RE_AMBIGUOUS.test(s)) {
    return { error: `ambiguous date '${s}': day/month order cannot be known; write dates as ISO 8601 YYYY-MM-DD` };
  }
  if (RE_SLASHED_ISO.test(s)) return { error: `unrecognised date '${s}': use '-' separators (YYYY-MM-DD)` };
  return { error: `unrecognised date '${s.length > 60 ? `${s.slice(0, 60)}…` : s}': ${ACCEPTED}` };
}

/** UTC instant in ms of a parsed date. */
export function instantOf(d: ParsedDate): number {
  return d.wall - d.offsetMinutes * 60_000;
}
