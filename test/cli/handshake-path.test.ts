/** `handshake PATH` as a user runs it: the flags it reads and the inputs it refuses. */
import { mkdtempSync, rmSync } from 'node:fs';
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

  it('a directory is a usage error, as a missing file is: nothing is judged or run', async () => {
    const run = await runCli(['handshake', dir, '--type', 'trafficrouter']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: ${dir} is a directory\nSee 'kubectl rollouts-plugins --help'.\n`);
    expect(run.stdout).toBe('');
  });
});
