/**
 * Every check the tool has, in one table: docs/checks.md and `checks [ID]` are generated from it,
 * so they cannot drift. Each step's checks live in src/checks/<step>/, one module per check.
 */
import { INTERNAL_CHECK_ERROR, variantKey, variantOf, type CheckMeta, type VariantMeta } from '../core/check.js';
import { checks as binaryChecks } from './binary/index.js';
import { checks as clusterChecks } from './cluster/index.js';
import { checks as configChecks } from './config/index.js';
import { ignoreExpired } from './framework/ignore-expired.js';
import { ignoreUnknownPlugin } from './framework/ignore-unknown-plugin.js';
import { checks as handshakeChecks } from './handshake/index.js';
import { checks as probeChecks } from './probe/index.js';
import { checks as usageChecks } from './usage/index.js';

/** Findings produced by the framework itself rather than by a check module. */
const FRAMEWORK_CHECKS: CheckMeta[] = [
  {
    id: INTERNAL_CHECK_ERROR,
    severity: 'warning',
    step: 'config',
    title: 'A check could not run',
    description:
      'A check threw an unexpected error. The other checks still ran and their findings are in the report; this one says which check is missing from it.',
    fix: 'Run again with `-v` and report the output as a bug.',
  },
];

export const ALL_CHECKS: readonly CheckMeta[] = [
  ...FRAMEWORK_CHECKS,
  ignoreExpired.meta,
  ignoreUnknownPlugin.meta,
  ...configChecks.map((c) => c.meta),
  ...usageChecks.map((c) => c.meta),
  ...clusterChecks.map((c) => c.meta),
  ...probeChecks.map((c) => c.meta),
  ...binaryChecks.map((c) => c.meta),
  ...handshakeChecks.map((c) => c.meta),
];

/** What --ignore and the ignore file accept: every check id, and `id/variant` for each declared variant. */
export const IGNORABLE_KEYS: readonly string[] = ALL_CHECKS.flatMap((c) => [c.id, ...Object.keys(c.variants ?? {}).map((v) => variantKey(c.id, v))]);

export function findCheck(id: string): CheckMeta | undefined {
  return ALL_CHECKS.find((c) => c.id === id);
}

/** The declaration a finding (or a folded symptom) was reported under. */
export function declarationOf(finding: { id: string; variant?: string }): VariantMeta | undefined {
  const check = findCheck(finding.id);
  return check && variantOf(check, finding.variant);
}
