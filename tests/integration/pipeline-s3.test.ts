/**
 * The pipeline end to end over real S3 protocol (embedded s3rver, or AWS_ENDPOINT_URL when set):
 * upload → ingest handler (S3 event records) → decompose + smooth handlers → train-forecast job →
 * atomic publish. Asserts file contents and the manifest, duplicate events, a malformed upload
 * quarantined while a good one in the same batch succeeds, and S3 faults retried.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { startS3Server, type S3TestServer } from './helpers/s3-server';
import { setStorage } from '../../lambdas/common/runtime';
import { handler as ingest } from '../../lambdas/ingest/handler';
import { handler as decompose } from '../../lambdas/decompose/handler';
import { handler as smooth } from '../../lambdas/smooth/handler';
import { trainForecast } from '../../shared/pipeline/train-forecast';
import { selectBackend } from '../../shared/nn';
import { ManifestSchema, LatestPointerSchema, MetricsSchema } from '../../shared/schemas/forecast';
import { objectCreatedEvent } from '../../cli/local-runner';
import { monthlyCsv, TEST_CONFIG } from './helpers/pipeline-data';

let s3: S3TestServer;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  s3 = await startS3Server();
  setStorage(s3.storage);
  await selectBackend({ prefer: 'cpu' });
  await s3.storage.put('config/shop.json', JSON.stringify(TEST_CONFIG));
});
afterAll(async () => {
  setStorage(undefined);
  await s3?.stop();
});

function event(...keys: string[]) {
  return { Records: keys.flatMap((k) => objectCreatedEvent(s3.bucket, k, 1, 'etag').Records) };
}

describe('pipeline over S3', () => {
  it('quarantines a malformed upload while a good one in the same batch is curated', async () => {
    await s3.storage.put('raw/shop/2024 sales.csv', monthlyCsv(['a', 'b', 'c'], 48));
    await s3.storage.put('raw/shop/broken.csv', 'series_id,date,value\na,2024-01-01,12\na,2024-02-01,twelve\n');
    const rawBefore = await s3.storage.get('raw/shop/broken.csv');
    const out = await ingest(event('raw/shop/2024 sales.csv', 'raw/shop/broken.csv'));
    expect(out.results.map((r) => r.status)).toEqual(['curated', 'quarantined']);
    const good = out.results[0]!;
    expect(good.outputKey).toBe('curated/shop/2024 sales.csv.csv');
    expect(good.series).toBe(3);
    const curated = await s3.storage.getText(good.outputKey);
    expect(curated.split('\n')[0]).toBe('series_id,date,value');
    expect(curated.trim().split('\n')).toHaveLength(1 + 3 * 48);

    const report = JSON.parse(await s3.storage.getText('quarantine/shop/broken.csv.json'));
    expect(report.rawKey).toBe('raw/shop/broken.csv');
    expect(report.problems[0]).toMatchObject({ file: 'raw/shop/broken.csv', line: 3, column: 'value', severity: 'error' });
    expect(report.problems[0].value).toBe('twelve');
    // Nothing is lost: the raw object is untouched and nothing was curated for it.
    expect(sha(await s3.storage.get('raw/shop/broken.csv'))).toBe(sha(rawBefore));
    expect(await s3.storage.head('curated/shop/broken.csv.csv')).toBeUndefined();
  });

  it('a duplicate ingest event rewrites nothing', async () => {
    const before = await s3.storage.head('curated/shop/2024 sales.csv.csv');
    const out = await ingest(event('raw/shop/2024 sales.csv'));
    expect(out.results[0]!.written).toBe(false);
    const after = await s3.storage.head('curated/shop/2024 sales.csv.csv');
    expect(after!.etag).toBe(before!.etag);
  });

  it('decompose and smooth write idempotent per-upload analyses', async () => {
    const ev = event('curated/shop/2024 sales.csv.csv');
    const d1 = await decompose(ev);
    const s1 = await smooth(ev);
    expect(d1.results[0]!.series).toBe(3);
    expect(s1.results[0]!.series).toBe(3);
    const lines = (await s3.storage.getText(d1.results[0]!.outputKey)).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.series_id)).toEqual(['a', 'b', 'c']);
    // Components add back to the series (additive STL).
    const a = lines[0];
    for (let i = 0; i < a.value.length; i++) expect(a.trend[i] + a.seasonal[i] + a.irregular[i]).toBeCloseTo(a.value[i], 6);
    const sm = JSON.parse((await s3.storage.getText(s1.results[0]!.outputKey)).split('\n')[0]!);
    expect(sm.smoothed).toHaveLength(48);
    expect(sm.variances).toHaveLength(2);
    // Duplicate: same key, nothing written.
    const d2 = await decompose(ev);
    expect(d2.results[0]!.outputKey).toBe(d1.results[0]!.outputKey);
    expect(d2.results[0]!.written).toBe(false);
  });

  it('the job trains, forecasts and publishes atomically; a re-run publishes nothing new', async () => {
    const r = await trainForecast(s3.storage, { dataset: 'shop', neural: { backend: 'cpu' } });
    expect(r.status).toBe('published');
    const latest = LatestPointerSchema.parse(JSON.parse(await s3.storage.getText('forecasts/shop/latest.json')));
    expect(latest.runId).toBe(r.runId);
    const manifestBytes = await s3.storage.get(latest.manifestKey);
    expect(sha(manifestBytes)).toBe(latest.manifestSha256);
    const manifest = ManifestSchema.parse(JSON.parse(Buffer.from(manifestBytes).toString('utf8')));
    expect(manifest.seriesCount).toBe(3);
    const names = manifest.files.map((f) => f.key.slice(`forecasts/shop/runs/${r.runId}/`.length));
    expect(names).toEqual(expect.arrayContaining(['forecast.csv', 'metrics.json', 'report.html', 'shards/0-of-1/model/model.json', 'shards/0-of-1/model/weights.bin']));
    for (const f of manifest.files) {
      const body = await s3.storage.get(f.key);
      expect(body.length).toBe(f.size);
      expect(sha(body)).toBe(f.sha256);
    }
    const csv = (await s3.storage.getText(latest.forecastKey)).trim().split('\n');
    expect(csv[0]).toBe('series_id,date,model,mean,p10,p50,p90');
    expect(csv).toHaveLength(1 + 3 * TEST_CONFIG.horizon);
    expect(csv[1]!.startsWith('a,2028-01-01,')).toBe(true);
    for (const row of csv.slice(1)) {
      const [, , , mean, p10, p50, p90] = row.split(',').map(Number);
      expect(p10).toBeLessThanOrEqual(p50!);
      expect(p50).toBeLessThanOrEqual(p90!);
      expect(Number.isFinite(mean)).toBe(true);
    }
    const metrics = MetricsSchema.parse(JSON.parse(await s3.storage.getText(`forecasts/shop/runs/${r.runId}/metrics.json`)));
    expect(metrics.backtest.scores.map((s) => s.model)).toEqual(expect.arrayContaining(['snaive', 'ets', 'theta']));
    expect(metrics.backend).toBe('cpu');

    // The trained network is a registered version with its provenance.
    const registry = JSON.parse(await s3.storage.getText('models/shop/registry.json'));
    expect(registry.versions).toHaveLength(1);
    expect(registry.versions[0]).toMatchObject({ version: r.runId, backend: 'cpu', parent: null, dataFingerprint: manifest.inputFingerprint });

    const before = await s3.storage.list(`forecasts/shop/runs/${r.runId}/`);
    const again = await trainForecast(s3.storage, { dataset: 'shop', neural: { backend: 'cpu' } });
    expect(again.status).toBe('already-published');
    expect(again.runId).toBe(r.runId);
    const after = await s3.storage.list(`forecasts/shop/runs/${r.runId}/`);
    expect(after.map((o) => `${o.key}:${o.etag}`)).toEqual(before.map((o) => `${o.key}:${o.etag}`));
  });

  it('retries S3 503 SlowDown and dropped connections transparently', async () => {
    s3.faults.resetCounters();
    s3.faults.add({ kind: 'slowdown', times: 2, method: 'PUT' }, { kind: 'drop', times: 1, method: 'GET' });
    await s3.storage.put('raw/shop/2025 sales.csv', monthlyCsv(['d'], 30));
    const out = await ingest(event('raw/shop/2025 sales.csv'));
    expect(out.results[0]!.status).toBe('curated');
    expect(s3.faults.failed).toBe(3);
    expect(s3.faults.pending).toBe(0);
  });
});
