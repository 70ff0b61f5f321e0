/**
 * The `seqcast` command as a user runs it (a child process of bin/seqcast.mjs): help, outputs,
 * agreement of `smooth --variances` with statsmodels, clear errors with non-zero exit codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../cli/local-runner';

const exec = promisify(execFile);
let dir: string;

async function seqcast(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await exec(process.execPath, [join(REPO_ROOT, 'bin', 'seqcast.mjs'), ...args], { cwd: dir, maxBuffer: 64 << 20, timeout: 240_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const csvRows = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(','));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'seqcast-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('seqcast CLI', () => {
  it('--help lists every command with examples', async () => {
    const r = await seqcast('--help');
    expect(r.code).toBe(0);
    for (const c of ['forecast', 'backtest', 'decompose', 'smooth', 'run', 'upload', 'status', 'submit', 'jobs']) expect(r.stdout).toContain(c);
    expect(r.stdout).toContain('Examples:');
  });

  it('decompose --method stl writes components that add back to the series', async () => {
    const out = join(dir, 'components.csv');
    const r = await seqcast('decompose', '--input', join(REPO_ROOT, 'examples', 'air-passengers.csv'), '--method', 'stl', '--robust', '--output', out, '--quiet');
    expect(r.code).toBe(0);
    const rows = csvRows(out);
    expect(rows[0]).toEqual(['series_id', 'date', 'value', 'trend', 'cycle', 'seasonal', 'irregular', 'imputed']);
    expect(rows).toHaveLength(1 + 144);
    for (const row of rows.slice(1)) {
      const [, , value, trend, cycle, seasonal, irregular] = row;
      expect(cycle).toBe('');
      expect(Number(trend) + Number(seasonal) + Number(irregular)).toBeCloseTo(Number(value), 6);
    }
  });

  it('smooth --variances reproduces statsmodels UnobservedComponents on the Nile data', async () => {
    const nile = JSON.parse(readFileSync(join(REPO_ROOT, 'tests', 'fixtures', 'kalman', 'structural.json'), 'utf8')).cases.find((c: { name: string }) => c.name === 'nile-ll');
    const input = join(dir, 'nile.csv');
    writeFileSync(input, 'date,value\n' + nile.y.map((v: number, i: number) => `${1871 + i},${v}`).join('\n') + '\n');
    const out = join(dir, 'level.csv');
    const r = await seqcast('smooth', '--input', input, '--model', 'local-level', '--variances', nile.params.join(','), '--output', out, '--json', '--quiet');
    expect(r.code).toBe(0);
    const rows = csvRows(out).slice(1);
    expect(rows).toHaveLength(100);
    rows.forEach((row, i) => {
      const expected = nile.smoothedState[i][0];
      expect(Math.abs(Number(row[4]) - expected) / Math.abs(expected)).toBeLessThan(1e-6);
    });
    const params = JSON.parse(r.stdout);
    expect(params.series[0].variances).toEqual(nile.params);
    expect(params.series[0].logLikelihood).toBeCloseTo(nile.llf, 6);
  });

  it('forecast (statistical only) writes every series × horizon row, and backtest prints the table', async () => {
    const out = join(dir, 'forecast.csv');
    const r = await seqcast('forecast', '--input', join(REPO_ROOT, 'examples', 'air-passengers.csv'), '--horizon', '12', '--backend', 'none', '--output', out, '--quiet');
    expect(r.code).toBe(0);
    const rows = csvRows(out);
    expect(rows[0]).toEqual(['series_id', 'date', 'model', 'mean', 'p10', 'p50', 'p90']);
    expect(rows).toHaveLength(13);
    expect(rows[1]![1]).toBe('1961-01-01');
    const bt = await seqcast('backtest', '--input', join(REPO_ROOT, 'examples', 'air-passengers.csv'), '--horizon', '12', '--windows', '2', '--backend', 'none', '--output', join(dir, 'bt.json'), '--quiet');
    expect(bt.code).toBe(0);
    expect(bt.stdout).toMatch(/snaive/);
    expect(bt.stdout).toMatch(/MASE/);
    const json = JSON.parse(readFileSync(join(dir, 'bt.json'), 'utf8'));
    expect(json.windows).toBe(2);
    expect(json.scores.find((s: { model: string }) => s.model === 'ets').mase).toBeGreaterThan(0);
  });

  it('bad input exits 1 with file, line, column and value — no stack trace', async () => {
    const input = join(dir, 'bad.csv');
    writeFileSync(input, 'date,value\n2020-01-01,1\n2020-02-01,abc\n');
    const r = await seqcast('decompose', '--input', input, '--output', join(dir, 'x.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.csv, line 3, column "value"');
    expect(r.stderr).toContain('"abc"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('usage errors and invalid options exit non-zero with a message', async () => {
    const a = await seqcast('smooth', '--input', 'x.csv', '--output', 'y.csv', '--model', 'local-level', '--variances', '1,2,3');
    expect(a.code).toBe(1);
    expect(a.stderr).toContain('takes 2 variances');
    const b = await seqcast('forecast', '--input', 'missing.csv', '--output', 'y.csv');
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('input file not found');
    const c = await seqcast('decompose', '--output', 'y.csv');
    expect(c.code).not.toBe(0);
    expect(c.stderr).toContain("required option '-i, --input <file>'");
  });
});
