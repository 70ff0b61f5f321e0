/**
 * The row schema (shared/schemas/input.ts) is the contract and the source of every row message;
 * the reader's fast path must accept exactly the rows the schema accepts and give the same values.
 */
import { describe, expect, it } from 'vitest';
import { readSeriesFromString } from '../../shared/parse';
import { InputRowSchema } from '../../shared/schemas/input';

const TIMES = ['2020-01-01', '2020-02-30', '03/04/2020', '', '  ', '2020-13', 'soon', '2020-01-01T00:00:00', 7, 2020, 2020.5, null, true];
const VALUES = ['1', ' 2.5 ', '-3e2', '+.5', '', 'NaN', 'inf', '-Infinity', '1e400', '-2e15', 'NA', '1,5', '0x1F', '1_000', '--1', '1e', '.', 42, null, false, {}, [1]];
const IDS = ['A', '', '   ', ' B ', 12, 1.5, null, {}, true];

describe('InputRowSchema vs the reader fast path', () => {
  it('accepts/rejects the same JSON rows with the same messages and values', async () => {
    let accepted = 0;
    let rejected = 0;
    for (const id of IDS) {
      for (const time of TIMES) {
        for (const value of VALUES) {
          // What the reader sees after JSON encoding (-0 → 0, Infinity → null, undefined dropped).
          const row = JSON.parse(JSON.stringify({ sku: id, date: time, value })) as Record<string, unknown>;
          const label = JSON.stringify(row);
          const schema = InputRowSchema.safeParse({ id: row.sku ?? null, time: row.date, value: row.value });
          const r = await readSeriesFromString(`[\n${JSON.stringify(row)}\n]`, { file: 'x.json', frequency: 'daily' });
          const rowProblems = r.problems.filter((p) => p.severity === 'error');
          expect(rowProblems.every((p) => p.line === 2), label).toBe(true);
          if (schema.success) {
            accepted++;
            expect(rowProblems, label).toEqual([]);
            const s = r.series.find((x) => x.id === schema.data.id)!;
            expect(s, label).toBeDefined();
            expect(Object.is(s.values[0], schema.data.value) || (Number.isNaN(s.values[0]) && Number.isNaN(schema.data.value)), label).toBe(true);
          } else {
            rejected++;
            expect(rowProblems.map((p) => p.reason), label).toEqual(schema.error.issues.map((i) => i.message));
          }
        }
      }
    }
    expect(accepted).toBeGreaterThan(20);
    expect(rejected).toBeGreaterThan(500);
  });

  it('gives the messages users see', () => {
    const r = InputRowSchema.safeParse({ time: '03/04/2020', value: 'NaN' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['time', "ambiguous date '03/04/2020': day/month order cannot be known; write dates as ISO 8601 YYYY-MM-DD"],
      ['value', "'NaN' is not allowed as a value; leave the field empty for a missing value"],
    ]);
    const ok = InputRowSchema.parse({ id: 'A', time: '2020-01', value: '' });
    expect(ok.id).toBe('A');
    expect(ok.time).toEqual({ format: 'month', wall: Date.UTC(2020, 0, 1), offsetMinutes: 0 });
    expect(ok.value).toBeNaN();
  });
});
