import type { ReportList } from '../core/report-list.js';
import type { Report } from '../core/report.js';

export function renderJson(report: Report | ReportList): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
