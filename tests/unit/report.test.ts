import { createHash } from 'node:crypto';
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import {
  aggregateVolumeSpec,
  maseDistributionSpec,
  searchSpec,
  seriesDecompositionSpec,
  seriesForecastSpec,
  sumAcrossSeries,
  trainingSpec,
} from '../../shared/report/charts';
import { formatFixed, isoToEpochMs } from '../../shared/report/format';
import {
  escapeHtml,
  namespaceSvgIds,
  quantileBandLabel,
  renderReport,
  renderVegaLiteToSvg,
  selectPanelSeries,
  syntheticReportData,
  type ReportData,
  type ReportSeries,
} from '../../shared/report';

const HOSTILE_ID = '<script>alert("x")</script>&co';

function count(haystack: string, needle: string | RegExp): number {
  return (haystack.match(needle instanceof RegExp ? needle : new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g')) ?? []).length;
}

/** 3 ordinary series and one whose id is markup. */
function smallData(): ReportData {
  return syntheticReportData({ seriesCount: 4, ids: ['sku-00001', 'sku-00002', 'sku-00003', HOSTILE_ID] });
}

describe('renderReport: small run', async () => {
  const data = smallData();
  const html = await renderReport(data);

  it('is one HTML document with every section', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    for (const id of ['overview', 'backtest', 'search', 'training', 'series', 'run']) {
      expect(html).toContain(`<section id="${id}">`);
    }
  });

  it('inlines one SVG per chart: 2 overview + search + training + 2 per series', () => {
    expect(count(html, '<svg')).toBe(2 + 1 + 1 + 2 * 4);
    expect(count(html, '</svg>')).toBe(count(html, '<svg'));
    expect(count(html, '<article class="series-panel')).toBe(4);
  });

  it('references nothing outside the file', () => {
    const urls = html.match(/https?:\/\/[^\s"'<>)]*/g) ?? [];
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|\ssrc=|@import|\/\/cdn/i);
    // CSS/SVG url(...) only ever points at an id inside the document.
    expect(html.match(/url\((?!#)/g)).toBeNull();
  });

  it('escapes series ids everywhere', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).toContain(escapeHtml(HOSTILE_ID));
    expect(escapeHtml(HOSTILE_ID)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;co');
    // The only script element is the picker.
    expect(count(html, '<script')).toBe(1);
  });

  it('allows exactly its own inline script in the Content-Security-Policy', () => {
    const script = html.match(/<script>([\s\S]*?)<\/script>/)![1]!;
    const hash = createHash('sha256').update(script).digest('base64');
    const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)![1]!.replace(/&#39;/g, "'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
  });

  it('shows the first panel and hides the others behind the picker', () => {
    expect(count(html, /<option value="\d+"/g)).toBe(4);
    expect(count(html, 'class="series-panel"')).toBe(1);
    expect(count(html, 'class="series-panel is-hidden"')).toBe(3);
  });

  it('gives every SVG id a document-unique name and keeps references pointing at them', () => {
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    expect(new Set(ids).size).toBe(ids.length);
    const refs = [...html.matchAll(/url\(#([^)]+)\)/g)].map((m) => m[1]!);
    for (const ref of refs) expect(ids).toContain(ref);
  });

  it('compares every model with seasonal naive and highlights the best', () => {
    const table = html.slice(html.indexOf('<section id="backtest">'), html.indexOf('<section id="search">'));
    // lstm: MASE 0.81 / seasonal naive 1.04 = 0.779, the best row.
    expect(table).toMatch(/<tr class="row-best"><th scope="row"><code>lstm<\/code><span class="tag tag-selected">selected<\/span><\/th><td class="num best">0\.810<\/td><td class="num best">0\.779<\/td>/);
    expect(table).toMatch(/<tr class="row-baseline"><th scope="row"><code>seasonal_naive<\/code><span class="tag">baseline<\/span><\/th><td class="num">1\.040<\/td><td class="num">1\.000<\/td>/);
    // sMAPE arrives in percent, WAPE as a fraction: both read as percentages
    expect(table).toContain('<td class="num best">11.2 %</td><td class="num best">9.8 %</td>');
    // coverage closest to the nominal 80 % (p10–p90) is 78 % (lstm) and 83 % is further away
    expect(table).toContain('<td class="num best">78.0 %</td>');
    expect(table).toContain('nominal 80 %');
  });

  it('labels the chosen search candidate and the dataset facts', () => {
    expect(html).toContain('chosen: 32×2');
    expect(html).toContain('Chosen: <strong>32×2</strong>');
    expect(html).toMatch(/<dt>Series<\/dt><dd>4<\/dd>/);
    expect(html).toMatch(/<dt>Selected model<\/dt><dd><code>lstm<\/code><\/dd>/);
    expect(html).toContain('2 warnings (ingestion and training)');
    expect(html).not.toContain('Per-series selection');
  });

  it('states whether per-series selection was used, and why not', async () => {
    const check = { pool: ['lstm', 'ets'], tau: 0.1, mase: 0.8, datasetMase: 0.81, cases: 40 };
    const unused = await renderReport({ ...smallData(), perSeries: { ...check, used: false, switched: 0, reason: 'gain under 1 %' } });
    expect(unused).toContain('<dt>Per-series selection</dt><dd>not used: gain under 1 % (MASE 0.800 vs 0.810 for <code>lstm</code> across origins, 40 cases)</dd>');
    const used = await renderReport({ ...smallData(), selectedModel: 'per-series', perSeries: { ...check, mase: 0.7, used: true, switched: 3 } });
    expect(used).toContain('<dd>used: 3 series switched (MASE 0.700 vs 0.810');
  });

  it('sums phase timings, or shows the run total when one is reported', async () => {
    const run = html.slice(html.indexOf('<section id="run">'));
    expect(run).toContain('<th scope="row">Sum of phases</th><td class="num">55.4 s</td>');
    const withTotal = await renderReport({ ...smallData(), timings: { training: 40, total: 61 } });
    const section = withTotal.slice(withTotal.indexOf('<section id="run">'));
    expect(section).toContain('<th scope="row">Total</th><td class="num">61.0 s</td>');
    expect(section).not.toContain('<th scope="row">total</th>');
  });

  it('is deterministic: the same data renders the same bytes', async () => {
    expect(await renderReport(smallData())).toBe(html);
  });
});

describe('renderReport: large run', () => {
  it('renders 2,000 series as an overview plus the top-N panels, in a bounded size', async () => {
    const data = syntheticReportData({ seriesCount: 2000 });
    const html = await renderReport(data);
    const panels = count(html, '<article class="series-panel');
    expect(panels).toBeGreaterThanOrEqual(12);
    expect(panels).toBeLessThanOrEqual(24);
    expect(count(html, '<svg')).toBe(4 + 2 * panels);
    // The largest series always has a panel, and it is the one shown first.
    const largest = [...data.series].sort((a, b) => b.volume - a.volume)[0]!;
    expect(html).toMatch(new RegExp(`<article class="series-panel" data-panel="0" id="series-panel-0">\\n<h3><code>${largest.id}</code></h3>`));
    expect(html).toContain(`Showing ${panels} of 2,000 series`);
    expect(Buffer.byteLength(html)).toBeLessThan(3 * 1024 * 1024);
  });

  it('trims long histories to the last maxHistoryPoints and says so', async () => {
    const data = syntheticReportData({ seriesCount: 1, historyLength: 240 });
    const html = await renderReport(data, { maxHistoryPoints: 48 });
    expect(html).toContain('Last 48 of 240 observations shown.');
  });
});

describe('renderReport: run-wide overview', () => {
  it('takes counts, MASE distribution and best/worst from the overview when series is a subset', async () => {
    const data = syntheticReportData({ seriesCount: 5 });
    const seriesMase = Array.from({ length: 2000 }, (_, i) => ({ id: `all-${i}`, mase: i === 7 ? 0.01 : i === 9 ? 99 : 1 + (i % 10) / 10 }));
    const html = await renderReport({
      ...data,
      overview: { seriesCount: 2000, seriesMase, totals: sumAcrossSeries(data.series) },
    });
    expect(html).toMatch(/<dt>Series<\/dt><dd>2,000<\/dd>/);
    expect(html).toContain('Showing 5 of 2,000 series');
    expect(html).toContain('Backtest MASE of 2,000 series.');
    expect(html).toMatch(/Best series \(MASE\)<\/dt><dd><code>all-7<\/code> \(0\.01\)/);
    expect(html).toMatch(/Worst series \(MASE\)<\/dt><dd><code>all-9<\/code> \(99\.00\)/);
    // the 99 outlier is folded into the last histogram bin
    expect(html).toMatch(/Values above [\d.]+ are drawn in the last bin/);
  });

  it('sums series per date, skipping missing values', () => {
    const base = syntheticReportData({ seriesCount: 2, historyLength: 3, horizon: 1 });
    base.series[0]!.values = [1, null, 3];
    base.series[1]!.values = [10, 20, 30];
    const totals = sumAcrossSeries(base.series);
    expect(totals.history).toEqual({ dates: ['2019-01-01', '2019-02-01', '2019-03-01'], values: [11, 20, 33] });
    expect(totals.forecast.dates).toEqual(['2019-04-01']);
    expect(totals.forecast.mean[0]).toBeCloseTo(base.series[0]!.forecast.mean[0]! + base.series[1]!.forecast.mean[0]!);
  });
});

describe('renderReport: sparse run', () => {
  it('renders a run without search, training, backtest, components or smoothing', async () => {
    const base = syntheticReportData({ seriesCount: 2 });
    const data: ReportData = {
      ...base,
      backtest: [],
      search: [],
      training: [],
      timings: {},
      warnings: [],
      series: base.series.map(({ smoothed: _s, components: _c, ...rest }) => ({ ...rest, mase: null })),
    };
    const html = await renderReport(data);
    expect(html).toContain('No backtest scores in this run.');
    expect(html).toContain('No network size search in this run');
    expect(html).toContain('No training curve in this run');
    expect(html).toContain('No decomposition for this series.');
    // aggregate chart + one forecast chart per series; no MASE histogram without MASE values
    expect(count(html, '<svg')).toBe(1 + 2);
    expect(html).not.toContain('Kalman level');
  });
});

describe('selectPanelSeries', () => {
  const series = (id: string, volume: number, mase: number | null): ReportSeries => ({
    id,
    volume,
    mase,
    dates: [],
    values: [],
    forecast: { dates: [], mean: [], lower: [], upper: [], model: 'm' },
  });

  it('takes the top N by volume and by error, once each, volume first', () => {
    const all = [series('a', 100, 0.5), series('b', 50, 3), series('c', 10, 2), series('d', 5, null), series('e', 1, 1)];
    expect(selectPanelSeries(all, 2)).toEqual([
      { index: 0, reasons: ['volume'] },
      { index: 1, reasons: ['volume', 'error'] },
      { index: 2, reasons: ['error'] },
    ]);
  });

  it('breaks ties on the id, not on input order', () => {
    const forward = [series('b', 1, null), series('a', 1, null)];
    expect(selectPanelSeries(forward, 1)).toEqual([{ index: 1, reasons: ['volume'] }]);
  });
});

describe('chart specs', () => {
  it('compile without Vega-Lite warnings', async () => {
    const data = syntheticReportData({ seriesCount: 3 });
    const specs = [
      aggregateVolumeSpec(sumAcrossSeries(data.series)),
      maseDistributionSpec(data.series.map((s) => s.mase ?? NaN)).spec,
      searchSpec(data.search)!,
      trainingSpec(data.training)!,
      ...data.series.flatMap((s) => [seriesForecastSpec(s, { band: 'p10–p90' }, 400), seriesDecompositionSpec(s, 400)!]),
    ];
    const warnings: string[] = [];
    for (const [i, spec] of specs.entries()) {
      const svg = await renderVegaLiteToSvg(spec, { idPrefix: `t${i}-`, onWarning: (w) => warnings.push(w) });
      expect(svg).toMatch(/^<svg /);
    }
    expect(warnings).toEqual([]);
  });

  it('breaks the history line at a missing value instead of bridging it', async () => {
    const s = syntheticReportData({ seriesCount: 1 }).series[0]!;
    const withoutSmoothing: ReportSeries = { ...s, smoothed: undefined };
    const pathsOf = async (values: (number | null)[]) => {
      const svg = await renderVegaLiteToSvg(seriesForecastSpec({ ...withoutSmoothing, values }, { band: 'b' }, 400), { idPrefix: 'x' });
      const historyPath = svg.match(/<path[^>]*stroke="#374151"[^>]*>/)![0];
      return count(historyPath, /M/g);
    };
    expect(await pathsOf(s.values.map((v) => v ?? 1))).toBe(1);
    const gapped: (number | null)[] = s.values.map((v) => v ?? 1);
    gapped[20] = null;
    expect(await pathsOf(gapped)).toBe(2);
  });

  it('scales the search chart x axis logarithmically and rings only the chosen point', () => {
    const spec = searchSpec([
      { units: 8, layers: 1, params: 400, valMase: 1.1, chosen: false },
      { units: 32, layers: 2, params: 12000, valMase: 0.9, chosen: true },
      { units: 64, layers: 2, params: 50000, valMase: null, chosen: false },
    ]) as { layer: { data: { values: unknown[] }; encoding: { x: { scale: { type: string } } } }[] };
    expect(spec.layer[0]!.encoding.x.scale.type).toBe('log');
    expect(spec.layer[0]!.data.values).toHaveLength(2); // the failed candidate is not drawn
    expect(spec.layer[2]!.data.values).toEqual([expect.objectContaining({ label: '32×2', chosen: true })]);
  });
});

describe('report helpers', () => {
  it('renders clipped charts with ids that cannot collide when inlined side by side', async () => {
    // Vega numbers clip paths clip1, clip2, … afresh for every view: two charts would share ids.
    const clipped: TopLevelSpec = {
      data: { values: [{ x: 1, y: 1 }, { x: 2, y: 5 }] },
      mark: { type: 'line', clip: true },
      encoding: { x: { field: 'x', type: 'quantitative', scale: { domain: [0, 1.5] } }, y: { field: 'y', type: 'quantitative' } },
    };
    const first = await renderVegaLiteToSvg(clipped, { idPrefix: 'a-' });
    const second = await renderVegaLiteToSvg(clipped, { idPrefix: 'b-' });
    const idsOf = (svg: string) => [...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    expect(idsOf(first).length).toBeGreaterThan(0);
    expect(idsOf(first).every((id) => id.startsWith('a-'))).toBe(true);
    expect(idsOf(second).every((id) => id.startsWith('b-'))).toBe(true);
    expect(first.match(/url\(#([^)]+)\)/)![1]).toBe(idsOf(first)[0]);
  });


  it('namespaces SVG ids and their references', () => {
    const svg = '<svg><defs><clipPath id="clip1"><rect/></clipPath><linearGradient id="d"/></defs><g clip-path="url(#clip1)" fill="url(#d)"><use href="#d"/></g></svg>';
    expect(namespaceSvgIds(svg, 'c7-')).toBe(
      '<svg><defs><clipPath id="c7-1"><rect/></clipPath><linearGradient id="c7-2"/></defs><g clip-path="url(#c7-1)" fill="url(#c7-2)"><use href="#c7-2"/></g></svg>',
    );
  });

  it('formats numbers without locale and without negative zero', () => {
    expect(formatFixed(1234567.891, 2)).toBe('1,234,567.89');
    expect(formatFixed(-0.0001, 3)).toBe('0.000');
    expect(formatFixed(-12.5, 1)).toBe('-12.5');
    expect(formatFixed(Number.NaN)).toBe('—');
  });

  it('reads dates without a zone as UTC', () => {
    expect(isoToEpochMs('2024-03-01')).toBe(Date.UTC(2024, 2, 1));
    expect(isoToEpochMs('2024-03-01T05:00:00')).toBe(Date.UTC(2024, 2, 1, 5));
    expect(() => isoToEpochMs('March 1st')).toThrow(/not an ISO-8601 date/);
  });

  it('names the band after the outermost quantiles', () => {
    expect(quantileBandLabel([0.1, 0.5, 0.9])).toBe('p10–p90');
    expect(quantileBandLabel([0.025, 0.5, 0.975])).toBe('p2.5–p97.5');
  });
});
