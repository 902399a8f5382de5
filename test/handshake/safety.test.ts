/**
 * What the user relies on when pointing the tool at a binary: it is not run unless verified,
 * they are told what runs, it gets only the environment it needs, and nothing survives it
 * (a child ignoring SIGTERM, a deadline, an abort in the middle of the handshake).
 */
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, copyFileSync, openSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative as relativePath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { alive } from '../support/processes.js';
import { runChecks } from '../../src/core/check.js';
import { checks } from '../../src/checks/handshake/index.js';
import { handshakePlugin, summarizeHandshake, type HandshakeRequest } from '../../src/handshake/handshake.js';
import type { LaunchDescription } from '../../src/handshake/process.js';
import { processGroupMembers } from '../../src/handshake/process.js';
import { buildHandshakeBinaries, type HandshakeBinaries } from '../support/handshake-fixtures.js';
import { runCli } from '../support/cli.js';
import type { PluginEntry } from '../../src/config/types.js';
import { exitCodeFor } from '../../src/core/report.js';
import { handshakeOptionsFromArgs, runHandshakeStep } from '../../src/pipeline/handshake-step.js';
import { runHandshakeCommand } from '../../src/pipeline/handshake-command.js';
import { launchNotice } from '../../src/cli/progress.js';
import type { ConnectionFlags } from '../../src/cluster/connection-flags.js';
import { buildReport } from '../../src/pipeline/report.js';
import { handshakeGaps } from '../../src/pipeline/coverage.js';
import { startFixtureApiServer, type FixtureApiServer } from '../support/fixture-apiserver.js';
import { makeTestCerts, type TestCerts } from '../support/tls-certs.js';
import { NO_SELECTION } from '../../src/pipeline/selection.js';
import { runProbeStep } from '../../src/pipeline/probe-step.js';
import type { ProbeFacts } from '../../src/probe/types.js';

