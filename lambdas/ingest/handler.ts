/**
 * `ingest` Lambda: S3 ObjectCreated (direct notification or EventBridge) on `raw/` → parse and
 * validate each upload → curated part or quarantine report (`shared/pipeline/ingest.ts`).
 *
 * Records are processed one by one; a bad file is a normal outcome (quarantined, logged), not an
 * error. An infrastructure failure (storage unreachable) is rethrown after the other records were
 * tried, so the platform retries the event — safe because ingest is idempotent.
 */
import { parseObjectCreatedEvent } from '../../shared/schemas/s3-event';
import { ingestUpload, type IngestResult } from '../../shared/pipeline/ingest';
import { getJobRunner, getStorage, logger } from '../common/runtime';

export interface IngestHandlerResult {
  results: Omit<IngestResult, 'problems'>[];
  failed: { key: string; error: string }[];
}

export async function handler(event: unknown): Promise<IngestHandlerResult> {
  const { records } = parseObjectCreatedEvent(event);
  const storage = getStorage();
  const results: IngestHandlerResult['results'] = [];
  const failed: IngestHandlerResult['failed'] = [];
  for (const record of records) {
    if (!record.key.startsWith('raw/')) {
      logger.warn('ignoring object outside raw/', { key: record.key });
      continue;
    }
    const started = Date.now();
    try {
      const { problems, ...result } = await ingestUpload(storage, record.key);
      results.push(result);
      const log = result.status === 'curated' ? logger.info.bind(logger) : logger.warn.bind(logger);
      log(`upload ${result.status}`, {
        dataset: result.dataset,
        key: record.key,
        etag: record.etag,
        output: result.outputKey,
        rows: result.rows,
        series: result.series,
        errors: problems.filter((p) => p.severity === 'error').length,
        warnings: problems.filter((p) => p.severity === 'warning').length,
        written: result.written,
        durationMs: Date.now() - started,
      });
      if (result.status === 'curated' && result.trainOnUpload) {
        const runner = getJobRunner();
        if (runner) {
          const job = await runner.submit({ dataset: result.dataset });
          logger.info('training job submitted', { dataset: result.dataset, jobId: job.jobId });
        } else {
          logger.warn('trainOnUpload is set but no job queue is configured', { dataset: result.dataset });
        }
      }
    } catch (err) {
      logger.error('ingest failed', { key: record.key, error: err as Error });
      failed.push({ key: record.key, error: (err as Error).message });
    }
  }
  if (failed.length > 0) {
    throw new Error(`ingest failed for ${failed.length} of ${records.length} records: ${failed.map((f) => `${f.key}: ${f.error}`).join('; ')}`);
  }
  return { results, failed };
}
