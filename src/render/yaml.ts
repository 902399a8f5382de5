import { stringify } from 'yaml';
import type { ReportList } from '../core/report-list.js';
import type { Report } from '../core/report.js';

export function renderYaml(report: Report | ReportList): string {
  // The JSON round trip drops undefined fields exactly as the JSON output does.
  return stringify(JSON.parse(JSON.stringify(report)), { lineWidth: 0 });
}
