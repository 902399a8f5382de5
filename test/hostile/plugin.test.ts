/**
 * Hostile plugin binaries (here small shell scripts: `handshake PATH` runs what it is given, as a
 * user testing their own build would): escape sequences on stdout and stderr, helpers that leave
 * the process group. Each run ends within its deadline, prints nothing a terminal would obey,
 * and leaves no process and no temp dir behind.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { leftovers, processesMentioning, processesRunning, runDirs, spawnCli, waitFor, type RunDirs } from '../support/e2e.js';
import { buildGo } from '../support/go-build.js';
import { watchPeakMemory } from '../support/memory.js';

let dirs: RunDirs[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

function script(body: string): { path: string; dirs: RunDirs } {
  const d = runDirs();
  dirs.push(d);
  const path = join(d.root, 'plugin.sh');
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return { path, dirs: d };
}

const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

describe('a plugin that writes terminal escape sequences', () => {
  const ESC = String.raw`\033[2J\033[H\033[32mVerdict  OK\033]0;pwned\007`;
  it.each(['table', 'wide', 'json', 'yaml'])('-o %s: every control character is escaped, none reaches the terminal', async (output) => {
    // stderr first: the tool ends the plugin as soon as it has read the bad line.
    const { path, dirs: d } = script(`printf '${ESC} on stderr\\n' >&2\nprintf '${ESC}|1|unix|/tmp/x|netrpc\\n'\nsleep 30`);
    const run = await spawnCli(['handshake', path, '--type', 'step', '--handshake-timeout', '2s', '-o', output], d.env, 30_000).done;
    expect(run.stdout.length).toBeGreaterThan(0);
    for (const line of `${run.stdout}\n${run.stderr}`.split('\n')) expect(line, JSON.stringify(line)).not.toMatch(RAW_CONTROL);
    if (output === 'table' || output === 'wide' || output === 'yaml') expect(run.stdout).toContain(String.raw`\x1b[2J`);
    expect(leftovers(d.tmp)).toEqual([]);
  });
});

describe('a plugin whose helpers leave its process group', () => {
  it('setsid children, a double-forked daemon and one with an emptied environment are all ended, and the report says so', async () => {
    const tag = `krp-escape-${process.pid}-${Date.now()}`;
    // Each helper is `sleep` under a name we can find: exec -a is not POSIX, so a copy of sleep via a symlink name.
    const { path, dirs: d } = script(
      [
        `ln -s "$(command -v sleep)" "$TMPDIR/${tag}"`,
        `setsid "$TMPDIR/${tag}" 301 &`,
        `(setsid "$TMPDIR/${tag}" 302 &)`,
        `setsid env -i "$TMPDIR/${tag}" 303 &`,
        'sleep 30',
      ].join('\n'),
    );
    const cli = spawnCli(['handshake', path, '--type', 'step', '--handshake-timeout', '2s', '-o', 'json'], d.env, 30_000);
    // A helper counts once it runs as itself (argv[0] is the tag): before that, `setsid tag 301` mentions
    // the tag too, and a look in the middle of its exec can miss it (CI saw 2 of the 3 that way).
    let helpers: number[] = [];
    await waitFor('the helpers to start', () => (helpers = processesRunning(tag)).length === 3, 15_000);
    helpers.sort((a, b) => a - b);
    const run = await cli.done;
    expect(run.code, run.stderr).not.toBe(3);
    const report = JSON.parse(run.stdout) as { findings: { id: string; evidence: string[] }[] };
    // The report names each helper that left the group, and says they were ended...
    const escaped = report.findings.find((f) => f.id === 'handshake-process-left-group');
    expect(escaped?.evidence).toEqual([`outside the group: ${helpers.join(' ')}; all ended by the test`]);
    // ...and they really are gone.
    expect(processesMentioning(tag)).toEqual([]);
    expect(leftovers(d.tmp)).toEqual([]);
  });
});

describe('a real go-plugin plugin that floods a yamux stream it opened itself', () => {
  it('costs no memory: the handshake answers, and the tool stays far below the 1.25 GB it reached before', async () => {
    const binary = await buildGo('plugins/stream-flood');
    const d = runDirs();
    dirs.push(d);
    const cli = spawnCli(['handshake', binary, '--type', 'trafficrouter', '--handshake-timeout', '30s', '-o', 'json'], d.env, 60_000);
    const memory = watchPeakMemory(cli.child.pid!);
    const run = await cli.done;
    memory.stop();
    const report = JSON.parse(run.stdout) as { plugins: { handshake?: { ok: boolean } }[] };
    expect(report.plugins[0]?.handshake?.ok, run.stdout).toBe(true);
    // Before: ~90 MB more every second of the 3 s Type call (1.25 GB in 10 s).
    expect(memory.peakBytes()).toBeLessThan(160 * 1024 * 1024);
    expect(leftovers(d.tmp)).toEqual([]);
  }, 300_000);
});

describe('a handshake line that names someone else\'s socket or host', () => {
  it('a unix socket outside the plugin\'s temp dir is not dialled', async () => {
    const { path, dirs: d } = script('');
    const socketPath = join(d.root, 'victim.sock');
    const accepted: Socket[] = [];
    const victim = createServer((socket) => accepted.push(socket.destroy()));
    await new Promise<void>((resolve) => victim.listen(socketPath, resolve));
    try {
      writeFileSync(path, `#!/bin/sh\necho '1|1|unix|${socketPath}|netrpc'\nsleep 30\n`);
      const run = await spawnCli(['handshake', path, '--type', 'step', '-o', 'json', '--handshake-timeout', '5s'], d.env, 30_000).done;
      expect(run.stdout).toContain(`not dialled: ${socketPath} is outside the plugin's own temp dir`);
      expect(accepted).toEqual([]);
      expect(leftovers(d.tmp)).toEqual([]);
    } finally {
      await new Promise((resolve) => victim.close(resolve));
    }
  });

  it('a tcp address that is not loopback is not dialled', async () => {
    const { path, dirs: d } = script(`echo '1|1|tcp|169.254.169.254:80|netrpc'\nsleep 30`);
    const run = await spawnCli(['handshake', path, '--type', 'step', '-o', 'json', '--handshake-timeout', '5s'], d.env, 30_000).done;
    expect(run.stdout).toContain('not dialled: 169.254.169.254:80 is not a loopback address');
    expect(run.ms).toBeLessThan(10_000);
  });
});
