/**
 * The shared shape of the `decompose` and `smooth` Lambdas: S3 ObjectCreated on `curated/` →
 * run one analysis (shared/pipeline/analyse.ts) per curated object → structured log line.
 * A failure on one record is rethrown after the others were tried (the platform retries; the
 * analyses are idempotent).
 */
import { parseObjectCreatedEvent } from '../../shared/schemas/s3-event';
import type { Storage } from '../../shared/storage/types';
import type { AnalyseResult } from '../../shared/pipeline/analyse';
import { getStorage, logger } from './runtime';

export function analysisHandler(kind: 'decompose' | 'smooth', analyse: (storage: Storage, curatedKey: string) => Promise<AnalyseResult>) {
  return async function handler(event: unknown): Promise<{ results: AnalyseResult[] }> {
    const { records } = parseObjectCreatedEvent(event);
    const storage = getStorage();
    const results: AnalyseResult[] = [];
    const failed: string[] = [];
    for (const record of records) {
      if (!record.key.startsWith('curated/') || !record.key.endsWith('.csv')) {
        // Ingest also writes `<part>.warnings.json` under curated/: not data, nothing to analyse.
        logger.info('ignoring object that is not a curated part', { key: record.key });
        continue;
      }
      const started = Date.now();
      try {
        const result = await analyse(storage, record.key);
        results.push(result);
        logger.info(`${kind} done`, {
          dataset: result.dataset,
          key: record.key,
          output: result.outputKey,
          series: result.series,
          seriesFailed: result.failures.length,
          written: result.written,
          durationMs: Date.now() - started,
        });
        for (const f of result.failures.slice(0, 20)) logger.warn('series skipped', { dataset: result.dataset, ...f });
      } catch (err) {
        logger.error(`${kind} failed`, { key: record.key, error: err as Error });
        failed.push(`${record.key}: ${(err as Error).message}`);
      }
    }
    if (failed.length > 0) throw new Error(`${kind} failed for ${failed.length} of ${records.length} records: ${failed.join('; ')}`);
    return { results };
  };
}
