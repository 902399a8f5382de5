import type { ReportList } from '../core/report-list.js';
import type { Report } from '../core/report.js';
import { terminalSafeJson } from './terminal-safe.js';

export function renderJson(report: Report | ReportList): string {
  return `${terminalSafeJson(JSON.stringify(report, null, 2))}\n`;
}