let bin: HandshakeBinaries;
let scratch: string;
beforeAll(async () => {
  bin = await buildHandshakeBinaries();
  scratch = mkdtempSync(join(tmpdir(), 'handshake-safety-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ids = (facts: Parameters<typeof runChecks>[1]) => runChecks(checks, facts as never).map((f) => f.id);

describe('the command line', () => {
  it('passes every argument after -- to the plugin, as the printed re-run commands do (it crashed with exit 3)', async () => {
    const run = await runCli(['handshake', bin.plugins['needs-args'] as string, '--type', 'trafficrouter', '--allow-unverified', '-o', 'json', '--', '-log-level', 'debug'], { env: { TMPDIR: scratch } });
    expect(run.code, run.stderr).toBe(0);
    // What is executed is said first, with the arguments.
    expect(run.stderr).toContain(`running plugin: ${bin.plugins['needs-args']} -log-level debug (`);
    // And they reach it: an argument the plugin does not know fails its start (Go's flag package).
    const bogus = await runCli(['handshake', bin.plugins['needs-args'] as string, '--type', 'trafficrouter', '--allow-unverified', '-o', 'json', '--', '-no-such-flag'], { env: { TMPDIR: scratch } });
    expect(bogus.code).toBe(1);
    const finding = (JSON.parse(bogus.stdout) as { findings: { id: string; evidence: string[] }[] }).findings.find((f) => f.id === 'handshake-bad-args');
    expect(finding?.evidence.join('\n')).toContain('flag provided but not defined: -no-such-flag');
  }, 60_000);
});

describe('process lifetime', () => {
  it('ends the whole process group, including a child that ignores SIGTERM', async () => {
    const facts = await handshakePlugin({ binaryPath: bin.plugins['child-ignores-sigterm'] as string, type: 'trafficrouter', verified: true });
    const childPid = Number(/^child pid (\d+)$/m.exec(facts.stderrTail.join('\n'))?.[1]);
    expect(childPid).toBeGreaterThan(0);
    expect(facts.rpc?.type?.value).toBe('FixtureChildIgnoresSigterm');
    expect(facts.cleanup).toEqual({ forced: true, survivors: [], escaped: [], tempDirRemoved: true });
    expect(alive(childPid)).toBe(false);
    expect(alive(facts.launch?.pid as number)).toBe(false);
    expect(existsSync(facts.launch?.cwd as string)).toBe(false);
  });

  /** Runs the handshake with TMPDIR pointing at an empty dir of its own, returned for inspection. */
  async function withOwnTmpdir<T>(run: () => Promise<T>): Promise<{ result: T; tmp: string }> {
    const tmp = mkdtempSync(join(scratch, 'tmpdir-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp; // os.tmpdir() reads it on every call
    try {
      return { result: await run(), tmp };
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  }

  /** Ctrl-C once the plugin serves: its socket is in its dir, and the calls follow at once. */
  function abortOnceServing(): Pick<HandshakeRequest, 'signal' | 'onLaunch'> {
    const controller = new AbortController();
    return {
      signal: controller.signal,
      onLaunch: ({ cwd }) => {
        const poll = setInterval(() => {
          if (!existsSync(cwd) || !readdirSync(cwd).some((f) => f.startsWith('plugin'))) return;
          clearInterval(poll);
          setTimeout(() => controller.abort(), 500);
        }, 20);
        setTimeout(() => clearInterval(poll), 10_000);
      },
    };
  }

  it.each([
    ['at the RPC deadline', () => ({ timeoutMs: 1_500 })],
    ['on Ctrl-C (the abort signal)', abortOnceServing],
  ])('a plugin that serves, then hangs in Plugin.Type and ignores SIGTERM: killed %s, its go-plugin socket gone, nothing left in TMPDIR', async (_when, options) => {
    const { result: facts, tmp } = await withOwnTmpdir(() =>
      handshakePlugin({ binaryPath: bin.plugins['hangs-in-type'] as string, type: 'trafficrouter', verified: true, ...options() }),
    );
    const socket = facts.rpc?.connect.address as string;
    expect(facts.rpc?.connect).toMatchObject({ ok: true, network: 'unix' });
    expect(socket.startsWith(`${facts.launch?.cwd}/`)).toBe(true); // it was served from the plugin's own dir
    expect(facts.rpc?.type?.ok).toBe(false);
    expect(facts.stderrTail).toContain('Type: waiting for a lock that never comes');
    expect(facts.cleanup).toMatchObject({ forced: true, survivors: [], tempDirRemoved: true });
    expect(alive(facts.launch?.pid as number)).toBe(false);
    expect(existsSync(socket)).toBe(false);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('stops at the handshake deadline and removes the plugin', async () => {
    const began = Date.now();
    const facts = await handshakePlugin({ binaryPath: bin.plugins.hang as string, type: 'step', verified: true, timeoutMs: 300 });
    expect(Date.now() - began).toBeLessThan(3000);
    expect(ids(facts)).toEqual(['handshake-timeout']);
    expect(processGroupMembers(facts.launch?.pid as number)).toEqual([]);
    expect(existsSync(facts.launch?.cwd as string)).toBe(false);
  });

  it('aborts mid-handshake on the signal, ends the plugin and reports the interruption', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const began = Date.now();
    const facts = await handshakePlugin({ binaryPath: bin.plugins.hang as string, type: 'trafficrouter', verified: true, signal: controller.signal });
    expect(Date.now() - began).toBeLessThan(3000);
    expect(facts.start?.outcome).toBe('aborted');
    expect(ids(facts)).toEqual(['handshake-aborted']);
    expect(facts.cleanup).toMatchObject({ survivors: [], tempDirRemoved: true });
    expect(alive(facts.launch?.pid as number)).toBe(false);
  });

  it('launches nothing when already aborted', async () => {
    const launches: LaunchDescription[] = [];
    const facts = await handshakePlugin({
      binaryPath: bin.plugins['trafficrouter-ok'] as string,
      type: 'trafficrouter',
      verified: true,
      signal: AbortSignal.abort(),
      onLaunch: (l) => launches.push(l),
    });
    expect(launches).toEqual([]);
    expect(ids(facts)).toEqual(['handshake-aborted']);
  });
});

describe('arguments exec cannot pass', () => {
  it('reports an argument with a NUL byte as a failed launch, leaving no temp dir', async () => {
    const before = new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('rollouts-plugin-')));
    let launched = false;
    const facts = await handshakePlugin({
      binaryPath: bin.plugins['trafficrouter-ok'] as string,
      type: 'trafficrouter',
      verified: true,
      args: ['--mode', 'a\0b'],
      onLaunch: () => (launched = true),
    });
    expect(launched).toBe(false);
    expect(facts.start?.outcome).toBe('spawn-failed');
    expect(ids(facts)).toContain('handshake-launch-failed');
    const after = readdirSync(tmpdir()).filter((n) => n.startsWith('rollouts-plugin-') && !before.has(n));
    expect(after).toEqual([]);
  });
});

describe('a launch the kernel refuses at once', () => {
  it('reports a binary still open for writing (ETXTBSY) as a failed launch, in exec\'s words as Go says it, not a crash', async () => {
    const busy = join(scratch, 'busy-plugin');
    copyFileSync(bin.plugins['trafficrouter-ok'] as string, busy);
    chmodSync(busy, 0o755);
    const writer = openSync(busy, 'r+');
    try {
      const before = new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('rollouts-plugin-')));
      const facts = await handshakePlugin({ binaryPath: busy, type: 'trafficrouter', verified: true });
      expect(facts.start).toMatchObject({ outcome: 'spawn-failed', spawnError: `fork/exec ${busy}: text file busy` });
      const finding = runChecks(checks, facts as never).find((f) => f.id === 'handshake-launch-failed');
      // About this machine, not the plugin: not tested (the verdict stays open), no controller line.
      expect(finding).toMatchObject({ variant: 'this-machine', severity: 'warning' });
      expect(finding?.evidence.join('\n')).not.toContain('controller would log');
      expect(finding?.fix).toMatch(/still has .*busy-plugin open for writing/);
      expect(readdirSync(tmpdir()).filter((n) => n.startsWith('rollouts-plugin-') && !before.has(n))).toEqual([]);
    } finally {
      closeSync(writer);
    }
  });
});

describe('what is executed, and with what', () => {
  it('announces the exact command and env names, and passes only those', async () => {
    process.env.ROLLOUTS_TEST_TOKEN = 'do-not-leak';
    try {
      const launches: LaunchDescription[] = [];
      const facts = await handshakePlugin({
        binaryPath: bin.plugins['env-report'] as string,
        type: 'trafficrouter',
        args: ['--a', 'b c'],
        verified: true,
        onLaunch: (l) => launches.push(l),
      });
      expect(launches).toHaveLength(1);
      const launch = launches[0] as LaunchDescription;
      expect(launch.command).toEqual([bin.plugins['env-report'], '--a', 'b c']);
      expect(launch.envNames).toEqual(['ARGO_ROLLOUTS_RPC_PLUGIN', 'HOME', 'PATH', 'PLUGIN_MAX_PORT', 'PLUGIN_MIN_PORT', 'PLUGIN_PROTOCOL_VERSIONS', 'TMPDIR']);
      expect(launch.toolEnv).toMatchObject({ ARGO_ROLLOUTS_RPC_PLUGIN: 'trafficrouter', PLUGIN_MIN_PORT: '10000', PLUGIN_MAX_PORT: '25000', PLUGIN_PROTOCOL_VERSIONS: '1' });
      const stderr = facts.stderrTail.join('\n');
      expect(stderr).toContain(`env ${launch.envNames.join(',')}\n`);
      expect(stderr).toContain(`cwd ${launch.cwd}\n`);
      expect(stderr).toContain(`tmpdir ${launch.cwd}\n`);
      expect(stderr).toContain(`home ${launch.cwd}\n`);
      expect(facts.rpc?.connect.address.startsWith(`${launch.cwd}/`)).toBe(true); // the socket lives in the private dir
      expect(existsSync(launch.cwd)).toBe(false);

      const passed = await handshakePlugin({ binaryPath: bin.plugins['env-report'] as string, type: 'trafficrouter', verified: true, passEnv: ['ROLLOUTS_TEST_TOKEN', 'NOT_SET_ANYWHERE'] });
      expect(passed.stderrTail.find((l) => l.startsWith('env '))?.split(' ')[1]?.split(',')).toContain('ROLLOUTS_TEST_TOKEN');
      expect(passed.launch?.envNames).not.toContain('NOT_SET_ANYWHERE');
      expect(JSON.stringify(passed)).not.toContain('do-not-leak');
    } finally {
      delete process.env.ROLLOUTS_TEST_TOKEN;
    }
  });

  it('runs a binary given by a relative path (the plugin itself runs in its temp dir)', async () => {
    const absolute = bin.plugins['step-ok'] as string;
    const relative = relativePath(process.cwd(), absolute);
    const facts = await handshakePlugin({ binaryPath: relative, type: 'step', verified: true });
    expect(facts.launch?.command).toEqual([absolute]);
    expect(facts.rpc?.type?.value).toBe('FixtureStep');
  });

  it('offers the kubeconfig only with init', async () => {
    const offer = { files: '/k/config', notOffered: [], args: [] };
    const without = await handshakePlugin({ binaryPath: bin.plugins['env-report'] as string, type: 'trafficrouter', verified: true, kubeconfig: offer });
    expect(without.launch?.envNames).not.toContain('KUBECONFIG');
    const withInit = await handshakePlugin({ binaryPath: bin.plugins['env-report'] as string, type: 'trafficrouter', verified: true, kubeconfig: offer, init: true });
    expect(withInit.launch?.toolEnv.KUBECONFIG).toBe('/k/config');
    expect(withInit.rpc?.init?.ok).toBe(true);
  });

  describe("the kubeconfig --init offers is the run's: what the plugin's InitPlugin reads from it (kubectl's reading, client-go's rules)", () => {
    const cluster = (name: string) => ({ name, cluster: { server: `https://${name}.example:6443` } });
    const context = (name: string) => ({ name, context: { cluster: name, user: 'u', namespace: 'default' } });
    const users = [{ name: 'u', user: { token: 'kubeconfig-token-u' } }, { name: 'ci', user: { token: 'kubeconfig-token-ci' } }];
    let kubeconfig: string;
    beforeAll(() => {
      kubeconfig = join(scratch, 'two-contexts');
      writeFileSync(kubeconfig, JSON.stringify({ apiVersion: 'v1', kind: 'Config', 'current-context': 'prod', clusters: [cluster('prod'), cluster('staging')], contexts: [context('prod'), context('staging')], users }));
    });

    /** Launches env-report with --init and the offer built from `flags` as the CLI builds it. */
    async function offeredTo(flags: ConnectionFlags) {
      const options = await handshakeOptionsFromArgs({ init: true }, AbortSignal.timeout(30_000), undefined, { kubeconfig, ...flags });
      let written: string[] = [];
      let notice = '';
      const facts = await handshakePlugin({
        binaryPath: bin.plugins['env-report'] as string,
        type: 'trafficrouter',
        verified: true,
        init: true,
        ...(options.kubeconfig && { kubeconfig: options.kubeconfig }),
        onLaunch: (launch) => {
          notice = launchNotice(launch);
          written = readdirSync(launch.cwd).filter((f) => f.endsWith('.kubeconfig')).map((f) => readFileSync(join(launch.cwd, f), 'utf8'));
        },
      });
      expect(facts.rpc?.init?.ok).toBe(true);
      expect(existsSync(facts.launch!.cwd)).toBe(false);
      return { seen: facts.stderrTail.find((l) => l.startsWith('kubeconfig ')), written, notice, facts };
    }

    it('without flags: the files as they are (their current-context)', async () => {
      const { seen, written, facts } = await offeredTo({});
      expect(seen).toBe('kubeconfig prod prod u default https://prod.example:6443');
      expect(written).toEqual([]);
      expect(facts.launch?.toolEnv.KUBECONFIG).toBe(kubeconfig);
    });

    it('--context: a file of its own selects it, holding nothing else', async () => {
      const { seen, written, facts } = await offeredTo({ context: 'staging' });
      expect(seen).toBe('kubeconfig staging staging u default https://staging.example:6443');
      expect(written).toEqual(['{"apiVersion":"v1","kind":"Config","current-context":"staging"}\n']);
      expect(facts.launch?.toolEnv.KUBECONFIG).toBe(`${join(facts.launch!.cwd, 'context.kubeconfig')}:${kubeconfig}`);
    });

    it('--cluster, --user and -n: the context entry carries them (names only, no credential written)', async () => {
      const { seen, written, notice } = await offeredTo({ cluster: 'staging', user: 'ci', namespace: 'shop' });
      expect(seen).toBe('kubeconfig prod staging ci shop https://staging.example:6443');
      expect(written).toEqual(['{"apiVersion":"v1","kind":"Config","current-context":"prod","contexts":[{"name":"prod","context":{"cluster":"staging","user":"ci","namespace":"shop"}}]}\n']);
      expect(notice).not.toContain('not offered');
    });

    it('--token, --as, --server: never written for the plugin, and the launch notice names them without their values', async () => {
      const { seen, written, notice } = await offeredTo({ context: 'staging', server: 'https://elsewhere.example:6443', token: 'flag-token-value', as: 'admin' });
      expect(seen).toBe('kubeconfig staging staging u default https://staging.example:6443');
      expect(written.join('')).not.toMatch(/flag-token-value|elsewhere|admin/);
      expect(notice).toContain("; not offered: --server, --token, --as (a server, credential or identity given as a flag is never written to disk for the plugin: its InitPlugin uses the kubeconfig's))");
      expect(notice).not.toContain('flag-token-value');
    });

    it('a relative --kubeconfig or KUBECONFIG entry: offered resolved against the cwd, where the plugin (run in its temp dir) finds it', async () => {
      const relative = relativePath(process.cwd(), kubeconfig);
      const { seen, facts } = await offeredTo({ kubeconfig: relative });
      expect(seen).toBe('kubeconfig prod prod u default https://prod.example:6443');
      expect(facts.launch?.toolEnv.KUBECONFIG).toBe(kubeconfig);
      vi.stubEnv('KUBECONFIG', relative);
      try {
        expect((await handshakeOptionsFromArgs({ init: true }, AbortSignal.timeout(30_000))).kubeconfig?.files).toBe(kubeconfig);
      } finally {
        vi.unstubAllEnvs();
      }
    });

    /** The report of `handshake --init` of env-report as the CLI runs it, with the offer built from `flags`. */
    async function initReport(flags: ConnectionFlags) {
      let notice = '';
      const options = await handshakeOptionsFromArgs({ init: true }, AbortSignal.timeout(30_000), (launch) => (notice = launchNotice(launch)), flags);
      const report = await runHandshakeCommand({ path: bin.plugins['env-report'] as string, type: 'trafficrouter', args: [], options, signal: AbortSignal.timeout(30_000) });
      return { report, notice };
    }

    it('no kubeconfig file at all: InitPlugin is called without one, and Not checked says so, naming the flags not offered', async () => {
      vi.stubEnv('KUBECONFIG', join(scratch, 'no-such-kubeconfig'));
      try {
        const { report, notice } = await initReport({ token: 'flag-token-value', namespace: 'shop' });
        expect(notice).not.toContain('KUBECONFIG');
        expect(notice).toContain('; not offered: --token (a server, credential or identity given as a flag is never written to disk for the plugin))');
        expect(report.plugins[0]?.handshake).toMatchObject({ ok: true, summary: 'Plugin.Type = "FixtureEnvReport", InitPlugin ok' });
        expect(report.notChecked.filter((g) => g.what === 'InitPlugin')).toEqual([{ what: 'InitPlugin', why: 'called with no kubeconfig: none found; --token not offered either (a server, credential or identity given as a flag is never written to disk for the plugin)', blinds: [] }]);
        expect(JSON.stringify(report)).not.toContain('flag-token-value');
      } finally {
        vi.unstubAllEnvs();
      }
    });

    it('--server: InitPlugin is not called (it would ask the kubeconfig\'s server, another cluster than the one checked), and Not checked says why', async () => {
      const { report } = await initReport({ kubeconfig, server: 'https://elsewhere.example:6443', token: 'flag-token-value' });
      // Not "(--init)": that would read as "add --init", which was given.
      expect(report.plugins[0]?.handshake).toMatchObject({ ok: true, summary: 'Plugin.Type = "FixtureEnvReport", InitPlugin not called (not with --server)' });
      expect(report.notChecked.filter((g) => g.what === 'InitPlugin')).toEqual([
        { what: 'InitPlugin', why: "not called: --server not offered (a server, credential or identity given as a flag is never written to disk for the plugin: its InitPlugin uses the kubeconfig's), so its answer would not be about the server this run checked (* in the HANDSHAKE column)", blinds: [] },
      ]);
    });

    describe("the server's trust flags: offered in the run's cluster entry, so InitPlugin reaches the fixture API server over TLS as the run does", () => {
      let api: FixtureApiServer;
      let certs: TestCerts;
      let caFile: string;
      /** A kubeconfig of the fixture server with `trust` as its cluster's TLS settings (the token is the kubeconfig's). */
      const kubeconfigWith = (name: string, trust: Record<string, unknown>) => {
        const file = join(scratch, name);
        writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'Config', 'current-context': 'fixture', clusters: [{ name: 'fixture', cluster: { server: api.url, ...trust } }], contexts: [{ name: 'fixture', context: { cluster: 'fixture', user: 'admin', namespace: 'default' } }], users: [{ name: 'admin', user: { token: 'admin-token' } }] }));
        return file;
      };
      beforeAll(async () => {
        api = await startFixtureApiServer();
        certs = makeTestCerts();
        caFile = join(scratch, 'fixture-ca.pem');
        writeFileSync(caFile, api.caPem!);
      });
      afterAll(async () => {
        await api.close();
        certs.remove();
      });

      /** env-report --request with --init: what its kubectl saw and whether its request got through; the findings and Not checked. */
      async function requestWith(flags: ConnectionFlags) {
        let written: string[] = [];
        const options = await handshakeOptionsFromArgs({ init: true }, AbortSignal.timeout(30_000), (launch) => {
          written = readdirSync(launch.cwd).filter((f) => f.endsWith('.kubeconfig')).map((f) => readFileSync(join(launch.cwd, f), 'utf8'));
        }, flags);
        const facts = await handshakePlugin({ binaryPath: bin.plugins['env-report'] as string, type: 'trafficrouter', args: ['--request'], verified: true, init: options.init, ...(options.kubeconfig && { kubeconfig: options.kubeconfig }), ...(options.onLaunch && { onLaunch: options.onLaunch }) });
        const line = (prefix: string) => facts.stderrTail.find((l) => l.startsWith(prefix));
        expect(existsSync(facts.launch!.cwd)).toBe(false);
        return { seen: line('kubeconfig '), trust: line('trust '), request: line('request '), ids: ids(facts), written: written.join(''), notChecked: handshakeGaps(undefined, options, [], { all: [], decidesNow: () => false }) };
      }

      it('--certificate-authority: the plugin trusts the CA the run trusts (its kubeconfig has none)', async () => {
        const kubeconfig = kubeconfigWith('no-ca', {});
        const run = await requestWith({ kubeconfig, certificateAuthority: relativePath(process.cwd(), caFile) });
        expect(run.seen).toBe(`kubeconfig fixture fixture admin default ${api.url}`);
        expect(run.trust).toBe(`trust ca=${caFile} ca-data= insecure= tls-server-name=`);
        expect(run.request).toBe('request ok');
        expect(run.ids).toEqual([]);
        expect(run.notChecked).toEqual([]);
        // The cluster entry only: no user, no token.
        expect(JSON.parse(run.written)).toEqual({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'fixture', cluster: { server: api.url, 'certificate-authority': caFile } }] });
      });

      it("--insecure-skip-tls-verify: the kubeconfig's CA is dropped, as client-go drops it (both would be refused)", async () => {
        const kubeconfig = kubeconfigWith('other-ca', { 'certificate-authority': certs.caFile });
        expect((await requestWith({ kubeconfig })).ids).toEqual(['handshake-init-failed']);
        const run = await requestWith({ kubeconfig, insecureSkipTlsVerify: true });
        expect(run.trust).toBe('trust ca= ca-data= insecure=true tls-server-name=');
        expect(run.request).toBe('request ok');
        expect(run.ids).toEqual([]);
      });

      it("--tls-server-name: the name the certificate is checked against is the run's, the address the kubeconfig's", async () => {
        const kubeconfig = kubeconfigWith('wrong-name', { 'certificate-authority-data': Buffer.from(api.caPem!).toString('base64'), 'tls-server-name': 'elsewhere.example' });
        const run = await requestWith({ kubeconfig, tlsServerName: 'localhost' });
        expect(run.seen).toBe(`kubeconfig fixture fixture admin default ${api.url}`);
        expect(run.trust).toBe('trust ca= ca-data=DATA+OMITTED insecure= tls-server-name=localhost');
        expect(run.request).toBe('request ok');
        // And a name that does not match fails the plugin as it fails the run: the flag is the run's.
        const wrong = await requestWith({ kubeconfig: kubeconfigWith('good', { 'certificate-authority-data': Buffer.from(api.caPem!).toString('base64') }), tlsServerName: 'elsewhere.example' });
        expect(wrong.request).toMatch(/^request failed: .*x509: certificate is valid for .*not elsewhere\.example/);
      });

      it("--certificate-authority given no value: the plugin keeps the kubeconfig's trust, as kubectl and the run do", async () => {
        const kubeconfig = kubeconfigWith('insecure', { 'insecure-skip-tls-verify': true });
        const run = await requestWith({ kubeconfig, certificateAuthority: '' });
        expect(run.trust).toBe('trust ca= ca-data= insecure=true tls-server-name=');
        expect(run.request).toBe('request ok');
        expect(run.ids).toEqual([]);
      });

      it('with --cluster, --user and -n too: one file holds the context entry and the cluster entry', async () => {
        const kubeconfig = kubeconfigWith('no-ca-2', {});
        const run = await requestWith({ kubeconfig, cluster: 'fixture', namespace: 'shop', certificateAuthority: caFile });
        expect(run.seen).toBe(`kubeconfig fixture fixture admin shop ${api.url}`);
        expect(run.request).toBe('request ok');
        expect(JSON.parse(run.written)).toMatchObject({ 'current-context': 'fixture', contexts: [{ name: 'fixture', context: { cluster: 'fixture', user: 'admin', namespace: 'shop' } }], clusters: [{ name: 'fixture' }] });
      });

      it('a proxy-url with a password in the cluster entry: never written, so InitPlugin is not called, and Not checked says why', async () => {
        const kubeconfig = kubeconfigWith('proxy-password', { 'proxy-url': 'http://me:proxy-secret@127.0.0.1:1' });
        const options = await handshakeOptionsFromArgs({ init: true }, AbortSignal.timeout(30_000), undefined, { kubeconfig, certificateAuthority: caFile });
        expect(options.init).toBe(false);
        expect(JSON.stringify(options.kubeconfig)).not.toContain('proxy-secret');
        expect(handshakeGaps(undefined, options, [], { all: [], decidesNow: () => false })).toEqual([
          { what: 'InitPlugin', why: "not called: --certificate-authority not offered: the cluster entry that would carry it holds a proxy-url with a password, never written to disk for the plugin, so with the kubeconfig's trust its answer would not be about the connection this run checked (* in the HANDSHAKE column)", blinds: [] },
        ]);
      });
    });
  });

  it('never executes a binary whose checksum does not match, unless allowed', async () => {
    const marker = join(scratch, 'executed');
    const script = join(scratch, 'plugin.sh');
    writeFileSync(script, `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
    const launches: LaunchDescription[] = [];
    const refused = await handshakePlugin({ binaryPath: script, type: 'trafficrouter', verified: 'mismatch', onLaunch: (l) => launches.push(l) });
    expect(ids(refused)).toEqual(['handshake-skipped-unverified']);
    expect(launches).toEqual([]);
    expect(existsSync(marker)).toBe(false);

    const allowed = await handshakePlugin({ binaryPath: script, type: 'trafficrouter', verified: 'mismatch', allowUnverified: true, timeoutMs: 2000 });
    expect(existsSync(marker)).toBe(true);
    expect(allowed.verification).toEqual({ verified: 'mismatch', allowUnverified: true, ranUnverified: true });
    expect(ids(allowed)).toEqual(['handshake-ran-unverified', 'handshake-plugin-exited']);
  });

  it('says why a binary is not run: a sha256 that cannot match, or bytes not hashed, is no mismatch; a run already interrupted is not about the checksum at all', async () => {
    const marker = join(scratch, 'executed-2');
    const script = join(scratch, 'plugin-2.sh');
    writeFileSync(script, `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
    const skip = async (verified: 'cannot-match' | 'not-verified', signal?: AbortSignal) => {
      const facts = await handshakePlugin({ binaryPath: script, type: 'trafficrouter', verified, ...(signal && { signal }) });
      const finding = runChecks(checks, facts)[0];
      return { skipped: facts.skipped, evidence: finding?.evidence, id: finding?.id };
    };
    expect(await skip('cannot-match')).toEqual({
      skipped: { reason: 'unverified', detail: 'its configured sha256 can never match (see the sha256 findings)' },
      evidence: [`binary: ${script}`, 'sha256: cannot-match'],
      id: 'handshake-skipped-unverified',
    });
    expect((await skip('not-verified')).skipped).toEqual({ reason: 'unverified', detail: 'its sha256 could not be computed' });
    const interrupted = new AbortController();
    interrupted.abort();
    expect((await skip('not-verified', interrupted.signal)).skipped).toEqual({ reason: 'aborted', detail: 'cancelled before launch' });
    expect(existsSync(marker)).toBe(false);
  });

  it('runs an unpinned plugin (nothing to mismatch) without a warning', async () => {
    const facts = await handshakePlugin({ binaryPath: bin.plugins['step-ok'] as string, type: 'step', verified: 'unpinned' });
    expect(ids(facts)).toEqual([]);
  });
});

