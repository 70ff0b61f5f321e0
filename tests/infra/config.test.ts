/** Settings from CDK context: defaults, `-c key=value` strings, and readable errors. No synthesis. */
import { describe, expect, it } from 'vitest';
import { parseSeqcastSettings, readSettingsFromContext, SeqcastConfigError } from '../../infra/config';

const fromContext = (context: Record<string, unknown>) => readSettingsFromContext((key) => context[key]);

describe('seqcast settings', () => {
  it('defaults deploy anywhere: nothing account-specific, no reserved concurrency, SSE-S3, data retained', () => {
    const s = parseSeqcastSettings({});
    expect(s).toMatchObject({
      localstack: false,
      datasets: [],
      bucketEncryption: 's3',
      dataRemovalPolicy: 'retain',
      gpuInstanceTypes: ['g5.xlarge', 'g5.2xlarge', 'g6.xlarge'],
      natGateways: 1,
      reservedConcurrency: {},
      logRetentionDays: 30,
      eventBusName: 'seqcast',
      forecastFreshnessHours: 26,
    });
    expect(s.alarmEmail).toBeUndefined();
  });

  it('accepts the string forms `-c key=value` produces', () => {
    const s = fromContext({
      localstack: 'true',
      datasets: '[{"name":"sales","schedule":"cron(0 3 * * ? *)","arraySize":"8"}]',
      gpuInstanceTypes: 'g5.xlarge, g6.2xlarge',
      natGateways: '2',
      reservedConcurrency: '{"ingest":5}',
      logRetentionDays: '90',
      unrelatedCdkKey: 'ignored',
    });
    expect(s.localstack).toBe(true);
    expect(s.datasets).toEqual([{ name: 'sales', schedule: 'cron(0 3 * * ? *)', timezone: 'UTC', arraySize: 8, enabled: true }]);
    expect(s.gpuInstanceTypes).toEqual(['g5.xlarge', 'g6.2xlarge']);
    expect(s.natGateways).toBe(2);
    expect(s.reservedConcurrency).toEqual({ ingest: 5 });
    expect(s.logRetentionDays).toBe(90);
  });

  it('accepts the typed forms cdk.json and code give', () => {
    const s = fromContext({ datasets: [{ name: 'web', schedule: 'rate(1 day)' }], gpuInstanceTypes: ['p3.2xlarge'], localstack: false });
    expect(s.datasets[0]!.schedule).toBe('rate(1 day)');
    expect(s.gpuInstanceTypes).toEqual(['p3.2xlarge']);
  });

  it.each([
    [{ gpuInstanceTypes: 'g5g.xlarge' }, 'gpuInstanceTypes.0'], // Graviton: the image is amd64
    [{ gpuInstanceTypes: 'm5.large' }, 'gpuInstanceTypes.0'], // no GPU
    [{ datasets: '[{"name":"a"},{"name":"a"}]' }, 'datasets'],
    [{ datasets: '[{"name":"bad/name"}]' }, 'datasets.0.name'],
    [{ datasets: '[{"name":"a","schedule":"every day"}]' }, 'datasets.0.schedule'],
    [{ datasets: '[{"name":"a","arraySize":20000}]' }, 'datasets.0.arraySize'],
    [{ datasets: '[{"name":"a","typo":1}]' }, 'datasets.0'],
    [{ bucketEncryption: 'none' }, 'bucketEncryption'],
    [{ logRetentionDays: '31' }, 'logRetentionDays'],
    [{ alarmEmail: 'not-an-email' }, 'alarmEmail'],
    [{ natGateways: '-1' }, 'natGateways'],
    [{ eventBusName: 'default' }, 'eventBusName'],
    [{ jobVcpus: '64', maxvCpus: '32' }, 'jobVcpus'],
  ])('rejects %j, naming %s', (context, path) => {
    expect(() => fromContext(context)).toThrow(SeqcastConfigError);
    expect(() => fromContext(context)).toThrow(new RegExp(`^\\s+${path.replace('.', '\\.')}: `, 'm'));
  });

  it('lists every problem at once', () => {
    try {
      fromContext({ bucketEncryption: 'x', natGateways: 'many' });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toMatch(/bucketEncryption/);
      expect((err as Error).message).toMatch(/natGateways/);
    }
  });
});
