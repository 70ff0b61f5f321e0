/**
 * Column storage for every accepted row of a file while it streams in: parallel typed arrays
 * (series number, wall-clock time, value, source line, zone offset) that double when full.
 * A million rows cost ~24 bytes each, with no JS object per row and no per-series allocation
 * while reading; rows are grouped by series once, at the end ({@link RowStore.groupBySeries}).
 */
export class RowStore {
  length = 0;
  /** Series number of each row (index into the collector's id list). */
  series: Int32Array;
  /** Wall-clock ms (see `ParsedDate.wall`). */
  walls: Float64Array;
  values: Float64Array;
  /** 1-based physical line of each row. */
  lines: Uint32Array;
  /** Zone offsets in minutes; allocated on the first zoned date-time. */
  offsets: Int16Array | undefined;

  constructor(capacity = 1024) {
    this.series = new Int32Array(capacity);
    this.walls = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
    this.lines = new Uint32Array(capacity);
  }

  push(seriesNo: number, wall: number, offsetMinutes: number, value: number, line: number): void {
    if (this.length === this.walls.length) this.grow();
    const i = this.length++;
    this.series[i] = seriesNo;
    this.walls[i] = wall;
    this.values[i] = value;
    this.lines[i] = line;
    if (offsetMinutes !== 0 && this.offsets === undefined) this.offsets = new Int16Array(this.walls.length);
    if (this.offsets !== undefined) this.offsets[i] = offsetMinutes;
  }

  /**
   * Counting sort of row numbers by series number (stable, so rows of a series stay in line
   * order): rows of series s are `order[starts[s] … starts[s+1])`.
   */
  groupBySeries(seriesCount: number): { order: Uint32Array; starts: Uint32Array } {
    const n = this.length;
    const starts = new Uint32Array(seriesCount + 1);
    for (let i = 0; i < n; i++) starts[this.series[i]! + 1]!++;
    for (let s = 0; s < seriesCount; s++) starts[s + 1]! += starts[s]!;
    const next = starts.slice(0, seriesCount);
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[next[this.series[i]!]!++] = i;
    return { order, starts };
  }

  private grow(): void {
    const capacity = this.walls.length * 2;
    const series = new Int32Array(capacity);
    series.set(this.series);
    this.series = series;
    const walls = new Float64Array(capacity);
    walls.set(this.walls);
    this.walls = walls;
    const values = new Float64Array(capacity);
    values.set(this.values);
    this.values = values;
    const lines = new Uint32Array(capacity);
    lines.set(this.lines);
    this.lines = lines;
    if (this.offsets) {
      const offsets = new Int16Array(capacity);
      offsets.set(this.offsets);
      this.offsets = offsets;
    }
  }
}
