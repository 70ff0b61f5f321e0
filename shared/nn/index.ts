/**
 * The recurrent-network toolkit: backend selection, windowing, models, training, prediction and
 * storage-backed save/load. Everything the forecasting engine needs from tfjs goes through here.
 */
export * from './backend';
export * from './window';
export * from './model';
export * from './layers';
export * from './loss';
export * from './clip';
export * from './schedule';
export * from './train';
export * from './predict';
export * from './io';
export * from './prng';
