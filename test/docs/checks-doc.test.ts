import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/checks/registry.js';
import { renderCheckDoc, renderChecksMarkdown } from '../../src/render/check-docs.js';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/go-build.js';

describe('check documentation', () => {
  it('docs/checks.md is what the registry generates (run `npm run docs` after changing a check)', () => {
    const committed = readFileSync(join(REPO_ROOT, 'docs/checks.md'), 'utf8');
    expect(committed).toBe(renderChecksMarkdown(ALL_CHECKS));
  });

  it('every check has a unique kebab-case id, a title, a description and a fix', () => {
    const ids = ALL_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const check of ALL_CHECKS) {
      expect(check.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(check.title.length, check.id).toBeGreaterThan(5);
      expect(check.description.length, check.id).toBeGreaterThan(20);
      expect(check.fix.length, check.id).toBeGreaterThan(10);
    }
  });

  it('`checks ID` prints the same text as docs/checks.md for every check', async () => {
    const committed = readFileSync(join(REPO_ROOT, 'docs/checks.md'), 'utf8');
    for (const check of ALL_CHECKS.slice(0, 5)) {
      const { code, stdout } = await runCli(['checks', check.id]);
      expect(code).toBe(0);
      expect(stdout).toBe(renderCheckDoc(check));
      expect(committed).toContain(stdout);
    }
  });

  it('`checks` lists every id', async () => {
    const { code, stdout } = await runCli(['checks']);
    expect(code).toBe(0);
    for (const check of ALL_CHECKS) expect(stdout).toContain(check.id);
  });
});