describe('binaries that cannot run here', () => {
  it('does not try a binary for another OS/arch and says what would work', async () => {
    const facts = await handshakePlugin({
      binaryPath: bin.plugins['trafficrouter-ok'] as string,
      type: 'trafficrouter',
      verified: true,
      binary: { format: 'elf', os: 'linux', arch: [process.arch === 'arm64' ? 'amd64' : 'arm64'], size: 1000, summary: 'ELF for the other CPU' },
    });
    expect(facts.launch).toBeUndefined();
    const [finding] = runChecks(checks, facts);
    expect(finding).toMatchObject({ id: 'handshake-cannot-run-on-host', severity: 'info' });
    expect(finding?.fix).toContain('--platform linux/');
  });

  it('calls an HTML page saved as the plugin an error, without running it', async () => {
    const page = join(scratch, 'page');
    writeFileSync(page, '<!DOCTYPE html><html><body>Not Found</body></html>', { mode: 0o755 });
    const facts = await handshakePlugin({ binaryPath: page, type: 'metricprovider', verified: 'unpinned' });
    const [finding] = runChecks(checks, facts);
    expect(finding).toMatchObject({ id: 'handshake-cannot-run-on-host', severity: 'error' });
    expect(finding?.evidence.join('\n')).toMatch(/header: HTML document/);
  });

  it('reports a binary without execute permission as a launch failure', async () => {
    const copy = join(scratch, 'not-executable');
    copyFileSync(bin.plugins['trafficrouter-ok'] as string, copy);
    chmodSync(copy, 0o644);
    const facts = await handshakePlugin({ binaryPath: copy, type: 'trafficrouter', verified: true });
    const [finding] = runChecks(checks, facts);
    expect(finding).toMatchObject({ id: 'handshake-launch-failed', fix: `chmod +x ${copy} (for a file:// plugin, in the image that provides it)` });
    expect(facts.cleanup).toMatchObject({ tempDirRemoved: true });
  });

  it('reports a missing binary, in words: what, where and why, not the OS error', async () => {
    const facts = await handshakePlugin({ binaryPath: join(scratch, 'missing'), type: 'step', verified: true });
    expect(ids(facts)).toEqual(['handshake-binary-unreadable']);
    expect(facts.skipped).toEqual({ reason: 'unreadable', detail: `cannot read ${join(scratch, 'missing')}: no such file` });
    expect(summarizeHandshake(facts).summary).toBe(`not run: cannot read ${join(scratch, 'missing')}: no such file`);
  });
});

