/**
 * Positive behaviour of the input reader: formats, aliases, regularisation (gaps, duplicates,
 * canonical dates), chunk-boundary independence, the canonical CSV writer and the problem cap.
 * Tourism samples are checked against the regular series pandas builds (scripts/fixtures/parse_tourism_sample.py).
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatSeriesCsv, MAX_PROBLEMS, readSeries, readSeriesFromString, type ParseResult, type ReadOptions } from '../../shared/parse';
import type { Series } from '../../shared/types';

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/parse/${name}`, import.meta.url));

/** Deterministic pseudo-random chunking of bytes (Park–Miller LCG), sizes 1..maxSize. */
function* chunked(bytes: Uint8Array, seed: number, maxSize: number): Generator<Uint8Array> {
  let state = seed;
  for (let i = 0; i < bytes.length; ) {
    state = (state * 48271) % 2147483647;
    const size = 1 + (state % maxSize);
    yield bytes.subarray(i, i + size);
    i += size;
  }
}

function plain(result: ParseResult): Array<{ id: string; frequency: string; dates: string[]; values: Array<number | null> }> {
  return result.series.map((s) => ({
    id: s.id,
    frequency: s.frequency,
    dates: s.dates,
    values: Array.from(s.values, (v) => (Number.isNaN(v) ? null : v)),
  }));
}

async function read(text: string, options: ReadOptions): Promise<ParseResult> {
  return readSeriesFromString(text, options);
}

