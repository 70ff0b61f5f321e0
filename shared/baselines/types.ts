/** Common shape of the statistical baseline forecasters (naive, seasonal naive, ETS, Theta). */

export interface BaselineContext {
  /** Seasonal period m (12 monthly, 4 quarterly, 1 for none). */
  period: number;
  /** Probability levels of the quantile forecasts, e.g. [0.1, 0.5, 0.9]; each strictly inside (0, 1). */
  quantiles: number[];
}

export interface BaselineForecast {
  /** Model label, e.g. `naive`, `snaive`, `ets(M,Ad,M)`, `theta`. */
  model: string;
  /** Point forecasts for steps 1..h. */
  mean: Float64Array;
  /** One array of length h per entry of `ctx.quantiles`, in the same order. */
  quantiles: Float64Array[];
  /** In-sample one-step fitted values (NaN where undefined, e.g. the first m for seasonal naive). */
  fitted?: Float64Array;
  /** Innovation variance used for the intervals. */
  sigma2?: number;
  /** Corrected Akaike information criterion, where the model has a likelihood. */
  aicc?: number;
}

/** y: history without NaN (the caller interpolates), may contain zeros; h ≥ 1 steps. */
export type Forecaster = (y: Float64Array, h: number, ctx: BaselineContext) => BaselineForecast;
