/**
 * Time-series decomposition: STL (statsmodels-exact port), classical moving-average and Fourier
 * decompositions, and `decomposeSeries`, the pipeline entry point that handles missing values.
 */
export * from './errors';
export * from './types';
export * from './fft';
export * from './stl/options';
export * from './stl/stl';
export * from './stl/loessWeights';
export * from './stl/loessSmooth';
export * from './stl/movingAverage';
export * from './stl/lowPassFilter';
export * from './stl/cycleSubseriesSmooth';
export * from './stl/robustnessWeights';
export * from './stl/kthSmallest';
export * from './centredMovingAverage';
export * from './extendTrendEnds';
export * from './movingAverageTrend';
export * from './seasonalIndices';
export * from './fourierBandSplit';
export * from './classical';
export * from './fourier';
export * from './interpolateMissing';
export * from './linearTrend';
export * from './validateInput';
export * from './decomposeSeries';
