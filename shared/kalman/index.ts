/**
 * Linear Gaussian state-space models: general Kalman filter + RTS smoother + forecasts, continuous-time
 * discretisation, Harvey's structural models (local level, local linear trend, trend + dummy seasonal) with
 * approximate or exact diffuse initialisation and maximum-likelihood variances, and a scalar local-level fast path.
 */
export * from './matrix';
export { expm } from './expm';
export { discretizeZOH, discretizeProcessNoise } from './discretize';
export {
  flattenSeries,
  resolveMatrix,
  validateModel,
  type MatrixInput,
  type MatrixSource,
  type SeriesInput,
  type StateSpaceModel,
} from './model';
export {
  kalmanFilter,
  resolveModel,
  resolveControls,
  type KalmanFilterOptions,
  type KalmanFilterResult,
  type ResolvedModel,
} from './filter';
export { rtsSmooth, type RtsSmootherResult } from './rts-smoother';
export { kalmanForecast, type KalmanForecast } from './forecast';
export {
  sparseFromDense,
  sparseToDense,
  sparseMatVec,
  sparseTMatVec,
  sparseMul,
  sparseTMul,
  mulSparse,
  mulSparseT,
  type SparseMatrix,
} from './sparse';
export {
  APPROXIMATE_DIFFUSE_VARIANCE,
  STRUCTURAL_KINDS,
  checkStructuralPeriod,
  checkStructuralVariances,
  localLevelModel,
  localLinearTrendModel,
  seasonalModel,
  structuralModel,
  structuralToStateSpace,
  structuralVarianceNames,
  type DiffuseInitialization,
  type StructuralKind,
  type StructuralModel,
  type StructuralOptions,
} from './structural-models';
export {
  DIFFUSE_TOLERANCE,
  STEADY_TOLERANCE,
  univariateFilter,
  type UnivariateFilterOptions,
  type UnivariateFilterResult,
  type UnivariateInit,
  type UnivariateModel,
} from './univariate-filter';
export { univariateSmooth, type UnivariateSmootherResult } from './univariate-smoother';
export { structuralFilter, structuralInit, structuralSmooth, type StructuralSmoothResult } from './structural-filter';
export {
  localLevelSmooth,
  type LocalLevelBuffers,
  type LocalLevelInit,
  type LocalLevelOptions,
  type LocalLevelResult,
} from './local-level';
export { hpFilter } from './hp-filter';
export { structuralStartVariances } from './structural-start';
export { nelderMead, type MinimizeResult, type NelderMeadOptions } from './nelder-mead';
export { bfgs, type BfgsOptions } from './bfgs';
export {
  fitStructural,
  structuralLogLikelihood,
  type FitStructuralOptions,
  type FitStructuralResult,
} from './fit-structural';
export { smoothSeries, type SeriesForecast, type SmoothSeriesConfig, type SmoothSeriesResult } from './smooth-series';
