/**
 * `smooth` Lambda: S3 ObjectCreated on `curated/` → Kalman filter + RTS smoother (level, variance, fitted variances, log-likelihood) for every series the
 * curated part touched, over the series' full history (`shared/pipeline/analyse.ts`).
 */
import { parseObjectCreatedEvent } from '../../shared/schemas/s3-event';
import { smoothUpload, type AnalyseResult } from '../../shared/pipeline/analyse';
import { getStorage, logger } from '../common/runtime';

export async function handler(event: unknown): Promise<{ results: AnalyseResult[] }> {
  const { records } = parseObjectCreatedEvent(event);
  const storage = getStorage();
  const results: AnalyseResult[] = [];
  const failed: string[] = [];
  for (const record of records) {
    if (!record.key.startsWith('curated/')) {
      logger.warn('ignoring object outside curated/', { key: record.key });
      continue;
    }
    const started = Date.now();
    try {
      const result = await smoothUpload(storage, record.key);
      results.push(result);
      logger.info('smooth done', {
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
      logger.error('smooth failed', { key: record.key, error: err as Error });
      failed.push(`${record.key}: ${(err as Error).message}`);
    }
  }
  if (failed.length > 0) throw new Error(`smooth failed for ${failed.length} of ${records.length} records: ${failed.join('; ')}`);
  return { results };
}
