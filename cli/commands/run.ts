/** `seqcast run`: the whole pipeline on this machine (the embedded default; `npm start`). */
import { Command, Option } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createStorage } from '../../shared/storage';
import { FileSystemStorage } from '../../shared/storage';
import { parseDatasetConfig } from '../../shared/schemas/config';
import { configKey, DATASET_NAME, latestKey } from '../../shared/pipeline/keys';
import { putIfChanged } from '../../shared/pipeline/put-if-changed';
import { LatestPointerSchema } from '../../shared/schemas/forecast';
import { setStorage } from '../../lambdas/common/runtime';
import { handler as ingestHandler } from '../../lambdas/ingest/handler';
import { handler as decomposeHandler } from '../../lambdas/decompose/handler';
import { handler as smoothHandler } from '../../lambdas/smooth/handler';
import { CliError, formatProblem } from '../io';
import { createProgress } from '../progress';
import { datasetFromFile, defaultConfig, defaultInput, objectCreatedEvent, runJobProcess, uploadFile } from '../local-runner';

export function runCommand(): Command {
  return new Command('run')
    .description('Run the whole pipeline locally: upload → ingest → decompose + smooth → train → forecast → publish.')
    .option('-i, --input <file>', 'input file (default: the bundled retail example)')
    .option('-d, --dataset <name>', 'dataset name (default: from the file name; "retail" for the example)')
    .option('-c, --config <file>', 'dataset config JSON, stored as config/<dataset>.json (default: the example\'s config for the example)')
    .option('-s, --store <location>', 'storage: a folder or s3://bucket[/prefix] (AWS_ENDPOINT_URL for LocalStack / a local S3 server)', '.seqcast/store')
    .addOption(new Option('--backend <name>', 'tfjs backend for training').choices(['auto', 'tensorflow', 'wasm', 'cpu', 'none']).default('auto'))
    .option('-q, --quiet', 'print only the final locations', false)
    .option('--json', 'print the result as JSON', false)
    .addHelpText(
      'after',
      `
Storage layout (same as the S3 bucket in AWS): raw/ curated/ quarantine/ decomposed/ smoothed/ forecasts/ models/ config/

Examples:
  seqcast run                                         # bundled example, storage in .seqcast/store
  seqcast run --input sales.csv --dataset shop --config shop.json
  AWS_ENDPOINT_URL=http://localhost:4566 seqcast run --store s3://my-bucket   # LocalStack`,
    )
    .action(async (opts) => {
      const progress = createProgress({ quiet: opts.quiet || opts.json });
      const usingExample = !opts.input;
      const input = resolve(opts.input ?? defaultInput());
      if (!existsSync(input)) throw new CliError(`input file not found: ${input}`);
      const dataset: string = opts.dataset ?? (usingExample ? 'retail' : datasetFromFile(input));
      if (!DATASET_NAME.test(dataset)) throw new CliError(`invalid dataset name "${dataset}": use letters, digits, ".", "_" or "-"`);
      const location: string = opts.store.startsWith('s3://') ? opts.store : resolve(opts.store);
      const storage = createStorage(location, { endpoint: process.env.AWS_ENDPOINT_URL, region: process.env.AWS_REGION });
      setStorage(storage);
      const bucket = location.startsWith('s3://') ? location.slice(5).split('/')[0]! : 'local';

      const configFile = opts.config ?? (usingExample ? defaultConfig() : undefined);
      if (configFile) {
        const text = readFileSync(configFile, 'utf8');
        try {
          parseDatasetConfig(JSON.parse(text), configFile);
        } catch (err) {
          throw new CliError((err as Error).message);
        }
        await putIfChanged(storage, configKey(dataset), text, 'application/json');
      }

      const rawKey = `raw/${dataset}/${basename(input)}`;
      progress.info(`upload   ${input} → ${storage.url}/${rawKey}`);
      const uploaded = await uploadFile(storage, input, rawKey);

      const ingest = await ingestHandler(objectCreatedEvent(bucket, rawKey, uploaded.size, uploaded.etag));
      const result = ingest.results[0]!;
      if (result.status === 'quarantined') {
        const report = JSON.parse(await storage.getText(result.outputKey)) as { problems: Parameters<typeof formatProblem>[0][] };
        const lines = report.problems.filter((p) => p.severity === 'error').slice(0, 20).map(formatProblem);
        throw new CliError(`the upload was quarantined (${storage.url}/${result.outputKey}):\n${lines.join('\n')}`);
      }
      progress.info(`ingest   ${result.rows} rows, ${result.series} series → ${result.outputKey}`);

      const curatedEvent = objectCreatedEvent(bucket, result.outputKey, 0, '');
      const [dec, smo] = [await decomposeHandler(curatedEvent), await smoothHandler(curatedEvent)];
      progress.info(`analyse  decomposition → ${dec.results[0]?.outputKey}; Kalman smoothing → ${smo.results[0]?.outputKey}`);

      progress.info(`train    child process running batch-jobs/train-forecast (backend: ${opts.backend})`);
      let stage = '';
      const job = await runJobProcess(
        { SEQCAST_DATASET: dataset, SEQCAST_STORAGE: location, SEQCAST_BACKEND: opts.backend, SEQCAST_ARRAY_SIZE: '1', AWS_BATCH_JOB_ARRAY_INDEX: '0' },
        (line) => {
          let rec: { message?: string; level?: string; [k: string]: unknown };
          try {
            rec = JSON.parse(line);
          } catch {
            progress.info(line);
            return;
          }
          if (rec.message === 'epoch') {
            const e = rec as unknown as { stage: string; epoch: number; epochs: number; loss: number; valLoss?: number };
            if (e.stage !== stage) {
              stage = e.stage;
              progress.start(`train ${e.stage}`, e.epochs);
            }
            progress.tick(1, `loss ${e.loss.toFixed(4)}${e.valLoss !== undefined ? ` val ${e.valLoss.toFixed(4)}` : ''}`);
            return;
          }
          if (rec.level === 'error') progress.info(`error: ${rec.message}`);
          else if (!opts.quiet && rec.message !== 'ForecastPublished' && rec.message !== 'job finished') {
            const { level, time, service, message, ...fields } = rec;
            void level, time, service;
            progress.info(`         ${message} ${JSON.stringify(fields)}`);
          }
        },
      );
      progress.stop();
      if (job.exitCode !== 0) throw new CliError(`training job failed (exit code ${job.exitCode}); see the log lines above`);

      const latest = LatestPointerSchema.parse(JSON.parse(await storage.getText(latestKey(dataset))));
      const runFolder = latest.manifestKey.replace(/manifest\.json$/, '');
      const where = (key: string) => (storage instanceof FileSystemStorage ? join(location, key) : `${storage.url}/${key}`);
      const summary = {
        dataset,
        runId: latest.runId,
        forecast: where(latest.forecastKey),
        metrics: where(`${runFolder}metrics.json`),
        report: where(`${runFolder}report.html`),
        manifest: where(latest.manifestKey),
        latest: where(latestKey(dataset)),
        selectedModel: job.result?.selectedModel,
      };
      if (opts.json) {
        process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
      } else {
        process.stdout.write(
          [
            `\nPublished run ${summary.runId} of dataset "${dataset}" (selected model: ${summary.selectedModel ?? 'see metrics'})`,
            `  forecast  ${summary.forecast}`,
            `  metrics   ${summary.metrics}`,
            `  report    ${summary.report}${storage instanceof FileSystemStorage ? `\n            open ${pathToFileURL(summary.report).href}` : ''}`,
            `  manifest  ${summary.manifest}`,
            `  latest    ${summary.latest}`,
            '',
          ].join('\n'),
        );
      }
    });
}
