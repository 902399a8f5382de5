/**
 * Check documentation as markdown-flavoured text: `checks [ID]` prints it and docs/checks.md is
 * generated from it (scripts/gen-docs.mjs), so the two cannot disagree.
 */
import { variantKey, variantsOf, type CheckMeta, type VariantMeta } from '../core/check.js';
import { STEPS } from '../core/finding.js';

/** What each declared effect means, in words, for the docs. */
const EFFECT_WORDS: Record<NonNullable<VariantMeta['effect']>, string> = {
  'fatal-at-startup': 'the controller exits at start-up (verdict on restart: broken)',
  'fatal-from-pod-spec': 'the controller exits at start-up because of its pod spec (verdict on restart: broken)',
  'fatal-while-logged': "the controller's own fatal line (verdict on restart: broken while the ConfigMap is unchanged since)",
  'restart-undecided': 'cannot be decided from here (verdict on restart: unknown)',
  'broken-now': 'failing now (verdict now: broken)',
  'breaks-users': 'fails when a Rollout uses the plugin (verdict now: broken when one does)',
  'not-seen': 'the tool could not see the controller (both verdicts: unknown)',
};

function variantLines(check: CheckMeta): string[] {
  const variants = variantsOf(check);
  if (variants.length === 1 && !check.symptomOf) return [];
  return [
    '',
    '| reported as | severity | meaning | what it says |',
    '| --- | --- | --- | --- |',
    ...variants.map(([name, v]) => {
      const meaning = [v.effect ? EFFECT_WORDS[v.effect] : 'advice', v.symptomOf ? `a symptom: folded into its cause (${[...(v.symptomOf.ids ?? []), ...(v.symptomOf.effects ?? [])].join(', ')})` : ''].filter(Boolean).join('; ');
      return `| \`${variantKey(check.id, name)}\` | ${v.severity} | ${meaning} | ${v.title} |`;
    }),
  ];
}

export function renderCheckDoc(check: CheckMeta): string {
  const lines = [
    `## ${check.id}`,
    '',
    `Severity: ${check.severity} · Step: ${check.step}${check.effect ? ` · Means: ${EFFECT_WORDS[check.effect]}` : ''}`,
    '',
    `**${check.title}.**`,
    '',
    check.description,
    ...variantLines(check),
    '',
    '**How to fix.**',
    '',
    check.fix,
  ];
  if (check.example) lines.push('', '**Example.**', '', '```', check.example.trimEnd(), '```');
  return `${lines.join('\n')}\n`;
}

export function renderCheckList(checks: readonly CheckMeta[]): string {
  const width = Math.max(...checks.flatMap((c) => variantsOf(c).map(([name]) => variantKey(c.id, name).length)));
  const lines: string[] = [];
  for (const step of STEPS) {
    const inStep = checks.filter((c) => c.step === step);
    if (inStep.length === 0) continue;
    lines.push(`${step}:`);
    for (const c of inStep) {
      for (const [name, v] of variantsOf(c)) lines.push(`  ${variantKey(c.id, name).padEnd(width)}  ${v.severity.padEnd(7)}  ${v.title}`);
    }
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
    'Every variant is listed with the severity it is reported with; `--ignore` takes an id or `id/variant`.',
    '',
    '| id | severity | step | what it says |',
    '| --- | --- | --- | --- |',
    ...checks.flatMap((c) => variantsOf(c).map(([name, v]) => `| [${variantKey(c.id, name)}](#${c.id}) | ${v.severity} | ${c.step} | ${v.title} |`)),
    '',
  ];
  return `${header.join('\n')}\n${checks.map(renderCheckDoc).join('\n')}`;
}
