/** `lint -f` on inputs that hold one configuration: its one result, through the real entry (lintInputs). */
import { expect } from 'vitest';
import { lintInputs, type LintOptions, type LintResult } from '../../src/config/lint.js';

export async function lintOne(paths: readonly string[], opts: LintOptions = {}): Promise<LintResult> {
  const results = await lintInputs(paths, opts);
  expect(results).toHaveLength(1);
  return results[0]!;
}
