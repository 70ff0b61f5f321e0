/**
 * Vega-Lite specs for every chart of the report. Pure functions from report data to specs: the
 * renderer turns them into SVG. Times are passed as UTC epoch milliseconds on `utc` scales, so
 * the axis labels do not depend on the time zone of the machine that renders the report.
 */
import type { TopLevelSpec } from 'vega-lite';
import { finiteOrNull, isoToEpochMs } from './format';
import type { ReportSearchPoint, ReportSeries, ReportTrainingEpoch } from './types';

/** Width of full-width charts in px (the SVG scales down with CSS on narrow screens). */
export const CHART_WIDTH = 760;

const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif';

export const COLORS = {
  history: '#374151',
  smoothed: '#d97706',
  forecast: '#2563eb',
  validation: '#dc2626',
  reference: '#9ca3af',
} as const;

/** Shared look: legible axis titles, light grid, no frame. */
const CONFIG = {
  font: FONT,
  background: 'white',
  padding: 4,
  view: { stroke: null },
  axis: {
    labelFontSize: 11,
    labelColor: '#4b5563',
    titleFontSize: 12,
    titleFontWeight: 600,
    titleColor: '#111827',
    titlePadding: 8,
    gridColor: '#eef0f3',
    domainColor: '#9ca3af',
    tickColor: '#9ca3af',
  },
  legend: { labelFontSize: 11, titleFontSize: 11, titleColor: '#111827', labelColor: '#374151', orient: 'top', symbolStrokeWidth: 2, labelLimit: 400 },
  title: { fontSize: 13, fontWeight: 600, anchor: 'start', color: '#111827', offset: 8 },
} as const;

/** A layer of a layered chart, derived from the public type so no deep import is needed. */
type LayerChild = Extract<TopLevelSpec, { layer: unknown }>['layer'][number];
/** One chart of a vertical concatenation. */
type ConcatChild = Extract<TopLevelSpec, { vconcat: unknown }>['vconcat'][number];

const TIME_AXIS = { title: 'Date', labelOverlap: true, tickCount: 8 } as const;

function timeX(title = 'Date') {
  return { field: 't', type: 'temporal', title, scale: { type: 'utc' }, axis: { ...TIME_AXIS, title } } as const;
}

/** y axis labels: SI prefixes only for large magnitudes (SI on 0.5 would read "500m"). */
function valueAxisFormat(values: Iterable<number | null>): { format?: string } {
  let maxAbs = 0;
  for (const v of values) if (v !== null && Number.isFinite(v)) maxAbs = Math.max(maxAbs, Math.abs(v));
  return maxAbs >= 1e5 ? { format: '.3~s' } : {};
}

// ---------------------------------------------------------------------------------------------
// Per-series charts
// ---------------------------------------------------------------------------------------------

export interface SeriesChartLabels {
  /** Label of the forecast band, e.g. "p10–p90". */
  band: string;
}

/** Trailing window of a series' history (history, smoothed level and components stay aligned). */
export function tailStart(series: ReportSeries, maxHistoryPoints: number): number {
  return Math.max(0, series.dates.length - Math.max(1, maxHistoryPoints));
}

/**
 * History, Kalman-smoothed level with its 95 % band and the forecast mean with its quantile band,
 * in one chart, with a dashed rule at the forecast origin.
 */
