/**
 * GitHub Actions workflow commands: one annotation per finding (`::error file=…,line=…::…`), shown
 * on the pull request's changed lines and in the run's summary, then the verdict as a notice. It
 * only renders.
 */
import type { Finding, Severity } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { formatLocation } from './table.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** The escaping of @actions/core: data loses %, CR and LF; property values also : and ,. */
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
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

export function renderGithub(report: Report): string {
  const verdict = report.verdict.restartSafe === 'no' ? 'error' : report.verdict.restartSafe === 'unknown' ? 'warning' : 'notice';
  const label = report.verdict.restartSafe === 'no' ? 'BROKEN' : report.verdict.restartSafe === 'unknown' ? 'UNKNOWN' : 'OK';
  return [...report.findings.map(annotation), `::${verdict} title=${escapeProperty(`Verdict ${label}`)}::${escapeData(report.verdict.summary)}`, ''].join('\n');
}
