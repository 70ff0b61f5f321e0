/**
 * Save and load tfjs models through the `Storage` interface (filesystem or S3), so the core
 * never touches files itself (design invariant 4).
 *
 * Layout under `prefix` (a folder key such as `forecasts/sales/runs/<id>/model`):
 * `model.json` (topology + weights manifest, the standard tfjs format, loadable by
 * `tf.loadLayersModel('file://…/model.json')` too) and `weights.bin` (all weights, one file).
 * Serialisation is deterministic: the same weights give the same bytes (invariant 2), and
 * `model.json` is written last so a reader that finds it also finds its weights.
 */
import * as tf from '@tensorflow/tfjs';
import type { Storage } from '../storage/types';
import './layers'; // registers the custom layers/initialiser the loader must find by class name

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix.replace(/\/+$/, '')}/${name}`;
}

function weightBytes(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  const buf = Array.isArray(data) ? tf.io.CompositeArrayBuffer.join(data) : data;
  return new Uint8Array(buf);
}

/** A `tf.io.IOHandler` writing/reading `model.json` + `weights.bin` under `prefix`. */
export function storageIOHandler(storage: Storage, prefix: string): tf.io.IOHandler {
  const jsonKey = join(prefix, MODEL_JSON);
  const binKey = join(prefix, WEIGHTS_BIN);
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new Error('storageIOHandler saves JSON model topologies only (a tfjs LayersModel)');
      }
      const weights = weightBytes(artifacts.weightData);
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
      };
      if (artifacts.trainingConfig) modelJson.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      await storage.put(binKey, weights, { contentType: 'application/octet-stream' });
      await storage.put(jsonKey, JSON.stringify(modelJson), { contentType: 'application/json' });
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const modelJson = JSON.parse(await storage.getText(jsonKey)) as tf.io.ModelJSON;
      const manifest = modelJson.weightsManifest ?? [];
      const paths = manifest.flatMap((g) => g.paths);
      // Fetch each weights file the manifest names (ours: one), concatenated in manifest order.
      const parts = await Promise.all(paths.map((p) => storage.get(join(prefix, p))));
      const total = parts.reduce((a, p) => a + p.byteLength, 0);
      const weights = new Uint8Array(total);
      let o = 0;
      for (const p of parts) {
        weights.set(p, o);
        o += p.byteLength;
      }
      const artifacts: tf.io.ModelArtifacts = {
        modelTopology: modelJson.modelTopology,
        weightSpecs: manifest.flatMap((g) => g.weights),
        weightData: weights.buffer,
        format: modelJson.format,
        generatedBy: modelJson.generatedBy,
        convertedBy: modelJson.convertedBy,
      };
      if (modelJson.trainingConfig) artifacts.trainingConfig = modelJson.trainingConfig;
      if (modelJson.userDefinedMetadata) artifacts.userDefinedMetadata = modelJson.userDefinedMetadata;
      return artifacts;
    },
  };
}

/** Save `model` under `prefix`. */
export async function saveModel(model: tf.LayersModel, storage: Storage, prefix: string): Promise<tf.io.SaveResult> {
  return model.save(storageIOHandler(storage, prefix));
}

/** Load a model saved by `saveModel`. */
export async function loadModel(storage: Storage, prefix: string): Promise<tf.LayersModel> {
  return tf.loadLayersModel(storageIOHandler(storage, prefix));
}
