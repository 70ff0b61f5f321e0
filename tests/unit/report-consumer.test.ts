/**
 * The Node consumer snippet (examples/consumers/read-latest.mjs) against a local folder laid out
 * like the bucket: it must read the run latest.json points at and refuse anything that does not
 * verify.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localSource, readLatestForecast, VerificationError } from '../../examples/consumers/read-latest.mjs';
import { LatestPointerSchema, ManifestSchema, SCHEMA_VERSION, quantileColumn, type LatestPointer, type Manifest } from '../../shared/schemas/forecast';

const SCRIPT = resolve(__dirname, '../../examples/consumers/read-latest.mjs');
const DATASET = 'retail';
const RUN_ID = 'r-3f9c2a1b';
const RUN = `forecasts/${DATASET}/runs/${RUN_ID}`;
const sha256 = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');

let root: string;

function write(key: string, body: string): void {
  mkdirSync(dirname(join(root, key)), { recursive: true });
  writeFileSync(join(root, key), body);
}

/** A published run as the pipeline writes it: forecast.csv, manifest.json with checksums, latest.json last. */
function publishRun(): { csv: string } {
  const quantiles = [0.1, 0.5, 0.9];
  const header = ['series_id', 'date', 'model', 'mean', ...quantiles.map(quantileColumn)];
  const ids = ['A-001', 'store 7, "north"', '00042'];
  const records = ids.flatMap((id, k) =>
    ['2026-02-01', '2026-03-01'].map((date, h) => [id, date, 'lstm', 100 + k + h, 90 + k, 100 + k, 110 + k + h]),
  );
  const csv = stringify([header, ...records]);
  write(`${RUN}/forecast.csv`, csv);
  const manifest: Manifest = ManifestSchema.parse({
    schemaVersion: SCHEMA_VERSION,
    dataset: DATASET,
    runId: RUN_ID,
    createdAt: '2026-01-31T03:12:00Z',
    inputFingerprint: sha256('inputs'),
    configFingerprint: sha256('config'),
    frequency: 'monthly',
    horizon: 2,
    quantiles,
    seriesCount: ids.length,
    backend: 'tensorflow',
    files: [{ key: `${RUN}/forecast.csv`, size: Buffer.byteLength(csv), sha256: sha256(csv), contentType: 'text/csv' }],
  });
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  write(`${RUN}/manifest.json`, manifestText);
  const pointer: LatestPointer = LatestPointerSchema.parse({
    schemaVersion: SCHEMA_VERSION,
    dataset: DATASET,
    runId: RUN_ID,
    manifestKey: `${RUN}/manifest.json`,
    forecastKey: `${RUN}/forecast.csv`,
    manifestSha256: sha256(manifestText),
    publishedAt: '2026-01-31T03:12:05Z',
  });
  write(`forecasts/${DATASET}/latest.json`, JSON.stringify(pointer));
  return { csv };
}

function runCli(...args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', timeout: 10_000 });
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'seqcast-consumer-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('examples/consumers/read-latest.mjs', () => {
  it('reads and verifies the run latest.json points at', async () => {
    const { csv } = publishRun();
    // A newer-looking, incomplete run folder must be ignored: only latest.json decides.
    write(`forecasts/${DATASET}/runs/zzzz-newest/forecast.csv`, 'series_id,date\nhalf,written');
    const result = await readLatestForecast({ dataset: DATASET, source: localSource(root) });
    expect(result.pointer.runId).toBe(RUN_ID);
    expect(result.csv).toBe(csv);
    expect(result.rows).toHaveLength(6);
    expect(result.rows[2]).toEqual({ series_id: 'store 7, "north"', date: '2026-02-01', model: 'lstm', mean: 101, p10: 91, p50: 101, p90: 111 });
    expect(result.rows[4]!.series_id).toBe('00042'); // ids stay text
  });

  it('parses CSV quoting, and an empty numeric cell as null, never as 0', async () => {
    const { parseForecastCsv } = await import('../../examples/consumers/read-latest.mjs');
    const rows = parseForecastCsv('series_id,date,model,mean,p10\r\n"a ""b""\nc",2026-01-01,ets,1.5,\r\n');
    expect(rows).toEqual([{ series_id: 'a "b"\nc', date: '2026-01-01', model: 'ets', mean: 1.5, p10: null }]);
    expect(() => parseForecastCsv('series_id,date,model,mean\nx,2026-01-01,m,abc\n')).toThrow(VerificationError);
  });

  it('rejects a tampered forecast.csv of the same size', async () => {
    const { csv } = publishRun();
    write(`${RUN}/forecast.csv`, csv.replace('110', '999'));
    await expect(readLatestForecast({ dataset: DATASET, source: localSource(root) })).rejects.toThrow(
      /sha256 of forecasts\/retail\/runs\/r-3f9c2a1b\/forecast\.csv does not match the manifest/,
    );
  });

  it('rejects a truncated forecast.csv', async () => {
    const { csv } = publishRun();
    write(`${RUN}/forecast.csv`, csv.slice(0, -20));
    await expect(readLatestForecast({ dataset: DATASET, source: localSource(root) })).rejects.toThrow(/size of .* the manifest says/);
  });

  it('rejects a manifest that is not the one latest.json names', async () => {
    publishRun();
    const manifestKey = `${RUN}/manifest.json`;
    const manifest = JSON.parse(readFileSync(join(root, manifestKey), 'utf8'));
    manifest.files[0].sha256 = sha256('something else');
    write(manifestKey, `${JSON.stringify(manifest, null, 2)}\n`);
    await expect(readLatestForecast({ dataset: DATASET, source: localSource(root) })).rejects.toBeInstanceOf(VerificationError);
  });

  it('refuses a contract major version it does not understand', async () => {
    publishRun();
    const latestKey = `forecasts/${DATASET}/latest.json`;
    const pointer = JSON.parse(readFileSync(join(root, latestKey), 'utf8'));
    write(latestKey, JSON.stringify({ ...pointer, schemaVersion: '2.0.0' }));
    await expect(readLatestForecast({ dataset: DATASET, source: localSource(root) })).rejects.toThrow(/schemaVersion 2\.0\.0/);
  });

  it('never follows a key out of the data folder', async () => {
    publishRun();
    const latestKey = `forecasts/${DATASET}/latest.json`;
    const pointer = JSON.parse(readFileSync(join(root, latestKey), 'utf8'));
    write(latestKey, JSON.stringify({ ...pointer, manifestKey: '../../etc/passwd' }));
    await expect(readLatestForecast({ dataset: DATASET, source: localSource(root) })).rejects.toThrow(/escapes the data folder/);
  });

  it('works as a command: exit 0 with a summary, exit 1 on a tampered file', () => {
    const { csv } = publishRun();
    const out = join(root, 'copy.csv');
    const ok = runCli('--dataset', DATASET, '--dir', root, '--out', out);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`run ${RUN_ID}`);
    expect(ok.stdout).toContain('6 rows, 3 series, verified');
    expect(readFileSync(out, 'utf8')).toBe(csv);

    write(`${RUN}/forecast.csv`, csv.replace('110', '999'));
    const bad = runCli('--dataset', DATASET, '--dir', root);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/VerificationError: sha256 of .*forecast\.csv does not match the manifest/);
  });
});
