/**
 * JUnit XML for CI test reports (GitLab, Jenkins, Azure DevOps): one test suite per plugin (and
 * one for findings about no plugin), one test case per check in it. A check fails with a finding
 * at or above --fail-on, and is skipped when its step did not look at that plugin: a report never
 * says "passed" for what it could not see. It only renders.
 */
import type { CheckMeta } from '../core/check.js';
import { samePlugin, severityRank, type Finding, type Severity, type Step } from '../core/finding.js';
import type { PluginRow, Report, VerdictPart } from '../core/report.js';
import { formatLocation } from './table.js';
import { terminalSafe } from './terminal-safe.js';

function xml(text: string): string {
  // XML 1.0 cannot carry most control characters at all, even escaped: they are written as visible
  // escapes (`\x1b`) like on a terminal, so the evidence stays faithful and the file valid.
  return terminalSafe(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

interface Suite {
  name: string;
  /** Steps that looked at this plugin (or, for the general suite, that ran at all). */
  ran: Set<Step>;
  /** Steps that looked but could not judge it from here (listed under Not checked). */
  unjudged?: Set<Step>;
  /** Why a step that did not look at it did not, where its row says (the HANDSHAKE cell of a plugin not launched). */
  notRunWhy?: Partial<Record<Step, string>>;
  findings: Finding[];
}

/** A handshake no check judged: not launched, or cut short by the run's end after the launch; its cell says why. */
function unjudgedHandshake(row: PluginRow): boolean {
  return row.handshake?.notLaunched === true || row.handshake?.interrupted === true;
}

function stepsRanFor(row: PluginRow, report: Report): Set<Step> {
  const ran = new Set<Step>(['config']);
  if (!row.usedByUnknown) ran.add('usage');
  if (report.controller) ran.add('cluster');
  if (row.download && !row.download.unjudged) ran.add('probe');
  if (row.binary) ran.add('binary');
  if (row.handshake && !unjudgedHandshake(row)) ran.add('handshake');
  return ran;
}

function testcase(check: CheckMeta, suite: Suite, failOn: Severity): string {
  const head = `    <testcase classname="${xml(suite.name)}" name="${xml(check.id)}" time="0">`;
  const found = suite.findings.filter((f) => f.id === check.id);
  const failing = found.filter((f) => severityRank(f.severity) >= severityRank(failOn));
  if (failing.length > 0) {
    const body = failing.map((f) => [f.title, ...(f.location ? [`at: ${formatLocation(f.location)}`] : []), ...f.evidence.map((e) => `evidence: ${e}`), `fix: ${f.fix}`].join('\n')).join('\n\n');
    return `${head}\n      <failure type="${xml(failing[0]!.severity)}" message="${xml(failing.map((f) => f.title).join('; '))}">${xml(body)}</failure>\n    </testcase>`;
  }
  if (found.length > 0) return `${head}\n      <system-out>${xml(found.map((f) => `${f.severity}: ${f.title}`).join('\n'))}</system-out>\n    </testcase>`;
  if (suite.unjudged?.has(check.step)) return `${head}\n      <skipped message="the ${check.step} step could not judge it from here (see Not checked)"/>\n    </testcase>`;
  if (!suite.ran.has(check.step)) return `${head}\n      <skipped message="${xml(suite.notRunWhy?.[check.step] ?? `the ${check.step} step did not run for it`)}"/>\n    </testcase>`;
  return `${head}</testcase>`;
}

/** Each verdict is a test case too, so a BROKEN verdict fails the test report as it fails the exit code. */
function verdictCase(name: string, part: VerdictPart): string {
  const head = `    <testcase classname="General" name="${name}" time="0">`;
  if (part.state === 'broken') return `${head}\n      <failure type="verdict" message="BROKEN">${xml(part.summary)}</failure>\n    </testcase>`;
  if (part.state === 'ok') return `${head}\n      <system-out>${xml(part.summary)}</system-out>\n    </testcase>`;
  return `${head}\n      <skipped message="${xml(part.summary)}"/>\n    </testcase>`;
}

/** The report as JUnit XML; `checks` are the registry's; `failOn` decides what is a failure. */
export function renderJunit(report: Report, checks: readonly CheckMeta[], failOn: Severity): string {
  const general: Suite = { name: 'General', ran: new Set<Step>(['config']), findings: report.findings.filter((f) => !f.plugin) };
  if (report.controller) general.ran.add('cluster');
  const suites: Suite[] = [
    general,
    ...report.plugins.map((row) => ({
      name: `${row.name} (${row.type})`,
      ran: stepsRanFor(row, report),
      ...(row.download?.unjudged && { unjudged: new Set<Step>(['probe']) }),
      ...(unjudgedHandshake(row) && { notRunWhy: { handshake: `handshake ${row.handshake!.summary}` } }),
      findings: report.findings.filter((f) => f.plugin !== undefined && samePlugin(f.plugin, row)),
    })),
  ];
  // A finding about a plugin that has no row (a Rollout naming an unconfigured plugin) gets a suite of its own.
  for (const f of report.findings) {
    const name = f.plugin && `${f.plugin.name} (${f.plugin.type})`;
    if (name && !suites.some((s) => s.name === name)) suites.push({ name, ran: new Set(general.ran), findings: report.findings.filter((g) => g.plugin?.name === f.plugin!.name && g.plugin.type === f.plugin!.type) });
  }
  const rendered = suites.map((suite) => {
    const cases = checks.map((check) => testcase(check, suite, failOn));
    if (suite === general) cases.unshift(verdictCase('verdict-now', report.verdict.now), verdictCase('verdict-on-restart', report.verdict.onRestart));
    const count = (tag: string) => cases.filter((c) => c.includes(`<${tag}`)).length;
    return [
      `  <testsuite name="${xml(suite.name)}" tests="${cases.length}" failures="${count('failure')}" errors="0" skipped="${count('skipped')}" time="0" timestamp="${report.metadata.generatedAt.replace(/\.\d+Z$/, '')}">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  const total = (attr: string) => rendered.reduce((sum, s) => sum + Number(new RegExp(`${attr}="(\\d+)"`).exec(s)?.[1] ?? 0), 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kubectl-rollouts-plugins ${xml(report.metadata.command)}" tests="${total('tests')}" failures="${total('failures')}" errors="0" skipped="${total('skipped')}" time="0">`,
    ...rendered,
    '</testsuites>',
    '',
  ].join('\n');
}
