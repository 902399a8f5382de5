/**
 * A launch prepared ahead (forked while the binary downloads or is hashed, executed on release):
 * the plugin gets exactly what a direct launch gives it, nothing of it runs before release, and a
 * launch not used leaves nothing behind, even when this process dies.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { PluginEntry } from '../../src/config/types.js';
import { handshakePlugin, prepareLaunch, type HandshakeRequest } from '../../src/handshake/handshake.js';
import { LaunchesAhead, runHandshakeStep, type HandshakeStepOptions } from '../../src/pipeline/handshake-step.js';
import { runProbeStep } from '../../src/pipeline/probe-step.js';
import { buildHandshakeBinaries, type HandshakeBinaries } from '../support/handshake-fixtures.js';
import { alive, childrenOf } from '../support/processes.js';

let bin: HandshakeBinaries;
let scratch: string;
beforeAll(async () => {
  bin = await buildHandshakeBinaries();
  scratch = mkdtempSync(join(tmpdir(), 'prepared-launch-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const commandLine = (pid: number): string[] => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
const envLine = (lines: readonly string[]): string | undefined => lines.find((l) => l.startsWith('env '));

async function gone(pid: number, ms = 3000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return !alive(pid);
}

describe('a prepared launch', () => {
  it('gives the plugin the command, working directory and environment a direct launch gives it', async () => {
    process.env.ROLLOUTS_PREPARED_TOKEN = 'do-not-leak';
    try {
      const req: HandshakeRequest = { binaryPath: bin.plugins['env-report'] as string, type: 'trafficrouter', args: ['--a', 'b c'], passEnv: ['ROLLOUTS_PREPARED_TOKEN'], verified: true };
      const prepared = prepareLaunch(req);
      expect(prepared).toBeDefined(); // Linux with dash as /bin/sh, as in CI
      const waiter = prepared!.pid as number;
      const viaRelease = await handshakePlugin(req, prepared);
      const direct = await handshakePlugin(req);
      expect(prepared!.released).toBe(true);
      expect(viaRelease.launch?.pid).toBe(waiter); // exec keeps the process: its session and group too
      expect(viaRelease.rpc?.type?.ok).toBe(true);
      expect(viaRelease.launch?.command).toEqual(direct.launch?.command);
      // No PWD, SHLVL or anything else of the shell's: the names the launch says, exactly.
      expect(envLine(viaRelease.stderrTail)).toBe(`env ${viaRelease.launch!.envNames.join(',')}`);
      expect(envLine(viaRelease.stderrTail)).toBe(envLine(direct.stderrTail));
      expect(viaRelease.launch?.envNames).toContain('ROLLOUTS_PREPARED_TOKEN');
      expect(viaRelease.stderrTail).toContain(`cwd ${viaRelease.launch!.cwd}`);
      expect(existsSync(viaRelease.launch!.cwd)).toBe(false);
    } finally {
      delete process.env.ROLLOUTS_PREPARED_TOKEN;
    }
  });

  it('is said before the plugin runs, prepared or launched directly: no process of it exists at the notice', async () => {
    const binary = bin.plugins['trafficrouter-ok'] as string;
    const runningIt = () => childrenOf(process.pid).filter((pid) => commandLine(pid)[0] === binary);
    for (const ahead of [true, false]) {
      const seenAtNotice: number[][] = [];
      const req: HandshakeRequest = { binaryPath: binary, type: 'trafficrouter', verified: true, onLaunch: () => seenAtNotice.push(runningIt()) };
      const facts = await handshakePlugin(req, ahead ? prepareLaunch(req) : undefined);
      expect(facts.rpc?.type?.ok).toBe(true);
      expect(seenAtNotice).toEqual([[]]);
    }
  });

  it('runs nothing of the plugin before release, and a launch not released ends with its temp dir', async () => {
    const req: HandshakeRequest = { binaryPath: bin.plugins['trafficrouter-ok'] as string, type: 'trafficrouter', verified: 'mismatch' };
    const prepared = prepareLaunch(req)!;
    const waiter = prepared.pid as number;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(commandLine(waiter)[0]).toBe('/bin/sh');
    expect(prepared.stdoutText).toBe(''); // no handshake line: the plugin has not run
    const facts = await handshakePlugin(req, prepared);
    expect(facts.skipped?.reason).toBe('unverified');
    expect(prepared.released).toBe(false);
    expect(await gone(waiter)).toBe(true);
    expect(existsSync(prepared.tempDir)).toBe(false);
  });

  it('is launched directly when the file is not executable: the error is exec\'s', async () => {
    const copy = join(scratch, 'not-executable');
    copyFileSync(bin.plugins['trafficrouter-ok'] as string, copy);
    chmodSync(copy, 0o644);
    const req: HandshakeRequest = { binaryPath: copy, type: 'trafficrouter', verified: true };
    const prepared = prepareLaunch(req)!;
    const facts = await handshakePlugin(req, prepared);
    expect(prepared.released).toBe(false);
    const direct = await handshakePlugin(req);
    expect(facts.start).toMatchObject({ outcome: 'spawn-failed', spawnError: direct.start?.spawnError });
    expect(facts.start?.spawnError).toContain('EACCES');
    expect(await gone(prepared.pid as number)).toBe(true);
  });

  it('is not made for an environment the shell would change (IFS, a name that is no shell identifier)', () => {
    for (const name of ['IFS', 'A.B', 'PWD']) {
      process.env[name] = 'x';
      try {
        expect(prepareLaunch({ type: 'trafficrouter', passEnv: [name] })).toBeUndefined();
      } finally {
        delete process.env[name];
      }
    }
  });

  it('ends by itself, with its temp dir, when this process dies before releasing it (SIGKILL: no exit hook runs)', async () => {
    const entry = join(scratch, 'prepare-and-wait.ts');
    writeFileSync(
      entry,
      `import { prepareLaunch } from ${JSON.stringify(join(process.cwd(), 'src/handshake/handshake.ts'))};
       const p = prepareLaunch({ binaryPath: ${JSON.stringify(bin.plugins['trafficrouter-ok'])}, type: 'trafficrouter' });
       console.log(p?.pid, p?.tempDir);
       setInterval(() => {}, 1000);`,
    );
    // Inside the repository, so that its packages resolve from the bundle.
    const bundle = join(process.cwd(), 'build', 'test', `prepare-and-wait-${process.pid}.mjs`);
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: bundle, logLevel: 'error' });
    const parent = spawn(process.execPath, [bundle], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [waiter, tempDir] = await new Promise<[number, string]>((resolve, reject) => {
      parent.stdout.once('data', (d) => {
        const [pid, dir] = String(d).trim().split(' ');
        resolve([Number(pid), dir as string]);
      });
      parent.once('exit', (code) => reject(new Error(`the preparing process exited first (${code})`)));
    });
    rmSync(bundle);
    expect(commandLine(waiter)[0]).toBe('/bin/sh');
    expect(existsSync(tempDir)).toBe(true);
    parent.kill('SIGKILL');
    expect(await gone(waiter)).toBe(true);
    expect(existsSync(tempDir)).toBe(false); // removed by the waiter itself: no exit hook ran
  });
});

describe("doctor's handshake step", () => {
  /** A pinned file:// plugin (the router fixture) probed into a cache, with the launches prepared as doctor prepares them. */
  async function probedAhead(options: HandshakeStepOptions) {
    const pod = mkdtempSync(join(scratch, 'pod-'));
    mkdirSync(join(pod, 'plugins'));
    const bytes = readFileSync(bin.plugins['trafficrouter-ok'] as string);
    writeFileSync(join(pod, 'plugins', 'router'), bytes, { mode: 0o755 });
    const entry: PluginEntry = { type: 'trafficrouter', key: 'trafficRouterPlugins', index: 0, name: 'acme/router', location: 'file:///plugins/router', sha256: createHash('sha256').update(bytes).digest('hex') };
    const ahead = new LaunchesAhead(options);
    const before = new Set(childrenOf(process.pid));
    const { probes } = await runProbeStep([entry], { pluginDir: pod, cacheDir: join(pod, 'cache'), onProbing: ahead.onProbing });
    const waiters = childrenOf(process.pid).filter((pid) => !before.has(pid) && commandLine(pid)[0] === '/bin/sh');
    return { probes, ahead, waiters };
  }
  const options = (): HandshakeStepOptions => ({ allowUnverified: false, init: false, passEnv: [], signal: new AbortController().signal, concurrency: 4, timeoutMs: 5_000 });

  it('releases the launch forked while the plugin downloaded, with the downloaded file', async () => {
    const stepOptions = options();
    const { probes, ahead, waiters } = await probedAhead(stepOptions);
    expect(waiters).toHaveLength(1);
    const { handshakes } = await runHandshakeStep(probes, stepOptions, ahead);
    expect(handshakes[0]?.launch?.pid).toBe(waiters[0]);
    expect(handshakes[0]?.rpc?.type?.ok).toBe(true);
  });

  it('forks it while the download is still running', async () => {
    const bytes = readFileSync(bin.plugins['trafficrouter-ok'] as string);
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-length': String(bytes.length) });
      res.write(bytes.subarray(0, 1024));
      setTimeout(() => res.end(bytes.subarray(1024)), 600);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const entry: PluginEntry = { type: 'trafficrouter', key: 'trafficRouterPlugins', index: 0, name: 'acme/router', location: `http://127.0.0.1:${port}/router`, sha256: createHash('sha256').update(bytes).digest('hex') };
      const stepOptions = options();
      const ahead = new LaunchesAhead(stepOptions);
      const before = new Set(childrenOf(process.pid));
      let downloading = true;
      const probing = runProbeStep([entry], { proxyEnv: {}, cacheDir: mkdtempSync(join(scratch, 'cache-')), onProbing: ahead.onProbing }).finally(() => (downloading = false));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const waiters = childrenOf(process.pid).filter((pid) => !before.has(pid) && commandLine(pid)[0] === '/bin/sh');
      expect([downloading, waiters.length]).toEqual([true, 1]);
      const { probes } = await probing;
      const { handshakes } = await runHandshakeStep(probes, stepOptions, ahead);
      expect(handshakes[0]?.launch?.pid).toBe(waiters[0]);
      expect(handshakes[0]?.launch?.command).toEqual([probes[0]!.content!.cachePath]);
      expect(handshakes[0]?.rpc?.type?.ok).toBe(true);
    } finally {
      server.close();
    }
  });

  it('never releases it for a cached file changed since it was verified: the waiter ends, nothing ran', async () => {
    const stepOptions = options();
    const { probes, ahead, waiters } = await probedAhead(stepOptions);
    writeFileSync(probes[0]!.content!.cachePath!, '#!/bin/sh\necho changed\n');
    const { handshakes } = await runHandshakeStep(probes, stepOptions, ahead);
    expect(handshakes[0]?.skipped?.reason).toBe('changed-after-verification');
    expect(await gone(waiters[0]!)).toBe(true);
  });

  it('ends the launches the step did not use (discard)', async () => {
    const stepOptions = options();
    const { ahead, waiters } = await probedAhead(stepOptions);
    await ahead.discard();
    expect(await gone(waiters[0]!)).toBe(true);
  });
});

