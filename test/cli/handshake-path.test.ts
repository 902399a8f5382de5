/** `handshake PATH` as a user runs it: the flags it reads and the inputs it refuses. */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGo } from '../support/go-build.js';
import { runCli } from '../support/cli.js';

describe('handshake PATH', () => {
  let envReport: string;
  let dir: string;
  beforeAll(async () => {
    envReport = await buildGo('plugins/env-report');
    dir = mkdtempSync(join(tmpdir(), 'handshake-path-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--pass-env, given twice, passes both variables to the plugin', async () => {
    const run = await runCli(['handshake', envReport, '--type', 'trafficrouter', '--pass-env', 'RP_FIRST', '--pass-env', 'RP_SECOND', '-o', 'json'], { env: { RP_FIRST: '1', RP_SECOND: '2' } });
    expect(run.stderr).toMatch(/^running plugin: .*; passed through: RP_FIRST, RP_SECOND\)$/m);
    expect(run.code).toBe(0);
  });

  it('reads no configuration: On restart is UNKNOWN, never OK, whether the handshake passes (exit 0) or fails (exit 1)', async () => {
    const restartLines = (stdout: string) => /^On restart .*\n.*$/m.exec(stdout)?.[0].replace(/\s+/g, ' ');
    const notRead = 'On restart UNKNOWN Cannot tell whether a restart would start: the plugin configuration: not read: handshake PATH checks one binary; lint or doctor judge the ConfigMap.';
    const passes = await runCli(['handshake', envReport, '--type', 'trafficrouter']);
    expect(passes.stdout).toMatch(/^router local\/plugins_env-report .* ok \d+ ms\*/m);
    expect(restartLines(passes.stdout)).toBe(notRead);
    expect(passes.code).toBe(0);
    const fails = await runCli(['handshake', await buildGo('plugins/exit-at-once'), '--type', 'trafficrouter']);
    expect(fails.stdout).toMatch(/^router local\/plugins_exit-at-once .* failed/m);
    expect(restartLines(fails.stdout)).toBe(notRead);
    expect(fails.code).toBe(1);
  });

  /** A sparse file of `bytes` (no disk used, nothing to read but zeros). */
  const sparse = (name: string, bytes: number): string => {
    const path = join(dir, name);
    writeFileSync(path, '');
    truncateSync(path, bytes);
    return path;
  };
  interface Findings {
    findings: { id: string; title: string; fix: string; symptoms?: { id: string }[] }[];
  }

  it('a file over the 512 MiB limit: one finding that names the limit and --max-size, never a --sha256 that was not given', async () => {
    const big = sparse('big-plugin', 600 * 1024 * 1024);
    const run = await runCli(['handshake', big, '--type', 'trafficrouter', '-o', 'json']);
    const { findings } = JSON.parse(run.stdout) as Findings;
    expect(findings.map((f) => f.id)).toEqual(['download-too-large']);
    expect(findings[0]!.title).toBe(`${big} is larger than --max-size 512.0 MiB: 600.0 MiB (629145600 bytes)`);
    expect(findings[0]!.fix).toContain('--max-size');
    // The launch it kept from running is folded in, as evidence.
    expect(findings[0]!.symptoms?.map((s) => s.id)).toEqual(['handshake-skipped-unverified']);
    expect(run.stdout).not.toContain('--sha256');
    expect(run.code).toBe(1);
  });

  it('--max-size sets that limit, parsed as probe and doctor parse it', async () => {
    const file = sparse('two-mib', 2 * 1024 * 1024);
    const capped = await runCli(['handshake', file, '--type', 'trafficrouter', '--max-size', '1Mi', '-o', 'json']);
    expect((JSON.parse(capped.stdout) as Findings).findings.find((f) => f.id === 'download-too-large')?.title).toBe(`${file} is larger than --max-size 1.0 MiB: 2.0 MiB (2097152 bytes)`);
    // The handshake it kept from running says why in the same words, under Not checked.
    expect((JSON.parse(capped.stdout) as { notChecked: { what: string; why: string }[] }).notChecked).toContainEqual(
      expect.objectContaining({ what: 'the go-plugin handshake of local/two-mib', why: `not run: its sha256 could not be computed: ${file} is larger than --max-size 1.0 MiB: 2.0 MiB (2097152 bytes)` }),
    );
    const within = await runCli(['handshake', file, '--type', 'trafficrouter', '--max-size', '4Mi', '-o', 'json']);
    expect((JSON.parse(within.stdout) as Findings).findings.map((f) => f.id)).not.toContain('download-too-large');
    const bad = await runCli(['handshake', file, '--type', 'trafficrouter', '--max-size', 'lots']);
    expect(bad.code).toBe(2);
  });

  it('a directory is a usage error, as a missing file is: nothing is judged or run', async () => {
    const run = await runCli(['handshake', dir, '--type', 'trafficrouter']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: ${dir} is a directory\nSee 'kubectl rollouts-plugins --help'.\n`);
    expect(run.stdout).toBe('');
  });
});
