/**
 * -o sarif, junit and github, each checked by its real consumer or its documented format: the SARIF
 * SDK's own validator (Sarif.Multitool, from npm), a JUnit XML parser (junit2json), and GitHub's
 * workflow-command syntax with the escaping of @actions/core.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseJunit } from 'junit2json';
import type { Log } from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/checks/registry.js';
import type { Report } from '../../src/core/report.js';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/go-build.js';
import { EXAMPLES } from '../config/examples-expected.js';

const dir = mkdtempSync(join(tmpdir(), 'machine-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every example, a directory of them: findings with and without lines, in streams and helm values. */
const INPUT = ['lint', '-f', EXAMPLES];

let report: Report;
beforeAll(async () => {
  const { stdout } = await runCli([...INPUT, '-o', 'json']);
  report = JSON.parse(stdout) as Report;
  expect(report.findings.length).toBeGreaterThan(10);
});

/** Sarif.Multitool validate: its findings about `path`, as a SARIF log of their own. */
function validate(path: string): Log {
  const multitool = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
  const out = `${path}.validation`;
  const run = spawnSync(multitool, ['validate', path, '-o', out], { timeout: 120_000, encoding: 'utf8' });
  expect(run.stdout).toContain('Analysis completed successfully');
  return JSON.parse(readFileSync(out, 'utf8')) as Log;
}

describe('-o sarif', () => {
  let sarif: Log;
  let path: string;
  beforeAll(async () => {
    const { code, stdout } = await runCli([...INPUT, '-o', 'sarif']);
    expect(code).toBe(1);
    path = join(dir, 'report.sarif');
    writeFileSync(path, stdout);
    sarif = JSON.parse(stdout) as Log;
  });

  it('passes the SARIF SDK validator (the official 2.1.0 schema and its rules) with no error or warning', () => {
    const validation = validate(path);
    const problems = (validation.runs[0]?.results ?? []).filter((r) => r.level === 'error' || r.level === 'warning');
    expect(problems.map((r) => `${r.ruleId}: ${r.message.text}`)).toEqual([]);
  });

  it('the validator does catch a broken log (so the test above can fail)', () => {
    const broken = join(dir, 'broken.sarif');
    writeFileSync(broken, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }));
    const validation = validate(broken);
    expect(validation.runs[0]?.results?.some((r) => r.level === 'error')).toBe(true);
  });

  it('every check is a rule with its docs; every finding is a result at its file and line', () => {
    const rules = sarif.runs[0]!.tool.driver.rules!;
    expect(rules.map((r) => r.id)).toEqual(ALL_CHECKS.map((c) => c.id));
    for (const r of rules) expect(r.helpUri).toMatch(new RegExp(`docs/checks\\.md#${r.id}$`));
    const results = sarif.runs[0]!.results!;
    expect(results).toHaveLength(report.findings.length);
    results.forEach((result, i) => {
      const finding = report.findings[i]!;
      expect(result.ruleId).toBe(finding.id);
      expect(rules[result.ruleIndex!]!.id).toBe(finding.id);
      expect(result.level).toBe({ error: 'error', warning: 'warning', info: 'note' }[finding.severity]);
      const physical = result.locations?.[0]?.physicalLocation;
      expect(decodeURIComponent(new URL(physical!.artifactLocation!.uri!).pathname)).toBe(finding.location!.file);
      expect(physical?.region?.startLine).toBe(finding.location!.line);
    });
  });
});

describe('-o junit', () => {
  it('parses with a JUnit XML consumer: a suite per plugin, a case per check, failures with evidence', async () => {
    const { code, stdout } = await runCli([...INPUT, '-o', 'junit']);
    expect(code).toBe(1);
    const parsed = (await parseJunit(stdout)) as { testsuite: { name: string; tests: number; failures: number; testcase: { name: string; classname: string; failure?: { inner: string; message: string }[]; skipped?: unknown[] }[] }[] };
    const suites = parsed.testsuite;
    expect(suites[0]!.name).toBe('General');
    for (const plugin of report.plugins) expect(suites.map((s) => s.name)).toContain(`${plugin.name} (${plugin.type})`);
    const failures = suites.flatMap((s) => s.testcase.filter((t) => t.failure).map((t) => ({ suite: s.name, id: t.name, text: t.failure![0]!.inner })));
    const errors = report.findings.filter((f) => f.severity === 'error');
    for (const f of errors) {
      const suite = f.plugin ? `${f.plugin.name} (${f.plugin.type})` : 'General';
      const failure = failures.find((x) => x.suite === suite && x.id === f.id);
      expect(failure, `${suite} ${f.id}`).toBeDefined();
      expect(failure!.text).toContain(f.evidence[0]!);
      // where it is, as people write it: file:line:column, then the data key and entry
      const at = f.location;
      if (at?.file !== undefined && at.line !== undefined) expect(failure!.text).toContain(`at: ${at.file}:${at.line}${at.column !== undefined ? `:${at.column}` : ''}`);
    }
    expect(failures.filter((x) => x.text.includes('at: {'))).toEqual([]);
    expect(failures.some((x) => x.id === 'verdict-on-restart')).toBe(true); // BROKEN fails the report too
    // lint without --probe never downloaded: those checks are skipped, not passed
    const plugin = suites.find((s) => s.name !== 'General')!;
    expect(plugin.testcase.find((t) => t.name === 'sha256-mismatch')?.skipped).toBeDefined();
    expect(plugin.tests).toBe(ALL_CHECKS.length);
    // docs/output.md names the cases that are no check
    const documented = /^\| `junit` \|.*? plus (.*?) in General/m.exec(readFileSync(join(REPO_ROOT, 'docs/output.md'), 'utf8'))?.[1];
    const checkIds = new Set(ALL_CHECKS.map((c) => c.id));
    expect([...(documented ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1])).toEqual(suites[0]!.testcase.map((t) => t.name).filter((name) => !checkIds.has(name)));
  });
});

describe('-o github', () => {
  /** Reads a workflow command back as the runner does (the reverse of @actions/core's escaping). */
  function readCommand(line: string): { command: string; properties: Record<string, string>; message: string } {
    const match = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
    expect(match, line).not.toBeNull();
    const unescape = (t: string) => t.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
    const properties = Object.fromEntries(match![2]!.split(',').map((p) => p.split('=')).map(([k, v]) => [k!, unescape(v!)]));
    return { command: match![1]!, properties, message: unescape(match![3]!) };
  }

  it('one annotation per finding at its file, line and column, then the verdict', async () => {
    const { code, stdout } = await runCli([...INPUT, '-o', 'github']);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(report.findings.length + 1);
    report.findings.forEach((f, i) => {
      const { command, properties, message } = readCommand(lines[i]!);
      expect(command).toBe({ error: 'error', warning: 'warning', info: 'notice' }[f.severity]);
      expect(properties.file).toBe(f.location!.file);
      expect(properties.line).toBe(String(f.location!.line));
      expect(properties.title).toContain(f.id);
      expect(message.split('\n')[0]).toBe(f.title);
      expect(message).toContain(`fix: ${f.fix}`);
    });
    // lint answers "on restart" only: one verdict line
    const verdict = readCommand(lines.at(-1)!);
    expect([verdict.command, verdict.properties.title]).toEqual(['error', 'On restart: BROKEN']);
    expect(verdict.message).toBe(report.verdict.onRestart.summary);
  });
});