describe('a file the kernel will not execute', () => {
  /** An ELF header cut from a real binary, then shell lines: the kernel refuses it (ENOEXEC); a shell would run the lines. */
  function cutElf(): { path: string; proof: string } {
    const dir = mkdtempSync(join(scratch, 'cut-elf-'));
    const proof = join(dir, 'ran-as-a-script');
    const path = join(dir, 'plugin');
    writeFileSync(path, Buffer.concat([readFileSync(bin.plugins['trafficrouter-ok'] as string).subarray(0, 64), Buffer.from(`\ntouch ${proof}\n`)]), { mode: 0o755 });
    return { path, proof };
  }

  it.each([
    ['prepared', undefined],
    ['launched directly (a --pass-env name dash cannot pass)', 'A-B'],
  ])('is never run as a shell script, %s: exec format error, as Go says it', async (_how, passName) => {
    const { path, proof } = cutElf();
    if (passName) process.env[passName] = '1';
    try {
      const req: HandshakeRequest = { binaryPath: path, type: 'trafficrouter', verified: true, ...(passName && { passEnv: [passName] }) };
      const facts = await handshakePlugin(req, prepareLaunch(req));
      expect(facts.start?.outcome).toBe('spawn-failed');
      expect(facts.start?.goPluginError).toBe(`fork/exec ${path}: exec format error`);
      expect(existsSync(proof)).toBe(false);
    } finally {
      if (passName) delete process.env[passName];
    }
  });

  it("an exec that fails in the waiter is said in Go's words (a loader that does not exist: no such file or directory)", async () => {
    const dir = mkdtempSync(join(scratch, 'no-loader-'));
    const path = join(dir, 'plugin');
    const bytes = readFileSync('/bin/true');
    const loader = bytes.indexOf('/lib64/ld-linux-x86-64.so.2');
    expect(loader).toBeGreaterThan(0); // a dynamically linked amd64 binary, as on the CI machine
    bytes.write('/lib64/ld-linux-x86-64.so.X', loader, 'latin1');
    writeFileSync(path, bytes, { mode: 0o755 });
    const req: HandshakeRequest = { binaryPath: path, type: 'trafficrouter', verified: true };
    const prepared = prepareLaunch(req)!;
    const facts = await handshakePlugin(req, prepared);
    expect(prepared.released).toBe(true);
    expect(facts.start).toMatchObject({ outcome: 'spawn-failed', goPluginError: `fork/exec ${path}: no such file or directory` });
  });
});
