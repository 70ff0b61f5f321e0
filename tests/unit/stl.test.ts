/**
 * STL against statsmodels 0.13.5 (`scripts/fixtures/stl_statsmodels.py` → tests/fixtures/stl/*.json):
 * real series (tourism M1, M288, Q194, Q68; co2; elec_equip), a long synthetic one, and small corner cases.
 *
 * Criterion, per component c ∈ {trend, seasonal, resid, weights}:
 *   max_i |ours_i − ref_i| / max(max_i |ref_i|, 1e-12) ≤ 1e-6
 * (fixture outputs are rounded to 12 significant digits, so the floor of what can be checked is ~1e-12).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DecompositionError, resolveStlOptions, stlDecompose, type StlOptions } from '../../shared/decompose';

interface StlCase {
  label: string;
  options: Omit<StlOptions, 'period'>;
  statsmodelsConfig: Record<string, number | boolean>;
  trend: number[];
  seasonal: number[];
  weights: number[] | null;
}
interface StlFixture {
  name: string;
  period: number;
  y: number[];
  cases: StlCase[];
}

const dir = join(__dirname, '..', 'fixtures', 'stl');
const fixtures: StlFixture[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && f !== 'edge_cases.json')
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as StlFixture);

/** max |a − b| / max(max |b|, 1e-12). */
function relativeError(actual: Float64Array, expected: ArrayLike<number>): number {
  let diff = 0;
  let scale = 1e-12;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return diff / scale;
}

const TOL = 1e-6;

describe('stlDecompose matches statsmodels STL', () => {
  it('covers >= 4 tourism series, co2 and non-default parameters', () => {
    const names = fixtures.map((f) => f.name);
    expect(names.filter((n) => n.startsWith('tourism_M')).length).toBeGreaterThanOrEqual(2);
    expect(names.filter((n) => n.startsWith('tourism_Q')).length).toBeGreaterThanOrEqual(2);
    expect(names).toContain('co2');
    const labels = fixtures.flatMap((f) => f.cases.map((c) => c.label));
    expect(labels).toEqual(expect.arrayContaining(['default', 'robust', 'jumps', 'seasonal13', 'deg0']));
  });

  for (const fx of fixtures) {
    for (const c of fx.cases) {
      it(`${fx.name} / ${c.label}`, () => {
        const y = Float64Array.from(fx.y);
        const options: StlOptions = { period: fx.period, ...c.options };
        const resolved = resolveStlOptions(options);
        const cfg = c.statsmodelsConfig;
        expect([resolved.seasonal, resolved.trend, resolved.lowPass]).toEqual([cfg.seasonal, cfg.trend, cfg.low_pass]);
        const res = stlDecompose(y, options);
        const resid = fx.y.map((v, i) => v - c.trend[i]! - c.seasonal[i]!);
        expect(relativeError(res.trend, c.trend)).toBeLessThanOrEqual(TOL);
        expect(relativeError(res.seasonal, c.seasonal)).toBeLessThanOrEqual(TOL);
        expect(relativeError(res.resid, resid)).toBeLessThanOrEqual(TOL);
        if (c.weights) expect(relativeError(res.weights, c.weights)).toBeLessThanOrEqual(TOL);
        else expect(res.weights.every((w) => w === 1)).toBe(true);
      });
    }
  }
});

interface EdgeCase {
  period: number;
  options: Omit<StlOptions, 'period'>;
  y: number[];
  trend: number[];
  seasonal: number[];
  weights: number[] | null;
}

describe('stlDecompose matches statsmodels on corner cases (edge_cases.json)', () => {
  const { cases } = JSON.parse(readFileSync(join(dir, 'edge_cases.json'), 'utf8')) as { cases: EdgeCase[] };
  it('has the corner cases', () => expect(cases.length).toBeGreaterThanOrEqual(12));
  for (const c of cases) {
    it(`period ${c.period}, n ${c.y.length}, ${JSON.stringify(c.options)}`, () => {
      const res = stlDecompose(Float64Array.from(c.y), { period: c.period, ...c.options });
      expect(relativeError(res.trend, c.trend)).toBeLessThanOrEqual(TOL);
      expect(relativeError(res.seasonal, c.seasonal)).toBeLessThanOrEqual(TOL);
      if (c.weights) expect(relativeError(res.weights, c.weights)).toBeLessThanOrEqual(TOL);
    });
  }
});
