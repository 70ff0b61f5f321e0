/**
 * Invariant 3 (atomic publish): SIGKILL the train-forecast job — a real child process running the
 * same entry point as the Batch container — at the worst moment (run files written, manifest not
 * yet) and at an arbitrary moment; `latest.json` must still point at the previous complete run,
 * and a re-run must then publish the new run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { FileSystemStorage } from '../../shared/storage';
import { setStorage } from '../../lambdas/common/runtime';
import { handler as ingest } from '../../lambdas/ingest/handler';
import { objectCreatedEvent, JOB_ENTRY, REPO_ROOT } from '../../cli/local-runner';
import { monthlyCsv, TEST_CONFIG } from './helpers/pipeline-data';

let dir: string;
let storage: FileSystemStorage;

function startJob(extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', JOB_ENTRY], {
    cwd: REPO_ROOT,
    env: { ...process.env, SEQCAST_DATASET: 'kill', SEQCAST_STORAGE: dir, SEQCAST_BACKEND: 'none', ...extraEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (c) => (log += c));
  const exited = new Promise<number | null>((r) => child.on('close', (code, signal) => r(signal ? -1 : code)));
  return { child, exited, log: () => log };
}

async function upload(name: string, csv: string) {
  await storage.put(`raw/kill/${name}`, csv);
  const out = await ingest({ Records: objectCreatedEvent('local', `raw/kill/${name}`, csv.length, '').Records });
  expect(out.results[0]!.status).toBe('curated');
}

const latestRun = async () => JSON.parse(await storage.getText('forecasts/kill/latest.json')).runId as string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'seqcast-kill-'));
  storage = new FileSystemStorage(dir);
  setStorage(storage);
  await storage.put('config/kill.json', JSON.stringify(TEST_CONFIG));
});
afterAll(() => {
  setStorage(undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe('SIGKILL during the train-forecast job', () => {
  it('leaves latest.json on the previous complete run', async () => {
    await upload('jan.csv', monthlyCsv(['a', 'b'], 36));
    const first = startJob();
    expect(await first.exited).toBe(0);
    const previous = await latestRun();

    await upload('feb.csv', monthlyCsv(['a', 'b'], 40));
    const job = startJob({ SEQCAST_TEST_PAUSE_BEFORE_MANIFEST_MS: '60000' });
    const deadline = Date.now() + 90_000;
    while (!job.log().includes('paused before manifest') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(job.log()).toContain('paused before manifest');
    const runId = /"runId":"([^"]+)"/.exec(job.log())![1]!;
    expect(runId).not.toBe(previous);
    // The new run's files are there, its manifest is not.
    expect(await storage.head(`forecasts/kill/runs/${runId}/forecast.csv`)).toBeDefined();
    job.child.kill('SIGKILL');
    expect(await job.exited).toBe(-1);
    expect(await storage.head(`forecasts/kill/runs/${runId}/manifest.json`)).toBeUndefined();
    expect(await latestRun()).toBe(previous);

    // Killed again at an arbitrary moment (whatever it was doing after 1.5 s): still consistent.
    const early = startJob();
    await new Promise((r) => setTimeout(r, 1500));
    early.child.kill('SIGKILL');
    await early.exited;
    const now = await latestRun();
    expect([previous, runId]).toContain(now);
    if (now === runId) expect(await storage.head(`forecasts/kill/runs/${runId}/manifest.json`)).toBeDefined();

    // A clean re-run publishes the new run.
    const rerun = startJob();
    expect(await rerun.exited).toBe(0);
    expect(await latestRun()).toBe(runId);
  }, 180_000);
});
