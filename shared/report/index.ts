/** Self-contained HTML forecast report: `renderReport(data)` → the text of `report.html`. */
export { renderReport, quantileBandLabel, isSeasonalNaive, DEFAULT_TOP_N, DEFAULT_MAX_HISTORY_POINTS } from './render';
export { selectPanelSeries, bestAndWorstByMase, type PanelSelection, type PanelReason } from './select';
export { renderVegaLiteToSvg, namespaceSvgIds } from './svg';
export { escapeHtml } from './format';
export type {
  ReportData,
  ReportSeries,
  ReportBacktestRow,
  ReportSearchPoint,
  ReportTrainingEpoch,
  RenderReportOptions,
} from './types';
export { syntheticReportData, type SyntheticReportOptions } from './synthetic';
