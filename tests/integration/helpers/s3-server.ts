/**
 * Real-protocol S3 for integration tests.
 *
 * `startS3Server()` starts `s3rver` (an embedded S3 server) on 127.0.0.1 (random port, temp folder,
 * bucket `seqcast-test`, credentials S3RVER/S3RVER, region us-east-1). When `AWS_ENDPOINT_URL` is set
 * (LocalStack, MinIO, …) it uses that endpoint instead, creates a uniquely named bucket and deletes
 * it (with its objects) in `stop()`.
 *
 * Either way, clients talk to a small HTTP proxy on 127.0.0.1 in front of the server that can inject
 * faults: per rule it answers the next N matching requests with `503 SlowDown` (S3 XML error body),
 * another S3 error, a dropped connection (partial status line, then the socket is destroyed) or a
 * truncated response body, and forwards everything else untouched (Host and signed headers
 * included, so SigV4 still verifies upstream). `faults.seen` / `faults.failed` count requests.
 */
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createS3Client, S3Storage, type S3RetryOptions } from '../../../shared/storage';

export type FaultKind = 'slowdown' | 'error' | 'drop' | 'truncate';

export interface FaultRule {
  /**
   * `slowdown`: 503 SlowDown with an S3 XML body. `error`: `status`/`code` (default 500 InternalError).
   * `drop`: reads the request, writes half a status line and destroys the socket.
   * `truncate`: forwards, then cuts the response body in half and destroys the socket.
   */
  kind: FaultKind;
  /** How many matching requests get the fault (default 1). */
  times?: number;
  /** HTTP method to match (`GET`, `PUT`, `HEAD`, `POST`, `DELETE`). */
  method?: string;
  /** Object key to match (decoded, without the bucket): exact string or RegExp. */
  key?: string | RegExp;
  /** Only match requests with this query parameter (e.g. `uploadId`, `partNumber`, `list-type`). */
  query?: string;
  status?: number;
  code?: string;
}

export type FaultPlan = FaultRule[];

export interface RequestRecord {
  method: string;
  key?: string;
  query: string;
  fault?: FaultKind;
}

export interface FaultController {
  /** Queue more faults (evaluated in order; the first matching rule with attempts left fires). */
  add(...rules: FaultRule[]): void;
  /** Drop pending faults. */
  clear(): void;
  /** Zero the counters and the request log. */
  resetCounters(): void;
  /** Requests that reached the proxy. */
  readonly seen: number;
  /** Requests answered with a fault. */
  readonly failed: number;
  /** Faults still to inject. */
  readonly pending: number;
  /** Every request, in arrival order. */
  readonly log: readonly RequestRecord[];
}

export interface S3TestServer {
  /** Endpoint clients use (the fault proxy). */
  endpoint: string;
  /** The real server behind the proxy. */
  upstream: string;
  bucket: string;
  /** Client with dummy credentials and a fast retry strategy (ms backoff). */
  client: S3Client;
  storage: S3Storage;
  faults: FaultController;
  /** Every retry the client's strategy decided, in order. */
  retries: { retry: number; errorType: string; delayMs: number }[];
  /** True when running against `AWS_ENDPOINT_URL` rather than the embedded s3rver. */
  external: boolean;
  /** Conditional writes are emulated (head-then-put, not atomic). */
  emulatedConditionalWrites: boolean;
  stop(): Promise<void>;
}

export interface StartS3ServerOptions {
  faults?: FaultPlan;
  /** Overrides for the client's retry strategy (defaults: 5 attempts, 5–100 ms waits). */
  retry?: S3RetryOptions;
}

const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const REGION = 'us-east-1';
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'expect',
  'te',
  'trailer',
]);

function forwardable(headers: http.IncomingHttpHeaders | http.OutgoingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) out[name] = value;
  }
  return out;
}

function s3ErrorXml(code: string, message: string): string {
  const id = randomBytes(8).toString('hex').toUpperCase();
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
    `<RequestId>${id}</RequestId><HostId>fault-proxy</HostId></Error>`
  );
}

class Faults implements FaultController {
  private rules: (FaultRule & { remaining: number })[] = [];
  seen = 0;
  failed = 0;
  log: RequestRecord[] = [];

  add(...rules: FaultRule[]): void {
    for (const r of rules) this.rules.push({ ...r, remaining: r.times ?? 1 });
  }
  clear(): void {
    this.rules = [];
  }
  resetCounters(): void {
    this.seen = 0;
    this.failed = 0;
    this.log = [];
  }
  get pending(): number {
    return this.rules.reduce((n, r) => n + r.remaining, 0);
  }
  /** Record a request and return the fault to inject, if any. */
  take(method: string, key: string | undefined, params: URLSearchParams, query: string): FaultRule | undefined {
    this.seen++;
    const rule = this.rules.find(
      (r) =>
        r.remaining > 0 &&
        (!r.method || r.method.toUpperCase() === method) &&
        (!r.query || params.has(r.query)) &&
        (r.key === undefined || (typeof r.key === 'string' ? r.key === key : key !== undefined && r.key.test(key))),
    );
    if (rule) {
      rule.remaining--;
      this.failed++;
    }
    this.log.push({ method, key, query, fault: rule?.kind });
    return rule;
  }
}

