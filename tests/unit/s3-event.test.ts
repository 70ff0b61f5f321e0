/** S3 event parsing: realistic S3 notification, EventBridge, SQS and SNS samples. */
import { describe, expect, it } from 'vitest';
import { decodeS3Key, EventValidationError, parseObjectCreatedEvent } from '../../shared/schemas/s3-event';

/** An S3 event notification record as delivered to Lambda (keys arrive URL-encoded). */
function s3Record(encodedKey: string, over: { eventName?: string; bucket?: string; size?: number } = {}) {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'eu-west-1',
    eventTime: '2026-03-01T12:00:00.000Z',
    eventName: over.eventName ?? 'ObjectCreated:Put',
    userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
    requestParameters: { sourceIPAddress: '203.0.113.7' },
    responseElements: { 'x-amz-request-id': 'C3D13FE58DE4C810', 'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'seqcast-raw-ingest',
      bucket: { name: over.bucket ?? 'seqcast-data-123', ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: 'arn:aws:s3:::seqcast-data-123' },
      object: { key: encodedKey, size: over.size ?? 1024, eTag: 'd41d8cd98f00b204e9800998ecf8427e', versionId: '096fKKXTRTtl3on89fVO.nfljtsv6qko', sequencer: '0055AED6DCD90281E5' },
    },
  };
}

const eventBridge = (key: string) => ({
  version: '0',
  id: '17793124-05d4-b198-2fde-7ededc63b103',
  'detail-type': 'Object Created',
  source: 'aws.s3',
  account: '111122223333',
  time: '2026-03-01T12:00:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:s3:::seqcast-data-123'],
  detail: {
    version: '0',
    bucket: { name: 'seqcast-data-123' },
    object: { key, size: 198524144, etag: '4af981f98d22a0b9979da24b259e5e42-12', 'version-id': 'uhggCJ2_B6gU2JaXWXebnXFDstO0ID6G', sequencer: '0064D3901D00059242' },
    'request-id': 'XRRTKJXSZQCWNQR1',
    requester: '111122223333',
    'source-ip-address': '203.0.113.7',
    reason: 'CompleteMultipartUpload',
  },
});

const sqs = (...bodies: unknown[]) => ({
  Records: bodies.map((b, i) => ({
    messageId: `059f36b4-87a3-44ab-83d2-66197${i}`,
    receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...',
    body: typeof b === 'string' ? b : JSON.stringify(b),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1545082649183' },
    messageAttributes: {},
    md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:111122223333:seqcast-ingest',
    awsRegion: 'eu-west-1',
  })),
});

describe('decodeS3Key', () => {
  it('decodes + as space, %2B as plus, percent-encoded UTF-8', () => {
    expect(decodeS3Key('raw/sales/my+file+%281%29.csv')).toBe('raw/sales/my file (1).csv');
    expect(decodeS3Key('raw/c%2B%2B/a%2Bb.csv')).toBe('raw/c++/a+b.csv');
    expect(decodeS3Key('raw/donn%C3%A9es/%C3%A9t%C3%A9+2026.csv')).toBe('raw/données/été 2026.csv');
    expect(decodeS3Key('raw/%F0%9F%93%88.csv')).toBe('raw/📈.csv');
    expect(decodeS3Key('raw/dt%3D2026-01-01/100%25.csv')).toBe('raw/dt=2026-01-01/100%.csv');
  });

  it('rejects malformed percent-encoding with a clear error', () => {
    expect(() => decodeS3Key('raw/100%.csv')).toThrow(EventValidationError);
    expect(() => decodeS3Key('raw/%E9.csv')).toThrow(/invalid URL-encoded S3 key/);
  });
});

