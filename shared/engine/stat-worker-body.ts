/** Worker thread body: runs its whole share of statistical-forecast jobs, posting results in batches (see stat-pool.ts). */
import { parentPort } from 'node:worker_threads';
import { runStatJob, type StatJob } from './stat-pool';

parentPort!.once('message', (msg: { batch: number; jobs: { index: number; job: StatJob }[] }) => {
  const started = performance.now();
  for (let b = 0; b < msg.jobs.length; b += msg.batch) {
    const part = msg.jobs.slice(b, b + msg.batch);
    parentPort!.postMessage({ indices: part.map((j) => j.index), results: part.map((j) => runStatJob(j.job)), seconds: (performance.now() - started) / 1000 });
  }
});
