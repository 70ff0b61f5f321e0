import { Aws, Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PREFIXES } from '../prefixes';

/** Columns of forecast.csv (DESIGN.md "Forecast file"; default quantiles 0.1/0.5/0.9). */
export const FORECAST_COLUMNS = [
  { name: 'series_id', type: 'string' },
  { name: 'date', type: 'string' },
  { name: 'model', type: 'string' },
  { name: 'mean', type: 'double' },
  { name: 'p10', type: 'double' },
  { name: 'p50', type: 'double' },
  { name: 'p90', type: 'double' },
] as const;

export interface ForecastCatalogProps {
  readonly bucket: s3.IBucket;
  /** @default - generated from the stack name (`<stack>_forecasts`, lower case) */
  readonly databaseName?: string;
}

/**
 * Glue Data Catalog database + table over `forecasts/<dataset>/runs/<run_id>/forecast.csv`, so
 * analysts can query published forecasts with Athena.
 *
 * Partitions are projected (no crawler, no MSCK REPAIR): `dataset` and `run_id` are "injected",
 * i.e. every query names them — `WHERE dataset = 'sales' AND run_id = '…'` (the current run id is
 * in `forecasts/<dataset>/latest.json`). A run folder also holds manifest.json, metrics.json,
 * report.html and model/: add `AND "$path" LIKE '%/forecast.csv'` to read only the forecast.
 */
export class ForecastCatalog extends Construct {
  public readonly database: glue.CfnDatabase;
  public readonly table: glue.CfnTable;
  public readonly databaseName: string;
  public readonly tableName = 'forecasts';

  constructor(scope: Construct, id: string, props: ForecastCatalogProps) {
    super(scope, id);
    this.databaseName =
      props.databaseName ?? `${Stack.of(this).stackName.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_forecasts`;
    const root = `s3://${props.bucket.bucketName}/${PREFIXES.forecasts}`;

    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: { name: this.databaseName, description: 'seqcast published forecasts' },
    });
    this.table = new glue.CfnTable(this, 'Table', {
      catalogId: Aws.ACCOUNT_ID,
      databaseName: this.databaseName,
      tableInput: {
        name: this.tableName,
        description: 'forecast.csv of every published run',
        tableType: 'EXTERNAL_TABLE',
        partitionKeys: [
          { name: 'dataset', type: 'string' },
          { name: 'run_id', type: 'string' },
        ],
        parameters: {
          classification: 'csv',
          'skip.header.line.count': '1',
          'projection.enabled': 'true',
          'projection.dataset.type': 'injected',
          'projection.run_id.type': 'injected',
          'storage.location.template': `${root}\${dataset}/runs/\${run_id}/`,
        },
        storageDescriptor: {
          location: root,
          columns: FORECAST_COLUMNS.map((c) => ({ name: c.name, type: c.type })),
          inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          // OpenCSVSerde: series ids may be quoted and contain commas.
          serdeInfo: {
            serializationLibrary: 'org.apache.hadoop.hive.serde2.OpenCSVSerde',
            parameters: { separatorChar: ',', quoteChar: '"', escapeChar: '\\' },
          },
        },
      },
    });
    this.table.node.addDependency(this.database);
  }
}
