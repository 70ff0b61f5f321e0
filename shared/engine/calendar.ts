/**
 * Calendar position of a date within its natural cycle, for the network's calendar features:
 * month of year (monthly), quarter (quarterly), day of week (daily), hour of day (hourly), week of
 * year (weekly). Encoded as sin/cos so December sits next to January.
 */
import type { Frequency } from '../types';

export function calendarPhase(date: string, frequency: Frequency): number | undefined {
  const d = new Date(date.length <= 10 ? `${date}T00:00:00Z` : date);
  switch (frequency) {
    case 'monthly':
      return d.getUTCMonth() / 12;
    case 'quarterly':
      return Math.floor(d.getUTCMonth() / 3) / 4;
    case 'daily':
      return d.getUTCDay() / 7;
    case 'hourly':
      return d.getUTCHours() / 24;
    case 'weekly': {
      const start = Date.UTC(d.getUTCFullYear(), 0, 1);
      return ((d.getTime() - start) / 86_400_000 / 7 / 52.18) % 1;
    }
    case 'yearly':
      return undefined;
  }
}

/** `[T, 2]` row-major sin/cos features, or undefined for frequencies without a calendar cycle. */
export function calendarFeatures(dates: string[], frequency: Frequency): Float64Array | undefined {
  if (frequency === 'yearly') return undefined;
  const out = new Float64Array(dates.length * 2);
  for (let t = 0; t < dates.length; t++) {
    const phase = calendarPhase(dates[t]!, frequency)!;
    out[2 * t] = Math.sin(2 * Math.PI * phase);
    out[2 * t + 1] = Math.cos(2 * Math.PI * phase);
  }
  return out;
}
