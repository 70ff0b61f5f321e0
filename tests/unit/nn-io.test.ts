import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../shared/nn/backend';
import { loadModel, saveModel, storageIOHandler } from '../../shared/nn/io';
import { buildRecurrentModel, type RecurrentModelSpec } from '../../shared/nn/model';
import { predict } from '../../shared/nn/predict';
import { trainModel } from '../../shared/nn/train';
import { NotFoundError, type ObjectInfo, type PutOptions, type Storage } from '../../shared/storage/types';

/** The Storage interface over a Map: enough to prove the handler only talks through it. */
class MemoryStorage implements Storage {
  readonly url = 'memory://test';
  readonly objects = new Map<string, Uint8Array>();
  private info(key: string, body: Uint8Array): ObjectInfo {
    return { key, size: body.byteLength, etag: createHash('md5').update(body).digest('hex') };
  }
  async get(key: string): Promise<Uint8Array> {
    const v = this.objects.get(key);
    if (!v) throw new NotFoundError(key);
    return v.slice();
  }
  async getText(key: string): Promise<string> {
    return new TextDecoder().decode(await this.get(key));
  }
  async getStream(key: string): Promise<Readable> {
    return Readable.from([await this.get(key)]);
  }
  async put(key: string, body: Uint8Array | string, _options?: PutOptions): Promise<ObjectInfo> {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body.slice();
    this.objects.set(key, bytes);
    return this.info(key, bytes);
  }
  async putStream(key: string, body: Readable, options?: PutOptions): Promise<ObjectInfo> {
    const chunks: Buffer[] = [];
    for await (const c of body) chunks.push(Buffer.from(c as Uint8Array));
    return this.put(key, new Uint8Array(Buffer.concat(chunks)), options);
  }
  async head(key: string): Promise<ObjectInfo | undefined> {
    const v = this.objects.get(key);
    return v ? this.info(key, v) : undefined;
  }
  async list(prefix: string): Promise<ObjectInfo[]> {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort().map((k) => this.info(k, this.objects.get(k)!));
  }
  async delete(key: string): Promise<void> {
    this.objects.delete(key);
  }
}

beforeAll(async () => {
  await selectBackend({ prefer: 'wasm' });
});

const spec: RecurrentModelSpec = {
  cell: 'gru', layers: 2, units: 5, window: 6, features: 2, horizon: 3, quantiles: 3, seed: 8,
  dropout: 0.1, bidirectional: true,
};
const x = () => ({ x: Float32Array.from({ length: 4 * 6 * 2 }, (_, i) => Math.sin(i)), xShape: [4, 6, 2] as [number, number, number] });

describe('storageIOHandler', () => {
  it('round-trips a trained model through Storage: bit-identical predictions', async () => {
    const model = buildRecurrentModel(spec);
    const d = x();
    await trainModel(model, { ...d, y: new Float32Array(12).fill(0.5), yShape: [4, 3] }, {
      loss: { kind: 'pinball', quantiles: [0.1, 0.5, 0.9] }, epochs: 2, batchSize: 2,
    });
    const storage = new MemoryStorage();
    await saveModel(model, storage, 'forecasts/demo/runs/r1/model/');
    expect((await storage.list('')).map((o) => o.key)).toEqual([
      'forecasts/demo/runs/r1/model/model.json', 'forecasts/demo/runs/r1/model/weights.bin',
    ]);
    const json = JSON.parse(await storage.getText('forecasts/demo/runs/r1/model/model.json'));
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(json.modelTopology.config.layers.map((l: { class_name: string }) => l.class_name)).toContain('SeqcastMonotoneQuantiles');

    const loaded = await loadModel(storage, 'forecasts/demo/runs/r1/model');
    const before = await predict(model, d, { sortQuantiles: false });
    const after = await predict(loaded, d, { sortQuantiles: false });
    expect(Buffer.from(after.values.buffer).equals(Buffer.from(before.values.buffer))).toBe(true);
    expect(loaded.countParams()).toBe(model.countParams());
  });

  it('writes the same bytes for the same weights (idempotent runs)', async () => {
    const a = new MemoryStorage();
    const b = new MemoryStorage();
    await saveModel(buildRecurrentModel(spec), a, 'm');
    await saveModel(buildRecurrentModel(spec), b, 'm');
    for (const key of ['m/weights.bin', 'm/model.json']) {
      const ka = (await a.head(key))!.etag;
      expect(ka).toBe((await b.head(key))!.etag);
    }
  });

  it('works as a plain tf.io.IOHandler and reports a missing model', async () => {
    const storage = new MemoryStorage();
    const model = buildRecurrentModel({ ...spec, cell: 'lstm', bidirectional: false, encoderDecoder: true });
    const res = await model.save(storageIOHandler(storage, 'p'));
    expect(res.modelArtifactsInfo.weightDataBytes).toBe(model.countParams() * 4);
    expect((await storage.get('p/weights.bin')).byteLength).toBe(model.countParams() * 4);
    const loaded = await tf.loadLayersModel(storageIOHandler(storage, 'p'));
    expect(loaded.outputs[0]!.shape).toEqual([null, 3, 3]);
    await expect(loadModel(storage, 'nothing-here')).rejects.toThrow(/not found/);
  });
});
