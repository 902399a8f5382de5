/** The ignore file: reasons, expiry, severity overrides, schema errors, end to end through `lint`. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IGNORABLE_KEYS } from '../../src/checks/registry.js';
import { UsageError } from '../../src/core/errors.js';
import type { Report } from '../../src/core/report.js';
import { parseIgnoreFile } from '../../src/pipeline/ignore-file.js';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ignore-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** Two unpinned plugins: two sha256-missing warnings, and a plugin nothing uses. */
const CONFIG = write(
  'cm.yaml',
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  trafficRouterPlugins: |\n    - name: acme/router\n      location: https://example.com/router\n    - name: acme/other\n      location: https://example.com/other\n`,
);

async function lint(configFile: string, extra: string[] = [], cwd?: string): Promise<{ code: number | null; report: Report; stderr: string }> {
  const args = ['lint', '-f', CONFIG, '-o', 'json', '--fail-on', 'warning', ...(configFile ? ['--config', configFile] : []), ...extra];
  const { code, stdout, stderr } = await runCli(args, cwd ? { cwd } : {});
  return { code, report: stdout ? (JSON.parse(stdout) as Report) : (undefined as never), stderr };
}
const ids = (r: Report) => r.findings.map((f) => `${f.id}${f.plugin ? `@${f.plugin.name}` : ''}`).sort();

describe('the ignore file through lint', () => {
  it('without one, both sha256-missing warnings fail a --fail-on warning run', async () => {
    const { code, report } = await lint('');
    expect(ids(report)).toEqual(['sha256-missing@acme/other', 'sha256-missing@acme/router']);
    expect(code).toBe(1);
  });

  it('an ignore for one plugin drops its finding only', async () => {
    const file = write('one.yaml', 'ignore:\n  - id: sha256-missing\n    plugin: acme/router\n    reason: the mirror pins it\n    expires: 2999-12-31\n');
    const { code, report } = await lint(file);
    expect(ids(report)).toEqual(['sha256-missing@acme/other']);
    expect(code).toBe(1);
  });

  it('an ignored finding that stops the controller leaves the list but not the verdict', async () => {
    const broken = write('broken.yaml', `kind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  metricProviderPlugins: |\n    - name: acme/metrics\n      location: https://example.com/m\n      sha256: 08f588b1c799a37bbe8d0fc74cc1b1492dd70b2c\n`);
    const file = write('accept-fatal.yaml', 'ignore:\n  - id: sha256-wrong-length\n    reason: testing what an ignore can hide\n');
    const { code, stdout } = await runCli(['lint', '-f', broken, '-o', 'json', '--config', file]);
    const report = JSON.parse(stdout) as Report;
    expect(report.findings.map((f) => f.id)).not.toContain('sha256-wrong-length');
    expect(report.verdict.onRestart.state).toBe('broken');
    expect(code).toBe(1);
  });

  it('an ignore without a plugin drops the finding for all of them, and the run passes', async () => {
    const file = write('all.yaml', 'apiVersion: rollouts-plugins.kubectl.dev/v1alpha1\nkind: RolloutsPluginsConfig\nignore:\n  - id: sha256-missing\n    reason: internal mirror, pinned upstream\n');
    const { code, report } = await lint(file);
    expect(ids(report)).toEqual([]);
    expect(code).toBe(0);
  });

  it('an expired ignore is itself a finding, at its line, and its findings are back', async () => {
    const file = write('expired.yaml', 'ignore:\n  - id: sha256-missing\n    plugin: acme/router\n    reason: until the release is signed\n    expires: 2000-01-31\n');
    const { code, report } = await lint(file);
    expect(ids(report)).toEqual(['ignore-expired', 'sha256-missing@acme/other', 'sha256-missing@acme/router']);
    const expired = report.findings.find((f) => f.id === 'ignore-expired')!;
    expect(expired.title).toBe('The ignore of sha256-missing for acme/router expired on 2000-01-31: its findings are reported again');
    expect(expired.evidence).toEqual([`${file}:2: reason: until the release is signed`]);
    expect(expired.location).toEqual({ file, line: 2, column: 1 });
    expect(code).toBe(1);
  });

  it('an ignore whose plugin: is configured nowhere (a typo) is a warning with the closest name, and ignores nothing', async () => {
    const file = write('typo.yaml', 'ignore:\n  - id: sha256-missing\n    reason: the mirror pins it\n    plugin: acme/ruoter\n');
    const { code, report } = await lint(file);
    expect(ids(report)).toEqual(['ignore-unknown-plugin', 'sha256-missing@acme/other', 'sha256-missing@acme/router']);
    const typo = report.findings.find((f) => f.id === 'ignore-unknown-plugin')!;
    expect(typo.severity).toBe('warning');
    expect(typo.title).toBe('The ignore of sha256-missing names plugin "acme/ruoter", which no configuration of this run has: did you mean "acme/router"?');
    expect(typo.evidence).toEqual(['configured: acme/router, acme/other']);
    expect(typo.location).toEqual({ file, line: 4, column: 1 });
    expect(code).toBe(1);
    // probe URL judges no configuration: an ignore for a configured plugin is not said to be a typo there.
    const probe = await runCli(['probe', 'file:///nonexistent/plugin', '-o', 'json', '--config', file]);
    expect((JSON.parse(probe.stdout) as Report).findings.map((f) => f.id)).not.toContain('ignore-unknown-plugin');
  });

  it('a severity override applies before --fail-on', async () => {
    const file = write('severity.yaml', 'severity:\n  sha256-missing: info\n');
    const { code, report } = await lint(file);
    expect(report.findings.map((f) => f.severity)).toEqual(['info', 'info']);
    expect(code).toBe(0);
  });

  it('.rollouts-plugins.yaml in the current directory is read without --config', async () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    writeFileSync(join(cwd, '.rollouts-plugins.yaml'), 'ignore:\n  - id: sha256-missing\n    reason: accepted\n');
    const { code, report } = await lint('', [], cwd);
    expect(ids(report)).toEqual([]);
    expect(code).toBe(0);
  });

  it('--config naming a missing file is a usage error', async () => {
    const { code, stderr } = await lint(join(dir, 'nope.yaml'));
    expect(code).toBe(2);
    expect(stderr).toContain('nope.yaml: no such file');
  });

  it('--config /dev/zero ends at the size cap, a usage error, not memory without end', async () => {
    const { code, stderr } = await lint('/dev/zero');
    expect(code).toBe(2);
    expect(stderr).toContain('/dev/zero is larger than 1 MiB: not an ignore file');
  });
});

