/**
 * Core value types shared by every module of seqcast.
 *
 * A series is held as parallel arrays on a regular time grid: `dates[i]` is the ISO-8601 time of
 * `values[i]`, and a missing observation is `NaN` (gaps found during regularisation become NaN,
 * never dropped), so every numeric routine can index by position.
 */

/** Sampling frequencies seqcast understands. */
export const FREQUENCIES = ['hourly', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** Default seasonal period of each frequency (the period used by seasonal naive, MASE, STL). */
export const SEASONAL_PERIOD: Record<Frequency, number> = {
  hourly: 24,
  daily: 7,
  weekly: 52,
  monthly: 12,
  quarterly: 4,
  yearly: 1,
};

/** One regular series. `values` uses NaN for missing observations. */
export interface Series {
  id: string;
  frequency: Frequency;
  /** ISO-8601 dates (`YYYY-MM-DD` or `YYYY-MM-DDTHH:mm:ssZ` for hourly), one per value, evenly spaced. */
  dates: string[];
  values: Float64Array;
}

/** A problem found in an input file: everything a person needs to find and fix it. */
export interface InputProblem {
  file: string;
  /** 1-based line number in the file (header is line 1 for CSV); absent for whole-file problems. */
  line?: number;
  /** Column / field name as written in the file, when the problem is about one field. */
  column?: string;
  /** The offending raw value, truncated to 200 characters. */
  value?: string;
  reason: string;
  severity: 'error' | 'warning';
}