describe('tourism samples vs pandas asfreq', () => {
  const expected = JSON.parse(fixture('tourism-expected.json').toString('utf8')) as {
    files: Record<string, { frequency: string; series: Array<{ id: string; dates: string[]; values: Array<number | null> }> }>;
  };

  it.each(Object.keys(expected.files))('%s (shuffled rows, gaps, aliases, non-day date formats)', async (name) => {
    const want = expected.files[name]!;
    const bytes = fixture(name);
    const whole = await readSeries(Readable.from([bytes]), { file: `raw/tourism/${name}` });
    expect(whole.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(whole.ok).toBe(true);
    expect(whole.frequency).toBe(want.frequency);
    // Values compared exactly (tolerance 0): both sides parse the same decimal text to the nearest double.
    expect(plain(whole)).toEqual(want.series.map((s) => ({ ...s, frequency: want.frequency })));
    const gaps = want.series.reduce((n, s) => n + s.values.filter((v) => v === null).length, 0);
    expect(gaps).toBeGreaterThan(0);
    expect(whole.problems).toEqual([expect.objectContaining({ severity: 'warning', reason: expect.stringContaining(`filled ${gaps} missing`) })]);
    // Same result whatever the chunk boundaries.
    const pieces = await readSeries(chunked(bytes, 11, 7) as unknown as AsyncIterable<Uint8Array>, { file: name });
    expect(plain(pieces)).toEqual(plain(whole));
  });
});

describe('formats and columns', () => {
  const rows = [
    ['A', '2020-01-01', '1'],
    ['A', '2020-02-01', '2'],
    ['B', '2020-01-01', '3.5'],
  ];
  const expectAB = (r: ParseResult) => {
    expect(r.problems).toEqual([]);
    expect(plain(r)).toEqual([
      { id: 'A', frequency: 'monthly', dates: ['2020-01-01', '2020-02-01'], values: [1, 2] },
      { id: 'B', frequency: 'monthly', dates: ['2020-01-01'], values: [3.5] },
    ]);
  };
  const csv = `series_id,date,value\n${rows.map((r) => r.join(',')).join('\n')}\n`;
  const objects = rows.map(([id, date, value]) => ({ series_id: id, date, value: Number(value) }));
  const json = `[\n${objects.map((o) => JSON.stringify(o)).join(',\n')}\n]`;
  const jsonl = `${objects.map((o) => JSON.stringify(o)).join('\n')}\n`;

  it.each([
    ['d.csv', csv, undefined],
    ['d.tsv', csv.replaceAll(',', '\t'), undefined],
    ['d.json', json, undefined],
    ['d.jsonl', jsonl, undefined],
    ['d.ndjson', jsonl, undefined],
    ['d', json, undefined], // sniffed: '['
    ['d', `\n  ${jsonl}`, undefined], // sniffed: '{'
    ['d.txt', csv.replaceAll(',', '|'), undefined], // sniffed CSV, '|'
    ['d.dat', jsonl, 'jsonl' as const], // forced
    ['d.json', csv, 'csv' as const], // option beats extension
  ])('%s', async (file, text, format) => {
    const r = await read(text, { file, format });
    expectAB(r);
    expect(r.rows).toBe(3);
    expect(r.columns).toEqual({ id: 'series_id', time: 'date', value: 'value' });
  });

  it.each([
    ['series_id', 'date', 'value'], ['UNIQUE_ID', 'DS', 'Y'], ['Item_Id', 'Timestamp', 'Demand'],
    ['sku', 'date', 'Sales'], ['sku', 'date', 'units'],
  ])('aliases %s / %s / %s, case-insensitive', async (id, time, value) => {
    const r = await read(`${id},${time},${value}\n${rows.map((x) => x.join(',')).join('\n')}`, { file: 'x.csv' });
    expectAB(r);
    expect(r.columns).toEqual({ id, time, value });
  });

  it('columns from options override aliases; a file without id column is one series named after the file', async () => {
    const text = 'when;qty;value;store\n2020-01-01;5;99;x\n2020-01-02;6;99;x\n';
    const r = await read(text, { file: 'raw/shop/sales-2020.csv', columns: { time: 'When', value: 'QTY' } });
    expect(r.columns).toEqual({ time: 'when', value: 'qty' });
    expect(plain(r)).toEqual([{ id: 'sales-2020', frequency: 'daily', dates: ['2020-01-01', '2020-01-02'], values: [5, 6] }]);
    expect(r.problems.map((p) => p.column)).toEqual(['value', 'store']); // both ignored, with a warning
    const unnamed = await read('date,value\n2020,1\n2021,2\n', { file: '' });
    expect(unnamed.series[0]!.id).toBe('series');
  });

  it('JSON members may be numbers, numeric strings or null; numeric ids become strings', async () => {
    const r = await read('[{"sku": 7, "ds": "2020-01", "y": "1.5"}, {"sku": 7, "ds": "2020-02", "y": null}, {"sku": 7, "ds": "2020-03", "y": -2}]', { file: 'n.json' });
    expect(plain(r)).toEqual([{ id: '7', frequency: 'monthly', dates: ['2020-01-01', '2020-02-01', '2020-03-01'], values: [1.5, null, -2] }]);
    expect(r.problems).toEqual([]); // an explicit missing value is not a gap
  });

  it('accepts a Node Readable of Buffers, CRLF, a BOM, quoted fields and blank lines', async () => {
    const text = '\uFEFFsku,date,value\r\n"A,1",2020-01-01,"1"\r\n\r\n"A,1",2020-01-02,2\r\n';
    const r = await readSeries(Readable.from([Buffer.from(text)]), { file: 'q.csv' });
    expect(plain(r)).toEqual([{ id: 'A,1', frequency: 'daily', dates: ['2020-01-01', '2020-01-02'], values: [1, 2] }]);
  });
});

describe('regularisation', () => {
  it('sorts, fills gaps with NaN and reports how many were filled', async () => {
    const r = await read('series_id,date,value\nA,2020-05-01,5\nA,2020-01-01,1\nB,2020-01-01,1\nA,2020-02-01,\nB,2020-03-01,3\n', { file: 'g.csv' });
    expect(plain(r)).toEqual([
      { id: 'A', frequency: 'monthly', dates: ['2020-01-01', '2020-02-01', '2020-03-01', '2020-04-01', '2020-05-01'], values: [1, null, null, null, 5] },
      { id: 'B', frequency: 'monthly', dates: ['2020-01-01', '2020-02-01', '2020-03-01'], values: [1, null, 3] },
    ]);
    expect(r.ok).toBe(true);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.reason).toContain("filled 3 missing monthly periods with empty (NaN) values in 2 series ('A': 2, 'B': 1)");
  });

  it('duplicates: sum adds non-missing values, last keeps the later line, reject names both lines', async () => {
    const text = 'sku,date,value\nA,2020-01-01,1\nA,2020-01-01,\nA,2020-01-02,2\nA,2020-01-01,10\nA,2020-01-02,\n';
    expect(plain(await read(text, { file: 'd.csv', duplicates: 'sum' }))[0]!.values).toEqual([11, 2]);
    expect(plain(await read(text, { file: 'd.csv', duplicates: 'last' }))[0]!.values).toEqual([10, null]);
    const rejected = await read(text, { file: 'd.csv' });
    expect(rejected.ok).toBe(false);
    expect(rejected.problems.map((p) => [p.line, p.reason.match(/lines \d+ and \d+/)![0]])).toEqual([
      [3, 'lines 2 and 3'], [5, 'lines 3 and 5'], [6, 'lines 4 and 6'],
    ]);
  });

  it.each([
    ['hourly', ['2020-03-29T00:00:00+01:00', '2020-03-29T01:00:00Z', '2020-03-29T04:00:00+02:00'], ['2020-03-28T23:00:00Z', '2020-03-29T00:00:00Z', '2020-03-29T01:00:00Z', '2020-03-29T02:00:00Z']],
    ['daily', ['2020-02-28', '2020-03-01'], ['2020-02-28', '2020-02-29', '2020-03-01']],
    ['weekly', ['2020-01-08', '2020-01-22', '2020-01-15'], ['2020-01-08', '2020-01-15', '2020-01-22']], // Wednesdays stay Wednesdays
    ['monthly', ['2020-01-15', '2020-03-15'], ['2020-01-01', '2020-02-01', '2020-03-01']],
    ['monthly', ['2019-12-31', '2020-02-29', '2020-01-31'], ['2019-12-01', '2020-01-01', '2020-02-01']], // month ends
    ['quarterly', ['2019-12-31', '2020-03-31', '2020-09-30'], ['2019-10-01', '2020-01-01', '2020-04-01', '2020-07-01']],
    ['quarterly', ['2020-Q2', '2020-Q3'], ['2020-04-01', '2020-07-01']],
    ['yearly', ['2019-07-01', '2021-07-01'], ['2019-01-01', '2020-01-01', '2021-01-01']],
    ['yearly', ['1999', '2000'], ['1999-01-01', '2000-01-01']],
  ])('infers %s and normalises %j', async (frequency, dates, canonical) => {
    const r = await read(`date,value\n${dates.map((d, i) => `${d},${i}`).join('\n')}`, { file: 'f.csv' });
    expect(r.frequency).toBe(frequency);
    expect(r.series[0]!.dates).toEqual(canonical);
    expect(r.series[0]!.frequency).toBe(frequency);
    expect(r.ok).toBe(true);
  });

  it('a single date per series: frequency from YYYY-MM / YYYY-Qn / YYYY, else from the option, else rejected', async () => {
    expect((await read('sku,date,value\nA,2020-03,1\nB,2020-04,2\n', { file: 'a.csv' })).frequency).toBe('monthly');
    expect((await read('date,value\n2020-Q3,1\n', { file: 'a.csv' })).series[0]!.dates).toEqual(['2020-07-01']);
    const bad = await read('date,value\n2020-03-05,1\n', { file: 'a.csv' });
    expect(bad.ok).toBe(false);
    expect(bad.problems[0]!.reason).toContain('no series has two different dates');
    expect((await read('date,value\n2020-03-05,1\n', { file: 'a.csv', frequency: 'weekly' })).series[0]!.dates).toEqual(['2020-03-05']);
  });

  it('the frequency option aggregates finer data onto its grid', async () => {
    const days = Array.from({ length: 60 }, (_, i) => `2020-01-${String(1 + (i % 31)).padStart(2, '0')}`);
    const text = `date,value\n${Array.from({ length: 31 }, (_, i) => `${days[i]},1`).join('\n')}\n2020-02-10,5\n2020-02-11,6\n`;
    const r = await read(text, { file: 'a.csv', frequency: 'monthly', duplicates: 'sum' });
    expect(plain(r)[0]).toEqual({ id: 'a', frequency: 'monthly', dates: ['2020-01-01', '2020-02-01'], values: [31, 11] });
  });

  it('rejects a span that would explode the grid (a mistyped year on hourly data)', async () => {
    const r = await read('date,value\n2020-01-01T00:00:00Z,1\n2020-01-01T01:00:00Z,2\n3020-01-01T00:00:00Z,3\n', { file: 'h.csv' });
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ line: 4, reason: expect.stringContaining("would span 8765809 hourly periods (2020-01-01T00:00:00Z to 3020-01-01T00:00:00Z)") });
  });
});