export function seriesForecastSpec(series: ReportSeries, labels: SeriesChartLabels, maxHistoryPoints: number): TopLevelSpec {
  const start = tailStart(series, maxHistoryPoints);
  const historyLabel = 'History';
  const smoothedLabel = 'Kalman level (95 % band)';
  const forecastLabel = `Forecast mean (${labels.band} band)`;

  const history = series.dates.slice(start).map((d, i) => ({ t: isoToEpochMs(d), value: finiteOrNull(series.values[start + i]) }));
  const forecast = series.forecast.dates.map((d, i) => ({
    t: isoToEpochMs(d),
    mean: finiteOrNull(series.forecast.mean[i]),
    lower: finiteOrNull(series.forecast.lower[i]),
    upper: finiteOrNull(series.forecast.upper[i]),
  }));
  const smoothed = series.smoothed
    ? series.dates.slice(start).map((d, i) => {
        const level = finiteOrNull(series.smoothed!.level[start + i]);
        const std = finiteOrNull(series.smoothed!.std[start + i]);
        return {
          t: isoToEpochMs(d),
          level,
          lo: level !== null && std !== null ? level - 1.96 * std : null,
          hi: level !== null && std !== null ? level + 1.96 * std : null,
        };
      })
    : [];

  const domain = smoothed.length > 0 ? [historyLabel, smoothedLabel, forecastLabel] : [historyLabel, forecastLabel];
  const range = smoothed.length > 0 ? [COLORS.history, COLORS.smoothed, COLORS.forecast] : [COLORS.history, COLORS.forecast];
  const color = (label: string) =>
    ({ datum: label, type: 'nominal', scale: { domain, range }, legend: { title: null, symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 2.5 } }) as const;
  const yAxis = valueAxisFormat([
    ...history.map((r) => r.value),
    ...forecast.flatMap((r) => [r.lower, r.upper]),
    ...smoothed.flatMap((r) => [r.lo, r.hi]),
  ]);
  const y = (field: string) => ({ field, type: 'quantitative', title: 'Value', scale: { zero: false }, axis: yAxis }) as const;

  const layers: LayerChild[] = [];
  if (smoothed.length > 0) {
    layers.push(
      {
        data: { values: smoothed },
        transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }],
        mark: { type: 'area', opacity: 0.18 },
        encoding: { x: timeX(), y: y('lo'), y2: { field: 'hi' }, color: color(smoothedLabel) },
      },
      {
        data: { values: smoothed },
        mark: { type: 'line', strokeWidth: 1.5, invalid: 'break-paths-show-domains' },
        encoding: { x: timeX(), y: y('level'), color: color(smoothedLabel) },
      },
    );
  }
  layers.push(
    {
      data: { values: history },
      // A gap in the data stays a gap in the line instead of being bridged.
      mark: { type: 'line', strokeWidth: 1.25, invalid: 'break-paths-show-domains' },
      encoding: { x: timeX(), y: y('value'), color: color(historyLabel) },
    },
    {
      data: { values: forecast },
      transform: [{ filter: 'isValid(datum.lower) && isValid(datum.upper)' }],
      mark: { type: 'area', opacity: 0.2 },
      encoding: { x: timeX(), y: y('lower'), y2: { field: 'upper' }, color: color(forecastLabel) },
    },
    {
      data: { values: forecast },
      mark: { type: 'line', strokeWidth: 2, point: forecast.length <= 60 ? { size: 14 } : false },
      encoding: { x: timeX(), y: y('mean'), color: color(forecastLabel) },
    },
  );
  if (forecast.length > 0) {
    layers.push({
      data: { values: [{ t: forecast[0]!.t }] },
      mark: { type: 'rule', strokeDash: [4, 4], color: COLORS.reference },
      encoding: { x: timeX() },
    });
  }

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    description: `History, smoothed level and forecast of series ${series.id}`,
    width: CHART_WIDTH,
    height: 260,
    config: CONFIG,
    layer: layers,
  };
}

