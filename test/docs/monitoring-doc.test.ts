/** docs/monitoring.md stays true: every metric serve exports and every shipped alert is explained, every check id it names exists, every command parses. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findCheck } from '../../src/checks/registry.js';
import { usageErrorOf } from '../../src/cli/main.js';
import { REPORT_METRICS, SERVE_METRICS } from '../../src/render/prometheus.js';
import { REPO_ROOT } from '../support/go-build.js';

const doc = readFileSync(join(REPO_ROOT, 'docs/monitoring.md'), 'utf8');

describe('docs/monitoring.md', () => {
  it('has a row for every metric, and names none that does not exist', () => {
    const names = [...Object.values(REPORT_METRICS), ...Object.values(SERVE_METRICS)].map((m) => m.name as string);
    for (const name of names) expect(doc, name).toContain(`| \`${name}\` |`);
    const documented = [...doc.matchAll(/^\| `(rollouts_plugins_\w+)` \|/gm)].map((m) => m[1]!);
    expect(documented.sort()).toEqual([...names].sort());
  });

  it('has a runbook section for every alert, which its runbook_url points at', () => {
    const rules = parse(readFileSync(join(REPO_ROOT, 'deploy/alerts/rules.yaml'), 'utf8')).groups.flatMap((g: { rules: unknown[] }) => g.rules) as { alert: string; annotations: { runbook_url: string } }[];
    for (const rule of rules) {
      expect(doc, rule.alert).toContain(`\n### ${rule.alert}\n`);
      expect(rule.annotations.runbook_url).toMatch(new RegExp(`/docs/monitoring\\.md#${rule.alert.toLowerCase()}$`));
    }
  });

  it('names only check ids that exist, and prints only commands that parse', async () => {
    const ids = [...doc.matchAll(/`([a-z0-9]+(?:-[a-z0-9]+)+)`/g)].map((m) => m[1]!).filter((w) => /^(sha256|download|binary|controller)-/.test(w));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(findCheck(id), id).toBeDefined();
    const commands = [...doc.matchAll(/kubectl rollouts-plugins ([^`\n;|>]*)/g)].map((m) => m[1]!.trim().split(/\s+/).filter(Boolean));
    expect(commands.length).toBeGreaterThan(3);
    for (const argv of commands) expect(await usageErrorOf(argv), argv.join(' ')).toBeUndefined();
  });
});