describe('chunk boundaries', () => {
  const csv =
    'series_id,date,value\r\n"Café ☕, ""north""",2020-01-01,1.5\r\n"multi\nline 𝄞",2020-01-01,2\r\n' +
    '"Café ☕, ""north""",2020-02-01,\r\n"multi\nline 𝄞",2020-02-01,-3e-7\r\nplain,2020-01-01,4\r\nplain,2020-03-01,5';
  const json = '[\n {"sku": "é\\"x", "ds": "2020-01-01", "y": 1},\n {"sku": "ü[]{}", "ds": "2020-01-02", "y": 2.5e3},\n\t{"sku": "é\\"x", "ds": "2020-01-02", "y": null}\n]';
  const jsonl = '{"sku": "é", "ds": "2020-01-01", "y": 1}\r\n\n{"sku": "é", "ds": "2020-01-03", "y": 2}';

  it.each([
    ['c.csv', csv],
    ['j.json', json],
    ['l.jsonl', jsonl],
  ])('%s parses the same split into 1..N byte pieces (multi-byte characters cut)', async (file, text) => {
    const bytes = new TextEncoder().encode(text);
    const whole = await readSeries(Readable.from([bytes]), { file });
    expect(whole.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(whole.series.length).toBeGreaterThanOrEqual(1);
    for (const [seed, max] of [[1, 1], [2, 2], [3, 3], [5, 5], [7, 17], [9, 64]] as const) {
      const split = await readSeries(chunked(bytes, seed, max) as unknown as AsyncIterable<Uint8Array>, { file });
      expect(plain(split), `seed ${seed} max ${max}`).toEqual(plain(whole));
      expect(split.problems).toEqual(whole.problems);
    }
  });

  it('CSV content check: quoted ids with quotes, commas, newlines and astral characters', async () => {
    const r = await read(csv, { file: 'c.csv' });
    expect(plain(r)).toEqual([
      { id: 'Café ☕, "north"', frequency: 'monthly', dates: ['2020-01-01', '2020-02-01'], values: [1.5, null] },
      { id: 'multi\nline 𝄞', frequency: 'monthly', dates: ['2020-01-01', '2020-02-01'], values: [2, -3e-7] },
      { id: 'plain', frequency: 'monthly', dates: ['2020-01-01', '2020-02-01', '2020-03-01'], values: [4, null, 5] },
    ]);
  });

  it('line numbers count line breaks inside quoted fields', async () => {
    const r = await read('sku,date,value\n"a\nb\nc",2020-01-01,x\nd,2020-01-01,y\n', { file: 'l.csv' });
    expect(r.problems.map((p) => p.line)).toEqual([2, 5]);
  });
});

describe('formatSeriesCsv', () => {
  const series: Series[] = [
    { id: 'plain', frequency: 'monthly', dates: ['2020-01-01', '2020-02-01'], values: Float64Array.from([0.1 + 0.2, NaN]) },
    { id: 'a,"b"', frequency: 'monthly', dates: ['2020-01-01'], values: Float64Array.from([-1e-7]) },
    { id: ' padded', frequency: 'monthly', dates: ['2020-01-01'], values: Float64Array.from([123456789012345.6]) },
  ];

  it('writes canonical long CSV: quoted ids when needed, empty NaN, shortest round-trip numbers', () => {
    expect(formatSeriesCsv(series)).toBe(
      'series_id,date,value\nplain,2020-01-01,0.30000000000000004\nplain,2020-02-01,\n"a,""b""",2020-01-01,-1e-7\n" padded",2020-01-01,123456789012345.6\n',
    );
    expect(formatSeriesCsv([])).toBe('series_id,date,value\n');
  });

  it('round-trips through readSeries bit for bit', async () => {
    const r = await read(formatSeriesCsv(series), { file: 'out.csv' });
    expect(r.ok).toBe(true);
    const byId = new Map(r.series.map((s) => [s.id, s]));
    for (const s of series) {
      const back = byId.get(s.id)!;
      expect(back.dates).toEqual(s.dates);
      expect(Array.from(back.values)).toEqual(Array.from(s.values)); // toEqual treats NaN = NaN; exact otherwise
    }
  });
});

describe('problem cap', () => {
  it(`keeps at most ${MAX_PROBLEMS} problems, the last one counting the suppressed ones`, async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `2020-01-${String(1 + (i % 28)).padStart(2, '0')},bad${i}`);
    const r = await read(`date,value\n${lines.join('\n')}\n2020-02-01,1\n`, { file: 'many.csv' });
    expect(r.ok).toBe(false);
    expect(r.problems).toHaveLength(MAX_PROBLEMS);
    expect(r.problems[998]).toMatchObject({ line: 1000, reason: "non-numeric value 'bad998'" });
    expect(r.problems[999]).toMatchObject({ severity: 'error', reason: expect.stringContaining('4001 more problems suppressed (4001 errors, 0 warnings)') });
    expect(r.rows).toBe(5001);
  });
});

