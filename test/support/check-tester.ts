/**
 * One tester for the checks of every step, in the spirit of ESLint's RuleTester: for each check,
 * valid inputs produce none of its findings; invalid ones produce exactly the findings listed, each
 * with its declared variant and severity, its plugin, evidence and a fix.
 */
import { describe, expect, it } from 'vitest';
import { findCheck } from '../../src/checks/registry.js';
import { variantKey, variantOf, type Check } from '../../src/core/check.js';
import type { Finding } from '../../src/core/finding.js';
import { controllerFeatures, parseControllerVersion, type ControllerFeatures } from '../../src/config/version.js';

/** The features of the controller release written as `raw` (`v1.7.2`, an image; unreadable: the newest), for facts built at a release. */
export function featuresAt(raw: string): ControllerFeatures {
  return controllerFeatures(parseControllerVersion(raw));
}

export interface ExpectedFinding {
  /** The declared variant; absent: the check's default one. */
  variant?: string;
  /** `<namespace>/<name>` of the plugin the finding names, when it matters. */
  plugin?: string;
  title?: string | RegExp;
  /** Text that must appear in the title or the evidence. */
  says?: string;
  /** Each must be a line of the evidence, part of one, or a pattern one matches. */
  evidence?: string[];
  /** Each must be part of the fix. */
  fix?: (string | RegExp)[];
  notInFix?: string[];
}

export type Cases<C extends { name: string }, I extends C = C> = Record<string, { valid: C[]; invalid: I[] }>;

/**
 * Runs the cases of every check of a step; each check of the step must have cases. `expected`
 * reads the findings an invalid case must produce (default: its `findings`).
 */
export function testChecks<F, C extends { name: string }, I extends C>(
  step: string,
  checks: readonly Check<F>[],
  cases: Cases<C, I>,
  findingsOf: (c: C) => Finding[] | Promise<Finding[]>,
  expected: (c: I) => ExpectedFinding[] = (c) => (c as unknown as { findings: ExpectedFinding[] }).findings,
): void {
  describe(`${step} checks`, () => {
    it('every check of the step has valid and invalid cases', () => {
      expect(Object.keys(cases).sort()).toEqual(checks.map((c) => c.meta.id).sort());
      for (const [id, { invalid }] of Object.entries(cases)) expect(invalid.length, id).toBeGreaterThan(0);
    });
    for (const check of checks) {
      const table = cases[check.meta.id];
      if (!table) continue;
      describe(check.meta.id, () => {
        if (table.valid.length > 0) {
          it.each(table.valid)('valid: $name', async (c) => {
            expect((await findingsOf(c)).filter((f) => f.id === check.meta.id).map((f) => f.title)).toEqual([]);
          });
        }
        it.each(table.invalid)('invalid: $name', async (c) => {
          const found = (await findingsOf(c)).filter((f) => f.id === check.meta.id);
          const wanted = expected(c);
          expect(found.map((f) => variantKey(f.id, f.variant)), 'the findings reported').toEqual(wanted.map((w) => variantKey(check.meta.id, w.variant)));
          wanted.forEach((want, i) => expectFinding(check, found[i]!, want));
        });
      });
    }
  });
}

function expectFinding<F>(check: Check<F>, got: Finding, want: ExpectedFinding): void {
  const declared = variantOf(check.meta, want.variant);
  expect(declared, `variant ${want.variant} is declared`).toBeDefined();
  expect(got.severity).toBe(declared!.severity);
  expect(got.step).toBe(check.meta.step);
  if (want.plugin) expect(got.plugin?.name).toBe(want.plugin);
  if (typeof want.title === 'string') expect(got.title).toBe(want.title);
  else if (want.title) expect(got.title).toMatch(want.title);
  if (want.says) expect(`${got.title}\n${got.evidence.join('\n')}`).toContain(want.says);
  for (const e of want.evidence ?? []) expect(got.evidence.some((line) => line === e || line.includes(e) || new RegExp(e).test(line)), `evidence ${e}`).toBe(true);
  for (const f of want.fix ?? []) {
    if (typeof f === 'string') expect(got.fix).toContain(f);
    else expect(got.fix).toMatch(f);
  }
  for (const f of want.notInFix ?? []) expect(got.fix).not.toContain(f);
  expect(got.evidence.length).toBeGreaterThan(0);
  expect(got.fix.length).toBeGreaterThan(0);
}

/**
 * For tests organised by input rather than by check (real servers, real binaries): the findings
 * are exactly these `id` or `id/variant`, in any order, each with the severity its check declares.
 */
export function expectFindings(found: readonly Finding[], expected: readonly string[], plugin?: string): void {
  expect(found.map((f) => variantKey(f.id, f.variant)).sort()).toEqual([...expected].sort());
  for (const f of found) {
    const check = findCheck(f.id);
    expect(check, `${f.id} is in the registry`).toBeDefined();
    expect(f.severity, variantKey(f.id, f.variant)).toBe(variantOf(check!, f.variant)?.severity);
    if (plugin) expect(f.plugin?.name).toBe(plugin);
    expect(f.evidence.length).toBeGreaterThan(0);
    expect(f.fix.length).toBeGreaterThan(0);
  }
}
