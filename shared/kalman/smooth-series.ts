/**
 * One call for the pipeline and CLI: smooth a series with a structural model (local level, local linear trend, or
 * local linear trend + dummy seasonal), fitting the variances by maximum likelihood unless they are given.
 * Returns the filtered and smoothed level (E[μ_t | y_1..t], E[μ_t | y_1..N]) with the smoothed level's standard
 * deviation, and a forecast function for prediction intervals (Durbin & Koopman 2012, §4.11).
 * A constant series that is fitted (no variances given) returns the constant with zero uncertainty.
 */
import { kalmanForecast } from './forecast';
import { fitStructural, type FitStructuralResult } from './fit-structural';
import { localLevelSmooth } from './local-level';
import { structuralSmooth } from './structural-filter';
import {
  checkStructuralPeriod,
  checkStructuralVariances,
  structuralModel,
  structuralToStateSpace,
  type DiffuseInitialization,
  type StructuralKind,
  type StructuralModel,
} from './structural-models';

export interface SmoothSeriesConfig {
  model: StructuralKind;
  /** Seasonal period (required for `seasonal`, ignored by the other models). */
  period?: number;
  /** Fixed variances in statsmodels order (irregular, level[, slope][, seasonal]); absent: fitted by MLE. */
  variances?: number[];
  initialization?: DiffuseInitialization;
}

export interface SeriesForecast {
  /** Forecast means of y for steps N+1 … N+h. */
  mean: Float64Array;
  /** Forecast standard deviations of y (observation noise included). */
  std: Float64Array;
}

export interface SmoothSeriesResult {
  /** Filtered level E[μ_t | y_1..t] (NaN before the first observation under exact diffuse). */
  filtered: Float64Array;
  /** Smoothed level E[μ_t | y_1..N]. */
  smoothed: Float64Array;
  /** √Var[μ_t | y_1..N]. */
  smoothedStd: Float64Array;
  /** Variances used (given or fitted), statsmodels order. */
  variances: number[];
  logLikelihood: number;
  /** True when the variances were fitted here. */
  fitted: boolean;
  model: StructuralModel;
  /** All smoothed states, N×n in `model.stateNames` order (level, trend, seasonal, …). */
  smoothedStates: Float64Array;
  /** The MLE details when `fitted`. */
  fit?: FitStructuralResult;
  /** h-step-ahead forecasts of y from the end of the series. */
  forecast(h: number): SeriesForecast;
}

/** Filter, smooth (and if needed fit) a structural model to `values` (NaN = missing). */
export function smoothSeries(values: Float64Array, config: SmoothSeriesConfig): SmoothSeriesResult {
  const kind = config.model;
  const period = checkStructuralPeriod(kind, config.period);
  const initialization = config.initialization ?? 'approximate-diffuse';
  const N = values.length;
  if (N === 0) throw new RangeError('smoothSeries: the series is empty');
  let observed = 0;
  for (let i = 0; i < N; i++) if (!Number.isNaN(values[i]!)) observed++;
  if (observed === 0) throw new RangeError('smoothSeries: the series has no observed (non-NaN) values');

  let variances: number[];
  let fit: FitStructuralResult | undefined;
  if (config.variances !== undefined) {
    variances = checkStructuralVariances(kind, config.variances);
  } else {
    fit = fitStructural(values, kind, { period, initialization });
    variances = fit.variances;
  }
  const model = structuralModel(kind, variances, { period, initialization });
  const n = model.n;
  const constant = constantValue(values);
  if (fit !== undefined && constant !== null) {
    // All observations equal (e.g. an all-zero demand history): the MLE variances sit at the floor, where the
    // 1e6 approximate-diffuse prior leaves only round-off in the first smoothed states. The answer is known exactly.
    const flat = new Float64Array(N).fill(constant);
    return {
      filtered: flat,
      smoothed: flat.slice(),
      smoothedStd: new Float64Array(N),
      variances,
      logLikelihood: fit.logLikelihood,
      fitted: true,
      model,
      smoothedStates: Float64Array.from({ length: N * n }, (_, i) => (i % n === 0 ? constant : 0)),
      fit,
      forecast: (h) => {
        checkHorizon(h);
        return { mean: new Float64Array(h).fill(constant), std: new Float64Array(h) };
      },
    };
  }
  const filtered = new Float64Array(N);
  const smoothed = new Float64Array(N);
  const smoothedStd = new Float64Array(N);
  let logLikelihood: number;
  let forecast: (h: number) => SeriesForecast;
  let smoothedStates: Float64Array;

  if (kind === 'local-level') {
    const r = localLevelSmooth(values, variances[0]!, variances[1]!, initialization);
    filtered.set(r.filteredMean);
    smoothed.set(r.smoothedMean);
    for (let t = 0; t < N; t++) smoothedStd[t] = Math.sqrt(Math.max(0, r.smoothedVariance[t]!));
    smoothedStates = r.smoothedMean;
    logLikelihood = r.logLikelihood;
    forecast = (h) => {
      checkHorizon(h);
      const mean = new Float64Array(h).fill(r.finalPredictedMean);
      const std = new Float64Array(h);
      for (let j = 0; j < h; j++) std[j] = Math.sqrt(r.finalPredictedVariance + j * variances[1]! + variances[0]!);
      return { mean, std };
    };
  } else {
    const r = structuralSmooth(model, values);
    for (let t = 0; t < N; t++) {
      filtered[t] = r.filter.filteredMean[t * n]!;
      smoothed[t] = r.smoothedMean[t * n]!;
      smoothedStd[t] = Math.sqrt(Math.max(0, r.smoothedVar[t * n]!));
    }
    smoothedStates = r.smoothedMean;
    logLikelihood = r.logLikelihood;
    const stillDiffuse = r.filter.finalPinf !== null;
    forecast = (h) => {
      checkHorizon(h);
      const f = kalmanForecast(structuralToStateSpace(model), { N, finalPredictedMean: r.filter.finalA, finalPredictedCov: r.filter.finalP }, h);
      const std = new Float64Array(h);
      for (let j = 0; j < h; j++) std[j] = stillDiffuse ? Infinity : Math.sqrt(Math.max(0, f.variance[j]!));
      return { mean: f.mean, std };
    };
  }
  return {
    filtered,
    smoothed,
    smoothedStd,
    variances,
    logLikelihood,
    fitted: fit !== undefined,
    model,
    smoothedStates,
    ...(fit !== undefined ? { fit } : {}),
    forecast,
  };
}

/** The common value when every observed value is the same, else null. */
function constantValue(values: Float64Array): number | null {
  let first = NaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(first)) first = v;
    else if (v !== first) return null;
  }
  return Number.isNaN(first) ? null : first;
}

function checkHorizon(h: number): void {
  if (!Number.isInteger(h) || h < 0) throw new RangeError(`forecast: h must be a non-negative integer, got ${h}`);
}
