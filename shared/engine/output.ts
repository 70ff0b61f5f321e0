/** Serialisation of forecasts into the published `forecast.csv` contract. */
import { quantileColumn } from '../schemas/forecast';
import { csvField as csv } from '../parse/format-csv';

export interface SeriesForecast {
  id: string;
  /** Model that produced this series' forecast. */
  model: string;
  dates: string[];
  mean: Float64Array;
  /** Aligned with the configured quantiles. */
  quantiles: Float64Array[];
}

/** `series_id,date,model,mean,p10,p50,p90` (one column per configured quantile), sorted by series then date. */
export function formatForecastCsv(forecasts: SeriesForecast[], quantiles: number[]): string {
  const header = ['series_id', 'date', 'model', 'mean', ...quantiles.map(quantileColumn)].join(',');
  const lines = [header];
  const sorted = [...forecasts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const f of sorted) {
    const id = csv(f.id);
    const model = csv(f.model);
    for (let t = 0; t < f.dates.length; t++) {
      const row = [id, f.dates[t]!, model, fmt(f.mean[t]!)];
      for (let q = 0; q < quantiles.length; q++) row.push(fmt(f.quantiles[q]![t]!));
      lines.push(row.join(','));
    }
  }
  return lines.join('\n') + '\n';
}

/** Numbers rounded to 6 significant digits: stable bytes across runs and far below forecast error. */
function fmt(v: number): string {
  if (!Number.isFinite(v)) return '';
  return String(Number(v.toPrecision(6)));
}
