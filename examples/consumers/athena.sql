-- Querying published seqcast forecasts with Amazon Athena.
--
-- The stack creates the Glue table `forecasts` in the database `<stack name, lower case>_forecasts`
-- (`seqcast_forecasts` for the default stack name "Seqcast"):
--
--   series_id string, date string, model string, mean double, p10 double, p50 double, p90 double
--   partitioned by (dataset string, run_id string)
--   location s3://<data bucket>/forecasts/<dataset>/runs/<run_id>/   (forecast.csv, header skipped)
--
-- Partitions are *injected* (partition projection): every query must name the dataset and the
-- run id with `=` or `IN`. There is no "latest" partition on purpose: take the run id from
-- forecasts/<dataset>/latest.json (see docs/outputs.md, "How to poll safely") — never pick the
-- greatest run_id, run ids are content hashes, not timestamps, and a newer folder may be incomplete.
--
-- Athena reads every object under the partition's folder, and a run folder also holds
-- manifest.json, metrics.json, report.html and shards/<i>-of-<n>/forecast.csv (the per-shard parts
-- of the same rows). The "$path" filter keeps each query on the run's own forecast.csv, so no row is
-- read twice — `LIKE '%/forecast.csv'` alone would also match the shard copies.
--
-- Only the default quantiles (0.1, 0.5, 0.9) have columns in the table. A dataset configured with
-- other quantiles needs its own table (or read forecast.csv directly).


-- 1. The forecast of one run (the run id from latest.json).
SELECT series_id,
       from_iso8601_date(substr(date, 1, 10)) AS forecast_date,   -- hourly dates carry a time: use from_iso8601_timestamp(date)
       model,
       mean,
       p10,
       p50,
       p90
FROM seqcast_forecasts.forecasts
WHERE dataset = 'retail'
  AND run_id = 'r-3f9c2a1b'
  AND regexp_like("$path", '/runs/[^/]+/forecast\.csv$')
ORDER BY series_id, forecast_date;


-- 2. Total forecast per date across all series (means add up; quantiles do not, so no band).
SELECT from_iso8601_date(substr(date, 1, 10)) AS forecast_date,
       count(*)                               AS series,
       sum(mean)                              AS total_mean
FROM seqcast_forecasts.forecasts
WHERE dataset = 'retail'
  AND run_id = 'r-3f9c2a1b'
  AND regexp_like("$path", '/runs/[^/]+/forecast\.csv$')
GROUP BY 1
ORDER BY 1;


-- 3. What changed between two runs: series whose total forecast moved by more than 20 %.
WITH runs AS (
  SELECT run_id, series_id, sum(mean) AS total
  FROM seqcast_forecasts.forecasts
  WHERE dataset = 'retail'
    AND run_id IN ('r-3f9c2a1b', 'r-77d0e4c2')          -- previous run, current run
    AND regexp_like("$path", '/runs/[^/]+/forecast\.csv$')
  GROUP BY run_id, series_id
)
SELECT cur.series_id,
       prev.total                                       AS previous_total,
       cur.total                                        AS current_total,
       round(100 * (cur.total - prev.total) / nullif(abs(prev.total), 0), 1) AS change_pct
FROM runs cur
JOIN runs prev ON prev.series_id = cur.series_id AND prev.run_id = 'r-3f9c2a1b'
WHERE cur.run_id = 'r-77d0e4c2'
  AND abs(cur.total - prev.total) > 0.2 * abs(prev.total)
ORDER BY abs(cur.total - prev.total) DESC
LIMIT 50;


-- 4. The most uncertain series: widest p10–p90 band relative to the mean.
SELECT series_id,
       avg((p90 - p10) / nullif(abs(mean), 0)) AS relative_band_width
FROM seqcast_forecasts.forecasts
WHERE dataset = 'retail'
  AND run_id = 'r-3f9c2a1b'
  AND regexp_like("$path", '/runs/[^/]+/forecast\.csv$')
GROUP BY series_id
ORDER BY relative_band_width DESC
LIMIT 20;