/** Trend, cycle, seasonal and irregular components as vertically stacked small multiples on one time axis. */
export function seriesDecompositionSpec(series: ReportSeries, maxHistoryPoints: number): TopLevelSpec | null {
  const components = series.components;
  if (!components) return null;
  const start = tailStart(series, maxHistoryPoints);
  const multiplicative = components.model === 'multiplicative';
  const parts: { name: string; values: number[]; baseline: number | null }[] = [
    { name: 'Trend', values: components.trend, baseline: null },
    ...(components.cycle ? [{ name: 'Cycle', values: components.cycle, baseline: multiplicative ? 1 : 0 }] : []),
    { name: 'Seasonal', values: components.seasonal, baseline: multiplicative ? 1 : 0 },
    { name: 'Irregular', values: components.irregular, baseline: multiplicative ? 1 : 0 },
  ];
  const times = series.dates.slice(start).map(isoToEpochMs);
  const rows = parts.map((part, index): ConcatChild => {
    const values = times.map((t, i) => ({ t, v: finiteOrNull(part.values[start + i]) }));
    const isLast = index === parts.length - 1;
    const x = {
      field: 't',
      type: 'temporal',
      scale: { type: 'utc' },
      // Only the bottom panel carries the time axis labels: the panels share the same dates.
      axis: isLast ? { ...TIME_AXIS } : { title: null, labels: false, ticks: false, domain: false },
      title: isLast ? 'Date' : null,
    } as const;
    const layer: LayerChild[] = [
      {
        mark: part.name === 'Irregular' ? { type: 'point', size: 10, filled: true } : { type: 'line', strokeWidth: 1.25, invalid: 'break-paths-show-domains' },
        encoding: {
          x,
          y: { field: 'v', type: 'quantitative', title: part.name, scale: { zero: false }, axis: { tickCount: 3, ...valueAxisFormat(values.map((r) => r.v)) } },
          color: { value: COLORS.history },
        },
      },
    ];
    if (part.baseline !== null) {
      layer.unshift({ data: { values: [{ b: part.baseline }] }, mark: { type: 'rule', color: COLORS.reference, strokeDash: [3, 3] }, encoding: { y: { field: 'b', type: 'quantitative' } } });
    }
    return { data: { values }, width: CHART_WIDTH, height: 70, layer };
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    description: `Decomposition of series ${series.id}`,
    config: { ...CONFIG, concat: { spacing: 6 } },
    vconcat: rows,
  };
}

// ---------------------------------------------------------------------------------------------
// Run-level charts
// ---------------------------------------------------------------------------------------------

/** Sum over series per date: the total demand history and the total forecast mean. */
export interface VolumeTotals {
  history: { dates: string[]; values: number[] };
  forecast: { dates: string[]; mean: number[] };
}

/** Totals of the given series (missing values count as 0 for the date, i.e. are skipped). */
export function sumAcrossSeries(series: readonly ReportSeries[]): VolumeTotals {
  const history = new Map<string, number>();
  const forecast = new Map<string, number>();
  const add = (into: Map<string, number>, date: string, value: number | null | undefined) => {
    const v = finiteOrNull(value);
    if (v !== null) into.set(date, (into.get(date) ?? 0) + v);
  };
  for (const s of series) {
    s.dates.forEach((d, i) => add(history, d, s.values[i]));
    s.forecast.dates.forEach((d, i) => add(forecast, d, s.forecast.mean[i]));
  }
  // Sort by time, not by string: hourly and daily keys of mixed spelling still order correctly.
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => isoToEpochMs(a[0]) - isoToEpochMs(b[0]));
  const h = sorted(history);
  const f = sorted(forecast);
  return {
    history: { dates: h.map(([d]) => d), values: h.map(([, v]) => v) },
    forecast: { dates: f.map(([d]) => d), mean: f.map(([, v]) => v) },
  };
}

/**
 * Total across all series: summed history and summed forecast means. (Quantiles do not add up
 * across series, so the aggregate has no band.)
 */
export function aggregateVolumeSpec(totals: VolumeTotals): TopLevelSpec {
  const rows = [
    ...totals.history.dates.map((d, i) => ({ t: isoToEpochMs(d), v: finiteOrNull(totals.history.values[i]), kind: 'History (sum)' })),
    ...totals.forecast.dates.map((d, i) => ({ t: isoToEpochMs(d), v: finiteOrNull(totals.forecast.mean[i]), kind: 'Forecast mean (sum)' })),
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    description: 'Total volume across all series: history and forecast',
    width: CHART_WIDTH,
    height: 220,
    config: CONFIG,
    data: { values: rows },
    mark: { type: 'line', strokeWidth: 1.75 },
    encoding: {
      x: timeX(),
      y: { field: 'v', type: 'quantitative', title: 'Total across series', scale: { zero: false }, axis: valueAxisFormat(rows.map((r) => r.v)) },
      color: {
        field: 'kind',
        type: 'nominal',
        scale: { domain: ['History (sum)', 'Forecast mean (sum)'], range: [COLORS.history, COLORS.forecast] },
        legend: { title: null },
      },
    },
  };
}

/**
 * Histogram of per-series MASE. A long right tail would squash the histogram into one bar, so
 * values beyond the 98th percentile are drawn in the last bin (`cappedAt` says where).
 */
export function maseDistributionSpec(maseValues: readonly number[]): { spec: TopLevelSpec; cappedAt: number | null } {
  const sorted = [...maseValues].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const p98 = sorted.length > 0 ? sorted[Math.min(sorted.length - 1, Math.floor(0.98 * (sorted.length - 1)))]! : 0;
  const max = sorted.length > 0 ? sorted[sorted.length - 1]! : 0;
  const cappedAt = sorted.length > 20 && max > 2 * p98 && p98 > 0 ? p98 : null;
  const values = sorted.map((v) => ({ mase: cappedAt === null ? v : Math.min(v, cappedAt) }));
  return {
    cappedAt,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      description: 'Distribution of the backtest MASE over series',
      width: CHART_WIDTH,
      height: 180,
      config: CONFIG,
      layer: [
        {
          data: { values },
          mark: { type: 'bar', color: COLORS.forecast, opacity: 0.85, binSpacing: 1 },
          encoding: {
            x: { field: 'mase', type: 'quantitative', bin: { maxbins: 30 }, title: 'Backtest MASE per series (1 = in-sample seasonal naive)' },
            y: { aggregate: 'count', type: 'quantitative', title: 'Series' },
          },
        },
        {
          data: { values: [{ x: 1 }] },
          mark: { type: 'rule', color: COLORS.validation, strokeDash: [4, 4], strokeWidth: 1.5 },
          encoding: { x: { field: 'x', type: 'quantitative' } },
        },
      ],
    },
  };
}

