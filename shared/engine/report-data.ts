/**
 * Builds the report's input (`ReportData` of shared/report) from an engine result plus the stored
 * decomposition and smoothing of each series. A shard keeps every series when there are few, and
 * otherwise the largest and the worst-forecast ones (the report only draws panels for those).
 */
import type { Series } from '../types';
import type { ReportData, ReportSeries } from '../report/types';
import type { EngineResult } from './forecast';
import type { DecompositionRecord, SmoothingRecord } from '../pipeline/analyse';

export type ShardReportData = Omit<ReportData, 'dataset' | 'runId' | 'createdAt'>;

const KEEP_ALL = 200;
const KEEP_TOP = 60;

export function buildReportData(
  engine: EngineResult,
  decomposition: Map<string, DecompositionRecord>,
  smoothing: Map<string, SmoothingRecord>,
  series: Series[],
  meta: { frequency?: string; horizon?: number; quantiles?: number[] } = {},
): ShardReportData {
  const byId = new Map(series.map((s) => [s.id, s]));
  const rows: ReportSeries[] = [];
  for (const f of engine.forecasts) {
    const s = byId.get(f.id);
    if (!s) continue;
    let volume = 0;
    for (const v of s.values) if (Number.isFinite(v)) volume += Math.abs(v);
    const d = decomposition.get(f.id);
    const sm = smoothing.get(f.id);
    const nq = f.quantiles.length;
    rows.push({
      id: f.id,
      volume,
      dates: s.dates,
      values: Array.from(s.values, (v) => (Number.isFinite(v) ? v : null)),
      smoothed: sm ? { level: sm.smoothed, std: sm.smoothedStd } : undefined,
      forecast: {
        dates: f.dates,
        mean: Array.from(f.mean),
        lower: Array.from(f.quantiles[0] ?? f.mean),
        upper: Array.from(f.quantiles[nq - 1] ?? f.mean),
        model: f.model,
      },
      components: d
        ? { trend: d.trend, cycle: d.cycle, seasonal: d.seasonal, irregular: d.irregular, method: d.method, model: d.model }
        : undefined,
      mase: engine.perSeriesMase.get(f.id) ?? null,
    });
  }
  let kept = rows;
  if (rows.length > KEEP_ALL) {
    const byVolume = [...rows].sort((a, b) => b.volume - a.volume).slice(0, KEEP_TOP);
    const byError = [...rows].sort((a, b) => (b.mase ?? -1) - (a.mase ?? -1)).slice(0, KEEP_TOP);
    const ids = new Set([...byVolume, ...byError].map((r) => r.id));
    kept = rows.filter((r) => ids.has(r.id));
  }
  const quantiles = meta.quantiles ?? [];
  return {
    frequency: meta.frequency ?? series[0]?.frequency ?? '',
    horizon: meta.horizon ?? engine.forecasts[0]?.dates.length ?? 0,
    quantiles,
    backend: engine.backend,
    selectedModel: engine.selectedModel,
    ...(engine.perSeries ? { perSeries: engine.perSeries } : {}),
    series: kept,
    backtest: engine.scores.map((s) => ({ model: s.model, mase: s.mase, smape: s.smape, wape: s.wape, coverage: s.coverage, series: s.series })),
    search: engine.search,
    training: engine.training.map((r) => ({ epoch: r.epoch, loss: r.loss, valLoss: r.valLoss })),
    timings: engine.timings,
    warnings: engine.warnings,
  };
}
