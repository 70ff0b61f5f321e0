/** `seqcast upload` and `seqcast status`: the local loop without training (and a look at what is there). */
import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { createStorage } from '../../shared/storage';
import { DATASET_NAME, latestKey, PREFIX } from '../../shared/pipeline/keys';
import { LatestPointerSchema } from '../../shared/schemas/forecast';
import { setStorage } from '../../lambdas/common/runtime';
import { handler as ingestHandler } from '../../lambdas/ingest/handler';
import { handler as decomposeHandler } from '../../lambdas/decompose/handler';
import { handler as smoothHandler } from '../../lambdas/smooth/handler';
import { CliError } from '../io';
import { objectCreatedEvent, uploadFile } from '../local-runner';

const storeOption = ['-s, --store <location>', 'storage: folder or s3:// URL', '.seqcast/store'] as const;
const open = (store: string) => {
  const location = store.startsWith('s3://') ? store : resolve(store);
  return { location, storage: createStorage(location, { endpoint: process.env.AWS_ENDPOINT_URL }) };
};

export function uploadCommand(): Command {
  return new Command('upload')
    .description('Upload a file under raw/<dataset>/ and run ingest, decompose and smooth on it (no training).')
    .requiredOption('-i, --input <file>', 'file to upload')
    .requiredOption('-d, --dataset <name>', 'dataset name')
    .option(...storeOption)
    .action(async (opts) => {
      if (!existsSync(opts.input)) throw new CliError(`input file not found: ${opts.input}`);
      if (!DATASET_NAME.test(opts.dataset)) throw new CliError(`invalid dataset name "${opts.dataset}"`);
      const { storage, location } = open(opts.store);
      setStorage(storage);
      const bucket = location.startsWith('s3://') ? location.slice(5).split('/')[0]! : 'local';
      const key = `raw/${opts.dataset}/${basename(opts.input)}`;
      const up = await uploadFile(storage, opts.input, key);
      const r = (await ingestHandler(objectCreatedEvent(bucket, key, up.size, up.etag))).results[0]!;
      process.stdout.write(`${key}: ${r.status} → ${r.outputKey} (${r.rows} rows, ${r.series} series)\n`);
      if (r.status === 'curated') {
        const ev = objectCreatedEvent(bucket, r.outputKey, 0, '');
        const d = await decomposeHandler(ev);
        const s = await smoothHandler(ev);
        process.stdout.write(`decomposed → ${d.results[0]?.outputKey}\nsmoothed → ${s.results[0]?.outputKey}\n`);
      } else {
        process.exitCode = 1;
      }
    });
}

export function statusCommand(): Command {
  return new Command('status')
    .description('Show what the storage holds for a dataset: uploads, quarantined files, runs and the latest forecast.')
    .requiredOption('-d, --dataset <name>', 'dataset name')
    .option(...storeOption)
    .option('--json', 'print JSON', false)
    .action(async (opts) => {
      const { storage } = open(opts.store);
      const list = async (p: string) => (await storage.list(p)).map((o) => o.key);
      const raw = await list(`${PREFIX.raw}${opts.dataset}/`);
      const quarantined = await list(`${PREFIX.quarantine}${opts.dataset}/`);
      const runs = [...new Set((await list(`${PREFIX.forecasts}${opts.dataset}/runs/`)).map((k) => k.split('/')[3]!))];
      const latestText = (await storage.head(latestKey(opts.dataset))) ? await storage.getText(latestKey(opts.dataset)) : undefined;
      const latest = latestText ? LatestPointerSchema.parse(JSON.parse(latestText)) : undefined;
      const status = { dataset: opts.dataset, storage: storage.url, uploads: raw, quarantined, runs, latest };
      if (opts.json) {
        process.stdout.write(JSON.stringify(status, null, 2) + '\n');
        return;
      }
      process.stdout.write(
        [
          `dataset ${opts.dataset} in ${storage.url}`,
          `  uploads      ${raw.length}${raw.length ? ': ' + raw.slice(-5).join(', ') : ''}`,
          `  quarantined  ${quarantined.length}${quarantined.length ? ': ' + quarantined.join(', ') : ''}`,
          `  runs         ${runs.length}${runs.length ? ': ' + runs.slice(-5).join(', ') : ''}`,
          `  latest       ${latest ? `${latest.runId} (published ${latest.publishedAt}) → ${latest.forecastKey}` : 'none yet'}`,
          '',
        ].join('\n'),
      );
    });
}
