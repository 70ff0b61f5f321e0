import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  addPeriods, civilFromDays, dateRange, daysFromCivil, daysInMonth, inferFrequency, isLeapYear, parseDate,
  periodIndex, periodLabel, weekdayFromDays,
} from '../../shared/frequency';
import type { Frequency } from '../../shared/types';

interface PandasFixture {
  addPeriods: Array<{ date: string; frequency: Frequency; n: number; expected: string }>;
  dateRange: Array<{ start: string; frequency: Frequency; count: number; expected: string[] }>;
  inferFrequency: Array<{ dates: string[]; pandas: string; expected: Frequency }>;
}
const pandas = JSON.parse(
  readFileSync(new URL('../fixtures/parse/calendar-pandas.json', import.meta.url), 'utf8'),
) as PandasFixture;

describe('calendar', () => {
  it('round-trips day numbers against Date for 1600–2400 and knows leap years', () => {
    for (let days = daysFromCivil(1600, 1, 1); days <= daysFromCivil(2400, 12, 31); days += 17) {
      const c = civilFromDays(days);
      const d = new Date(days * 86_400_000);
      expect([c.year, c.month, c.day]).toEqual([d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]);
      expect(daysFromCivil(c.year, c.month, c.day)).toBe(days);
      expect(weekdayFromDays(days)).toBe((d.getUTCDay() + 6) % 7);
    }
    expect([1900, 2000, 2020, 2023, 2100].map(isLeapYear)).toEqual([false, true, true, false, false]);
    expect(daysInMonth(2020, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
  });
});

describe('parseDate', () => {
  it.each([
    ['2020-03-04', 'date', Date.UTC(2020, 2, 4), 0],
    ['2020-03-04T13:05:09', 'datetime', Date.UTC(2020, 2, 4, 13, 5, 9), 0],
    ['2020-03-04 13:05', 'datetime', Date.UTC(2020, 2, 4, 13, 5), 0],
    ['2020-03-04T13:05:09.250Z', 'datetime-zoned', Date.UTC(2020, 2, 4, 13, 5, 9, 250), 0],
    ['2020-03-04T13:00:00+05:30', 'datetime-zoned', Date.UTC(2020, 2, 4, 13), 330],
    ['2020-03-04T13:00:00-0500', 'datetime-zoned', Date.UTC(2020, 2, 4, 13), -300],
    ['2020-03', 'month', Date.UTC(2020, 2, 1), 0],
    ['2020-Q3', 'quarter', Date.UTC(2020, 6, 1), 0],
    ['2020-q1', 'quarter', Date.UTC(2020, 0, 1), 0],
    [' 2020 ', 'year', Date.UTC(2020, 0, 1), 0],
  ])('%s → %s', (text, format, wall, offset) => {
    expect(parseDate(text)).toEqual({ format, wall, offsetMinutes: offset });
  });

  it.each([
    ['03/04/2020', 'ambiguous'],
    ['3.4.20', 'ambiguous'],
    ['2020/03/04', "use '-' separators"],
    ['2020-02-30', 'day 30 does not exist'],
    ['2021-02-29', 'day 29 does not exist'],
    ['2020-13', 'month 13'],
    ['2020-Q5', 'unrecognised'],
    ['2020-01-01T24:00:00', 'hour 24'],
    ['20200101', 'unrecognised'],
    ['', 'missing time'],
    ['Jan 2020', 'unrecognised'],
  ])('rejects %j (%s)', (text, reason) => {
    const r = parseDate(text);
    expect('error' in r && r.error).toContain(reason);
  });
});

describe('addPeriods / dateRange', () => {
  it('matches pandas DateOffset / Timedelta arithmetic on 846 cases (month ends, leap years, negative n)', () => {
    const mismatches = pandas.addPeriods
      .map((c) => ({ ...c, got: addPeriods(c.date, c.frequency, c.n) }))
      .filter((c) => c.got !== c.expected);
    expect(pandas.addPeriods.length).toBeGreaterThan(800);
    expect(mismatches).toEqual([]);
  });

  it('hand-checked month-end and leap-year cases', () => {
    expect(addPeriods('2020-01-31', 'monthly', 1)).toBe('2020-02-29');
    expect(addPeriods('2019-01-31', 'monthly', 1)).toBe('2019-02-28');
    expect(addPeriods('2020-02-29', 'yearly', 1)).toBe('2021-02-28');
    expect(addPeriods('2020-02-29', 'yearly', 4)).toBe('2024-02-29');
    expect(addPeriods('2020-11-30', 'quarterly', 1)).toBe('2021-02-28');
    expect(addPeriods('2020-03-01', 'daily', -1)).toBe('2020-02-29');
    expect(addPeriods('2020-12', 'monthly', 1)).toBe('2021-01-01');
    expect(addPeriods('2020-Q4', 'quarterly', 1)).toBe('2021-01-01');
    expect(addPeriods('2020', 'yearly', -21)).toBe('1999-01-01');
    expect(addPeriods('2020-12-31T23:00:00Z', 'hourly', 1)).toBe('2021-01-01T00:00:00Z');
    expect(addPeriods('2021-01-01T00:30:00+01:00', 'hourly', 0)).toBe('2020-12-31T23:30:00Z');
    expect(() => addPeriods('01/02/2020', 'daily', 1)).toThrow(/ambiguous/);
    expect(() => addPeriods('2020-01-01', 'daily', 1.5)).toThrow(RangeError);
  });

  it('matches pandas.date_range for every frequency', () => {
    for (const c of pandas.dateRange) {
      expect(dateRange(c.start, c.frequency, c.count), `${c.frequency} from ${c.start}`).toEqual(c.expected);
    }
    expect(dateRange('2020-01-31', 'monthly', 3)).toEqual(['2020-01-31', '2020-02-29', '2020-03-31']); // from the start, no drift
    expect(dateRange('2020-01-01', 'daily', 0)).toEqual([]);
  });
});

describe('inferFrequency', () => {
  it('agrees with pandas.infer_freq on regular ranges of all six frequencies', () => {
    for (const c of pandas.inferFrequency) expect(inferFrequency(c.dates), c.pandas).toBe(c.expected);
    expect(new Set(pandas.inferFrequency.map((c) => c.expected)).size).toBe(6);
  });

  it('tolerates gaps and unsorted input, uses calendar checks', () => {
    expect(inferFrequency(['2020-01-01', '2020-04-01', '2020-02-01', '2020-07-01'])).toBe('monthly');
    expect(inferFrequency(['2020-01-01', '2020-07-01', '2021-04-01'])).toBe('quarterly');
    expect(inferFrequency(['2020-01-15', '2020-02-15', '2020-05-15'])).toBe('monthly');
    expect(inferFrequency(['2020-01-31', '2020-02-29', '2020-03-31', '2020-04-30'])).toBe('monthly'); // month ends
    expect(inferFrequency(['2020-01-01', '2020-01-08', '2020-01-29'])).toBe('weekly');
    expect(inferFrequency(['2020-01-01', '2020-01-02', '2020-01-09', '2020-01-05'])).toBe('daily');
    expect(inferFrequency(['2020-01', '2020-02', '2020-03'])).toBe('monthly');
    expect(inferFrequency(['2019-Q4', '2020-Q1'])).toBe('quarterly');
    expect(inferFrequency(['1999', '2000', '2003'])).toBe('yearly');
    expect(inferFrequency(['2020-01-01T00:00:00Z', '2020-01-01T01:00:00Z', '2020-01-01T05:00:00Z'])).toBe('hourly');
    // zoned midnight across a DST change is still daily on the wall clock
    expect(inferFrequency(['2020-03-28T00:00:00+01:00', '2020-03-29T00:00:00+01:00', '2020-03-30T00:00:00+02:00'])).toBe('daily');
  });

  it('returns undefined for irregular, sub-hourly, single or unparseable dates', () => {
    expect(inferFrequency(['2020-01-01', '2020-01-15', '2020-02-03'])).toBe('daily'); // every spacing is whole days
    expect(inferFrequency(['2020-01-01T00:00:00Z', '2020-01-01T00:15:00Z', '2020-01-01T00:30:00Z'])).toBeUndefined();
    expect(inferFrequency(['2020-01-01T10:00:00Z', '2020-01-02T10:30:00Z'])).toBeUndefined();
    expect(inferFrequency(['2020-01-01'])).toBeUndefined();
    expect(inferFrequency(['2020-01-01', '2020-01-01'])).toBeUndefined();
    expect(inferFrequency(['2020-01-01', '01/02/2020'])).toBeUndefined();
  });
});

describe('periodIndex / periodLabel', () => {
  it('maps times to canonical period starts', () => {
    const cases: Array<[string, Frequency, string]> = [
      ['2020-05-17', 'monthly', '2020-05-01'],
      ['2020-05-17', 'quarterly', '2020-04-01'],
      ['2020-12-31', 'quarterly', '2020-10-01'],
      ['2020-05-17', 'yearly', '2020-01-01'],
      ['2020-05-17T13:45:00Z', 'daily', '2020-05-17'],
      ['2020-05-17T13:45:00Z', 'hourly', '2020-05-17T13:00:00Z'],
      ['2020-05-17T00:30:00+02:00', 'hourly', '2020-05-16T22:00:00Z'],
      ['2020-05-17T00:30:00+02:00', 'daily', '2020-05-17'],
    ];
    for (const [text, f, label] of cases) {
      const p = parseDate(text);
      if ('error' in p) throw new Error(p.error);
      expect(periodLabel(periodIndex(p.wall, p.wall - p.offsetMinutes * 60_000, f), f), `${text} ${f}`).toBe(label);
    }
    const anchor = daysFromCivil(2020, 1, 1); // a Wednesday
    const d = daysFromCivil(2020, 1, 20) * 86_400_000;
    expect(periodLabel(periodIndex(d, d, 'weekly', anchor), 'weekly', anchor)).toBe('2020-01-15');
  });
});
