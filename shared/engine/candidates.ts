/**
 * Forecast sets: every candidate model's forecast for every series at one forecast origin, and the
 * combinations (ensembles) built from them.
 */
import { naive, seasonalNaive, ets, theta, type BaselineForecast } from '../baselines';

export interface PointAndQuantiles {
  mean: Float64Array;
  /** Aligned with the configured quantiles. */
  quantiles: Float64Array[];
  /** Concrete model actually used for this series (e.g. `ets(M,Ad,M)`). */
  detail?: string;
}

/** model name → series id → forecast */
export type ForecastSet = Map<string, Map<string, PointAndQuantiles>>;

export const STAT_MODELS = ['naive', 'snaive', 'ets', 'theta'] as const;
export type StatModel = (typeof STAT_MODELS)[number];

const FORECASTERS = { naive, snaive: seasonalNaive, ets, theta };

/**
 * One statistical forecast, guarded: a model that fails or returns non-finite numbers on a series
 * falls back to seasonal naive and then naive, so one odd series never stops a dataset.
 */
export function statForecast(model: StatModel, y: Float64Array, h: number, period: number, quantiles: number[]): PointAndQuantiles {
  const order: StatModel[] = model === 'naive' ? ['naive'] : model === 'snaive' ? ['snaive', 'naive'] : [model, 'snaive', 'naive'];
  let lastError: unknown;
  for (const m of order) {
    try {
      const p = m === 'snaive' && y.length < period ? 1 : period;
      const f: BaselineForecast = FORECASTERS[m](y, h, { period: p, quantiles });
      if (isFiniteAll(f.mean) && f.quantiles.every(isFiniteAll)) {
        return { mean: f.mean, quantiles: f.quantiles, detail: m === model ? f.model : `${f.model} (fallback)` };
      }
    } catch (err) {
      lastError = err;
    }
  }
  throw new Error(`no statistical model could forecast this series: ${String(lastError)}`);
}

export function isFiniteAll(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return false;
  return true;
}

/**
 * Equal-weight combination: the mean of the members' point forecasts and of their quantiles
 * (quantile averaging / Vincentisation, which keeps quantiles ordered when each member's are).
 */
export function combine(members: PointAndQuantiles[]): PointAndQuantiles {
  const h = members[0]!.mean.length;
  const nq = members[0]!.quantiles.length;
  const mean = new Float64Array(h);
  const quantiles = Array.from({ length: nq }, () => new Float64Array(h));
  for (const m of members) {
    for (let t = 0; t < h; t++) mean[t]! += m.mean[t]! / members.length;
    for (let q = 0; q < nq; q++) for (let t = 0; t < h; t++) quantiles[q]![t]! += m.quantiles[q]![t]! / members.length;
  }
  return { mean, quantiles };
}

/** Ensemble candidates: name → members. Only those whose members all exist are built. */
export function ensembleCandidates(neural: string | undefined): [string, string[]][] {
  const list: [string, string[]][] = [['ets+theta', ['ets', 'theta']]];
  if (neural) {
    list.push([`${neural}+ets`, [neural, 'ets']]);
    list.push([`${neural}+ets+theta`, [neural, 'ets', 'theta']]);
  }
  return list;
}

/** Add the ensemble models to a forecast set (per series, only where all members have a forecast). */
export function addEnsembles(set: ForecastSet, ensembles: [string, string[]][]): void {
  for (const [name, members] of ensembles) {
    const sets = members.map((m) => set.get(m));
    if (sets.some((s) => !s)) continue;
    const out = new Map<string, PointAndQuantiles>();
    for (const id of sets[0]!.keys()) {
      const parts = sets.map((s) => s!.get(id));
      if (parts.every((p) => p)) out.set(id, combine(parts as PointAndQuantiles[]));
    }
    set.set(name, out);
  }
}

/** Widen or narrow every quantile around the median by `factor` (interval calibration). */
export function scaleQuantiles(f: PointAndQuantiles, quantileLevels: number[], factor: number): PointAndQuantiles {
  if (factor === 1) return f;
  const mid = f.quantiles[nearestIndex(quantileLevels, 0.5)]!;
  return {
    ...f,
    quantiles: f.quantiles.map((q) => q.map((v, t) => mid[t]! + factor * (v - mid[t]!))),
  };
}

export function nearestIndex(levels: number[], target: number): number {
  let best = 0;
  for (let i = 1; i < levels.length; i++) if (Math.abs(levels[i]! - target) < Math.abs(levels[best]! - target)) best = i;
  return best;
}
