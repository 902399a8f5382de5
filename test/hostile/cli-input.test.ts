/**
 * Hostile or odd command-line input: durations a timer cannot hold, a FIFO that never sends, a
 * device as a kubeconfig, a planted symlink at the cache directory, 30,000 plugins (in one JSON
 * string too). Each ends in a report or a usage error within its deadline, in bounded memory, with
 * nothing left behind.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, openSync, closeSync, constants, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDirs, spawnCli, type RunDirs } from '../support/e2e.js';
import { serve, startServer, type LoopbackServer } from '../support/hostile-http.js';
import { watchPeakMemory } from '../support/memory.js';

let dirs: RunDirs[] = [];
let servers: LoopbackServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) d.remove();
});
function sandbox(): RunDirs {
  const d = runDirs();
  dirs.push(d);
  return d;
}

const CM = (entries: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  trafficRouterPlugins: |\n${entries}`;

describe('durations Node timers cannot hold are usage errors (exit 2), not a 1 ms deadline', () => {
  it.each([
    [['probe', 'http://127.0.0.1:9/p', '--timeout', '597h'], '--timeout'],
    [['doctor', '--request-timeout', '600h'], '--request-timeout'],
    [['lint', '-f', '-', '--timeout', '9999999999'], '--timeout'],
    [['handshake', '/bin/true', '--type', 'step', '--handshake-timeout', '1000h'], '--handshake-timeout'],
  ])('%j', async (args, flag) => {
    const run = await spawnCli(args, sandbox().env, 20_000).done;
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`for ${flag}: longer than the 24.8 days`);
  });
});

describe('files that never end or never come', () => {
  it('lint -f FIFO with no writer ends at --timeout with a usage error', async () => {
    const d = sandbox();
    const fifo = join(d.root, 'cm.fifo');
    execFileSync('mkfifo', [fifo]);
    const run = await spawnCli(['lint', '-f', fifo, '--timeout', '1s'], d.env, 20_000).done;
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('a named pipe needs a writer');
    expect(run.ms).toBeLessThan(10_000);
  });

  it('lint -f FIFO whose writer never writes ends at --timeout', async () => {
    const d = sandbox();
    const fifo = join(d.root, 'cm.fifo');
    execFileSync('mkfifo', [fifo]);
    // O_RDWR on a FIFO opens at once and holds a writer that never writes.
    const writer = openSync(fifo, constants.O_RDWR);
    try {
      const run = await spawnCli(['lint', '-f', fifo, '--timeout', '1s'], d.env, 20_000).done;
      expect(run.code, run.stderr).toBe(2);
      expect(run.ms).toBeLessThan(10_000);
    } finally {
      closeSync(writer);
    }
  });

  it('--ca-file naming a FIFO is a usage error at once (a synchronous read would block even Ctrl-C)', async () => {
    const d = sandbox();
    const fifo = join(d.root, 'ca.fifo');
    execFileSync('mkfifo', [fifo]);
    const run = await spawnCli(['probe', 'https://127.0.0.1:9/p', '--ca-file', fifo, '--timeout', '20s'], d.env, 30_000).done;
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`--ca-file ${fifo} is not a regular file`);
    expect(run.ms).toBeLessThan(10_000);
  });

  it('--ca-file naming no file is a usage error naming it, not an internal error (exit 3)', async () => {
    const d = sandbox();
    const missing = join(d.root, 'no-such-ca.pem');
    const run = await spawnCli(['probe', 'https://127.0.0.1:9/p', '--ca-file', missing, '--timeout', '20s'], d.env, 30_000).done;
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`cannot read --ca-file ${missing}: no such file`);
  });

  it('shell completion with KUBECONFIG=/dev/zero answers at once', async () => {
    const run = await spawnCli(['__complete', '--context', ''], { ...sandbox().env, KUBECONFIG: '/dev/zero' }, 30_000).done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.ms).toBeLessThan(10_000);
  });

  it('--kubeconfig /dev/zero is an error in bounded memory, not 200 MB/s until the machine runs out', async () => {
    const cli = spawnCli(['doctor', '--kubeconfig', '/dev/zero', '--timeout', '20s'], sandbox().env, 30_000);
    const memory = watchPeakMemory(cli.child.pid!);
    const run = await cli.done;
    memory.stop();
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('cannot read kubeconfig /dev/zero');
    expect(memory.peakBytes()).toBeLessThan(300 * 1024 * 1024);
  });
});

describe('the cache directory', () => {
  it('a symlink planted at its path is not followed: its target keeps its mode, nothing is cached there', async () => {
    const d = sandbox();
    const target = join(d.root, 'victim');
    mkdirSync(target);
    chmodSync(target, 0o755);
    mkdirSync(d.cache, { recursive: true });
    symlinkSync(target, join(d.cache, 'kubectl-rollouts-plugins'));
    const server = await startServer(serve(Buffer.from('\x7fELF plugin')));
    servers.push(server);
    const run = await spawnCli(['probe', `${server.origin}/plugin`, '-o', 'json', '--timeout', '20s'], d.env, 30_000).done;
    expect(run.code, run.stderr).not.toBe(3);
    expect(statSync(target).mode & 0o777).toBe(0o755);
    expect(run.stdout, run.stdout).toContain('is a symbolic link; not used');
  });
});

describe('30,000 plugins', () => {
  it('lint renders every format in linear time (before: a stack overflow in the table, 137 s of lint)', async () => {
    const d = sandbox();
    const entries = Array.from({ length: 30_000 }, (_, i) => `    - name: acme/r${i}\n      location: https://example.invalid/p${i}\n`).join('');
    const file = join(d.root, 'big.yaml');
    writeFileSync(file, CM(entries));
    for (const output of ['table', 'wide']) {
      const run = await spawnCli(['lint', '-f', file, '-o', output], d.env, 120_000).done;
      expect(run.stderr).not.toContain('Maximum call stack');
      expect(run.code, run.stderr.slice(0, 500)).toBe(0);
      expect(run.stdout).toContain('acme/r29999');
    }
  }, 240_000);

  it('in one JSON string (kubectl create cm -o json): each entry located at its text in linear time (before: the string was decoded again for each finding, over 10 min)', async () => {
    const d = sandbox();
    const entries = Array.from({ length: 30_000 }, (_, i) => `- name: acme/r${i}\n  location: https://example.invalid/p${i}\n`).join('');
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argo-rollouts-config' }, data: { trafficRouterPlugins: entries } }, null, 4);
    const file = join(d.root, 'big.json');
    writeFileSync(file, json);
    const run = await spawnCli(['lint', '-f', file, '-o', 'github'], d.env, 120_000).done;
    expect(run.code, run.stderr.slice(0, 500)).toBe(0);
    // line 8: the data string, in which the last entry starts right after the escaped line break before it
    const last = json.split('\n')[7]!.indexOf(JSON.stringify('- name: acme/r29999').slice(1, -1)) + 1;
    expect(run.stdout).toContain(`::warning title=sha256-missing (acme/r29999),file=${file},line=8,col=${last}::`);
  }, 240_000);
});
