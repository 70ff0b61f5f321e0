/**
 * Learning-rate schedules, stepped once per epoch, as pure functions so they are testable
 * without training anything.
 *
 * - `plateau` (default): reduce-on-plateau. When the monitored loss (validation loss, else
 *   training loss) has not improved by more than `minDelta` for `patience` epochs, multiply the rate
 *   by `factor` (0.5), never below `minLr`, and wait `patience` epochs again. Adapts to whatever
 *   scale the data has; pairs naturally with early stopping (use a shorter patience than it).
 * - `cosine`: `lr(e) = minLr + ½(lr₀ − minLr)(1 + cos(π·e / epochs))` for epoch e = 0…epochs−1:
 *   a smooth, data-independent decay; best when the epoch count is tuned.
 * - `constant`.
 */

export type LrSchedule =
  | { kind: 'constant' }
  | { kind: 'plateau'; factor?: number; patience?: number; minLr?: number }
  | { kind: 'cosine'; minLr?: number };

/** Cosine decay value for 0-based `epoch` of `epochs`. */
export function cosineLr(epoch: number, epochs: number, lr0: number, minLr = 0): number {
  if (epochs <= 1) return lr0;
  return minLr + 0.5 * (lr0 - minLr) * (1 + Math.cos((Math.PI * epoch) / epochs));
}

export interface PlateauState {
  lr: number;
  best: number;
  /** Epochs since the last improvement or reduction. */
  wait: number;
}

export function plateauInit(lr0: number): PlateauState {
  return { lr: lr0, best: Infinity, wait: 0 };
}

/** Feed one epoch's monitored loss; returns the state (and rate) for the next epoch. */
export function plateauStep(
  s: PlateauState,
  loss: number,
  opts: { factor?: number; patience?: number; minLr?: number; minDelta?: number } = {},
): PlateauState {
  const factor = opts.factor ?? 0.5;
  const patience = opts.patience ?? 3;
  const minLr = opts.minLr ?? 0;
  if (loss < s.best - (opts.minDelta ?? 0)) return { lr: s.lr, best: loss, wait: 0 };
  const wait = s.wait + 1;
  if (wait >= patience) return { lr: Math.max(minLr, s.lr * factor), best: s.best, wait: 0 };
  return { lr: s.lr, best: s.best, wait };
}

/**
 * A stateful wrapper: `rateFor(epoch)` before the epoch, `observe(loss)` after it.
 */
export class LrScheduler {
  private plateau: PlateauState;
  constructor(
    private readonly schedule: LrSchedule,
    private readonly lr0: number,
    private readonly epochs: number,
    private readonly minDelta = 0,
  ) {
    this.plateau = plateauInit(lr0);
  }
  rateFor(epoch: number): number {
    switch (this.schedule.kind) {
      case 'constant':
        return this.lr0;
      case 'cosine':
        return cosineLr(epoch, this.epochs, this.lr0, this.schedule.minLr ?? this.lr0 / 100);
      case 'plateau':
        return this.plateau.lr;
    }
  }
  observe(loss: number): void {
    if (this.schedule.kind !== 'plateau') return;
    const { factor, patience, minLr } = this.schedule;
    this.plateau = plateauStep(this.plateau, loss, { factor, patience, minLr: minLr ?? this.lr0 / 100, minDelta: this.minDelta });
  }
}
