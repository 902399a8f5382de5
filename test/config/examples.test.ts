/** `lint -f` on each example in docs/examples gives exactly these findings and this verdict. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintOne } from '../support/lint.js';
import { EXAMPLES, EXPECTED } from './examples-expected.js';

describe('docs/examples', () => {
  it('every example has an expectation', () => {
    expect(readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).sort()).toEqual(Object.keys(EXPECTED).sort());
  });
  it.each(Object.entries(EXPECTED))('%s', async (name, expected) => {
    const result = await lintOne([join(EXAMPLES, name)]);
    expect([...new Set(result.findings.map((f) => f.id))].sort()).toEqual(expected.ids);
    expect(result.verdict.outcome).toBe(expected.starts ? 'accepted' : 'rejected');
  });
});
