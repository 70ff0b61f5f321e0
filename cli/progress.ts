/**
 * Progress reporting on stderr: a progress bar (cli-progress) on a TTY, plain lines otherwise
 * (logs, CI), nothing with --quiet. Results go to stdout or files, never mixed with progress.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** Start a phase with `total` units (series, epochs…). */
  start(label: string, total: number): void;
  tick(n?: number, info?: string): void;
  stop(): void;
  /** A line of information (skipped when quiet). */
  info(line: string): void;
}

export function createProgress(opts: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet) return { start() {}, tick() {}, stop() {}, info() {} };
  if (stream.isTTY) {
    let bar: cliProgress.SingleBar | undefined;
    let value = 0;
    return {
      start(label, total) {
        bar?.stop();
        value = 0;
        bar = new cliProgress.SingleBar(
          { stream, format: `${label.padEnd(18)} [{bar}] {value}/{total} | ETA {eta_formatted} | {info}`, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0, { info: '' });
      },
      tick(n = 1, info = '') {
        value += n;
        bar?.update(value, { info });
      },
      stop() {
        bar?.stop();
        bar = undefined;
      },
      info(line) {
        bar ? stream.write(`\n${line}\n`) : stream.write(line + '\n');
      },
    };
  }
  // Plain lines: at most ~20 per phase so logs stay readable.
  let label = '';
  let total = 0;
  let done = 0;
  let lastPct = -1;
  let started = 0;
  return {
    start(l, t) {
      label = l;
      total = t;
      done = 0;
      lastPct = -1;
      started = Date.now();
    },
    tick(n = 1, info = '') {
      done += n;
      const pct = total > 0 ? Math.floor((done / total) * 20) * 5 : 100;
      if (pct !== lastPct || done === total) {
        lastPct = pct;
        const elapsed = (Date.now() - started) / 1000;
        const eta = done > 0 && total > done ? ((elapsed / done) * (total - done)).toFixed(0) + 's' : '0s';
        stream.write(`${label}: ${done}/${total} (${pct}%) eta ${eta}${info ? ' ' + info : ''}\n`);
      }
    },
    stop() {},
    info(line) {
      stream.write(line + '\n');
    },
  };
}
