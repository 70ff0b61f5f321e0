/** Array-job sharding: each child forecasts its share; the run is published once, when all shards are there. */
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../shared/storage';
import { trainForecast } from '../../shared/pipeline/train-forecast';
import { monthlyCsv } from '../integration/helpers/pipeline-data';

describe('sharded train-forecast', () => {
  it('publishes one merged run after the last shard, covering the same series and dates as the unsharded run', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const make = async () => {
      const storage = new MemoryStorage();
      await storage.put('config/d.json', JSON.stringify({ frequency: 'monthly', horizon: 4, backtest: { windows: 1 } }));
      await storage.put('curated/d/part.csv.csv', monthlyCsv(ids, 40));
      return storage;
    };
    const sharded = await make();
    const s1 = await trainForecast(sharded, { dataset: 'd', neural: null, shard: { index: 1, count: 2 } });
    expect(s1.status).toBe('shard-written');
    expect(await sharded.head('forecasts/d/latest.json')).toBeUndefined();
    const s0 = await trainForecast(sharded, { dataset: 'd', neural: null, shard: { index: 0, count: 2 } });
    expect(s0.status).toBe('published');
    expect(s0.runId).toBe(s1.runId);

    const single = await make();
    const u = await trainForecast(single, { dataset: 'd', neural: null });
    expect(u.runId).toBe(s0.runId);
    const csvSharded = await sharded.getText(`forecasts/d/runs/${s0.runId}/forecast.csv`);
    const csvSingle = await single.getText(`forecasts/d/runs/${u.runId}/forecast.csv`);
    const idsIn = (csv: string) => [...new Set(csv.trim().split('\n').slice(1).map((l) => l.split(',')[0]))];
    expect(idsIn(csvSharded)).toEqual(ids);
    expect(csvSharded.trim().split('\n')).toHaveLength(1 + 5 * 4);
    // Same (series, date) rows as the unsharded run. Each shard selects its own model on its own
    // backtest, so the numbers may differ; the model column says which one produced each row.
    const keysOf = (csv: string) => csv.trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 2).join(','));
    expect(keysOf(csvSharded)).toEqual(keysOf(csvSingle));
    const metrics = JSON.parse(await sharded.getText(`forecasts/d/runs/${s0.runId}/metrics.json`));
    expect(metrics.shards).toHaveLength(2);
    const models = new Set(csvSharded.trim().split('\n').slice(1).map((l) => l.split(',')[2]));
    for (const m of models) expect(metrics.shards.map((x: { selectedModel: string }) => x.selectedModel)).toContain(m);
  });
});
