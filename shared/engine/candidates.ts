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
 * Linear combination of member forecasts: weighted mean of the point forecasts and of the
 * quantiles (quantile averaging / Vincentisation, which keeps quantiles ordered when each member's
 * are). Equal weights when none are given.
 */
export function combine(members: PointAndQuantiles[], weights?: number[]): PointAndQuantiles {
  const h = members[0]!.mean.length;
  const nq = members[0]!.quantiles.length;
  const w = weights ?? members.map(() => 1 / members.length);
  const mean = new Float64Array(h);
  const quantiles = Array.from({ length: nq }, () => new Float64Array(h));
  members.forEach((m, j) => {
    const wj = w[j]!;
    if (wj === 0) return;
    for (let t = 0; t < h; t++) mean[t]! += wj * m.mean[t]!;
    for (let q = 0; q < nq; q++) for (let t = 0; t < h; t++) quantiles[q]![t]! += wj * m.quantiles[q]![t]!;
  });
  return { mean, quantiles };
}

export interface EnsembleSpec {
  name: string;
  members: string[];
  /** Member weights (sum 1); equal when absent. */
  weights?: number[];
}

/** Ensemble candidates. Only those whose members all exist are built. */
export function ensembleCandidates(neural: string | undefined): EnsembleSpec[] {
  const list: EnsembleSpec[] = [{ name: 'ets+theta', members: ['ets', 'theta'] }];
  if (neural) {
    list.push({ name: `${neural}+ets`, members: [neural, 'ets'] });
    list.push({ name: `${neural}+ets+theta`, members: [neural, 'ets', 'theta'] });
  }
  return list;
}

/**
 * Label of an ensemble for the forecast file, e.g. `weighted(lstm=0.5;ets=0.3;theta=0.2)` — no
 * commas, so the model column never needs CSV quoting.
 */
export function ensembleLabel(e: EnsembleSpec): string {
  if (!e.weights) return e.name;
  return `${e.name}(${e.members.map((m, i) => `${m}=${Number(e.weights![i]!.toFixed(2))}`).join(';')})`;
}

/** Add the ensemble models to a forecast set (per series, only where all members have a forecast). */
export function addEnsembles(set: ForecastSet, ensembles: EnsembleSpec[]): void {
  for (const e of ensembles) {
    const sets = e.members.map((m) => set.get(m));
    if (sets.some((s) => !s)) continue;
    const out = new Map<string, PointAndQuantiles>();
    for (const id of sets[0]!.keys()) {
      const parts = sets.map((s) => s!.get(id));
      if (parts.every((p) => p)) out.set(id, combine(parts as PointAndQuantiles[], e.weights));
    }
    set.set(e.name, out);
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
