/**
 * The report of a fleet run: one PluginReport per cluster, or why a cluster could not be checked at
 * all. Its JSON form is documented by docs/report-list.schema.json (items reuse the PluginReport
 * schema); the version moves with REPORT_API_VERSION.
 */
import type { Severity } from './finding.js';
import { EXIT, exitCodeFor, REPORT_API_VERSION, type Report } from './report.js';

export const REPORT_LIST_KIND = 'PluginReportList';

/** A cluster that could not be checked: no report, only the reason (exit 3 for that cluster). */
export interface ClusterFailure {
  /** `unreachable`, `no-answer` (reached, not answering), `timeout` (its own deadline), `bad-kubeconfig`, `credentials`... */
  reason: string;
  message: string;
}

export interface ClusterResult {
  context: string;
  server?: string;
  report?: Report;
  error?: ClusterFailure;
}

export interface ReportList {
  apiVersion: typeof REPORT_API_VERSION;
  kind: typeof REPORT_LIST_KIND;
  metadata: { generatedAt: string; toolVersion: string };
  items: ClusterResult[];
}

/** The worst exit code of all clusters: 3 (a cluster could not be checked) over 1 (problems) over 0. */
export function exitCodeForList(list: Pick<ReportList, 'items'>, failOn: Severity): number {
  return Math.max(EXIT.OK, ...list.items.map((item) => (item.report ? exitCodeFor(item.report, failOn) : EXIT.CANNOT_RUN)));
}
