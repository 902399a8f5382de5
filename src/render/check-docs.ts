/**
 * Check documentation as markdown-flavoured text: `checks [ID]` prints it and docs/checks.md is
 * generated from it (scripts/gen-docs.mjs), so the two cannot disagree.
 */
import type { CheckMeta } from '../core/check.js';
import { STEPS } from '../core/finding.js';

export function renderCheckDoc(check: CheckMeta): string {
  const lines = [
    `## ${check.id}`,
    '',
    `Severity: ${check.severity} · Step: ${check.step}`,
    '',
    `**${check.title}.**`,
    '',
    check.description,
    '',
    '**How to fix.**',
    '',
    check.fix,
  ];
  if (check.example) lines.push('', '**Example.**', '', '```', check.example.trimEnd(), '```');
  return `${lines.join('\n')}\n`;
}

export function renderCheckList(checks: readonly CheckMeta[]): string {
  const width = Math.max(...checks.map((c) => c.id.length));
  const lines: string[] = [];
  for (const step of STEPS) {
    const inStep = checks.filter((c) => c.step === step);
    if (inStep.length === 0) continue;
    lines.push(`${step}:`);
    for (const c of inStep) lines.push(`  ${c.id.padEnd(width)}  ${c.severity.padEnd(7)}  ${c.title}`);
  }
  lines.push('', "Explain one with 'kubectl rollouts-plugins checks ID'.");
  return `${lines.join('\n')}\n`;
}

/** The whole of docs/checks.md. */
export function renderChecksMarkdown(checks: readonly CheckMeta[]): string {
  const header = [
    '# Checks',
    '',
    '<!-- Generated from src/checks/registry.ts by `npm run docs`. Do not edit by hand. -->',
    '',
    'Every finding the tool reports has one of these ids. `kubectl rollouts-plugins checks ID` prints the same text.',
    '',
    '| id | severity | step | what it says |',
    '| --- | --- | --- | --- |',
    ...checks.map((c) => `| [${c.id}](#${c.id}) | ${c.severity} | ${c.step} | ${c.title} |`),
    '',
  ];
  return `${header.join('\n')}\n${checks.map(renderCheckDoc).join('\n')}`;
}
