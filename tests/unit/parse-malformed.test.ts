/**
 * The malformed-input corpus (tests/fixtures/malformed, written by
 * scripts/fixtures/malformed_corpus.py): every file is streamed from disk and must produce exactly
 * the listed problems (line, column, severity, reason substring), in order, without throwing.
 */
import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSeries, type ReadOptions } from '../../shared/parse';

interface Expected {
  line?: number;
  column?: string;
  severity?: 'error' | 'warning';
  reason: string;
}

interface Case {
  file: string;
  ok: boolean;
  problems: Expected[];
  options?: Omit<ReadOptions, 'file'>;
  /** Extra checks on a file that parses. */
  series?: Array<{ id: string; dates: string[]; values: number[] }>;
}

const e = (line: number | undefined, column: string | undefined, reason: string): Expected => ({ line, column, severity: 'error', reason });
const w = (line: number | undefined, column: string | undefined, reason: string): Expected => ({ line, column, severity: 'warning', reason });

const CASES: Case[] = [
  // encodings
  { file: 'latin1.csv', ok: false, problems: [e(2, undefined, 'invalid UTF-8 (byte 0xE9'), e(3, undefined, 'invalid UTF-8')] },
  { file: 'utf8-bom.csv', ok: true, problems: [], series: [{ id: 'utf8-bom', dates: ['2020-01-01', '2020-02-01'], values: [1, 2] }] },
  { file: 'utf16.csv', ok: false, problems: [e(1, undefined, 'UTF-16')] },
  // delimiters
  { file: 'semicolon.csv', ok: true, problems: [], series: [{ id: 'A', dates: ['2020-01-01', '2020-02-01'], values: [1.5, 2] }] },
  { file: 'tab.tsv', ok: true, problems: [], series: [{ id: 'A', dates: ['2020-01-01', '2020-01-02'], values: [1, 2] }] },
  { file: 'pipe.txt', ok: true, problems: [], series: [{ id: 'A', dates: ['2020-01-01T00:00:00Z', '2020-01-01T01:00:00Z'], values: [1, 2] }] },
  // quoting
  { file: 'unbalanced-quotes.csv', ok: false, problems: [e(3, undefined, 'unterminated quoted field')] },
  { file: 'quote-garbage.csv', ok: false, problems: [e(2, undefined, 'unexpected character "x" after a closing quote')] },
  {
    file: 'crlf-quoted.csv', ok: true, problems: [],
    series: [
      { id: 'A, north', dates: ['2020-01-01', '2020-02-01'], values: [1, 3] },
      { id: 'B "quoted"\r\nline', dates: ['2020-01-01'], values: [2] },
    ],
  },
  // structure
  { file: 'empty.csv', ok: false, problems: [e(undefined, undefined, 'the file is empty')] },
  { file: 'blank-lines.csv', ok: false, problems: [e(undefined, undefined, 'the file is empty')] },
  { file: 'header-only.csv', ok: false, problems: [e(1, undefined, 'header but no data rows')] },
  { file: 'one-column.csv', ok: false, problems: [e(1, undefined, 'only one column found')] },
  {
    file: 'ragged.csv', ok: false,
    problems: [
      e(3, undefined, 'expected 3 fields (as in the header) but found 2'),
      e(4, undefined, 'expected 3 fields (as in the header) but found 4'),
      e(6, 'date', 'lines 5 and 6'),
    ],
  },
  {
    file: 'missing-value-column.csv', ok: false,
    problems: [e(1, undefined, "no value column: columns found: 'date', 'amount'; accepted names (case-insensitive): 'value', 'y', 'demand', 'sales', 'units'")],
  },
  { file: 'missing-time-column.csv', ok: false, problems: [e(1, undefined, "no time column: columns found: 'when', 'value'; accepted names (case-insensitive): 'date', 'ds', 'timestamp'")] },
  {
    // A single date gives no frequency, so one is set: this case tests the column option only.
    file: 'missing-time-column.csv', ok: true, options: { columns: { time: 'WHEN' }, frequency: 'daily' }, problems: [],
    series: [{ id: 'missing-time-column', dates: ['2020-01-01'], values: [1] }],
  },
  { file: 'missing-value-column.csv', ok: false, options: { columns: { value: 'qty' } }, problems: [e(1, 'qty', "value column 'qty' (from the options) not found; columns found: 'date', 'amount'")] },
  { file: 'no-header.csv', ok: false, problems: [e(1, undefined, 'needs a header row'), e(1, undefined, 'no value column')] },
  {
    file: 'unknown-columns.csv', ok: true,
    problems: [w(1, 'store', "unknown column 'store' ignored"), w(1, 'comment', "unknown column 'comment' ignored")],
  },
  // values
  {
    file: 'non-numeric.csv', ok: false,
    problems: [e(3, 'value', "non-numeric value 'abc'"), e(4, 'value', "use '.' as the decimal separator"), e(5, 'value', "non-numeric value '0x10'")],
  },
  {
    file: 'nan-infinity.csv', ok: false,
    problems: [
      e(2, 'value', "'NaN' is not allowed as a value; leave the field empty for a missing value"),
      e(3, 'value', "'Infinity' is not allowed"),
      e(4, 'value', "'-inf' is not allowed"),
      e(6, 'value', "non-numeric value 'NA'; leave the field empty"),
    ],
  },
  {
    file: 'huge-numbers.csv', ok: false,
    problems: [e(2, 'value', "value '1e400' is out of range"), w(3, 'value', 'exceeds 1e+15'), w(4, 'value', 'exceeds 1e+15')],
  },
  { file: 'empty-id.csv', ok: false, problems: [e(2, 'series_id', 'empty series id'), e(3, 'series_id', 'empty series id')] },
  // dates
  { file: 'mixed-dates.csv', ok: false, problems: [e(3, 'date', "mixed date formats: '2020-02' is YYYY-MM but line 2 has '2020-01-01' (YYYY-MM-DD)")] },
  {
    file: 'us-dates.csv', ok: false,
    problems: [e(2, 'date', "ambiguous date '03/04/2020'"), e(3, 'date', "ambiguous date '03/05/2020'")],
  },
  { file: 'invalid-date.csv', ok: false, problems: [e(3, 'date', 'day 30 does not exist in 2020-02')] },
  { file: 'duplicates.csv', ok: false, problems: [e(4, 'date', "duplicate time for series 'A': lines 2 and 4")] },
  {
    file: 'duplicates.csv', ok: true, options: { duplicates: 'sum' }, problems: [],
    series: [{ id: 'A', dates: ['2020-01-01', '2020-02-01'], values: [4, 2] }, { id: 'B', dates: ['2020-01-01'], values: [4] }],
  },
  { file: 'irregular.csv', ok: false, problems: [e(2, undefined, 'cannot infer the frequency: the dates (median spacing 0.25 hours)')] },
  {
    file: 'irregular.csv', ok: true, options: { frequency: 'hourly', duplicates: 'sum' }, problems: [],
    series: [{ id: 'irregular', dates: ['2020-01-01T00:00:00Z'], values: [6] }],
  },
  { file: 'mixed-frequency.csv', ok: false, problems: [e(undefined, undefined, "'A' is monthly, 'B' is daily")] },
  // JSON
  {
    file: 'bad-json.json', ok: false,
    problems: [
      e(3, undefined, 'JSON syntax error: Expected double-quoted property name'),
      e(4, undefined, "JSON syntax error: Expected ',' or '}'"),
      e(9, undefined, 'JSON syntax error'), // element starts on line 6, the stray comma is noticed at the '}' on line 9
    ],
  },
  { file: 'not-array.json', ok: false, problems: [e(1, undefined, 'expected a JSON array of objects')] },
  {
    file: 'array-of-numbers.json', ok: false,
    problems: [e(1, undefined, 'got a number'), e(1, undefined, 'got a number'), e(2, undefined, 'got a number')],
  },
  { file: 'truncated.json', ok: false, problems: [e(3, undefined, 'unexpected end of file inside the element that starts on line 3')] },
  { file: 'missing-comma.json', ok: false, problems: [e(2, undefined, "expected ',' or ']' after the element that starts on line 1")] },
  {
    file: 'json-value-types.json', ok: false,
    problems: [e(3, 'y', 'expected a number, got a boolean'), e(4, 'y', 'missing value field'), e(6, 'y', 'out of range')],
  },
  { file: 'empty-array.json', ok: false, problems: [e(1, undefined, 'the JSON array is empty')] },
  {
    file: 'jsonl-bad-line.jsonl', ok: false,
    problems: [e(2, undefined, 'JSON syntax error'), e(5, undefined, 'expected an object')],
  },
];