describe('only the bytes whose sha256 the probe verified are executed', () => {
  const script = (marker: string) => `#!/bin/sh\ntouch ${marker}\n`;

  /** A pinned file:// plugin probed into a cache of its own, as doctor does before the handshake. */
  async function probed() {
    const pod = mkdtempSync(join(scratch, 'pod-'));
    mkdirSync(join(pod, 'plugins'));
    const ran = join(pod, 'verified-bytes-ran');
    const content = script(ran);
    writeFileSync(join(pod, 'plugins', 'router'), content);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const entry: PluginEntry = { type: 'trafficrouter', key: 'trafficRouterPlugins', index: 0, name: 'acme/router', location: 'file:///plugins/router', sha256 };
    const { probes } = await runProbeStep([entry], { pluginDir: pod, cacheDir: join(pod, 'cache') });
    expect(probes[0]!.sha256.state).toBe('ok');
    return { probes, cachePath: probes[0]!.content!.cachePath!, content, ran, tampered: join(pod, 'other-bytes-ran') };
  }

  async function handshake(probes: ProbeFacts[]) {
    const launches: LaunchDescription[] = [];
    const step = await runHandshakeStep(probes, { allowUnverified: false, init: false, passEnv: [], signal: new AbortController().signal, concurrency: 1, timeoutMs: 2_000, onLaunch: (l) => launches.push(l) });
    // The report a run would make of it: a warning, which fails the run with --fail-on warning.
    const report = buildReport({ command: 'probe', source: { kind: 'file', description: 'argo-rollouts-config.yaml' }, plugins: [], findings: step.findings, selection: NO_SELECTION, notChecked: [], references: [], judgesNow: false, logsCurrent: false });
    return { launches, findings: step.findings.map((f) => ({ id: f.id, variant: f.variant, evidence: f.evidence })), exitCodes: [exitCodeFor(report, 'error'), exitCodeFor(report, 'warning')] };
  }

  it.each([
    ['written into after the probe', (path: string, bytes: string) => writeFileSync(path, bytes)],
    ['replaced by another file', (path: string, bytes: string) => (writeFileSync(`${path}.new`, bytes, { mode: 0o700 }), renameSync(`${path}.new`, path))],
  ])('a cached file %s is not run: said, with where and what to do', async (_how, change) => {
    const { probes, cachePath, ran, tampered } = await probed();
    change(cachePath, script(tampered));
    const { launches, findings, exitCodes } = await handshake(probes);
    expect(launches).toEqual([]);
    expect(exitCodes).toEqual([0, 1]);
    expect([existsSync(ran), existsSync(tampered)]).toEqual([false, false]);
    expect(findings).toEqual([
      { id: 'handshake-skipped-unverified', variant: 'changed-after-verification', evidence: [`the cached file ${cachePath} changed after its sha256 was verified`, `binary: ${cachePath}`] },
    ]);
    const [finding] = runChecks(checks, (await handshakePlugin({ binaryPath: cachePath, type: 'trafficrouter', verified: true, cached: { sha256: probes[0]!.content!.sha256, identity: probes[0]!.content!.cacheIdentity! } })) as never);
    expect(finding?.fix).toBe(`Run again: the plugin is downloaded and verified again. If this repeats, something else writes to ${dirname(cachePath)} (your own cache, mode 0700): find it before trusting what runs from there.`);
    expect(existsSync(tampered)).toBe(false);
  });

  it('an untouched file runs, and so does an identical copy renamed over it (the same plugin downloaded again)', async () => {
    const untouched = await probed();
    expect((await handshake(untouched.probes)).launches).toHaveLength(1);
    expect(existsSync(untouched.ran)).toBe(true);

    const { probes, cachePath, content, ran } = await probed();
    writeFileSync(`${cachePath}.copy`, content, { mode: 0o700 });
    renameSync(`${cachePath}.copy`, cachePath);
    expect((await handshake(probes)).launches).toHaveLength(1);
    expect(existsSync(ran)).toBe(true);
  });

  it('Ctrl-C while an identical copy is hashed again is an interruption, not a changed file', async () => {
    const { probes, cachePath, content, ran } = await probed();
    writeFileSync(`${cachePath}.copy`, content, { mode: 0o700 });
    renameSync(`${cachePath}.copy`, cachePath);
    const interrupt = new AbortController();
    const running = handshakePlugin({ binaryPath: cachePath, type: 'trafficrouter', verified: true, cached: { sha256: probes[0]!.content!.sha256, identity: probes[0]!.content!.cacheIdentity! }, signal: interrupt.signal });
    interrupt.abort(); // the hashing has begun: the first look (synchronous) found another identity
    const facts = await running;
    expect(facts.skipped).toEqual({ reason: 'aborted', detail: 'cancelled before launch' });
    expect(ids(facts)).toEqual(['handshake-aborted']);
    expect(existsSync(ran)).toBe(false);
  });
});
