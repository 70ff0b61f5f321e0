/**
 * Event the training job puts on the seqcast bus after `latest.json` is written
 * (`ForecastPublishedEventSchema` in shared/schemas/forecast.ts). Rules and IAM conditions use it.
 */
export const FORECAST_PUBLISHED = { source: 'seqcast', detailType: 'ForecastPublished' } as const;
