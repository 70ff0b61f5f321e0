/**
 * Column resolution: which header (CSV) or member name (JSON) holds the series id, the time and
 * the value. Names come from the options or from the recognised aliases, case-insensitively;
 * the first alias in list order that is present wins. Other columns are ignored with a warning.
 */
import { parseDate } from '../frequency/parse-date';
import type { ProblemList } from './problems';

export const COLUMN_ALIASES = {
  id: ['series_id', 'unique_id', 'item_id', 'sku'],
  time: ['date', 'ds', 'timestamp'],
  value: ['value', 'y', 'demand', 'sales', 'units'],
} as const;

export type ColumnRole = keyof typeof COLUMN_ALIASES;

export interface ColumnNames {
  id?: string;
  time?: string;
  value?: string;
}

export interface ResolvedColumn {
  /** Name as written in the file. */
  name: string;
  /** Position in the header (CSV) or −1 (JSON). */
  index: number;
}

export interface ResolvedColumns {
  id?: ResolvedColumn;
  time: ResolvedColumn;
  value: ResolvedColumn;
}

function list(names: readonly string[]): string {
  return names.map((n) => `'${n}'`).join(', ');
}

/**
 * Resolve the id/time/value columns among `names` (header cells or JSON keys). Adds errors for
 * missing time/value columns (listing the columns found and the accepted aliases), for a named
 * column that is absent and for a used column that appears twice; adds one warning per ignored
 * column. Returns `undefined` when the time or value column cannot be resolved.
 */
export function resolveColumns(
  names: readonly string[],
  configured: ColumnNames | undefined,
  problems: ProblemList,
  line: number | undefined,
): ResolvedColumns | undefined {
  const lower = names.map((n) => n.trim().toLowerCase());
  const found = (role: ColumnRole): ResolvedColumn | undefined | null => {
    const wanted = configured?.[role];
    const candidates: readonly string[] = wanted !== undefined ? [wanted.trim().toLowerCase()] : COLUMN_ALIASES[role];
    for (const c of candidates) {
      const index = lower.indexOf(c);
      if (index !== -1) return { name: names[index]!.trim(), index };
    }
    return wanted !== undefined ? null : undefined; // null: configured but absent
  };

  let failed = false;
  const resolved: Partial<Record<ColumnRole, ResolvedColumn>> = {};
  for (const role of ['id', 'time', 'value'] as const) {
    const r = found(role);
    if (r) {
      resolved[role] = r;
      continue;
    }
    if (r === undefined && role === 'id') continue; // no id column: the file is one series
    failed = true;
    const wanted = configured?.[role];
    const reason =
      wanted !== undefined
        ? `${role} column '${wanted}' (from the options) not found; columns found: ${list(names)}`
        : `no ${role} column: columns found: ${list(names)}; accepted names (case-insensitive): ${list(COLUMN_ALIASES[role])}, or set columns.${role}`;
    const looksLikeData = names.some((n) => !('error' in parseDate(n)));
    problems.error(looksLikeData ? `${reason}. The first line looks like data: the file needs a header row` : reason, {
      line,
      column: wanted,
    });
  }
  if (failed) return undefined;

  const used = new Set(Object.values(resolved).map((c) => c.index));
  for (const role of ['id', 'time', 'value'] as const) {
    const c = resolved[role];
    if (!c) continue;
    const lowered = lower[c.index]!;
    const twice = lower.findIndex((n, i) => n === lowered && i !== c.index);
    if (twice !== -1) {
      problems.error(`column '${c.name}' appears more than once (positions ${c.index + 1} and ${twice + 1})`, { line, column: c.name });
      failed = true;
    }
  }
  if (failed) return undefined;
  const usage = `using ${resolved.id ? `id '${resolved.id.name}', ` : ''}time '${resolved.time!.name}', value '${resolved.value!.name}'`;
  names.forEach((n, i) => {
    if (!used.has(i)) problems.warning(`unknown column '${n.trim()}' ignored (${usage})`, { line, column: n.trim() });
  });
  return { id: resolved.id, time: resolved.time!, value: resolved.value! };
}
