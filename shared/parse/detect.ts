/**
 * Format and delimiter detection: by file extension first, by content when the extension says
 * nothing.
 */

export type InputFormat = 'csv' | 'json' | 'jsonl';

export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;

/** Lower-cased extension including the dot (`.csv`), or `''`. */
export function extensionOf(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot).toLowerCase();
}

/** File name without folders and extension; the series id of a file without an id column. */
export function fileStem(file: string): string {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? base : base.slice(0, dot);
}

/** Format implied by an extension (`.csv .tsv .json .jsonl .ndjson`), else `undefined`. */
export function formatFromExtension(file: string): InputFormat | undefined {
  switch (extensionOf(file)) {
    case '.csv':
    case '.tsv':
      return 'csv';
    case '.json':
      return 'json';
    case '.jsonl':
    case '.ndjson':
      return 'jsonl';
    default:
      return undefined;
  }
}

/**
 * Format from the first non-blank character: `[` JSON array, `{` JSON lines, anything else CSV.
 * `undefined` while only whitespace has been seen.
 */
export function sniffFormat(text: string): InputFormat | undefined {
  const m = /\S/.exec(text);
  if (!m) return undefined;
  return m[0] === '[' ? 'json' : m[0] === '{' ? 'jsonl' : 'csv';
}

/**
 * Delimiter of a CSV sample (its first lines). For each candidate, count occurrences outside
 * quotes on each of the first 20 non-blank lines; prefer a candidate found on the header with the
 * same count on every line, the largest count first; else the candidate most frequent on the
 * header; else `,`.
 */
export function detectDelimiter(sample: string): string {
  const lines = sample.split('\n').filter((l) => l.trim() !== '').slice(0, 20);
  if (lines.length === 0) return ',';
  let best = ',';
  let bestScore = -1;
  for (const delimiter of CSV_DELIMITERS) {
    let inQuotes = false;
    const counts = lines.map((l) => {
      let c = 0;
      for (const ch of l) {
        if (ch === '"') inQuotes = !inQuotes;
        else if (ch === delimiter && !inQuotes) c++;
      }
      return c;
    });
    const header = counts[0]!;
    if (header === 0) continue;
    // A consistent candidate beats any inconsistent one; ties go to the larger header count.
    const consistent = counts.every((c) => c === header);
    const score = (consistent ? 1_000_000 : 0) + header;
    if (score > bestScore) {
      bestScore = score;
      best = delimiter;
    }
  }
  return best;
}
