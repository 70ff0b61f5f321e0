/**
 * Ingest one upload: parse + validate `raw/<dataset>/<file>` and write either the canonical curated
 * part `curated/<dataset>/<file>.csv` or an error report `quarantine/<dataset>/<file>.json`.
 *
 * Invariants: the raw object is never modified; a bad file changes nothing but its quarantine
 * report; the outputs are a pure function of the raw bytes and the dataset config, so a duplicate
 * event rewrites identical bytes (and we skip the write when the bytes are already there).
 */
import type { Storage } from '../storage/types';
import type { InputProblem } from '../types';
import { readSeries, formatSeriesCsv } from '../parse';
import { loadDatasetConfig } from './dataset-config';
import { curatedKey, ingestWarningsKey, parseRawKey, quarantineKey } from './keys';
import { createHash, type Hash } from 'node:crypto';
import { putIfChanged } from './put-if-changed';

export interface IngestResult {
  status: 'curated' | 'quarantined';
  dataset: string;
  rawKey: string;
  outputKey: string;
  rows: number;
  series: number;
  problems: InputProblem[];
  written: boolean;
  /** Whether the dataset config asks for training after a successful ingest. */
  trainOnUpload: boolean;
}

export interface QuarantineReport {
  schemaVersion: '1.0.0';
  dataset: string;
  rawKey: string;
  rawSha256: string;
  reason: string;
  errorCount: number;
  warningCount: number;
  problems: InputProblem[];
}

export async function ingestUpload(storage: Storage, rawKey: string): Promise<IngestResult> {
  const { dataset, file } = parseRawKey(rawKey);
  const cfg = await loadDatasetConfig(storage, dataset).catch((err: Error) => err);
  // Stream the upload through the parser, hashing as it goes: a 1 GB file is never one buffer.
  const hash = createHash('sha256');
  const source = hashing(await storage.getStream(rawKey), hash);
  let rawSha256 = '';

  const quarantine = async (problems: InputProblem[], reason: string, rows = 0): Promise<IngestResult> => {
    const report: QuarantineReport = {
      schemaVersion: '1.0.0',
      dataset,
      rawKey,
      rawSha256,
      reason,
      errorCount: problems.filter((p) => p.severity === 'error').length,
      warningCount: problems.filter((p) => p.severity === 'warning').length,
      problems,
    };
    const key = quarantineKey(dataset, file);
    const written = await putIfChanged(storage, key, JSON.stringify(report, null, 2) + '\n', 'application/json');
    return { status: 'quarantined', dataset, rawKey, outputKey: key, rows, series: 0, problems, written, trainOnUpload: false };
  };

  if (cfg instanceof Error) {
    for await (const _ of source) void _; // drain: the report records the raw checksum
    rawSha256 = hash.digest('hex');
    return quarantine([{ file: `config/${dataset}.json`, reason: cfg.message, severity: 'error' }], 'invalid dataset config');
  }
  const { config } = cfg;
  const result = await readSeries(source, {
    file: rawKey,
    columns: config.columns,
    duplicates: config.duplicates,
    frequency: config.frequency,
  });
  rawSha256 = hash.digest('hex');
  if (!result.ok) return quarantine(result.problems, 'invalid input', result.rows);

  const key = curatedKey(dataset, file);
  const written = await putIfChanged(storage, key, formatSeriesCsv(result.series), 'text/csv');
  const warnings = result.problems.filter((p) => p.severity === 'warning');
  if (warnings.length > 0) {
    // Kept beside the curated part so the training job can show them in the report.
    await putIfChanged(storage, ingestWarningsKey(dataset, file), JSON.stringify({ rawKey, warnings }, null, 2) + '\n', 'application/json');
  }
  return {
    status: 'curated',
    dataset,
    rawKey,
    outputKey: key,
    rows: result.rows,
    series: result.series.length,
    problems: result.problems,
    written,
    trainOnUpload: config.trainOnUpload,
  };
}

async function* hashing(stream: AsyncIterable<Uint8Array | string>, hash: Hash): AsyncIterable<Uint8Array> {
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    hash.update(bytes);
    yield bytes;
  }
}
