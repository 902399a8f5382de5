/** Validates real output against the documented JSON Schemas (docs/report.schema.json, docs/report-list.schema.json). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { REPO_ROOT } from './go-build.js';

const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'docs/report.schema.json'), 'utf8'));
const ajv = new Ajv2020.default({ allErrors: true, strict: false });
// RFC 3339 date-time, as `generatedAt` is written (Date#toISOString).
ajv.addFormat('date-time', (value: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value));
const validate = ajv.compile(schema);
const validateList = ajv.compile(JSON.parse(readFileSync(join(REPO_ROOT, 'docs/report-list.schema.json'), 'utf8')));

/** Returns the schema errors (empty when valid), readable in a failing assertion. */
export function reportSchemaErrors(json: unknown): string[] {
  return validate(json) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

/** The same for a fleet run's PluginReportList (docs/report-list.schema.json), each item's report included. */
export function reportListSchemaErrors(json: unknown): string[] {
  return validateList(json) ? [] : (validateList.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}
