/**
 * Validation of one value field (a CSV cell or a JSON member).
 *
 * Accepted: a decimal number (`12`, `-3.5`, `+.5`, `1e3`; surrounding spaces ignored) or a JSON
 * number. Empty text and JSON `null` mean "missing" and become NaN. Everything else is an error,
 * including textual `NaN`/`Infinity`/`inf`, so that a missing value is always written one way
 * (left empty) and never mistaken for data.
 */

/** Magnitude above which a value is accepted with a warning (likely a unit or parsing mistake). */
export const HUGE_VALUE_WARNING = 1e15;

const RE_DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const RE_NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;
const RE_MISSING_MARKER = /^(?:na|n\/a|null|none|nil|missing|-|\?)$/i;

const LEAVE_EMPTY = 'leave the field empty for a missing value';

/**
 * Parse a value field. Returns the number (NaN for missing) or, for invalid input, a string
 * with the reason. Never throws.
 */
export function parseValueField(raw: unknown): number | string {
  if (raw === null || raw === '') return NaN;
  if (typeof raw === 'number') {
    return Number.isFinite(raw) ? raw : 'value is out of range: it overflows a 64-bit float';
  }
  if (typeof raw !== 'string') {
    if (raw === undefined) return 'missing value field (use null for a missing value)';
    return `expected a number, got ${Array.isArray(raw) ? 'an array' : typeof raw === 'object' ? 'an object' : `a ${typeof raw}`}`;
  }
  const s = raw.trim();
  if (s === '') return NaN;
  if (RE_DECIMAL.test(s)) {
    const v = Number(s);
    return Number.isFinite(v) ? v : `value '${s}' is out of range: it overflows a 64-bit float`;
  }
  if (RE_NON_FINITE.test(s)) return `'${s}' is not allowed as a value; ${LEAVE_EMPTY}`;
  if (RE_MISSING_MARKER.test(s)) return `non-numeric value '${s}'; ${LEAVE_EMPTY}`;
  if (/^[+-]?[\d.,' ]+$/.test(s) && /\d/.test(s)) {
    return `non-numeric value '${s}': use '.' as the decimal separator and no thousands separators`;
  }
  return `non-numeric value '${s.length > 60 ? `${s.slice(0, 60)}…` : s}'`;
}