describe('the schema of the ignore file: usage errors naming file and line', () => {
  const parse = (text: string) => () => parseIgnoreFile(text, 'rp.yaml', IGNORABLE_KEYS);
  it.each([
    ['an unknown check id, with the closest', 'ignore:\n  - id: sha256-mising\n    reason: x\n', 'rp.yaml:2: unknown check id "sha256-mising"; did you mean "sha256-missing"?'],
    ['a missing reason', 'ignore:\n  - id: sha256-missing\n', 'rp.yaml:2: the ignore of sha256-missing needs a reason'],
    ['a bad date, at the line of expires', 'ignore:\n  - id: sha256-missing\n    reason: x\n    expires: next week\n', 'rp.yaml:4: expires must be a date YYYY-MM-DD, not "next week"'],
    ['a day February does not have (not rolled over to March)', 'ignore:\n  - id: sha256-missing\n    reason: x\n    expires: 2027-02-30\n', 'rp.yaml:4: expires must be a date YYYY-MM-DD, not "2027-02-30"'],
    ['February 29 of a common year', 'ignore:\n  - id: sha256-missing\n    reason: x\n    expires: 2026-02-29\n', 'rp.yaml:4: expires must be a date YYYY-MM-DD, not "2026-02-29"'],
    ['a 32nd day', 'ignore:\n  - id: sha256-missing\n    reason: x\n    expires: 2026-12-32\n', 'rp.yaml:4: expires must be a date YYYY-MM-DD, not "2026-12-32"'],
    ['an unknown check id after other keys, at the line of id', 'ignore:\n  - reason: x\n    id: sha256-mising\n', 'rp.yaml:3: unknown check id "sha256-mising"'],
    ['an unknown key', 'ignores:\n  - id: sha256-missing\n', 'rp.yaml:1: unknown key "ignores"; did you mean "ignore"?'],
    ['an unknown key in an ignore', 'ignore:\n  - id: sha256-missing\n    reason: x\n    plugins: a/b\n', 'rp.yaml:4: unknown key "plugins" in an ignore; did you mean "plugin"?'],
    ['a bad severity', 'severity:\n  sha256-missing: fatal\n', 'rp.yaml:2: severity of sha256-missing must be error, warning or info, not "fatal"'],
    ['another kind', 'kind: Config\n', 'kind must be RolloutsPluginsConfig'],
  ])('%s', (_name, text, message) => {
    expect(parse(text)).toThrow(UsageError);
    expect(parse(text)).toThrow(message);
  });

  it('accepts a declared id/variant, rejects an undeclared one, and keeps the expiry as written', () => {
    const file = parse('ignore:\n  - id: plugin-registered-name-mismatch/unused\n    reason: x\n    expires: 2027-01-31\n')();
    expect(file.ignores).toEqual([{ id: 'plugin-registered-name-mismatch/unused', reason: 'x', expires: '2027-01-31', line: 2 }]);
    expect(parse('ignore:\n  - id: sha256-missing\n    reason: x\n    expires: 2028-02-29\n')().ignores[0]!.expires).toBe('2028-02-29');
    expect(parse('ignore:\n  - id: sha256-missing/any\n    reason: x\n')).toThrow('unknown check id "sha256-missing/any"');
  });
});
