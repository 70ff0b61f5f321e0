import { DecompositionError } from '../errors';

/**
 * Options of {@link stlDecompose}; names follow `statsmodels.tsa.seasonal.STL` (camelCase) and
 * every default is the one statsmodels 0.13 picks.
 */
export interface StlOptions {
  /** Seasonal period (np), an integer ≥ 2. */
  period: number;
  /** Seasonal smoother length (ns): odd, ≥ 3. Default 7. */
  seasonal?: number;
  /** Trend smoother length (nt): odd, ≥ 3, > period. Default: smallest odd ≥ ⌈1.5·np / (1 − 1.5/ns)⌉. */
  trend?: number;
  /** Low-pass filter length (nl): odd, ≥ 3, > period. Default: smallest odd > period. */
  lowPass?: number;
  /** Degree (0 or 1) of the local polynomials. Default 1 each. */
  seasonalDeg?: 0 | 1;
  trendDeg?: 0 | 1;
  lowPassDeg?: 0 | 1;
  /** Robustness iterations with bisquare weights. Default false. */
  robust?: boolean;
  /** Evaluate the loess every `jump` points and interpolate linearly between. Default 1 each. */
  seasonalJump?: number;
  trendJump?: number;
  lowPassJump?: number;
  /** Inner loop passes (ni). Default as statsmodels 0.13 `STL.fit`: 2 when robust, else 5. */
  innerIter?: number;
  /** Robustness passes (no). Default as statsmodels 0.13 `STL.fit`: 15 when robust, else 0. */
  outerIter?: number;
}

export type ResolvedStlOptions = Required<StlOptions>;

function isPositiveInt(x: number): boolean {
  return Number.isInteger(x) && x > 0;
}

function checkOddWindow(name: string, value: number, period: number, mustExceedPeriod: boolean): void {
  if (!isPositiveInt(value) || value % 2 !== 1 || value < 3 || (mustExceedPeriod && value <= period)) {
    const extra = mustExceedPeriod ? ` and > period (${period})` : '';
    throw new DecompositionError(`STL option ${name} must be an odd integer >= 3${extra}; got ${value}`, 'invalid-option');
  }
}

/**
 * Fill defaults and validate exactly as `statsmodels.tsa.seasonal.STL.__init__` / `fit` (0.13) do:
 * trend = ⌈1.5·period/(1 − 1.5/seasonal)⌉ made odd, lowPass = period + 1 made odd.
 */
export function resolveStlOptions(options: StlOptions): ResolvedStlOptions {
  const { period } = options;
  if (!isPositiveInt(period) || period < 2) {
    throw new DecompositionError(`STL period must be an integer >= 2; got ${period}`, 'invalid-option');
  }
  const seasonal = options.seasonal ?? 7;
  checkOddWindow('seasonal', seasonal, period, false);
  let trend = options.trend ?? Math.ceil((1.5 * period) / (1 - 1.5 / seasonal));
  if (options.trend === undefined && trend % 2 === 0) trend += 1;
  checkOddWindow('trend', trend, period, true);
  let lowPass = options.lowPass ?? period + 1;
  if (options.lowPass === undefined && lowPass % 2 === 0) lowPass += 1;
  checkOddWindow('lowPass', lowPass, period, true);
  const robust = options.robust ?? false;
  const resolved: ResolvedStlOptions = {
    period,
    seasonal,
    trend,
    lowPass,
    seasonalDeg: options.seasonalDeg ?? 1,
    trendDeg: options.trendDeg ?? 1,
    lowPassDeg: options.lowPassDeg ?? 1,
    robust,
    seasonalJump: options.seasonalJump ?? 1,
    trendJump: options.trendJump ?? 1,
    lowPassJump: options.lowPassJump ?? 1,
    innerIter: options.innerIter ?? (robust ? 2 : 5),
    outerIter: options.outerIter ?? (robust ? 15 : 0),
  };
  for (const key of ['seasonalDeg', 'trendDeg', 'lowPassDeg'] as const) {
    if (resolved[key] !== 0 && resolved[key] !== 1) {
      throw new DecompositionError(`STL option ${key} must be 0 or 1; got ${resolved[key]}`, 'invalid-option');
    }
  }
  for (const key of ['seasonalJump', 'trendJump', 'lowPassJump', 'innerIter'] as const) {
    if (!isPositiveInt(resolved[key])) {
      throw new DecompositionError(`STL option ${key} must be a positive integer; got ${resolved[key]}`, 'invalid-option');
    }
  }
  if (!Number.isInteger(resolved.outerIter) || resolved.outerIter < 0) {
    throw new DecompositionError(`STL option outerIter must be an integer >= 0; got ${resolved.outerIter}`, 'invalid-option');
  }
  return resolved;
}
