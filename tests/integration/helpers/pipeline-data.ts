/** Small deterministic datasets and a fast config for the pipeline tests. */

/** Long CSV of monthly series from 2024-01 with trend + yearly seasonality + deterministic noise. */
export function monthlyCsv(ids: string[], months: number, startYear = 2024): string {
  const lines = ['series_id,date,value'];
  ids.forEach((id, k) => {
    for (let t = 0; t < months; t++) {
      const d = new Date(Date.UTC(startYear, t, 1)).toISOString().slice(0, 10);
      const v = 100 * (k + 1) + 2 * t + 15 * Math.sin((2 * Math.PI * t) / 12 + k) + 5 * Math.sin(t * 12.9898 + k * 78.233);
      lines.push(`${id},${d},${v.toFixed(3)}`);
    }
  });
  return lines.join('\n') + '\n';
}

/** Tiny network, one backtest window: the pipeline tests check plumbing, not accuracy. */
export const TEST_CONFIG = {
  frequency: 'monthly',
  horizon: 6,
  model: { units: 8, epochs: 3, batchSize: 64, earlyStoppingPatience: 2, window: 12 },
  backtest: { windows: 1 },
} as const;
