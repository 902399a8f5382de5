/**
 * GitHub Actions workflow commands: one annotation per finding (`::error file=…,line=…::…`), shown
 * on the pull request's changed lines and in the run's summary, then the verdicts. It
 * only renders.
 */
import type { Finding, Severity } from '../core/finding.js';
import type { Report, VerdictState } from '../core/report.js';
import { formatLocation, STATE_LABEL } from './table.js';
import { terminalSafe } from './terminal-safe.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * The escaping of @actions/core (data loses %, CR and LF; property values also : and ,), after the
 * terminal sanitiser, which has already made CR visible text: what a log viewer would obey.
 */
const escapeData = (text: string) => terminalSafe(text).replace(/%/g, '%25').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

function annotation(f: Finding): string {
  const at = f.location;
  const properties = [
    ['title', `${f.id}${f.plugin ? ` (${f.plugin.name})` : ''}`],
    ...(at?.file !== undefined && at.file !== 'stdin' ? [['file', at.file]] : []),
    ...(at?.file !== undefined && at.line !== undefined ? [['line', String(at.line)]] : []),
    ...(at?.file !== undefined && at.column !== undefined ? [['col', String(at.column)]] : []),
  ];
  const message = [
    f.title,
    ...(at && (at.file === undefined || at.line === undefined) ? [`at: ${formatLocation(at)}`] : []),
    ...f.evidence.map((e) => `evidence: ${e}`),
    `fix: ${f.fix}`,
  ].join('\n');
  return `::${COMMAND[f.severity]} ${properties.map(([k, v]) => `${k}=${escapeProperty(v!)}`).join(',')}::${escapeData(message)}`;
}

const VERDICT_COMMAND: Record<VerdictState, string> = { broken: 'error', unknown: 'warning', ok: 'notice', 'not-checked': 'notice' };

/** The verdicts the command answers (lint answers only "on restart"), each as one annotation. */
function verdicts(report: Report): string[] {
  return ([['Now', report.verdict.now], ['On restart', report.verdict.onRestart]] as const)
    .filter(([, part]) => part.state !== 'not-checked')
    .map(([name, part]) => `::${VERDICT_COMMAND[part.state]} title=${escapeProperty(`${name}: ${STATE_LABEL[part.state]}`)}::${escapeData(part.summary)}`);
}

export function renderGithub(report: Report): string {
  return [...report.findings.map(annotation), ...verdicts(report), ''].join('\n');
}
