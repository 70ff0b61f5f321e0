import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configReferenceRows, generateSchemaFiles } from '../../scripts/generate-json-schemas';
import { parseDatasetConfig } from '../../shared/schemas/config';

const ROOT = resolve(__dirname, '../..');
const generated = generateSchemaFiles();
const byPath = new Map(generated.map((f) => [f.path, f.content]));
type JsonSchema = Record<string, any>;
const schema = (name: string): JsonSchema => JSON.parse(byPath.get(`schemas/${name}.schema.json`)!);

describe('generated JSON Schemas and config reference', () => {
  it('produces every published schema and the reference', () => {
    expect([...byPath.keys()].sort()).toEqual([
      'docs/config-reference.md',
      'schemas/dataset-config.schema.json',
      'schemas/forecast-published-event.schema.json',
      'schemas/forecast-row.schema.json',
      'schemas/latest-pointer.schema.json',
      'schemas/manifest.schema.json',
      'schemas/metrics.schema.json',
    ]);
  });

  it.each(generated.map((f) => [f.path, f.content] as const))(
    '%s is checked in and up to date (run: npx tsx scripts/generate-json-schemas.ts)',
    (path, content) => {
      expect(readFileSync(join(ROOT, path), 'utf8')).toBe(content);
    },
  );

  it('describes forecast.csv rows: required columns, numeric quantile columns', () => {
    const row = schema('forecast-row');
    expect(row.required).toEqual(['series_id', 'date', 'model', 'mean']);
    expect(row.properties.p50.type).toBe('number');
    // any configured quantile (p2.5, p97.5, …) is an extra numeric column
    expect(row.additionalProperties).toEqual({ type: 'number' });
  });

  it('lets readers accept fields added by a later minor version of the output contracts', () => {
    for (const name of ['manifest', 'latest-pointer', 'metrics', 'forecast-published-event']) {
      expect(JSON.stringify(schema(name))).not.toContain('"additionalProperties":false');
    }
    expect(schema('manifest').properties.files.items.properties.sha256.pattern).toBe('^[0-9a-f]{64}$');
  });

  it('keeps the dataset config strict, as the parser is', () => {
    const config = schema('dataset-config');
    expect(config.additionalProperties).toBe(false);
    expect(config.properties.model.additionalProperties).toBe(false);
    expect(config.required ?? []).toEqual([]); // every field has a default
  });

  it('documents every config field, with the defaults the parser really applies', () => {
    const rows = configReferenceRows(schema('dataset-config'));
    expect(rows.length).toBeGreaterThan(30);
    const parsedDefaults = parseDatasetConfig({}) as Record<string, any>;
    for (const row of rows) {
      expect(row.description, `description of ${row.field}`).not.toBe('');
      if (row.default === '—' || row.default === 'see fields') continue;
      const actual = row.field.split('.').reduce((obj, key) => obj?.[key], parsedDefaults);
      expect(JSON.parse(row.default.replace(/^`|`$/g, '')), `default of ${row.field}`).toEqual(actual);
    }
    expect(rows.find((r) => r.field === 'model.units')).toEqual(
      expect.objectContaining({ type: 'integer (≥ 1, ≤ 1024)', default: '`48`' }),
    );
  });
});