describe('malformed corpus', () => {
  it('covers at least 30 files', () => {
    expect(new Set(CASES.map((c) => c.file)).size).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES.map((c) => [`${c.file} ${JSON.stringify(c.options ?? {})}`, c] as const))('%s', async (_name, c) => {
    const result = await readSeries(createReadStream(new URL(`../fixtures/malformed/${c.file}`, import.meta.url)), {
      file: c.file,
      ...c.options,
    });
    const got = result.problems.map((p) => ({ line: p.line, column: p.column, severity: p.severity, reason: p.reason }));
    expect(got.length, JSON.stringify(got, null, 1)).toBe(c.problems.length);
    c.problems.forEach((want, i) => {
      const p = got[i]!;
      expect(p.reason, `problem ${i}`).toContain(want.reason);
      expect({ line: p.line, column: p.column, severity: p.severity }, `problem ${i}: ${p.reason}`).toEqual({
        line: want.line,
        column: want.column,
        severity: want.severity,
      });
      expect(result.problems[i]!.file).toBe(c.file);
    });
    expect(result.ok).toBe(c.ok);
    if (!c.ok) expect(result.series).toEqual([]);
    if (c.series) {
      expect(result.series.map((s) => ({ id: s.id, dates: s.dates, values: Array.from(s.values) }))).toEqual(c.series);
    }
  });
});
