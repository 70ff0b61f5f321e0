/**
 * Text helpers for the report: HTML escaping and locale-independent number formatting (the same
 * run must render the same bytes on every machine, so nothing here depends on the host locale).
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** A finite number, or null for null/undefined/NaN/±Infinity (series values may come from a Float64Array). */
export function finiteOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

const MISSING = '—';

/** Fixed decimals, with a thousands separator; `—` for a missing value. */
export function formatFixed(value: number | null | undefined, decimals = 3): string {
  const v = finiteOrNull(value);
  if (v === null) return MISSING;
  const fixed = v.toFixed(decimals);
  // "-0.000" reads as a sign error: keep the minus only when a non-zero digit survives rounding.
  const sign = fixed.startsWith('-') && /[1-9]/.test(fixed) ? '-' : '';
  const [int, frac] = fixed.replace('-', '').split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac ? `${sign}${grouped}.${frac}` : `${sign}${grouped}`;
}

/** A fraction as a percentage (0.123 → "12.3 %"). */
export function formatPercent(value: number | null | undefined, decimals = 1): string {
  const v = finiteOrNull(value);
  return v === null ? MISSING : `${formatFixed(v * 100, decimals)} %`;
}

/** Compact magnitude for volumes and counts (1234567 → "1.23M"). */
export function formatCompact(value: number | null | undefined): string {
  const v = finiteOrNull(value);
  if (v === null) return MISSING;
  const abs = Math.abs(v);
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [size, suffix] of units) {
    if (abs >= size) return `${Number((v / size).toPrecision(3))}${suffix}`;
  }
  return String(Number(v.toPrecision(3)));
}

/** Seconds as "0.42 s", "12.3 s" or "4 min 05 s". */
export function formatSeconds(seconds: number | null | undefined): string {
  const v = finiteOrNull(seconds);
  if (v === null) return MISSING;
  if (v < 10) return `${formatFixed(v, 2)} s`;
  if (v < 120) return `${formatFixed(v, 1)} s`;
  const minutes = Math.floor(v / 60);
  const rest = Math.round(v - minutes * 60);
  return `${minutes} min ${String(rest).padStart(2, '0')} s`;
}

/** Parse an ISO-8601 date or date-time as UTC milliseconds (a time without zone is taken as UTC, never local). */
export function isoToEpochMs(date: string): number {
  const hasTime = date.includes('T');
  const hasZone = /(?:Z|[+-]\d\d:?\d\d)$/.test(date);
  const ms = Date.parse(hasTime && !hasZone ? `${date}Z` : date);
  if (!Number.isFinite(ms)) throw new Error(`report: not an ISO-8601 date: ${JSON.stringify(date)}`);
  return ms;
}
