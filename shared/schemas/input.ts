/**
 * Schema of one input row (long format): `{ id?, time, value }` after column resolution, whatever
 * the file format (CSV cells are strings; JSON members may be numbers or null).
 *
 * Output: `{ id?: string, time: ParsedDate, value: number }` with NaN for a missing value.
 * The messages of every issue are the ones shown to users in input-problem reports. The reader's
 * hot loop runs the same field parsers (`parseDate`, `parseValueField`) directly and calls this
 * schema only for rows that fail, to keep 10^6-row files fast; `tests/unit/parse-schema.test.ts`
 * checks that both paths agree.
 */
import { z } from 'zod';
import { parseDate, type ParsedDate } from '../frequency/parse-date';
import { parseValueField } from '../parse/value-field';

/** Series id: a non-blank string, or a JSON number (converted with `String`). Kept as written. */
export const InputIdSchema = z.unknown().transform((raw, ctx): string => {
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw !== 'string') {
    ctx.addIssue({ code: 'custom', message: raw === undefined || raw === null ? 'missing series id' : `series id must be a string, got ${typeof raw}` });
    return z.NEVER;
  }
  if (raw.trim() === '') {
    ctx.addIssue({ code: 'custom', message: 'empty series id' });
    return z.NEVER;
  }
  return raw;
});

/** Time: an ISO 8601 date string, see `parseDate`; a JSON integer is read as its digits (`2020` → year). */
export const InputTimeSchema = z.unknown().transform((raw, ctx): ParsedDate => {
  if (typeof raw !== 'string' && !(typeof raw === 'number' && Number.isInteger(raw))) {
    ctx.addIssue({ code: 'custom', message: raw === undefined || raw === null ? 'missing time' : `time must be a date string, got ${typeof raw}` });
    return z.NEVER;
  }
  const parsed = parseDate(String(raw));
  if ('error' in parsed) {
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  }
  return parsed;
});

/** Value: a finite number; empty text or null is missing (NaN). See `parseValueField`. */
export const InputValueSchema = z.unknown().transform((raw, ctx): number => {
  const v = parseValueField(raw);
  if (typeof v === 'string') {
    ctx.addIssue({ code: 'custom', message: v });
    return z.NEVER;
  }
  return v;
});

export const InputRowSchema = z.object({
  id: InputIdSchema.optional(),
  time: InputTimeSchema,
  value: InputValueSchema,
});

export type InputRowRaw = z.input<typeof InputRowSchema>;
export type InputRow = z.output<typeof InputRowSchema>;
