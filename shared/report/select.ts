/**
 * Which series get a panel. A run may hold thousands of series; one panel each would make a
 * report nobody can open. The report keeps the series that matter most to a reader: the largest
 * (they dominate the totals) and the worst forecast (they need a look), N of each.
 */
import { finiteOrNull } from './format';
import type { ReportSeries } from './types';

export type PanelReason = 'volume' | 'error';

export interface PanelSelection {
  /** Index into `ReportData.series`. */
  index: number;
  /** Why the series was picked: among the top N by volume, by error, or both. */
  reasons: PanelReason[];
}

/** Ties break on the id so the selection (and the report bytes) never depend on input order. */
function byIdThen(a: ReportSeries, b: ReportSeries): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Top `topN` series by volume, then top `topN` by MASE (series without a MASE cannot be ranked
 * by error), deduplicated: a series in both lists appears once, in the volume position.
 */
export function selectPanelSeries(series: readonly ReportSeries[], topN: number): PanelSelection[] {
  const n = Math.max(0, Math.floor(topN));
  const indexed = series.map((s, index) => ({ s, index }));
  const byVolume = [...indexed]
    .sort((a, b) => (finiteOrNull(b.s.volume) ?? -Infinity) - (finiteOrNull(a.s.volume) ?? -Infinity) || byIdThen(a.s, b.s))
    .slice(0, n);
  const byError = indexed
    .filter((x) => finiteOrNull(x.s.mase) !== null)
    .sort((a, b) => (b.s.mase as number) - (a.s.mase as number) || byIdThen(a.s, b.s))
    .slice(0, n);

  const picked = new Map<number, PanelReason[]>();
  for (const { index } of byVolume) picked.set(index, ['volume']);
  for (const { index } of byError) {
    const reasons = picked.get(index);
    if (reasons) reasons.push('error');
    else picked.set(index, ['error']);
  }
  return [...picked].map(([index, reasons]) => ({ index, reasons }));
}

export interface RankedSeries {
  id: string;
  mase: number;
}

/** The `count` best and worst series by MASE (best first in `best`, worst first in `worst`). */
export function bestAndWorstByMase(series: readonly { id: string; mase?: number | null }[], count: number): { best: RankedSeries[]; worst: RankedSeries[] } {
  const ranked = series
    .filter((s) => finiteOrNull(s.mase) !== null)
    .map((s) => ({ id: s.id, mase: s.mase as number }))
    .sort((a, b) => a.mase - b.mase || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const k = Math.min(count, Math.floor(ranked.length / 2) || ranked.length);
  return { best: ranked.slice(0, k), worst: ranked.slice(-k).reverse() };
}
