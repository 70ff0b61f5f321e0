#!/usr/bin/env node
/**
 * Read the latest published seqcast forecast of a dataset, safely (Node 20+, no dependencies except
 * @aws-sdk/client-s3 for S3):
 *
 *   1. read forecasts/<dataset>/latest.json (the only key to poll),
 *   2. read the run's manifest.json and check its SHA-256 against latest.json,
 *   3. read forecast.csv and check its size and SHA-256 against the manifest.
 *
 * Never list forecasts/<dataset>/runs/ to pick the "newest" run: a run folder can be half written
 * (its job is still running or was killed); latest.json only ever points at complete runs.
 *
 *   node read-latest.mjs --dataset retail --bucket my-seqcast-bucket [--out forecast.csv]
 *   node read-latest.mjs --dataset retail --dir ./seqcast-data          # a local copy / the laptop default
 *
 * Prints a summary (or writes the verified CSV with --out); exits 1 when anything does not verify.
 * Also importable: `readLatestForecast({ dataset, source })` returns the verified rows.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Major version of the output contract this reader understands (see docs/outputs.md). */
export const SUPPORTED_MAJOR = 1;

export class VerificationError extends Error {
  constructor(message) {
    super(message);
    this.name = 'VerificationError';
  }
}

/** A local folder laid out like the bucket (the seqcast filesystem storage root, or an `aws s3 sync` copy). */
export function localSource(root) {
  const base = resolve(root);
  return {
    describe: () => base,
    async get(key) {
      const path = resolve(base, key);
      // Keys come from files we have not verified yet: never let one escape the folder.
      if (!path.startsWith(base + sep)) throw new VerificationError(`key escapes the data folder: ${key}`);
      return new Uint8Array(await readFile(path));
    },
  };
}

/** An S3 bucket (region and credentials from the usual AWS environment; AWS_ENDPOINT_URL works too). */
export async function s3Source(bucket, client) {
  const { S3Client, GetObjectCommand } = await import('@aws-sdk/client-s3');
  const s3 = client ?? new S3Client({});
  return {
    describe: () => `s3://${bucket}`,
    async get(key) {
      const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return response.Body.transformToByteArray();
    },
  };
}

const sha256Hex = (bytes) => createHash('sha256').update(bytes).digest('hex');
const decodeUtf8 = (bytes) => new TextDecoder('utf-8', { fatal: true }).decode(bytes);

function checkVersion(what, version) {
  const major = Number(String(version ?? '').split('.')[0]);
  if (major !== SUPPORTED_MAJOR) {
    throw new VerificationError(`${what} has schemaVersion ${version}; this reader understands ${SUPPORTED_MAJOR}.x`);
  }
}

/**
 * Parse CSV text (RFC 4180: quoted fields may hold commas, quotes and newlines) into records keyed
 * by the header. Quantile and mean columns become numbers (an empty cell: null); series_id, date
 * and model stay strings (an id such as "00123" or "NA" must not turn into a number or a missing value).
 */
export function parseForecastCsv(text) {
  const records = [];
  let field = '';
  let record = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header, ...rows] = records;
  if (!header || header[0] !== 'series_id') throw new VerificationError('forecast.csv has no series_id header');
  const textColumns = new Set(['series_id', 'date', 'model']);
  return rows.map((cells, n) => {
    if (cells.length !== header.length) throw new VerificationError(`forecast.csv row ${n + 2}: ${cells.length} fields, header has ${header.length}`);
    const row = {};
    header.forEach((name, i) => {
      if (textColumns.has(name)) row[name] = cells[i];
      // An empty cell is a value the model could not produce (not a zero): it becomes null.
      else if (cells[i] === '') row[name] = null;
      else {
        const value = Number(cells[i]);
        if (!Number.isFinite(value)) {
          throw new VerificationError(`forecast.csv row ${n + 2}: ${name} is not a number: ${JSON.stringify(cells[i])}`);
        }
        row[name] = value;
      }
    });
    return row;
  });
}

/**
 * Latest verified forecast of `dataset`: `{ pointer, manifest, csv, rows }`. Throws
 * `VerificationError` when a checksum, size or version does not match.
 */
export async function readLatestForecast({ dataset, source }) {
  const latestKey = `forecasts/${dataset}/latest.json`;
  const pointer = JSON.parse(decodeUtf8(await source.get(latestKey)));
  checkVersion('latest.json', pointer.schemaVersion);

  const manifestBytes = await source.get(pointer.manifestKey);
  if (sha256Hex(manifestBytes) !== pointer.manifestSha256) {
    throw new VerificationError(`sha256 of ${pointer.manifestKey} does not match latest.json`);
  }
  const manifest = JSON.parse(decodeUtf8(manifestBytes));
  checkVersion('manifest.json', manifest.schemaVersion);
  if (manifest.runId !== pointer.runId || manifest.dataset !== pointer.dataset) {
    throw new VerificationError(`manifest is for ${manifest.dataset}/${manifest.runId}, latest.json names ${pointer.dataset}/${pointer.runId}`);
  }

  const entry = manifest.files.find((f) => f.key === pointer.forecastKey);
  if (!entry) throw new VerificationError(`${pointer.forecastKey} is not listed in the manifest`);
  const csvBytes = await source.get(entry.key);
  if (csvBytes.byteLength !== entry.size) {
    throw new VerificationError(`size of ${entry.key} is ${csvBytes.byteLength} bytes, the manifest says ${entry.size}`);
  }
  if (sha256Hex(csvBytes) !== entry.sha256) {
    throw new VerificationError(`sha256 of ${entry.key} does not match the manifest`);
  }
  const csv = decodeUtf8(csvBytes);
  return { pointer, manifest, csv, rows: parseForecastCsv(csv) };
}

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    if (!name.startsWith('--')) throw new Error(`unexpected argument ${name}`);
    args[name.slice(2)] = argv[++i];
  }
  return args;
}

async function main(argv) {
  const args = parseArgs(argv);
  if (!args.dataset || (!args.bucket && !args.dir)) {
    console.error('usage: read-latest.mjs --dataset NAME (--bucket BUCKET | --dir FOLDER) [--out FILE]');
    return 2;
  }
  const source = args.dir ? localSource(args.dir) : await s3Source(args.bucket);
  try {
    const { pointer, manifest, csv, rows } = await readLatestForecast({ dataset: args.dataset, source });
    if (args.out) await writeFile(args.out, csv);
    const series = new Set(rows.map((r) => r.series_id)).size;
    console.log(
      `${source.describe()}: ${pointer.dataset} run ${pointer.runId} (published ${pointer.publishedAt}, contract ${manifest.schemaVersion}): ` +
        `${rows.length} rows, ${series} series, verified${args.out ? `, written to ${args.out}` : ''}`,
    );
    return 0;
  } catch (err) {
    console.error(`${err.name}: ${err.message}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
