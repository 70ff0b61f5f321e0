/**
 * Statistical forecasts (naive, seasonal naive, ETS, Theta) for every series at every forecast
 * origin, computed on worker threads while the main thread trains the network.
 *
 * tfjs (wasm or cpu backend) trains on one core; the ETS and Theta fits of every series at every
 * backtest origin and on the full data are independent of the network and of each other, so they
 * run on the other cores meanwhile instead of before and after training. Results are handed back in
 * job order, whatever order the workers finish in, so the engine's output does not depend on the
 * number of workers (0: everything inline on the calling thread).
 *
 * A worker that cannot start or dies leaves its unfinished jobs to the calling thread: the pool
 * only ever changes where the work runs, never whether it runs.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { STAT_MODELS, statForecast, type PointAndQuantiles, type StatModel } from './candidates';

export interface StatJob {
  id: string;
  y: Float64Array;
  /** In-sample lengths to forecast from (backtest origins, and y.length for the final forecast). */
  cuts: number[];
  h: number;
  period: number;
  quantiles: number[];
}

export interface StatResult {
  id: string;
  /** One entry per cut: every statistical model's forecast, or the error that stopped all of them. */
  forecasts: (Record<StatModel, PointAndQuantiles> | { error: string })[];
}

export function runStatJob(job: StatJob): StatResult {
  return {
    id: job.id,
    forecasts: job.cuts.map((cut) => {
      const insample = job.y.subarray(0, cut);
      try {
        return Object.fromEntries(STAT_MODELS.map((m) => [m, statForecast(m, insample, job.h, job.period, job.quantiles)])) as Record<StatModel, PointAndQuantiles>;
      } catch (err) {
        return { error: (err as Error).message };
      }
    }),
  };
}

/** Default worker count: every core but the one training the network, at most 4. `SEQCAST_STAT_WORKERS` overrides. */
export function defaultStatWorkers(): number {
  const env = process.env.SEQCAST_STAT_WORKERS;
  if (env !== undefined && /^\d+$/.test(env)) return Number(env);
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

export interface StatPoolRun {
  /** All results, in job order. */
  done: Promise<StatResult[]>;
  /** Jobs not finished yet. */
  pending(): number;
  /** Called once per finished job from now on (progress). */
  onResult(cb: ((id: string) => void) | undefined): void;
  /**
   * Jobs done on worker threads and on the calling thread (a worker that failed leaves its jobs to
   * the latter), and the seconds the slowest worker (or the calling thread) spent on them.
   */
  where(): { workers: number; inline: number; seconds: number };
}

/** Results come back in batches of this many jobs (progress granularity). */
export const STAT_BATCH = 8;

export function runStatPool(jobs: StatJob[], opts: { workers?: number } = {}): StatPoolRun {
  const workers = Math.min(opts.workers ?? defaultStatWorkers(), jobs.length);
  const results: (StatResult | undefined)[] = new Array(jobs.length);
  let finished = 0;
  let onWorkers = 0;
  let seconds = 0;
  let listener: ((id: string) => void) | undefined;
  const record = (i: number, r: StatResult, worker: boolean) => {
    if (results[i]) return;
    results[i] = r;
    finished++;
    if (worker) onWorkers++;
    listener?.(r.id);
  };
  const runInline = (indices: number[]) => {
    const started = performance.now();
    for (const i of indices) if (!results[i]) record(i, runStatJob(jobs[i]!), false);
    seconds += (performance.now() - started) / 1000;
  };
  // Each worker gets its whole share up front: the calling thread is busy training and may not
  // turn its event loop for seconds, so a worker must never wait on it for more work.
  const shares = Array.from({ length: Math.max(0, workers) }, (_, w) => jobs.map((_, i) => i).filter((i) => i % workers === w));

  const done = new Promise<StatResult[]>((resolve) => {
    const finish = () => resolve(results as StatResult[]);
    if (workers <= 0) {
      // Inline, but after the caller's synchronous code: the same timeline as with workers.
      setImmediate(() => {
        runInline(jobs.map((_, i) => i));
        finish();
      });
      return;
    }
    let alive = shares.length;
    const shareDone = (share: number[]) => {
      runInline(share); // whatever a failed worker left
      if (--alive === 0) finish();
    };
    for (const share of shares) {
      let worker: Worker;
      try {
        worker = new Worker(new URL('./stat-worker.mjs', import.meta.url));
      } catch {
        setImmediate(() => shareDone(share));
        continue;
      }
      let received = 0;
      worker.on('message', (msg: { indices: number[]; results: StatResult[]; seconds: number }) => {
        msg.indices.forEach((i, k) => record(i, msg.results[k]!, true));
        // Measured in the worker: when its last result was ready, not when this thread got to it.
        seconds = Math.max(seconds, msg.seconds);
        received += msg.indices.length;
        if (received === share.length) void worker.terminate();
      });
      worker.once('error', () => {}); // 'exit' follows; the calling thread finishes the share
      worker.once('exit', () => shareDone(share));
      worker.postMessage({ batch: STAT_BATCH, jobs: share.map((i) => ({ index: i, job: jobs[i]! })) });
    }
  });
  return {
    done,
    pending: () => jobs.length - finished,
    onResult: (cb) => (listener = cb),
    where: () => ({ workers: onWorkers, inline: finished - onWorkers, seconds }),
  };
}
