/**
 * The standalone archive krew installs: built once by `npm run package`'s script, unpacked into a
 * temp dir and run with an environment where no `node` can be found, as on a user's machine.
 */
import { execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer as createHttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ES module script without type declarations
import { platformName } from '../../scripts/package.mjs';
import { startScenario } from '../cluster/scenarios.js';
import { alive, childrenOf } from '../support/processes.js';
import { makeTestCerts } from '../support/tls-certs.js';

const ROOT = join(import.meta.dirname, '..', '..');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const ARCHIVE_NAME = `kubectl-rollouts_plugins_${platformName() as string}.tar.gz`;
const ARCHIVE = join(ROOT, 'build', 'release', ARCHIVE_NAME);

let unpacked: string;
let emptyPathDir: string;

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/package.mjs'], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
  unpacked = mkdtempSync(join(tmpdir(), 'krp-standalone-'));
  execFileSync('tar', ['-xzf', ARCHIVE, '-C', unpacked], { timeout: 60_000 });
  // PATH holds only this empty directory: the executable must need no node (nor anything else).
  emptyPathDir = mkdtempSync(join(tmpdir(), 'krp-path-'));
});

afterAll(() => {
  for (const dir of [unpacked, emptyPathDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

function runStandalone(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(join(unpacked, 'kubectl-rollouts_plugins'), args, {
    cwd: unpacked,
    env: { PATH: emptyPathDir, HOME: unpacked, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('standalone archive', () => {
  it('holds exactly the executable, the completion helper and the Apache-2.0 LICENSE', () => {
    expect(readdirSync(unpacked).sort()).toEqual(['LICENSE', 'kubectl-rollouts_plugins', 'kubectl_complete-rollouts_plugins']);
    expect(statSync(join(unpacked, 'kubectl-rollouts_plugins')).mode & 0o111).toBe(0o111);
    expect(statSync(join(unpacked, 'kubectl_complete-rollouts_plugins')).mode & 0o111).toBe(0o111);
    expect(readFileSync(join(unpacked, 'LICENSE'), 'utf8')).toContain('Apache License');
  });

  it('has a .sha256 file in sha256sum format that matches the archive', () => {
    const digest = createHash('sha256').update(readFileSync(ARCHIVE)).digest('hex');
    expect(readFileSync(`${ARCHIVE}.sha256`, 'utf8')).toBe(`${digest}  ${ARCHIVE_NAME}\n`);
  });

  it('runs with no node reachable on PATH', () => {
    expect(existsSync(join(emptyPathDir, 'node'))).toBe(false);
    const result = runStandalone(['version']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(`kubectl-rollouts_plugins ${version} (node ${process.versions.node})\n`);
  });

  it('prints help with the command tree', () => {
    const result = runStandalone(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['doctor', 'lint', 'probe', 'handshake', 'checksum', 'checks', 'version', 'completion']) {
      expect(result.stdout).toContain(`kubectl rollouts-plugins ${command}`);
    }
  });

  it('lists the checks registry', () => {
    const result = runStandalone(['checks']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Explain one with 'kubectl rollouts-plugins checks ID'.");
  });

  it('exits 2 with one sentence for a usage error', () => {
    const result = runStandalone(['lint']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: lint needs at least one -f FILE (or -f - for stdin)\nSee 'kubectl rollouts-plugins --help'.\n");
    const typo = runStandalone(['chekcs']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean "checks"?');
  });

  it('answers kubectl plugin completion, also through the completion helper found on PATH', () => {
    const result = runStandalone(['__complete', 'ch']);
    expect(result).toMatchObject({ code: 0, stdout: 'checksum\nchecks\n:4\n' });
    // As kubectl runs it: by name, from a PATH that holds both (here the unpacked archive, and sh).
    const helper = spawnSync('kubectl_complete-rollouts_plugins', ['ch'], { env: { PATH: `${unpacked}:/bin:/usr/bin`, HOME: unpacked }, encoding: 'utf8', timeout: 30_000 });
    expect({ code: helper.status, stdout: helper.stdout, stderr: helper.stderr }).toEqual({ code: 0, stdout: 'checksum\nchecks\n:4\n', stderr: '' });
  });

  it('ignores a NODE_OPTIONS meant for Node programs: it neither crashes nor waits for a debugger', () => {
    for (const nodeOptions of ['--require /nonexistent/hook.js', '--inspect-brk=127.0.0.1:0', '--max-old-space-size=1']) {
      const result = runStandalone(['version'], { NODE_OPTIONS: nodeOptions });
      expect(result).toEqual({ code: 0, stdout: `kubectl-rollouts_plugins ${version} (node ${process.versions.node})\n`, stderr: '' });
    }
  });

  describe("Node's environment switches, which kubectl (Go) ignores, are ignored too", () => {
    const VERSION_LINE = `kubectl-rollouts_plugins ${version} (node ${process.versions.node})\n`;
    let scratch: string;
    beforeAll(() => {
      scratch = mkdtempSync(join(tmpdir(), 'krp-node-switches-'));
    });
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    /** Every file (not directory) under `dir`, or [] when it does not exist. */
    const filesUnder = (dir: string): string[] =>
      existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => !e.isDirectory()).map((e) => e.name) : [];

    it.each([
      // Node would write a V8 coverage file there at exit.
      ['NODE_V8_COVERAGE', 'coverage', (dir: string) => expect(existsSync(dir)).toBe(false)],
      // Node makes the directory before any code runs; nothing is cached into it.
      ['NODE_COMPILE_CACHE', 'compile-cache', (dir: string) => expect(filesUnder(dir)).toEqual([])],
      ['NODE_REDIRECT_WARNINGS', 'warnings.txt', (file: string) => expect(existsSync(file)).toBe(false)],
    ] as const)('%s: nothing is written to it', (name, target, check) => {
      const path = join(scratch, target);
      expect(runStandalone(['version'], { [name]: path, NODE_PENDING_DEPRECATION: '1' })).toEqual({ code: 0, stdout: VERSION_LINE, stderr: '' });
      check(path);
    });

    it('runs as without them when each is set (a Node IPC channel, ICU data, the thread pool, deprecations...)', () => {
      const settings: Record<string, string> = {
        NODE_CHANNEL_FD: '3', // Node would set up an IPC channel on fd 3 and abort (before: exit 134)
        NODE_ICU_DATA: join(scratch, 'no-icu'),
        NODE_UNIQUE_ID: '1',
        NODE_PENDING_DEPRECATION: '1',
        NODE_NO_WARNINGS: '1',
        UV_THREADPOOL_SIZE: '1',
        OPENSSL_CONF: join(scratch, 'no-openssl.cnf'),
      };
      for (const [name, value] of Object.entries(settings)) {
        expect({ name, ...runStandalone(['version'], { [name]: value }) }).toEqual({ name, code: 0, stdout: VERSION_LINE, stderr: '' });
      }
    });

    it("NODE_EXTRA_CA_CERTS and NODE_TLS_REJECT_UNAUTHORIZED=0 make it trust nothing kubectl would not; --ca-file does", async () => {
      const certs = makeTestCerts();
      const server = createHttpsServer(certs.valid, (_req, res) => res.end('#!/bin/sh\n'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/plugin-linux-amd64`;
        const probe = (args: string[], env: Record<string, string>) =>
          new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
            const options = { cwd: unpacked, env: { PATH: emptyPathDir, HOME: unpacked, NO_COLOR: '1', XDG_CACHE_HOME: join(scratch, 'cache'), ...env }, encoding: 'utf8' as const, timeout: 60_000 };
            execFile(join(unpacked, 'kubectl-rollouts_plugins'), ['probe', url, '--no-cache', '-o', 'json', ...args], options, (error, stdout, stderr) =>
              resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
            );
          });
        const downloaded = (run: { stdout: string }) => (JSON.parse(run.stdout) as { findings: { id: string; title: string }[] }).findings.map((f) => `${f.id}: ${f.title}`);
        for (const env of [{ NODE_EXTRA_CA_CERTS: certs.caFile }, { NODE_TLS_REJECT_UNAUTHORIZED: '0' }] as Record<string, string>[]) {
          const run = await probe([], env);
          expect(run.stderr).toBe('');
          expect(downloaded(run)).toContainEqual(expect.stringMatching(/^download-tls-error: .*signed by an unknown authority$/));
        }
        const trusted = await probe(['--ca-file', certs.caFile], {});
        expect(downloaded(trusted)).toEqual(expect.not.arrayContaining([expect.stringMatching(/^download-tls-error/)]));
        expect(JSON.parse(trusted.stdout).plugins[0].download).toMatchObject({ ok: true });
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        certs.remove();
      }
    });

    it('a SIGINT sent to the executable alone (kill -INT PID) reaches the run it started without them: both end at once, exit 130', async () => {
      const sockets: Socket[] = [];
      const silent = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const server = `https://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      // NODE_NO_WARNINGS makes it run itself again; the run waits for an API server that never answers.
      const parent = spawn(join(unpacked, 'kubectl-rollouts_plugins'), ['doctor', '--server', server, '--token', 't'], { env: { PATH: emptyPathDir, HOME: unpacked, NODE_NO_WARNINGS: '1' }, stdio: 'ignore', timeout: 30_000 });
      const closed = new Promise<number | null>((resolve) => parent.once('close', resolve));
      let run: number[] = [];
      try {
        while (sockets.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
        run = childrenOf(parent.pid!);
        expect(run).toHaveLength(1);
        const started = Date.now();
        process.kill(parent.pid!, 'SIGINT');
        expect(await closed).toBe(130);
        expect(Date.now() - started).toBeLessThan(3_000);
        expect(alive(run[0]!)).toBe(false);
      } finally {
        for (const pid of [parent.pid!, ...run]) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already ended
          }
        }
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      }
    });

    // SIGTERM to the group (kill -TERM -PGID, a supervisor stopping a job) arrives twice the same way.
    it.each(['SIGINT', 'SIGTERM'] as const)("a terminal's Ctrl-C (%s to the process group) reaches the run twice, from the terminal and passed on: one interruption, so the run cleans up", async (signal) => {
      // A download that never ends: its partial file is what a clean end removes and leaving at once (a second Ctrl-C) does not.
      const held: ServerResponse[] = [];
      const server = createHttpServer((_req, res) => {
        res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
        res.write(Buffer.alloc(100_000, 1));
        held.push(res);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const cache = join(scratch, `cache-${signal}`);
      const partials = () => (existsSync(join(cache, 'kubectl-rollouts-plugins')) ? readdirSync(join(cache, 'kubectl-rollouts-plugins')).filter((name) => name.startsWith('.partial-')) : []);
      // Its own process group, as a shell's foreground job.
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/plugin`;
      const parent = spawn(join(unpacked, 'kubectl-rollouts_plugins'), ['probe', url], { env: { PATH: emptyPathDir, HOME: unpacked, NODE_NO_WARNINGS: '1', XDG_CACHE_HOME: cache }, stdio: ['ignore', 'pipe', 'ignore'], detached: true, timeout: 30_000 });
      let stdout = '';
      parent.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      const closed = new Promise<number | null>((resolve) => parent.once('close', resolve));
      try {
        while (partials().length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
        // The download settled in (the body's first bytes written): the run is busy with it, not starting.
        await new Promise((resolve) => setTimeout(resolve, 500));
        process.kill(-parent.pid!, signal);
        expect(await closed).toBe(signal === 'SIGINT' ? 130 : 143);
        expect(partials()).toEqual([]);
        // The copy passed on ~1 ms later did not make it leave at once: the report of what was cut short is printed.
        expect(stdout).toContain(`download of ${url} cancelled`);
      } finally {
        try {
          process.kill(-parent.pid!, 'SIGKILL');
        } catch {
          // already ended
        }
        for (const res of held) res.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });

  it('stops quietly when stdout is closed (| head)', () => {
    // pipefail: the exit code is the executable's, not that of `true`.
    const result = spawnSync('bash', ['-c', `set -o pipefail; '${join(unpacked, 'kubectl-rollouts_plugins')}' checks | true`], { env: { PATH: '/bin:/usr/bin', HOME: unpacked }, encoding: 'utf8', timeout: 30_000 });
    expect({ code: result.status, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('Ctrl-C ends a run that waits for a silent API server at once, exit 130 (the signal reaches the lazily loaded commands)', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const server = `https://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const child = spawn(join(unpacked, 'kubectl-rollouts_plugins'), ['doctor', '--server', server, '--token', 't'], { env: { PATH: emptyPathDir, HOME: unpacked }, stdio: 'ignore', timeout: 30_000 });
      while (sockets.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      const started = Date.now();
      child.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      expect(code).toBe(130);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('runs doctor against a cluster (the Kubernetes client and the checks load from the lazily compiled asset)', async () => {
    const scenario = await startScenario();
    try {
      // Asynchronous: the fixture API server answers from this process.
      const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const options = { cwd: unpacked, env: { PATH: emptyPathDir, HOME: unpacked, NO_COLOR: '1' }, encoding: 'utf8' as const, timeout: 60_000 };
        execFile(join(unpacked, 'kubectl-rollouts_plugins'), ['doctor', '--kubeconfig', scenario.kubeconfig(), '--skip', 'probe', '--skip', 'binary', '--skip', 'handshake'], options, (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
        );
      });
      expect(result.stdout).toContain('Controller: argo-rollouts/argo-rollouts');
      expect(result.stdout).toContain('sha256-missing');
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    } finally {
      await scenario.close();
    }
  });

  it("carries a code cache of its lazily loaded commands that V8 accepts under the executable's heap settings", () => {
    // What the executable does before it compiles the asset (src/cli/entry.ts, the SEA loader in
    // scripts/build.mjs), in the Node it embeds. A cache made under other V8 flags is rejected, and
    // every command but --help and version then compiles ~4 MB of code again (~110 ms instead of ~20).
    const seaDir = join(ROOT, 'build', 'sea');
    const check = `
      const { keepYoungGenerationSmall } = await import(${JSON.stringify(join(ROOT, 'src', 'core', 'young-generation.ts'))});
      const { seaAssetScript } = await import(${JSON.stringify(join(ROOT, 'scripts', 'build.mjs'))});
      const { readFileSync } = await import('node:fs');
      const { Script } = await import('node:vm');
      keepYoungGenerationSmall();
      const source = readFileSync(${JSON.stringify(join(seaDir, 'commands.cjs'))}, 'utf8');
      const script = new Script(seaAssetScript(source), { filename: 'commands.cjs', cachedData: readFileSync(${JSON.stringify(join(seaDir, 'commands.cjs.cache'))}) });
      process.stdout.write(String(script.cachedDataRejected));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', check], { encoding: 'utf8', timeout: 30_000 });
    expect({ rejected: result.stdout, stderr: result.stderr }).toEqual({ rejected: 'false', stderr: '' });
  });

  it('is stripped: no symbol table', () => {
    const sections = execFileSync('readelf', ['-S', '-W', join(unpacked, 'kubectl-rollouts_plugins')], { encoding: 'utf8', timeout: 30_000 });
    expect(sections).not.toContain('.symtab');
    expect(sections).toContain('.dynsym');
  });
});
