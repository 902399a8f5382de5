import { stringify } from 'yaml';
import type { ReportList } from '../core/report-list.js';
import type { Report } from '../core/report.js';
import { terminalSafeDeep } from './terminal-safe.js';

export function renderYaml(report: Report | ReportList): string {
  // The JSON round trip drops undefined fields exactly as the JSON output does. YAML escapes C0
  // itself but prints C1 and bidi controls raw, hence the sanitiser.
  return stringify(terminalSafeDeep(JSON.parse(JSON.stringify(report)) as unknown), { lineWidth: 0 });
}
