/**
 * A fleet run for people: one summary line per cluster (context, controller version, the two
 * verdicts, errors, warnings, the top problem), then each cluster's report under its context. By
 * the policy of docs/output.md: names are never cut; on a terminal the prose (top problem, why a
 * cluster was not checked) wraps at its width, in a pipe nothing wraps. It only renders.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { ClusterResult, ReportList } from '../core/report-list.js';
import type { VerdictState } from '../core/report.js';
import { renderSanitisedTable, STATE_LABEL, wrap, type TableOptions } from './table.js';
import { terminalSafeDeep } from './terminal-safe.js';

const HEAD = ['CONTEXT', 'VERSION', 'NOW', 'ON RESTART', 'ERR', 'WARN', 'TOP PROBLEM'] as const;

export function renderFleetTable(untrusted: ReportList, options: TableOptions): string {
  // Versions, titles and error messages come from the clusters: escape what a terminal would obey.
  const list = terminalSafeDeep(untrusted);
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = options.width ?? Infinity;
  const out = [...summary(list.items, c, width)];
  for (const item of list.items) {
    out.push('', c.bold(`=== ${item.context}${item.server ? ` (${item.server})` : ''} ===`));
    if (item.report) out.push(renderSanitisedTable(item.report, options).trimEnd());
    else out.push(c.red.bold('NOT CHECKED'), ...prose(item.error?.message ?? '', width - 2).map((line) => `  ${line}`));
  }
  return `${out.join('\n')}\n`;
}

function summary(items: readonly ClusterResult[], c: ChalkInstance, width: number): string[] {
  const paint = (state: VerdictState) => (state === 'ok' ? c.green : state === 'broken' ? c.red : c.yellow);
  const rows = items.map((item) => {
    const report = item.report;
    const cells: [string, (text: string) => string][] = report
      ? [
          [item.context, String],
          [report.controller?.version ?? '-', String],
          [STATE_LABEL[report.verdict.now.state], paint(report.verdict.now.state)],
          [STATE_LABEL[report.verdict.onRestart.state], paint(report.verdict.onRestart.state)],
          [String(report.summary.errors), String],
          [String(report.summary.warnings), String],
        ]
      : [[item.context, String], ['-', String], ['FAILED', c.red], ['FAILED', c.red], ['-', String], ['-', String]];
    return { cells, problem: topProblem(item) };
  });
  // Columns as wide as their widest cell: a context name is never cut.
  const widths = HEAD.slice(0, -1).map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i]![0].length)) + 1);
  const indent = widths.reduce((a, b) => a + b, 0);
  const lines = [`${HEAD.map((h, i) => c.bold(i < widths.length ? h.padEnd(widths[i]!) : h)).join('')}`];
  // Long context names leave the top problem too little room on a terminal: it goes below, indented.
  const below = width - indent < MIN_PROBLEM_WIDTH;
  for (const row of rows) {
    const cells = row.cells.map(([text, style], i) => style(text) + ' '.repeat(widths[i]! - text.length)).join('');
    if (below) {
      lines.push(cells.trimEnd(), ...prose(row.problem, width - 4).map((line) => `    ${line}`));
      continue;
    }
    const [first, ...rest] = prose(row.problem, width - indent);
    lines.push(`${cells}${first ?? ''}`.trimEnd());
    for (const line of rest) lines.push(`${' '.repeat(indent)}${line}`);
  }
  return lines;
}

/** Fewer columns than this left for the top problem on a terminal, and it goes on its own lines. */
const MIN_PROBLEM_WIDTH = 24;

/** Prose wraps at the terminal's width; without a terminal it stays one line. */
function prose(text: string, width: number): string[] {
  return Number.isFinite(width) ? wrap(text, width) : [text];
}

/**
 * The main cause: why it could not be checked, or (nothing read) the finding that says why, in its
 * headline, else the first reason of a broken (then unknown) verdict, else the first finding.
 */
function topProblem(item: ClusterResult): string {
  if (!item.report) return item.error?.message ?? 'not checked';
  if (item.report.nothingRead && item.report.findings[0]) return headline(item.report.findings[0].title);
  const { now, onRestart } = item.report.verdict;
  const verdicts = [now, onRestart];
  const part = verdicts.find((p) => p.state === 'broken') ?? verdicts.find((p) => p.state === 'unknown');
  return part?.reasons[0]?.text ?? part?.summary ?? item.report.findings[0]?.title ?? '-';
}

/**
 * A title up to its first `: `: what happened (`8 API requests failed (timeout), 2 not attempted`), not
 * all it cost (every read skipped, which a run cut short lists at length): the cluster's report below says that.
 */
function headline(title: string): string {
  const end = title.indexOf(': ');
  return end > 0 ? title.slice(0, end) : title;
}