describe('incremental readers (no whole-file buffering)', () => {
  it('the CSV record reader emits records while chunks arrive and bounds an unterminated quote', async () => {
    const { CsvRecords } = await import('../../shared/parse/csv-records');
    const seen: Array<[string, number]> = [];
    const errors: Array<[string, number]> = [];
    const tok = new CsvRecords(',', (f, line) => seen.push([f.join('|'), line]), (reason, line) => errors.push([reason, line]), 4096);
    for (let i = 0; i < 1000; i++) tok.push(`r${i},${i}\n`);
    // Emitted before end(), but csv-parse keeps a chunk's last bytes (a possible CRLF) for the next chunk.
    expect(seen).toHaveLength(999);
    expect(seen.at(-1)).toEqual(['r998|998', 999]);
    tok.push('"open,1\n');
    for (let i = 0; i < 1000; i++) tok.push(`after${i},x\n`); // 10 kB with the quote never closed
    tok.end();
    expect(errors[0]).toEqual([expect.stringContaining('longer than 4096 characters'), 1001]);
    expect(seen.at(-1)).toEqual(['after999|x', 2001]); // resynchronised on the next line
    expect(seen.length).toBeGreaterThan(1900);
  });

  it('the JSON array splitter emits elements while chunks arrive', async () => {
    const { JsonArraySplitter } = await import('../../shared/parse/json-array-splitter');
    const seen: Array<[string, number]> = [];
    const splitter = new JsonArraySplitter((text, line) => seen.push([text, line]), (reason) => {
      throw new Error(reason);
    });
    splitter.push('[');
    for (let i = 0; i < 500; i++) splitter.push(`${i ? ',' : ''}\n{"a": "x]}\\"${i}", "b": [1, {"c": ${i}}]}`);
    expect(seen).toHaveLength(500); // each object is emitted at its closing brace
    splitter.push(', 7, "s", null\n]');
    splitter.end();
    expect(seen).toHaveLength(503);
    expect(JSON.parse(seen[42]![0])).toEqual({ a: 'x]}"42', b: [1, { c: 42 }] });
    expect(seen[42]![1]).toBe(44); // "[" on line 1, element i on line i + 2
    expect(seen.slice(500).map(([t]) => t)).toEqual(['7', '"s"', 'null']);
  });
});

describe('invalid UTF-8 across chunk boundaries', () => {
  it('names the same lines, bytes and values whatever the chunking', async () => {
    const latin1 = readFileSync(new URL('../fixtures/malformed/latin1.csv', import.meta.url));
    const whole = await readSeries(Readable.from([latin1]), { file: 'latin1.csv' });
    expect(whole.problems.map((p) => [p.line, p.value])).toEqual([[2, 'Caf\uFFFD,2020-01-01,1'], [3, 'Caf\uFFFD,2020-02-01,2']]);
    for (const max of [1, 2, 5]) {
      const split = await readSeries(chunked(latin1, 3, max) as unknown as AsyncIterable<Uint8Array>, { file: 'latin1.csv' });
      expect(split.problems).toEqual(whole.problems);
    }
  });
});
