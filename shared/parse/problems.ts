/**
 * Bounded list of input problems. A broken million-row file must not produce a million-entry
 * report, so at most {@link MAX_PROBLEMS} entries are kept: when more are found, the first
 * `MAX_PROBLEMS − 1` are kept and the last entry says how many more were suppressed. Whether any
 * error was seen is tracked separately, so suppressed errors still reject the file.
 */
import type { InputProblem } from '../types';

export const MAX_PROBLEMS = 1000;
const MAX_VALUE_LENGTH = 200;

export class ProblemList {
  private readonly items: InputProblem[] = [];
  private suppressed = 0;
  private suppressedErrors = 0;
  private errors = 0;

  constructor(readonly file: string, private readonly cap = MAX_PROBLEMS) {}

  /** `true` once any error (stored or suppressed) was added. */
  get hasErrors(): boolean {
    return this.errors > 0;
  }

  get errorCount(): number {
    return this.errors;
  }

  add(severity: InputProblem['severity'], reason: string, where: { line?: number; column?: string; value?: string } = {}): void {
    if (severity === 'error') this.errors++;
    if (this.items.length >= this.cap) {
      this.suppressed++;
      if (severity === 'error') this.suppressedErrors++;
      return;
    }
    const p: InputProblem = { file: this.file, reason, severity };
    if (where.line !== undefined) p.line = where.line;
    if (where.column !== undefined) p.column = where.column;
    if (where.value !== undefined) p.value = where.value.length > MAX_VALUE_LENGTH ? where.value.slice(0, MAX_VALUE_LENGTH) : where.value;
    this.items.push(p);
  }

  error(reason: string, where?: { line?: number; column?: string; value?: string }): void {
    this.add('error', reason, where);
  }

  warning(reason: string, where?: { line?: number; column?: string; value?: string }): void {
    this.add('warning', reason, where);
  }

  /** The stored problems, at most `cap` entries, the last one summarising any suppressed ones. */
  toArray(): InputProblem[] {
    if (this.suppressed === 0) return this.items.slice();
    // Make room for the summary so the list never exceeds the cap.
    const kept = this.items.slice(0, this.cap - 1);
    const dropped = this.items.slice(this.cap - 1);
    const more = this.suppressed + dropped.length;
    const moreErrors = this.suppressedErrors + dropped.filter((p) => p.severity === 'error').length;
    kept.push({
      file: this.file,
      reason: `${more} more problems suppressed (${moreErrors} errors, ${more - moreErrors} warnings); only the first ${this.cap - 1} are listed`,
      severity: moreErrors > 0 ? 'error' : 'warning',
    });
    return kept;
  }
}
