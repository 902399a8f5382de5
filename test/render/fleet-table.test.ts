/** The fleet table on a terminal: names whole, columns aligned, the top problem wrapped under its column. */
import { describe, expect, it } from 'vitest';
import { REPORT_LIST_KIND, type ReportList } from '../../src/core/report-list.js';
import { finalizeReport, REPORT_API_VERSION, type Report } from '../../src/core/report.js';
import { renderFleetTable } from '../../src/render/fleet-table.js';

function report(context: string, broken: boolean): Report {
  return finalizeReport({
    metadata: { command: 'doctor', generatedAt: '2026-11-26T10:00:00.000Z', toolVersion: '0.1.0' },
    source: { kind: 'cluster', description: 'argo-rollouts/argo-rollouts-config' },
    controller: { context, server: 'https://10.0.0.1:6443', namespace: 'argo-rollouts', version: 'v1.8.3', pods: [] },
    verdict: {
      now: broken
        ? { state: 'broken', summary: 'Broken now.', reasons: [{ text: 'Controller pod argo-rollouts-7d9c-fghij of this very long named cluster is in CrashLoopBackOff after 7 restarts' }] }
        : { state: 'ok', summary: 'The controller is running.', reasons: [] },
      onRestart: { state: 'ok', summary: 'A restart would start.', reasons: [] },
      affectedResources: [],
    },
    notChecked: [],
    plugins: [],
    findings: [],
  });
}

const unreachable = { context: 'lab', error: { reason: 'unreachable', message: 'cannot reach the Kubernetes API server at https://10.9.9.9:6443: connection refused' } };
const fleet = (context: string): ReportList => ({
  apiVersion: REPORT_API_VERSION,
  kind: REPORT_LIST_KIND,
  metadata: { generatedAt: '2026-11-26T10:00:00.000Z', toolVersion: '0.1.0' },
  items: [{ context, server: 'https://10.0.0.1:6443', report: report(context, true) }, unreachable],
});
const PROBLEM = 'Controller pod argo-rollouts-7d9c-fghij of this very long named cluster is in CrashLoopBackOff after 7 restarts';
const joined = (lines: string[]) => lines.join(' ').replace(/\s+/g, ' ').trim();

describe('renderFleetTable', () => {
  it('on an 80-column terminal: columns aligned, the top problem wrapped under its column, within 80', () => {
    const lines = renderFleetTable(fleet('prod-eu'), { color: false, wide: false, width: 80 }).split('\n');
    const column = lines[0]!.indexOf('TOP PROBLEM');
    expect(lines[0]).toMatch(/^CONTEXT +VERSION +NOW +ON RESTART +ERR +WARN +TOP PROBLEM$/);
    expect(lines[1]!.slice(0, column)).toMatch(/^prod-eu +v1\.8\.3 +BROKEN +OK +0 +0 +$/);
    const lab = lines.findIndex((l) => l.startsWith('lab '));
    const continuation = lines.slice(2, lab);
    expect(continuation.length).toBeGreaterThan(0);
    for (const line of continuation) expect(line.slice(0, column).trim()).toBe('');
    expect(joined([lines[1]!.slice(column), ...continuation])).toBe(PROBLEM);
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
  });

  it('a context name too long to leave the top problem room: the name whole, the problem on its own lines', () => {
    const context = 'eu-west-1-production-main';
    const lines = renderFleetTable(fleet(context), { color: false, wide: false, width: 80 }).split('\n');
    expect(lines[1]).toMatch(/^eu-west-1-production-main +v1\.8\.3 +BROKEN +OK +0 +0$/);
    const lab = lines.findIndex((l) => l.startsWith('lab '));
    expect(lines.slice(2, lab).every((l) => l.startsWith('    '))).toBe(true);
    expect(joined(lines.slice(2, lab))).toBe(PROBLEM);
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
  });

  it('in a pipe (no width): one line per cluster, nothing wrapped', () => {
    const lines = renderFleetTable(fleet('prod-eu'), { color: false, wide: false }).split('\n');
    expect(lines[1]).toMatch(/ Controller pod .* after 7 restarts$/);
    expect(lines[2]).toMatch(/^lab +- +FAILED +FAILED +- +- +cannot reach the Kubernetes API server at https:\/\/10\.9\.9\.9:6443: connection refused$/);
  });

  it("a run cut short before anything was read: the cell says what happened, not every read it skipped; the cluster's report below says those", () => {
    const skipped = ['the search for the controller', 'the controller Deployment', 'the controller pods', 'the argo-rollouts-config ConfigMap', 'Rollouts', 'AnalysisTemplates'];
    const title = `4 API requests failed (timeout), 2 not attempted: skipped ${skipped.join('; ')}`;
    const cut = finalizeReport({
      ...report('prod-eu', false),
      nothingRead: true,
      verdict: {
        now: { state: 'unknown', summary: 'Cannot tell.', reasons: [] },
        onRestart: { state: 'unknown', summary: 'Cannot tell.', reasons: [] },
        affectedResources: [],
      },
      findings: [{ id: 'api-unavailable', severity: 'warning', step: 'cluster', title, evidence: ['could not list pods: timeout'], fix: 'Run again with a longer `--cluster-timeout`.' }],
    });
    const text = renderFleetTable({ ...fleet('prod-eu'), items: [{ context: 'prod-eu', server: 'https://10.0.0.1:6443', report: cut }] }, { color: false, wide: false });
    const [, row] = text.split('\n');
    expect(row).toMatch(/^prod-eu +v1\.8\.3 +UNKNOWN +UNKNOWN +0 +1 +4 API requests failed \(timeout\), 2 not attempted$/);
    expect(text).toContain(title);
  });

  it('what a cluster says is escaped once, in the summary and in its report: visible, never obeyed', () => {
    const hostile = '\x1b]0;pwned\x07v1.8.3\u202e';
    const list = fleet('prod-eu');
    list.items[0]!.report!.controller!.version = hostile;
    const text = renderFleetTable(list, { color: false, wide: false });
    expect(text).not.toMatch(/[\x1b\x07\u202e]/);
    // in the summary line and in the report's own header, each escaped once (not \\x1b)
    expect(text.split('\\x1b]0;pwned\\x07v1.8.3\\u202e').length - 1).toBe(2);
    expect(text).not.toContain('\\\\x1b');
  });
});
