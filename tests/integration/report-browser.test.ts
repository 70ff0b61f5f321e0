/**
 * Opens a rendered report.html in headless Chromium from a file:// URL — the way a reader opens a
 * downloaded report — and checks it works there: no console errors or page errors (a blocked
 * fetch or a CSP violation would log one), the charts are drawn, and the series picker swaps panels.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport, syntheticReportData } from '../../shared/report';
import { readFileSync } from 'node:fs';
import { MemoryStorage } from '../../shared/storage';
import { ingestUpload } from '../../shared/pipeline/ingest';
import { trainForecast } from '../../shared/pipeline/train-forecast';
import { REPO_ROOT } from '../../cli/local-runner';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without the networking switches Chromium keeps trying to reach update and sync services.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const HOSTILE_ID = 'alpha <b>&"beta"</b>';

describe('report.html in a browser', () => {
  let workDir: string;
  let browser: Browser;
  let reportUrl: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      // CI installs Chromium with apt; a missing browser must fail loudly, never skip.
      throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
    }
    workDir = mkdtempSync(join(tmpdir(), 'seqcast-report-'));
    const data = syntheticReportData({ seriesCount: 30, ids: [HOSTILE_ID] });
    data.series[0]!.volume = 1e12; // the largest series: its panel is the first one shown
    const reportPath = join(workDir, 'report.html');
    writeFileSync(reportPath, await renderReport(data, { topN: 4 }));
    reportUrl = pathToFileURL(reportPath).href;
    // launch() gives every browser a fresh temporary profile (user-data-dir) of its own.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('loads without errors, draws every chart and switches series with the picker', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    page.setDefaultTimeout(5_000);
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console.${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    const requests: string[] = [];
    page.on('request', (req) => {
      if (req.url() !== reportUrl) requests.push(req.url());
    });

    await page.goto(reportUrl, { waitUntil: 'load' });

    // Every chart is an SVG with drawn marks, not an empty frame.
    const charts = await page.$$eval('figure.chart > svg', (svgs) =>
      svgs.map((svg) => svg.querySelectorAll('path, rect, line').length),
    );
    // overview (2) + search + training + 2 per panel; topN 4 by volume + 4 by error → 5..8 panels
    const panelCount = await page.locator('.series-panel').count();
    expect(panelCount).toBeGreaterThanOrEqual(5);
    expect(panelCount).toBeLessThanOrEqual(8);
    expect(charts.length).toBe(4 + 2 * panelCount);
    for (const marks of charts) expect(marks).toBeGreaterThan(10);

    // Exactly one panel is visible at a time: the first one initially.
    const visiblePanels = async () => {
      const visible: (string | null)[] = [];
      for (const panel of await page.locator('.series-panel').all()) {
        if (await panel.isVisible()) visible.push(await panel.getAttribute('id'));
      }
      return visible;
    };
    expect(await visiblePanels()).toEqual(['series-panel-0']);

    await page.selectOption('#series-picker', '2');
    expect(await visiblePanels()).toEqual(['series-panel-2']);
    // The visible panel's chart has a real size on screen.
    const box = await page.locator('#series-panel-2 figure.chart > svg').first().boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(300);
    expect(box?.height ?? 0).toBeGreaterThan(100);

    // The hostile id is shown as text, not parsed as markup.
    await page.selectOption('#series-picker', '0');
    expect(await visiblePanels()).toEqual(['series-panel-0']);
    expect(await page.locator('#series-panel-0 h3').innerText()).toBe(HOSTILE_ID);
    expect(await page.locator('#series-panel-0 h3 b').count()).toBe(0);

    const screenshot = join(tmpdir(), 'seqcast-report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(existsSync(screenshot)).toBe(true);

    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('the report the pipeline publishes for the bundled example opens cleanly with its charts', async () => {
    // The real path: example upload → ingest → train-forecast (statistical models, to stay fast) → report.html.
    const storage = new MemoryStorage();
    await storage.put('config/retail.json', readFileSync(join(REPO_ROOT, 'examples', 'retail', 'config.json')));
    await storage.put('raw/retail/sales.csv', readFileSync(join(REPO_ROOT, 'examples', 'retail', 'sales.csv')));
    expect((await ingestUpload(storage, 'raw/retail/sales.csv')).status).toBe('curated');
    const run = await trainForecast(storage, { dataset: 'retail', neural: null });
    const reportPath = join(workDir, 'example-report.html');
    writeFileSync(reportPath, await storage.get(run.reportKey!));
    const url = pathToFileURL(reportPath).href;

    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console.${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    await page.goto(url, { waitUntil: 'load' });
    const charts = await page.$$eval('figure.chart > svg', (svgs) => svgs.map((svg) => svg.querySelectorAll('path, rect, line').length));
    expect(charts.length).toBeGreaterThanOrEqual(4);
    for (const marks of charts) expect(marks).toBeGreaterThan(5);
    expect(await page.locator('.series-panel').count()).toBeGreaterThan(0);
    const text = await page.locator('body').innerText();
    expect(text).toContain('retail');
    expect(text).toContain('snaive');
    // Ingestion warnings of the example (its store/item columns are not used) reach the overview.
    expect(text).toContain('raw/retail/sales.csv, line 1, column "store"');
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
