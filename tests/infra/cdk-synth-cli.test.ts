/**
 * The real thing, once: `npx cdk synth` through the CDK CLI and cdk.json, in a child process whose
 * environment has no AWS credentials or account at all, as on a laptop or CI before any login.
 * Besides "it synthesises offline" this checks what only a full synth produces: the Lambda bundles
 * (local esbuild, ESM, no tfjs), the staged Docker build context, CDK's built-in template
 * validation and the cdk-nag packs registered in infra/app.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/paths';
import { OUTPUTS } from '../../infra/seqcast-stack';

let dir: string;
let out: string;
let result: ReturnType<typeof spawnSync>;
let template: { Resources: Record<string, { Type: string; Properties: Record<string, any> }>; Outputs: Record<string, unknown> };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'seqcast-cli-synth-'));
  out = join(dir, 'cdk.out');
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|CDK_DEFAULT_)/.test(k)));
  Object.assign(env, {
    // No credentials can be found anywhere: not in ~/.aws, not from instance metadata.
    AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    NODE_ENV: 'production', // the app must behave as under a person's CLI, not as under vitest
  });
  result = spawnSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '--no-version-reporting', '-o', out], {
    cwd: REPO_ROOT,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status === 0) template = JSON.parse(readFileSync(join(out, 'Seqcast.template.json'), 'utf8'));
}, 150_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npx cdk synth (no AWS credentials, no network)', () => {
  it('exits 0 and writes the Seqcast stack', () => {
    expect(result.error).toBeUndefined();
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(template.Outputs).toBeDefined();
  });

  it('is environment-agnostic (nothing account- or region-specific baked in)', () => {
    const text = JSON.stringify(template);
    expect(text).not.toMatch(/\b\d{12}\b/); // no account id
    expect(text).not.toMatch(/\b(us|eu|ap|sa|ca|me|af)-(east|west|north|south|central|northeast|southeast)-\d\b/);
  });

  it('has the outputs other tools read', () => {
    expect(Object.keys(template.Outputs).sort()).toEqual(Object.values(OUTPUTS).sort());
  });

  it('passed the validation plugins (cdk-nag packs, CloudFormation checks) without violations', () => {
    const report = JSON.parse(readFileSync(join(out, 'validation-report.json'), 'utf8')) as { pluginReports: { violations?: unknown[] }[] };
    for (const plugin of report.pluginReports) expect(plugin.violations ?? []).toEqual([]);
  });

  it('bundled each Lambda locally into one ESM file without tfjs', () => {
    const functions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(functions).toHaveLength(3);
    for (const fn of functions) {
      const asset = join(out, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
      const file = join(asset, 'index.mjs');
      const service = fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME;
      expect(existsSync(file), `${service}: ${file}`).toBe(true);
      const code = readFileSync(file, 'utf8');
      expect(code, service).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
      expect(code, service).not.toMatch(/@tensorflow\/|tfjs-(core|backend|node|converter|layers)/);
      expect(statSync(file).size).toBeLessThan(20 * 1024 * 1024);
    }
  });

  it('staged the training image build context without node_modules, .git or cdk.out', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'Seqcast.assets.json'), 'utf8'));
    const [image] = Object.values(manifest.dockerImages) as { source: { directory: string; dockerFile: string; platform: string } }[];
    expect(image!.source).toMatchObject({ dockerFile: 'batch-jobs/train-forecast/Dockerfile', platform: 'linux/amd64' });
    const staged = readdirSync(join(out, image!.source.directory), { recursive: true }).map(String);
    expect(staged).toContain(join('batch-jobs', 'train-forecast', 'main.ts'));
    for (const p of staged) expect(p.split(sep)).not.toEqual(expect.arrayContaining([expect.stringMatching(/^(node_modules|\.git|cdk\.out)$/)]));
  });
});
