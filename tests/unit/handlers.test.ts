/**
 * The Lambda handlers on in-memory storage: event validation, out-of-order and duplicate events,
 * and `trainOnUpload` submitting through the JobRunner interface.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../shared/storage';
import type { JobRunner, JobSubmission } from '../../shared/jobs';
import { setJobRunner, setStorage } from '../../lambdas/common/runtime';
import { handler as ingest } from '../../lambdas/ingest/handler';
import { handler as decompose } from '../../lambdas/decompose/handler';
import { objectCreatedEvent } from '../../cli/local-runner';
import { monthlyCsv } from '../integration/helpers/pipeline-data';

let storage: MemoryStorage;
const ev = (...keys: string[]) => ({ Records: keys.flatMap((k) => objectCreatedEvent('b', k, 1, 'e').Records) });

beforeEach(() => {
  storage = new MemoryStorage();
  setStorage(storage);
});
afterEach(() => {
  setStorage(undefined);
  setJobRunner(undefined);
});

async function snapshot(prefix: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const o of await storage.list(prefix)) out[o.key] = await storage.getText(o.key);
  return out;
}

describe('handlers', () => {
  it('reject an event that is not an S3 ObjectCreated event, with the zod issues', async () => {
    await expect(ingest({ hello: 'world' })).rejects.toThrow(/ObjectCreated|Records|detail/i);
  });

  it('out-of-order and duplicate events leave exactly the same objects as in-order delivery', async () => {
    const run = async (order: string[][]) => {
      storage = new MemoryStorage();
      setStorage(storage);
      await storage.put('raw/shop/jan.csv', monthlyCsv(['a', 'b'], 30));
      await storage.put('raw/shop/feb.csv', monthlyCsv(['b', 'c'], 31));
      for (const keys of order) await ingest(ev(...keys));
      for (const keys of order) await decompose(ev(...keys.map((k) => k.replace(/^raw\/(.*)$/, 'curated/$1.csv'))));
      return { curated: await snapshot('curated/'), decomposed: await snapshot('decomposed/') };
    };
    const inOrder = await run([['raw/shop/jan.csv'], ['raw/shop/feb.csv']]);
    const reversedWithDuplicates = await run([['raw/shop/feb.csv'], ['raw/shop/jan.csv'], ['raw/shop/feb.csv'], ['raw/shop/jan.csv']]);
    expect(reversedWithDuplicates.curated).toEqual(inOrder.curated);
    // Each decomposition object is keyed by the exact histories it analysed: the final set of
    // keys for the complete history is present in both, with identical bytes.
    const latestKeys = (d: Record<string, string>) => Object.entries(d).filter(([, body]) => body.includes('"series_id":"c"'));
    expect(latestKeys(reversedWithDuplicates.decomposed)).toEqual(latestKeys(inOrder.decomposed));
  });

  it('submits a training job after a successful ingest when the dataset config says trainOnUpload', async () => {
    const submitted: JobSubmission[] = [];
    const runner: JobRunner = {
      submit: async (s) => {
        submitted.push(s);
        return { jobId: 'j1', jobName: 'seqcast-shop-1' };
      },
      list: async () => [],
    };
    setJobRunner(runner);
    await storage.put('config/shop.json', JSON.stringify({ trainOnUpload: true }));
    await storage.put('raw/shop/jan.csv', monthlyCsv(['a'], 30));
    await storage.put('raw/shop/bad.csv', 'date,value\n2020-01-01,x\n');
    const out = await ingest(ev('raw/shop/jan.csv', 'raw/shop/bad.csv'));
    expect(out.results.map((r) => r.status)).toEqual(['curated', 'quarantined']);
    expect(submitted).toEqual([{ dataset: 'shop' }]);
  });
});

describe('ingestion warnings', () => {
  it('are kept beside the curated part, reach the run metrics, and the analysis handlers skip them', async () => {
    await storage.put('config/shop.json', JSON.stringify({ frequency: 'monthly', horizon: 3 }));
    const lines = monthlyCsv(['a', 'b'], 30).trim().split('\n');
    const csv = [`${lines[0]},store`, ...lines.slice(1).map((l) => `${l},berlin`)].join('\n') + '\n';
    await storage.put('raw/shop/with-store.csv', csv);
    const out = await ingest(ev('raw/shop/with-store.csv'));
    expect(out.results[0]!.status).toBe('curated');
    const w = JSON.parse(await storage.getText('curated/shop/with-store.csv.warnings.json'));
    expect(w.rawKey).toBe('raw/shop/with-store.csv');
    expect(w.warnings[0].column).toBe('store');
    const skipped = await decompose(ev('curated/shop/with-store.csv.warnings.json'));
    expect(skipped.results).toEqual([]);
    const { trainForecast } = await import('../../shared/pipeline/train-forecast');
    const run = await trainForecast(storage, { dataset: 'shop', neural: null });
    const metrics = JSON.parse(await storage.getText(run.metricsKey!));
    expect(metrics.warnings.some((x: string) => x.startsWith('raw/shop/with-store.csv') && x.includes('"store"'))).toBe(true);
  });
});