/** Start the fault proxy in front of `upstream`. */
async function startProxy(upstream: URL, faults: Faults): Promise<{ endpoint: string; close(): Promise<void> }> {
  const secure = upstream.protocol === 'https:';
  const agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  const request = secure ? https.request : http.request;

  const forward = (req: http.IncomingMessage, res: http.ServerResponse, truncate: boolean): void => {
    const up = request({
      protocol: upstream.protocol,
      hostname: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: forwardable(req.headers), // keeps Host: the signature was computed for it
      agent,
    });
    up.on('error', () => res.destroy());
    up.on('response', (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, forwardable(upRes.headers));
      if (!truncate) {
        upRes.pipe(res);
        return;
      }
      const length = Number(upRes.headers['content-length'] ?? 0);
      let budget = Math.floor(length / 2);
      res.flushHeaders();
      if (budget <= 0) {
        upRes.destroy();
        res.socket?.destroy();
        return;
      }
      upRes.on('data', (chunk: Buffer) => {
        if (budget <= 0) return;
        const part = chunk.subarray(0, budget);
        budget -= part.byteLength;
        res.write(part);
        if (budget <= 0) {
          upRes.destroy();
          // Let the partial body reach the client, then cut the connection.
          setTimeout(() => res.socket?.destroy(), 20);
        }
      });
    });
    req.pipe(up);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const [, , ...rest] = url.pathname.split('/');
    const key = rest.length ? decodeURIComponent(rest.join('/')) : undefined;
    const method = (req.method ?? 'GET').toUpperCase();
    const rule = faults.take(method, key || undefined, url.searchParams, url.search);
    if (!rule || rule.kind === 'truncate') {
      forward(req, res, rule?.kind === 'truncate');
      return;
    }
    // Read the whole request first, as a server would before answering.
    req.resume();
    req.on('end', () => {
      switch (rule.kind) {
        case 'slowdown':
          res.writeHead(503, { 'content-type': 'application/xml' });
          res.end(method === 'HEAD' ? undefined : s3ErrorXml('SlowDown', 'Please reduce your request rate.'));
          return;
        case 'error': {
          const status = rule.status ?? 500;
          res.writeHead(status, { 'content-type': 'application/xml' });
          res.end(method === 'HEAD' ? undefined : s3ErrorXml(rule.code ?? 'InternalError', 'Injected fault.'));
          return;
        }
        case 'drop':
          req.socket.end('HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n');
          req.socket.destroy();
          return;
      }
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

export async function startS3Server(opts: StartS3ServerOptions = {}): Promise<S3TestServer> {
  const faults = new Faults();
  const external = Boolean(process.env.AWS_ENDPOINT_URL);
  let upstream: string;
  let bucket: string;
  let stopUpstream: () => Promise<void>;

  if (external) {
    upstream = process.env.AWS_ENDPOINT_URL!.replace(/\/+$/, '');
    bucket = `seqcast-test-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    const direct = createS3Client({ endpoint: upstream, region: REGION, credentials: externalCredentials() });
    await direct.send(new CreateBucketCommand({ Bucket: bucket }));
    stopUpstream = async () => {
      try {
        await emptyBucket(direct, bucket);
        await direct.send(new DeleteBucketCommand({ Bucket: bucket }));
      } finally {
        direct.destroy();
      }
    };
  } else {
    const directory = await mkdtemp(join(tmpdir(), 'seqcast-s3rver-'));
    bucket = 'seqcast-test';
    const s3rver = await startS3rverProcess(directory, bucket);
    upstream = `http://127.0.0.1:${s3rver.port}`;
    stopUpstream = async () => {
      await s3rver.stop();
      await rm(directory, { recursive: true, force: true });
    };
  }

  const proxy = await startProxy(new URL(upstream), faults);
  faults.add(...(opts.faults ?? []));
  const retries: S3TestServer['retries'] = [];
  const retry: S3RetryOptions = {
    maxAttempts: 5,
    baseDelayMs: 5,
    throttlingBaseDelayMs: 10,
    maxDelayMs: 100,
    ...opts.retry,
    onRetry: (info) => {
      retries.push({ retry: info.retry, errorType: info.errorType, delayMs: info.delayMs });
      opts.retry?.onRetry?.(info);
    },
  };
  const client = createS3Client({
    endpoint: proxy.endpoint,
    region: REGION,
    credentials: external ? externalCredentials() : CREDENTIALS,
    retry,
    requestTimeoutMs: 10_000,
  });
  // s3rver ignores If-None-Match / If-Match on writes: emulate them there, use the real headers
  // elsewhere (SEQCAST_TEST_EMULATE_CONDITIONAL=1 for an external server without conditional writes).
  const emulateConditionalWrites = !external || process.env.SEQCAST_TEST_EMULATE_CONDITIONAL === '1';
  const storage = new S3Storage({ bucket, client, retry, emulateConditionalWrites });

  let stopped = false;
  return {
    endpoint: proxy.endpoint,
    upstream,
    bucket,
    client,
    storage,
    faults,
    retries,
    external,
    emulatedConditionalWrites: emulateConditionalWrites,
    async stop() {
      if (stopped) return;
      stopped = true;
      client.destroy();
      await proxy.close();
      await stopUpstream();
    },
  };
}

function externalCredentials(): { accessKeyId: string; secretAccessKey: string } {
  return {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'test',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
  };
}

async function emptyBucket(client: S3Client, bucket: string): Promise<void> {
  let ContinuationToken: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken }));
    for (const o of page.Contents ?? []) {
      if (o.Key) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: o.Key }));
    }
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
}

/** Start s3rver in a child process (see s3rver-process.cjs for why) and wait until it listens. */
async function startS3rverProcess(directory: string, bucket: string): Promise<{ port: number; stop(): Promise<void> }> {
  const script = fileURLToPath(new URL('./s3rver-process.cjs', import.meta.url));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', script, JSON.stringify({ directory, bucket })], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`s3rver did not start within 20 s: ${stderr}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited (${code}) before listening: ${stderr}`));
    });
  });
  return {
    port,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
