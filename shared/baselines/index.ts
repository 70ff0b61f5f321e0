/** Statistical baseline forecasters (naive, seasonal naive, ETS, Theta) sharing one shape. */
export type { BaselineContext, BaselineForecast, Forecaster } from './types';
export { naive } from './naive';
export { seasonalNaive } from './seasonalNaive';
export { ets } from './ets/ets';
export { theta } from './theta';
export { etsFit, fitEtsModel } from './ets/etsFit';
export { etsSelect, etsCandidates } from './ets/etsAuto';
export { etsForecast } from './ets/etsForecast';
export { etsName } from './ets/types';
export type { EtsModel, EtsSpec } from './ets/types';
export { qnorm } from './qnorm';
export { normalQuantiles } from './normalQuantiles';
export { classicalDecompose } from './classicalDecompose';
export { isSeasonalAcf } from './seasonalityTest';
export { nelderMead } from './nelderMead';
