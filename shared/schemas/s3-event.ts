/**
 * Events that announce new objects, in every shape the ingest handler can receive:
 *
 * 1. S3 event notification (S3 → Lambda): `{ Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket, object } }] }`.
 *    `s3.object.key` is URL-encoded with `+` for spaces (`my file+1.csv` arrives as `my+file%2B1.csv`):
 *    `decodeS3Key` turns it back into the real key.
 * 2. EventBridge "Object Created" (S3 → EventBridge → Lambda): `{ 'detail-type': 'Object Created',
 *    source: 'aws.s3', detail: { bucket: { name }, object: { key, size, etag, 'version-id', sequencer } } }`.
 *    Here the key is NOT URL-encoded.
 * 3. Envelopes around those: SQS (`Records[].body` holding form 1, form 2 or an SNS notification)
 *    and SNS (`Records[].Sns.Message` holding form 1).
 *
 * `parseObjectCreatedEvent` accepts all of them and returns plain records with decoded keys.
 * Records of other S3 event types (ObjectRemoved, Object Deleted, …) and the `s3:TestEvent` that S3
 * sends when a notification is configured are skipped (they are valid, just not "created").
 * Anything else throws `EventValidationError` with the zod issues (path: message).
 */
import { z } from 'zod';

export interface ObjectCreatedRecord {
  bucket: string;
  /** The real object key (decoded). */
  key: string;
  /** ETag without quotes. */
  etag?: string;
  versionId?: string;
  size?: number;
  /** Orders events for one key: a greater sequencer (hex, compare after left-padding) is newer. */
  sequencer?: string;
}

export interface EventIssue {
  path: string;
  message: string;
}

export class EventValidationError extends Error {
  constructor(
    message: string,
    public readonly issues: EventIssue[] = [],
  ) {
    super(issues.length ? `${message}:\n${issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n')}` : message);
    this.name = 'EventValidationError';
  }
}

/** Decode a key from an S3 event notification (`+` is a space, `%2B` a plus). */
export function decodeS3Key(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    throw new EventValidationError(`invalid URL-encoded S3 key ${JSON.stringify(key)}`, [
      { path: 's3.object.key', message: 'malformed percent-encoding' },
    ]);
  }
}

// --- schemas -----------------------------------------------------------------------------------

export const S3EventRecordSchema = z.object({
  eventVersion: z.string().optional(),
  eventSource: z.string().optional(),
  awsRegion: z.string().optional(),
  eventTime: z.string().optional(),
  eventName: z.string().min(1),
  s3: z.object({
    s3SchemaVersion: z.string().optional(),
    configurationId: z.string().optional(),
    bucket: z.object({ name: z.string().min(1), arn: z.string().optional() }),
    object: z.object({
      key: z.string().min(1),
      size: z.number().int().nonnegative().optional(),
      eTag: z.string().optional(),
      versionId: z.string().optional(),
      sequencer: z.string().optional(),
    }),
  }),
});

export const S3NotificationEventSchema = z.object({ Records: z.array(S3EventRecordSchema).min(1) });
export type S3NotificationEvent = z.infer<typeof S3NotificationEventSchema>;

export const EventBridgeObjectCreatedSchema = z.object({
  version: z.string().optional(),
  id: z.string().optional(),
  'detail-type': z.literal('Object Created'),
  source: z.string().optional(),
  time: z.string().optional(),
  region: z.string().optional(),
  resources: z.array(z.string()).optional(),
  detail: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      key: z.string().min(1),
      size: z.number().int().nonnegative().optional(),
      etag: z.string().optional(),
      'version-id': z.string().optional(),
      sequencer: z.string().optional(),
    }),
    'request-id': z.string().optional(),
    requester: z.string().optional(),
    reason: z.string().optional(),
  }),
});
export type EventBridgeObjectCreatedEvent = z.infer<typeof EventBridgeObjectCreatedSchema>;

export const SqsRecordSchema = z.object({
  eventSource: z.literal('aws:sqs'),
  messageId: z.string().optional(),
  body: z.string(),
});

export const SnsRecordSchema = z.object({
  EventSource: z.literal('aws:sns'),
  Sns: z.object({ Message: z.string() }),
});

// --- parsing -----------------------------------------------------------------------------------

