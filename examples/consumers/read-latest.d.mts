/** Types of read-latest.mjs, so TypeScript consumers (and the tests) can import it. */
export declare const SUPPORTED_MAJOR: number;

export declare class VerificationError extends Error {}

export interface ForecastSource {
  describe(): string;
  get(key: string): Promise<Uint8Array>;
}

export declare function localSource(root: string): ForecastSource;
export declare function s3Source(bucket: string, client?: unknown): Promise<ForecastSource>;

/** One forecast.csv row: text columns as strings, `mean` and every quantile column (`p10`, …) as numbers (null: empty cell). */
export type ForecastCsvRow = { series_id: string; date: string; model: string; mean: number | null } & Record<string, string | number | null>;

export declare function parseForecastCsv(text: string): ForecastCsvRow[];

export declare function readLatestForecast(args: { dataset: string; source: ForecastSource }): Promise<{
  pointer: { schemaVersion: string; dataset: string; runId: string; manifestKey: string; forecastKey: string; manifestSha256: string; publishedAt: string };
  manifest: { schemaVersion: string; dataset: string; runId: string; files: { key: string; size: number; sha256: string }[]; [field: string]: unknown };
  csv: string;
  rows: ForecastCsvRow[];
}>;
