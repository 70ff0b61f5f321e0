/**
 * Integer period numbers: the grid every series is regularised onto.
 *
 * A time maps to the number of the period that contains it, so sorting, gap detection and
 * duplicate detection become integer comparisons, and a period number maps back to the
 * canonical date of the period's start:
 *
 * | frequency | period number                      | canonical date            |
 * | --------- | ---------------------------------- | ------------------------- |
 * | hourly    | ⌊instant / 1 h⌋ (UTC)              | `YYYY-MM-DDTHH:00:00Z`    |
 * | daily     | ⌊wall / 1 day⌋                     | `YYYY-MM-DD`              |
 * | weekly    | ⌊(day − anchorDay) / 7⌋            | anchor weekday, `YYYY-MM-DD` |
 * | monthly   | 12·year + month − 1                | `YYYY-MM-01`              |
 * | quarterly | 4·year + ⌊(month − 1)/3⌋           | `YYYY-{01,04,07,10}-01`   |
 * | yearly    | year                               | `YYYY-01-01`              |
 *
 * Calendar frequencies use the wall-clock date as written (a sale on `2020-01-01T00:30+01:00`
 * belongs to 1 January), hourly uses the UTC instant.
 */
import type { Frequency } from '../types';
import { civilInto, formatCivil, formatDay, formatInstant, MS_PER_DAY, MS_PER_HOUR } from './calendar';

const civil = new Int32Array(3);

/** Period number of a time. `weeklyAnchorDay` (day number of the series' first date) is used for weekly only. */
export function periodIndex(wall: number, instant: number, frequency: Frequency, weeklyAnchorDay = 0): number {
  switch (frequency) {
    case 'hourly':
      return Math.floor(instant / MS_PER_HOUR);
    case 'daily':
      return Math.floor(wall / MS_PER_DAY);
    case 'weekly':
      return Math.floor((Math.floor(wall / MS_PER_DAY) - weeklyAnchorDay) / 7);
    default: {
      civilInto(Math.floor(wall / MS_PER_DAY), civil);
      if (frequency === 'monthly') return civil[0]! * 12 + civil[1]! - 1;
      if (frequency === 'quarterly') return civil[0]! * 4 + Math.floor((civil[1]! - 1) / 3);
      return civil[0]!;
    }
  }
}

/** Canonical date string of the start of period `index` (inverse of {@link periodIndex}). */
export function periodLabel(index: number, frequency: Frequency, weeklyAnchorDay = 0): string {
  switch (frequency) {
    case 'hourly':
      return formatInstant(index * MS_PER_HOUR);
    case 'daily':
      return formatDay(index);
    case 'weekly':
      return formatDay(weeklyAnchorDay + 7 * index);
    case 'monthly': {
      const y = Math.floor(index / 12);
      return formatCivil(y, index - 12 * y + 1, 1);
    }
    case 'quarterly': {
      const y = Math.floor(index / 4);
      return formatCivil(y, (index - 4 * y) * 3 + 1, 1);
    }
    case 'yearly':
      return formatCivil(index, 1, 1);
  }
}