const MAX_DEPTH = 4;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function formatPath(base: string, path: readonly PropertyKey[]): string {
  let out = base;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, at: string, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new EventValidationError(
    `invalid ${what}`,
    result.error.issues.map((i) => ({ path: formatPath(at, i.path), message: i.message })),
  );
}

function parseJson(text: string, at: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new EventValidationError('envelope does not contain JSON', [{ path: at, message: (err as Error).message }]);
  }
}

function stripQuotes(etag: string | undefined): string | undefined {
  return etag?.replace(/^"+|"+$/g, '');
}

function isObjectCreatedName(eventName: string): boolean {
  return eventName.replace(/^s3:/, '').startsWith('ObjectCreated:');
}

function collect(event: unknown, at: string, depth: number, out: ObjectCreatedRecord[]): void {
  if (depth > MAX_DEPTH) throw new EventValidationError('event envelopes nested too deeply', [{ path: at, message: `more than ${MAX_DEPTH} levels` }]);
  if (!isObject(event)) {
    throw new EventValidationError('invalid event', [{ path: at, message: `expected an object, received ${event === null ? 'null' : Array.isArray(event) ? 'array' : typeof event}` }]);
  }

  // EventBridge
  if ('detail-type' in event) {
    if (event.source === 'aws.s3' && event['detail-type'] !== 'Object Created') return; // other S3 events
    const e = parseWith(EventBridgeObjectCreatedSchema, event, at, "EventBridge 'Object Created' event");
    const o = e.detail.object;
    out.push(clean({ bucket: e.detail.bucket.name, key: o.key, etag: stripQuotes(o.etag), versionId: o['version-id'], size: o.size, sequencer: o.sequencer }));
    return;
  }

  // S3 test event (sent once when notifications are configured)
  if (event.Event === 's3:TestEvent') return;

  // SNS notification delivered through SQS
  if (event.Type === 'Notification' && typeof event.Message === 'string') {
    collect(parseJson(event.Message, formatPath(at, ['Message'])), formatPath(at, ['Message']), depth + 1, out);
    return;
  }

  if (Array.isArray(event.Records)) {
    if (event.Records.length === 0) throw new EventValidationError('invalid event', [{ path: formatPath(at, ['Records']), message: 'no records' }]);
    event.Records.forEach((record: unknown, i: number) => {
      const rat = formatPath(at, ['Records', i]);
      if (isObject(record) && record.eventSource === 'aws:sqs') {
        const r = parseWith(SqsRecordSchema, record, rat, 'SQS record');
        collect(parseJson(r.body, `${rat}.body`), `${rat}.body`, depth + 1, out);
      } else if (isObject(record) && record.EventSource === 'aws:sns') {
        const r = parseWith(SnsRecordSchema, record, rat, 'SNS record');
        collect(parseJson(r.Sns.Message, `${rat}.Sns.Message`), `${rat}.Sns.Message`, depth + 1, out);
      } else {
        const r = parseWith(S3EventRecordSchema, record, rat, 'S3 event record');
        if (!isObjectCreatedName(r.eventName)) return;
        const o = r.s3.object;
        out.push(clean({ bucket: r.s3.bucket.name, key: decodeS3Key(o.key), etag: stripQuotes(o.eTag), versionId: o.versionId, size: o.size, sequencer: o.sequencer }));
      }
    });
    return;
  }

  // Unrecognised: report against the most common form.
  const result = S3NotificationEventSchema.safeParse(event);
  throw new EventValidationError(
    "unrecognised event: expected an S3 notification (Records[].s3), an EventBridge 'Object Created' event, or an SQS/SNS envelope around one",
    result.success ? [] : result.error.issues.map((i) => ({ path: formatPath(at, i.path), message: i.message })),
  );
}

function clean(r: ObjectCreatedRecord): ObjectCreatedRecord {
  const out: ObjectCreatedRecord = { bucket: r.bucket, key: r.key };
  if (r.etag !== undefined) out.etag = r.etag;
  if (r.versionId !== undefined) out.versionId = r.versionId;
  if (r.size !== undefined) out.size = r.size;
  if (r.sequencer !== undefined) out.sequencer = r.sequencer;
  return out;
}

/** Every created object announced by `event` (any supported form); throws `EventValidationError`. */
export function parseObjectCreatedEvent(event: unknown): { records: ObjectCreatedRecord[] } {
  const records: ObjectCreatedRecord[] = [];
  collect(event, '', 0, records);
  return { records };
}