/**
 * Complexity vs merit of the width × depth search: parameter count (log scale) against validation
 * MASE, one point per candidate labelled units×layers, the chosen candidate ringed and named.
 */
export function searchSpec(points: readonly ReportSearchPoint[]): TopLevelSpec | null {
  const valid = points
    .filter((p) => finiteOrNull(p.valMase) !== null && p.params > 0)
    .map((p) => ({ params: p.params, valMase: p.valMase, layers: String(p.layers), label: `${p.units}×${p.layers}`, chosen: p.chosen }));
  if (valid.length === 0) return null;
  const chosen = valid.filter((p) => p.chosen).map((p) => ({ ...p, chosenLabel: `chosen: ${p.label}` }));
  const x = { field: 'params', type: 'quantitative', title: 'Trainable parameters (log scale)', scale: { type: 'log' }, axis: { format: '~s' } } as const;
  const y = { field: 'valMase', type: 'quantitative', title: 'Validation MASE (lower is better)', scale: { zero: false, padding: 12 } } as const;
  const layerDomain = [...new Set(valid.map((p) => Number(p.layers)))].sort((a, b) => a - b).map(String);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    description: 'Validation MASE against parameter count for every searched network size',
    width: CHART_WIDTH,
    height: 260,
    config: CONFIG,
    layer: [
      {
        data: { values: valid },
        mark: { type: 'point', filled: true, size: 70, opacity: 0.9 },
        encoding: { x, y, color: { field: 'layers', type: 'ordinal', title: 'Layers', scale: { domain: layerDomain, scheme: 'viridis' } } },
      },
      {
        data: { values: valid },
        mark: { type: 'text', dx: 8, align: 'left', baseline: 'middle', fontSize: 10, color: '#4b5563' },
        encoding: { x, y, text: { field: 'label' } },
      },
      {
        data: { values: chosen },
        mark: { type: 'point', filled: false, size: 320, strokeWidth: 2, color: COLORS.validation },
        encoding: { x, y },
      },
      {
        data: { values: chosen },
        mark: { type: 'text', dy: -16, fontSize: 11, fontWeight: 'bold', color: COLORS.validation },
        encoding: { x, y, text: { field: 'chosenLabel' } },
      },
    ],
  };
}

/** Training and validation loss per epoch; log scale when the loss spans more than two decades. */
export function trainingSpec(epochs: readonly ReportTrainingEpoch[]): TopLevelSpec | null {
  const rows = epochs.flatMap((e) => [
    ...(finiteOrNull(e.loss) !== null ? [{ epoch: e.epoch, loss: e.loss, kind: 'Training loss' }] : []),
    ...(finiteOrNull(e.valLoss) !== null ? [{ epoch: e.epoch, loss: e.valLoss as number, kind: 'Validation loss' }] : []),
  ]);
  if (rows.length === 0) return null;
  const losses = rows.map((r) => r.loss);
  const min = Math.min(...losses);
  const max = Math.max(...losses);
  const useLog = min > 0 && max / min > 100;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    description: 'Training and validation loss per epoch',
    width: CHART_WIDTH,
    height: 220,
    config: CONFIG,
    data: { values: rows },
    mark: { type: 'line', strokeWidth: 1.75, point: rows.length <= 120 ? { size: 16 } : false },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'Epoch', axis: { tickMinStep: 1, format: 'd' } },
      y: { field: 'loss', type: 'quantitative', title: useLog ? 'Loss (log scale)' : 'Loss', scale: useLog ? { type: 'log' } : { zero: false } },
      color: {
        field: 'kind',
        type: 'nominal',
        scale: { domain: ['Training loss', 'Validation loss'], range: [COLORS.forecast, COLORS.validation] },
        legend: { title: null },
      },
    },
  };
}
