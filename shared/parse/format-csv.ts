/**
 * Canonical long CSV of regular series: `series_id,date,value`, one row per date, LF line ends,
 * series in the given order. A missing value is an empty field; numbers use `String(v)` (the
 * shortest text that reads back to the same double), so writing is deterministic and lossless.
 * Ids are quoted (RFC 4180, by csv-stringify) only when they hold a comma, quote, line break, or
 * edge spaces; dates and numbers never need quoting.
 */
import { stringify } from 'csv-stringify/sync';
import type { Series } from '../types';

/** csv-stringify quotes a field holding the delimiter, a quote or a line break; edge spaces too. */
const FIELD_OPTIONS = { eof: false, quoted_match: /^\s|\s$/ };

/** Quote a CSV field when needed, doubling inner quotes. */
export function csvField(text: string): string {
  return stringify([[text]], FIELD_OPTIONS);
}

export function formatSeriesCsv(series: readonly Series[]): string {
  const parts: string[] = ['series_id,date,value\n'];
  for (const s of series) {
    const id = csvField(s.id);
    const { dates, values } = s;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      parts.push(`${id},${dates[i]},${Number.isNaN(v) ? '' : String(v)}\n`);
    }
  }
  return parts.join('');
}
