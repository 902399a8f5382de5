/**
 * Registry-wide rules: what checks declare is what they report, what they mean decides the
 * verdicts, and every command they print runs.
 */
import { describe, expect, it } from 'vitest';
import { checks as configChecks } from '../../src/checks/config/index.js';
import { ALL_CHECKS, declarationOf } from '../../src/checks/registry.js';
import { lintConfigMapData } from '../../src/config/lint.js';
import { runChecks, variantKey, variantsOf, type Check, type Effect } from '../../src/core/check.js';
import type { ConfigFacts } from '../../src/config/types.js';
import { usageErrorOf } from '../../src/cli/main.js';
import { generated, HANDWRITTEN, mutated } from '../config/corpus.js';

/** Effects that make a verdict broken or unknown: only errors may carry them, so the exit code agrees with the verdict line. */
const VERDICT_EFFECTS: Effect[] = ['fatal-at-startup', 'fatal-from-pod-spec', 'fatal-while-logged', 'broken-now', 'breaks-users'];

/** Every `kubectl rollouts-plugins …` command in a text, up to the end of its code span or sentence. */
export function printedCommands(text: string): string[] {
  return [...text.matchAll(/kubectl rollouts-plugins((?: [^\s`'"(),;]+)*)/g)].map((m) => m[1]!.trim()).filter((c) => !c.includes('${'));
}

describe('the check registry', () => {
  it('declares effects that break a verdict on errors only', () => {
    for (const check of ALL_CHECKS) {
      for (const [name, v] of variantsOf(check)) {
        if (v.effect && VERDICT_EFFECTS.includes(v.effect)) expect(v.severity, variantKey(check.id, name)).toBe('error');
      }
    }
  });

  it('names existing checks as the causes of its symptoms', () => {
    const ids = new Set(ALL_CHECKS.map((c) => c.id));
    for (const check of ALL_CHECKS) {
      for (const [, v] of variantsOf(check)) for (const id of v.symptomOf?.ids ?? []) expect(ids, `${check.id} names ${id}`).toContain(id.split('/')[0]);
    }
  });

  it('every kubectl rollouts-plugins command in a description, fix or example parses with the real command tree', async () => {
    const commands = ALL_CHECKS.flatMap((c) => printedCommands(`${c.description}\n${c.fix}\n${c.example ?? ''}`));
    expect(commands.length).toBeGreaterThan(3);
    for (const command of commands) expect(await usageErrorOf(command.split(' ').filter(Boolean)), command).toBeUndefined();
  });

  it('rejects a command that would exit 2 (so the test above can fail)', async () => {
    expect(await usageErrorOf(['lint', '-n', 'argo-rollouts'])).toMatch(/lint needs at least one -f/);
  });

  it('turns a report of an undeclared variant into internal-check-error, never a made-up severity', () => {
    const rogue: Check<ConfigFacts> = {
      meta: { id: 'rogue', severity: 'info', step: 'config', title: 'Rogue check', description: 'reports what it does not declare', fix: 'none' },
      run: (_facts, report) => report({ variant: 'loud', title: 'x', evidence: [], fix: '' }),
    };
    const [finding] = runChecks([rogue], lintConfigMapData({}, []).config);
    expect(finding).toMatchObject({ id: 'internal-check-error', evidence: ['reported the undeclared variant "loud"'] });
  });
});

describe('config findings and the controller’s start-up verdict agree', () => {
  // The parser simulates the controller's start-up; the checks' declared effects must say the same.
  const cases = [...HANDWRITTEN, ...generated(300), ...mutated(150)];
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const result = lintConfigMapData(c.data, [], c.version === 'latest' ? {} : { controllerVersion: `${c.version}.0` });
    const fatal = runChecks(configChecks, result.config).filter((f) => declarationOf(f)?.effect === 'fatal-at-startup');
    expect(fatal.length > 0, `${result.config.verdict.fatal?.message ?? 'accepted'}; fatal findings: ${fatal.map((f) => f.id).join(', ')}`).toBe(result.config.verdict.outcome === 'rejected');
  });
});
