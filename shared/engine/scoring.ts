/**
 * Scoring of forecast sets against held-out actuals with the core metrics. Scale-free metrics
 * (MASE, sMAPE) are averaged over series and origins, as in the M3/M4/Tourism competitions;
 * WAPE pools absolute errors; pinball loss is scaled by each series' MASE denominator so series
 * of different size can be averaged; coverage is that of the outermost quantile band.
 */
import { mase, smape, rmse } from '../metrics';
import type { ForecastSet } from './candidates';

export interface Observation {
  /** In-sample history up to the origin (interpolated). */
  insample: Float64Array;
  /** Actuals after the origin (NaN where missing). */
  actual: Float64Array;
  period: number;
}

/** Accumulates errors of several models over series and origins. */
export class ScoreBoard {
  private readonly acc = new Map<string, { mase: number[]; smape: number[]; rmse: number[]; absErr: number; absAct: number; pinball: number[]; inside: number; count: number; perSeries: Map<string, number[]> }>();

  constructor(private readonly quantiles: number[]) {}

  add(set: ForecastSet, observations: Map<string, Observation>): void {
    const lo = 0;
    const hi = this.quantiles.length - 1;
    for (const [model, bySeries] of set) {
      let a = this.acc.get(model);
      if (!a) this.acc.set(model, (a = { mase: [], smape: [], rmse: [], absErr: 0, absAct: 0, pinball: [], inside: 0, count: 0, perSeries: new Map() }));
      for (const [id, f] of bySeries) {
        const obs = observations.get(id);
        if (!obs) continue;
        const h = Math.min(obs.actual.length, f.mean.length);
        const actual = obs.actual.subarray(0, h);
        const mean = f.mean.subarray(0, h);
        const m = mase(actual, mean, obs.insample, obs.period);
        if (Number.isFinite(m)) {
          a.mase.push(m);
          let list = a.perSeries.get(id);
          if (!list) a.perSeries.set(id, (list = []));
          list.push(m);
        }
        const s = smape(actual, mean);
        if (Number.isFinite(s)) a.smape.push(s);
        const r = rmse(actual, mean);
        if (Number.isFinite(r)) a.rmse.push(r);
        const scale = maseScale(obs.insample, obs.period);
        let pin = 0;
        let pinN = 0;
        for (let t = 0; t < h; t++) {
          const y = actual[t]!;
          if (Number.isNaN(y)) continue;
          a.absErr += Math.abs(y - mean[t]!);
          a.absAct += Math.abs(y);
          if (this.quantiles.length >= 2) {
            a.count++;
            if (y >= f.quantiles[lo]![t]! && y <= f.quantiles[hi]![t]!) a.inside++;
          }
          for (let q = 0; q < this.quantiles.length; q++) {
            const tau = this.quantiles[q]!;
            const e = y - f.quantiles[q]![t]!;
            pin += Math.max(tau * e, (tau - 1) * e);
            pinN++;
          }
        }
        if (pinN > 0 && scale > 0) a.pinball.push(pin / pinN / scale);
      }
    }
  }

  models(): string[] {
    return [...this.acc.keys()];
  }

  /** Mean MASE of each series under `model` (across origins). */
  perSeriesMase(model: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const [id, list] of this.acc.get(model)?.perSeries ?? []) out.set(id, mean(list));
    return out;
  }

  table(): ModelScore[] {
    return [...this.acc].map(([model, a]) => ({
      model,
      mase: finiteOrNull(mean(a.mase)),
      smape: finiteOrNull(mean(a.smape)),
      wape: finiteOrNull(a.absAct > 0 ? a.absErr / a.absAct : NaN),
      rmse: finiteOrNull(mean(a.rmse)),
      pinball: finiteOrNull(mean(a.pinball)),
      coverage: a.count > 0 ? a.inside / a.count : null,
      series: a.perSeries.size,
    }));
  }
}

export interface ModelScore {
  model: string;
  mase: number | null;
  smape: number | null;
  wape: number | null;
  rmse: number | null;
  pinball: number | null;
  coverage: number | null;
  series: number;
}

export function maseScale(insample: Float64Array, period: number): number {
  const m = insample.length > period ? period : 1;
  let s = 0;
  let n = 0;
  for (let t = m; t < insample.length; t++) {
    const d = insample[t]! - insample[t - m]!;
    if (Number.isFinite(d)) {
      s += Math.abs(d);
      n++;
    }
  }
  return n > 0 ? s / n : NaN;
}

function mean(a: number[]): number {
  if (a.length === 0) return NaN;
  let s = 0;
  for (const v of a) s += v;
  return s / a.length;
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);
