/** Forecast accuracy metrics. Every metric skips NaN actuals (missing observations). */
export { mae } from './mae';
export { rmse } from './rmse';
export { mape } from './mape';
export { smape } from './smape';
export { mase } from './mase';
export { wape } from './wape';
export { pinball } from './pinball';
export { coverage } from './coverage';
