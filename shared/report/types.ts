/**
 * Input of the forecast report. The pipeline builds one `ReportData` per run from the engine's
 * results (metrics.json + per-series results); the renderer turns it into one self-contained
 * `report.html`. Everything here is plain JSON-able data so a report can be re-rendered offline.
 */

import type { PerSeriesSummary } from '../schemas/forecast';

/** One series as shown in its panel. All per-step arrays of the history are aligned with `dates`. */
export interface ReportSeries {
  id: string;
  /** Size used to rank series (e.g. sum of |history|); the report shows the largest ones. */
  volume: number;
  /** History dates, ISO-8601 (`YYYY-MM-DD` or `YYYY-MM-DDTHH:mm:ssZ`), evenly spaced. */
  dates: string[];
  /** History values; `null` (or NaN) is a missing observation. */
  values: (number | null)[];
  /** Kalman-smoothed level and its standard deviation, aligned with `dates`; band = level ± 1.96·std. */
  smoothed?: { level: (number | null)[]; std: (number | null)[] };
  /** Forecast: mean and the outermost configured quantiles (`lower` = lowest, `upper` = highest). */
  forecast: { dates: string[]; mean: number[]; lower: number[]; upper: number[]; model: string };
  /** Decomposition of the history, aligned with `dates`. `cycle` is absent when not separated from the trend. */
  components?: {
    trend: number[];
    cycle?: number[] | null;
    seasonal: number[];
    irregular: number[];
    /** Decomposition method, e.g. "stl". */
    method: string;
    /** "additive" or "multiplicative". */
    model: string;
  };
  /** Backtest MASE of the selected model on this series (lower is better; 1 = seasonal naive in-sample). */
  mase?: number | null;
  warnings?: string[];
}

/** One row of the backtest table: a model's scores pooled over series and backtest windows. */
export interface ReportBacktestRow {
  model: string;
  mase: number | null;
  /** Symmetric MAPE in percent (M4 definition, range 0–200), as in metrics.json. */
  smape: number | null;
  /** Weighted absolute percentage error as a fraction (0.12 = 12 %), as in metrics.json. */
  wape: number | null;
  /** Share of actuals inside the outermost quantile band (0–1). */
  coverage?: number | null;
  /** Number of series the model was scored on. */
  series: number;
}

/** One candidate of the width × depth search. */
export interface ReportSearchPoint {
  units: number;
  layers: number;
  /** Trainable parameter count. */
  params: number;
  /** Validation MASE; `null` when the candidate failed (diverged, not finite). */
  valMase: number | null;
  chosen: boolean;
}

export interface ReportTrainingEpoch {
  epoch: number;
  loss: number;
  valLoss: number | null;
}

/**
 * Run-wide figures. A large run may ship only the series that can get a panel in `series`; the
 * overview (series count, MASE distribution, best/worst series, totals) must still cover every
 * series, so the producer passes them here. Absent: computed from `series`.
 */
export interface ReportOverview {
  /** Number of series in the run. */
  seriesCount: number;
  /** Backtest MASE of every series of the run (`null` where not scored). */
  seriesMase: { id: string; mase: number | null }[];
  /** Sum over every series per date. */
  totals: {
    history: { dates: string[]; values: number[] };
    forecast: { dates: string[]; mean: number[] };
  };
}

export interface ReportData {
  dataset: string;
  runId: string;
  /** ISO-8601 time the run was created. */
  createdAt: string;
  frequency: string;
  horizon: number;
  /** Configured quantiles, increasing (e.g. [0.1, 0.5, 0.9]); the band is the outermost pair. */
  quantiles: number[];
  /** tfjs backend that trained the network. */
  backend: string;
  selectedModel: string;
  /** Per-series selection check (see metrics.json `perSeries`), when it ran. */
  perSeries?: PerSeriesSummary;
  series: ReportSeries[];
  backtest: ReportBacktestRow[];
  search: ReportSearchPoint[];
  training: ReportTrainingEpoch[];
  /** Seconds per phase. */
  timings: Record<string, number>;
  /** Dataset-level warnings of ingestion and training (as in metrics.json). */
  warnings: string[];
  /** Run-wide figures when `series` is a subset of the run's series; see `ReportOverview`. */
  overview?: ReportOverview;
}

export interface RenderReportOptions {
  /** How many series to give a panel, by volume and by error each (deduplicated). Default 12. */
  topN?: number;
  /** Per-series charts show at most this many trailing history points (keeps the file small). Default 400. */
  maxHistoryPoints?: number;
}
