/**
 * Ensemble weights fitted on the backtest: the convex combination of member forecasts (weights on
 * a grid of step 0.1 over the simplex) with the lowest mean MASE over series and backtest origins.
 *
 * Needs at least `minCases` (series × origin) cases. With three members the grid has 66 points,
 * so the weights cannot chase noise much; they are
 * fitted on the same windows the candidates are scored on, so the weighted ensemble's backtest
 * score is slightly optimistic (documented in the report).
 */
import type { ForecastSet } from './candidates';
import { maseScale, type Observation } from './scoring';

export function simplexGrid(members: number, step = 0.1): number[][] {
  const n = Math.round(1 / step);
  const out: number[][] = [];
  const rec = (prefix: number[], left: number) => {
    if (prefix.length === members - 1) {
      out.push([...prefix, left].map((k) => k / n));
      return;
    }
    for (let k = 0; k <= left; k++) rec([...prefix, k], left - k);
  };
  rec([], n);
  return out;
}

export function fitEnsembleWeights(
  originSets: { set: ForecastSet; obs: Map<string, Observation> }[],
  members: string[],
  step = 0.1,
  minCases = 60,
): { weights: number[]; mase: number } | undefined {
  // Gather, per (origin, series), the members' point forecasts, the actuals and the MASE scale.
  const cases: { f: Float64Array[]; y: Float64Array; scale: number }[] = [];
  for (const { set, obs } of originSets) {
    const sets = members.map((m) => set.get(m));
    if (sets.some((s) => !s)) return undefined;
    for (const [id, o] of obs) {
      const f = sets.map((s) => s!.get(id)?.mean);
      if (f.some((x) => !x)) continue;
      const scale = maseScale(o.insample, o.period);
      if (!(scale > 0)) continue;
      cases.push({ f: f as Float64Array[], y: o.actual, scale });
    }
  }
  // Too few (series × origin) cases and the weights would fit noise: leave it to equal weights.
  if (cases.length < Math.max(1, minCases)) return undefined;
  let best: { weights: number[]; mase: number } | undefined;
  for (const w of simplexGrid(members.length, step)) {
    let total = 0;
    for (const c of cases) {
      let err = 0;
      let n = 0;
      const h = Math.min(c.y.length, c.f[0]!.length);
      for (let t = 0; t < h; t++) {
        const y = c.y[t]!;
        if (Number.isNaN(y)) continue;
        let p = 0;
        for (let j = 0; j < w.length; j++) p += w[j]! * c.f[j]![t]!;
        err += Math.abs(y - p);
        n++;
      }
      if (n > 0) total += err / n / c.scale;
    }
    const mase = total / cases.length;
    if (!best || mase < best.mase - 1e-12) best = { weights: w, mase };
  }
  return best;
}
