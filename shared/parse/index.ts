/**
 * Input parsing: long-format CSV / JSON / JSON lines to regular series, with a structured list of
 * problems for anything wrong in the file.
 */
export { readSeries, readSeriesFromString, type ParseResult, type ReadOptions } from './read-series';
export { formatSeriesCsv, csvField } from './format-csv';
export { COLUMN_ALIASES, type ColumnNames } from './columns';
export { MAX_PROBLEMS } from './problems';
export { HUGE_VALUE_WARNING, parseValueField } from './value-field';
export type { DuplicatePolicy } from './regularise';
export type { InputFormat } from './detect';
