/** Atomic publishing, the latest pointer, the model registry and the full-history merge, on in-memory storage. */
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../shared/storage';
import { publishRun, isRunPublished } from '../../shared/pipeline/publish';
import { registerModelVersion, readModelRegistry } from '../../shared/pipeline/model-registry';
import { loadDatasetHistory } from '../../shared/pipeline/history';
import { runIdOf } from '../../shared/pipeline/train-forecast';
import { sha256Hex } from '../../shared/pipeline/fingerprint';
import type { Series } from '../../shared/types';

const manifestFields = (createdAt: string) => ({
  createdAt,
  inputFingerprint: 'a'.repeat(64),
  configFingerprint: 'b'.repeat(64),
  frequency: 'monthly',
  horizon: 2,
  quantiles: [0.1, 0.5, 0.9],
  seriesCount: 1,
  backend: 'cpu',
});

describe('publishRun', () => {
  it('writes files, then a manifest with checksums, then latest.json', async () => {
    const storage = new MemoryStorage();
    const res = await publishRun(storage, {
      dataset: 'd',
      runId: 'r1',
      files: [{ name: 'forecast.csv', body: 'series_id,date,model,mean\n' }],
      manifest: manifestFields('2026-01-01T00:00:00Z'),
    });
    expect(res.published).toBe(true);
    const manifest = JSON.parse(await storage.getText('forecasts/d/runs/r1/manifest.json'));
    expect(manifest.files).toEqual([{ key: 'forecasts/d/runs/r1/forecast.csv', size: 26, sha256: sha256Hex('series_id,date,model,mean\n') }]);
    const latest = JSON.parse(await storage.getText('forecasts/d/latest.json'));
    expect(latest).toMatchObject({ runId: 'r1', manifestKey: 'forecasts/d/runs/r1/manifest.json', manifestSha256: sha256Hex(await storage.get('forecasts/d/runs/r1/manifest.json')) });
    expect(await isRunPublished(storage, 'd', 'r1')).toBe(true);
  });

  it('a failure before the manifest leaves latest.json on the previous run', async () => {
    const storage = new MemoryStorage();
    await publishRun(storage, { dataset: 'd', runId: 'r1', files: [{ name: 'forecast.csv', body: 'x' }], manifest: manifestFields('2026-01-01T00:00:00Z') });
    await expect(
      publishRun(
        storage,
        { dataset: 'd', runId: 'r2', files: [{ name: 'forecast.csv', body: 'y' }], manifest: manifestFields('2026-02-01T00:00:00Z') },
        { afterFiles: async () => { throw new Error('killed'); } },
      ),
    ).rejects.toThrow('killed');
    expect(JSON.parse(await storage.getText('forecasts/d/latest.json')).runId).toBe('r1');
    expect(await isRunPublished(storage, 'd', 'r2')).toBe(false);
  });

  it('never moves latest.json back to an older run, and re-publishing a run writes nothing', async () => {
    const storage = new MemoryStorage();
    await publishRun(storage, { dataset: 'd', runId: 'new', files: [{ name: 'forecast.csv', body: 'n' }], manifest: manifestFields('2026-03-01T00:00:00Z') });
    const old = await publishRun(storage, { dataset: 'd', runId: 'old', files: [{ name: 'forecast.csv', body: 'o' }], manifest: manifestFields('2026-01-01T00:00:00Z') });
    expect(old.latestUpdated).toBe(false);
    expect(JSON.parse(await storage.getText('forecasts/d/latest.json')).runId).toBe('new');
    const before = await storage.get('forecasts/d/runs/new/manifest.json');
    const again = await publishRun(storage, { dataset: 'd', runId: 'new', files: [{ name: 'forecast.csv', body: 'changed' }], manifest: manifestFields('2027-01-01T00:00:00Z') });
    expect(again.published).toBe(false);
    expect(Buffer.from(await storage.get('forecasts/d/runs/new/manifest.json')).equals(Buffer.from(before))).toBe(true);
    expect(await storage.getText('forecasts/d/runs/new/forecast.csv')).toBe('n');
  });
});

describe('model registry', () => {
  it('appends versions with their parent and is idempotent per version', async () => {
    const storage = new MemoryStorage();
    const entry = (v: string) => ({ version: v, runId: v, createdAt: 't', configFingerprint: 'c', dataFingerprint: 'd', backend: 'cpu', selectedModel: 'lstm', params: 10, metrics: [], modelPrefix: 'p/' });
    await registerModelVersion(storage, 'd', entry('v1'));
    const v2 = await registerModelVersion(storage, 'd', entry('v2'));
    await registerModelVersion(storage, 'd', entry('v2'));
    expect(v2.parent).toBe('v1');
    const { registry } = await readModelRegistry(storage, 'd');
    expect(registry.versions.map((v) => [v.version, v.parent])).toEqual([['v1', null], ['v2', 'v1']]);
  });
});

describe('dataset history', () => {
  it('merges curated parts in key order: later files correct earlier ones, gaps stay missing', async () => {
    const storage = new MemoryStorage();
    await storage.put('curated/d/2026-01.csv.csv', 'series_id,date,value\na,2026-01-01,1\na,2026-02-01,2\na,2026-03-01,3\n');
    await storage.put('curated/d/2026-02.csv.csv', 'series_id,date,value\na,2026-03-01,30\na,2026-05-01,5\nb,2026-01-01,7\n');
    const h = await loadDatasetHistory(storage, 'd');
    expect(h.frequency).toBe('monthly');
    const a = h.series.find((s) => s.id === 'a')!;
    expect(a.dates).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01']);
    expect(Array.from(a.values)).toEqual([1, 2, 30, NaN, 5]);
    expect(h.series.map((s) => s.id)).toEqual(['a', 'b']);
  });
});

describe('runIdOf', () => {
  const s = (v: number): Series => ({ id: 'a', frequency: 'monthly', dates: ['2026-01-01', '2026-02-01'], values: Float64Array.from([1, v]) });
  it('is stable for the same inputs and config, and changes with either', () => {
    expect(runIdOf([s(2)], 'cfg')).toBe(runIdOf([s(2)], 'cfg'));
    expect(runIdOf([s(2)], 'cfg')).toMatch(/^20260201-[0-9a-f]{12}$/);
    expect(runIdOf([s(3)], 'cfg')).not.toBe(runIdOf([s(2)], 'cfg'));
    expect(runIdOf([s(2)], 'cfg2')).not.toBe(runIdOf([s(2)], 'cfg'));
  });
});