describe('parseObjectCreatedEvent', () => {
  it('S3 notification: decodes keys and keeps metadata', () => {
    const { records } = parseObjectCreatedEvent({ Records: [s3Record('raw/sales/Q1+2026+%28final%29.csv'), s3Record('raw/sales/a%2Bb.csv', { eventName: 'ObjectCreated:CompleteMultipartUpload', size: 0 })] });
    expect(records).toEqual([
      { bucket: 'seqcast-data-123', key: 'raw/sales/Q1 2026 (final).csv', etag: 'd41d8cd98f00b204e9800998ecf8427e', versionId: '096fKKXTRTtl3on89fVO.nfljtsv6qko', size: 1024, sequencer: '0055AED6DCD90281E5' },
      { bucket: 'seqcast-data-123', key: 'raw/sales/a+b.csv', etag: 'd41d8cd98f00b204e9800998ecf8427e', versionId: '096fKKXTRTtl3on89fVO.nfljtsv6qko', size: 0, sequencer: '0055AED6DCD90281E5' },
    ]);
  });

  it('S3 notification: skips records that are not ObjectCreated', () => {
    const { records } = parseObjectCreatedEvent({ Records: [s3Record('raw/a.csv', { eventName: 'ObjectRemoved:Delete' }), s3Record('raw/b.csv')] });
    expect(records.map((r) => r.key)).toEqual(['raw/b.csv']);
  });

  it('EventBridge Object Created: key is taken verbatim (not URL-decoded)', () => {
    const { records } = parseObjectCreatedEvent(eventBridge('raw/sales/my file+v2 100%.csv'));
    expect(records).toEqual([
      { bucket: 'seqcast-data-123', key: 'raw/sales/my file+v2 100%.csv', etag: '4af981f98d22a0b9979da24b259e5e42-12', versionId: 'uhggCJ2_B6gU2JaXWXebnXFDstO0ID6G', size: 198524144, sequencer: '0064D3901D00059242' },
    ]);
    expect(parseObjectCreatedEvent(eventBridge('raw/données/été.csv')).records[0]!.key).toBe('raw/données/été.csv');
  });

  it('EventBridge: other S3 detail types are skipped; other sources are rejected', () => {
    expect(parseObjectCreatedEvent({ ...eventBridge('raw/a.csv'), 'detail-type': 'Object Deleted' }).records).toEqual([]);
    expect(() => parseObjectCreatedEvent({ 'detail-type': 'Batch Job State Change', source: 'aws.batch', detail: {} })).toThrow(EventValidationError);
  });

  it('SQS envelope around S3 notifications, SNS notifications and EventBridge events', () => {
    const snsNotification = { Type: 'Notification', MessageId: 'm-1', TopicArn: 'arn:aws:sns:eu-west-1:111122223333:raw', Message: JSON.stringify({ Records: [s3Record('raw/sns+key.csv')] }) };
    const { records } = parseObjectCreatedEvent(sqs({ Records: [s3Record('raw/x%2By+z.csv')] }, snsNotification, eventBridge('raw/eb key.csv')));
    expect(records.map((r) => r.key)).toEqual(['raw/x+y z.csv', 'raw/sns key.csv', 'raw/eb key.csv']);
  });

  it('SNS → Lambda envelope', () => {
    const event = { Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', Sns: { Type: 'Notification', Message: JSON.stringify({ Records: [s3Record('raw/%E2%82%AC.csv')] }) } }] };
    expect(parseObjectCreatedEvent(event).records.map((r) => r.key)).toEqual(['raw/€.csv']);
  });

  it('the s3:TestEvent sent when notifications are configured yields no records', () => {
    const test = { Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2026-03-01T12:00:00.000Z', Bucket: 'seqcast-data-123', RequestId: '5582815E1AEA5ADF', HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE' };
    expect(parseObjectCreatedEvent(test).records).toEqual([]);
    expect(parseObjectCreatedEvent(sqs(test)).records).toEqual([]);
  });

  it('rejects malformed events listing the zod issues with their paths', () => {
    const bad = s3Record('raw/a.csv') as Record<string, unknown>;
    (bad.s3 as { object: Record<string, unknown> }).object.key = 42;
    delete (bad.s3 as { bucket?: unknown }).bucket;
    const err = (() => {
      try {
        parseObjectCreatedEvent({ Records: [s3Record('raw/ok.csv'), bad] });
      } catch (e) {
        return e;
      }
    })() as EventValidationError;
    expect(err).toBeInstanceOf(EventValidationError);
    expect(err.issues.map((i) => i.path).sort()).toEqual(['Records[1].s3.bucket', 'Records[1].s3.object.key']);
    expect(err.message).toMatch(/invalid S3 event record:\n {2}- Records\[1\]\.s3\./);
  });

  it('reports issues inside envelopes with the full path', () => {
    const err = (() => {
      try {
        parseObjectCreatedEvent(sqs({ Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' }, object: {} } }] }));
      } catch (e) {
        return e;
      }
    })() as EventValidationError;
    expect(err.issues).toEqual([{ path: 'Records[0].body.Records[0].s3.object.key', message: expect.any(String) }]);
    expect(() => parseObjectCreatedEvent(sqs('not json'))).toThrow(/envelope does not contain JSON/);
  });

  it('rejects unrecognised and empty input', () => {
    for (const bad of [null, 'text', [], {}, { Records: [] }, { foo: 'bar' }]) {
      expect(() => parseObjectCreatedEvent(bad), JSON.stringify(bad)).toThrow(EventValidationError);
    }
    expect(() => parseObjectCreatedEvent({ foo: 'bar' })).toThrow(/unrecognised event[\s\S]*Records/);
  });
});
