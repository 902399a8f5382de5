/**
 * Every fixture plugin through handshakePlugin(), with the verdicts the checks draw from it, and
 * go-plugin's own client (test/go/host) run on the same binary: both must agree on started,
 * dispensed, Plugin.Type and InitPlugin's error.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runChecks, variantKey } from '../../src/core/check.js';
import type { PluginType } from '../../src/core/finding.js';
import { checks } from '../../src/checks/handshake/index.js';
import { handshakePlugin, summarizeHandshake, type HandshakeFacts } from '../../src/handshake/handshake.js';
import { DEFAULT_STDERR_CAP_BYTES, PluginProcess } from '../../src/handshake/process.js';
import { buildHandshakeBinaries, runGoHost, type HandshakeBinaries } from '../support/handshake-fixtures.js';

let bin: HandshakeBinaries;
beforeAll(async () => {
  bin = await buildHandshakeBinaries();
});

/** What test/go/plugins/stderr-flood writes: 2048 lines `flood NNNN x…` on its stderr, then 1024 `stream flood NNNN x…` over go-plugin's stderr stream. */
const FLOOD = { processBytes: 2048 * 'flood 0000 \n'.length + 2048 * 1000, streamBytes: 1024 * 'stream flood 0000 \n'.length + 1024 * 1000 };
/** What go-plugin's server may hold of its stderr stream at any moment: a Linux pipe's buffer, and io.Copy's buffer. */
const GO_PLUGIN_PIPE_BYTES = 64 * 1024;
const GO_COPY_BUFFER_BYTES = 32 * 1024;

interface Case {
  fixture: string;
  type: PluginType;
  args?: string[];
  init?: boolean;
  timeoutMs?: number;
  findings: string[];
  check?: (facts: HandshakeFacts) => void;
}

const CASES: Case[] = [
  {
    fixture: 'trafficrouter-ok',
    type: 'trafficrouter',
    init: true,
    findings: [],
    check: (f) => {
      expect(f.rpc?.type?.value).toBe('FixtureTrafficRouter');
      expect(f.rpc?.init).toMatchObject({ ok: true, errorString: undefined });
      expect(f.rpc?.quit?.ok).toBe(true);
      expect(f.phases.map((p) => p.name)).toEqual(['launch', 'start', 'connect', 'ping', 'dispense', 'type', 'init', 'quit', 'cleanup']);
      expect(summarizeHandshake(f)).toMatchObject({ ok: true, summary: 'Plugin.Type = "FixtureTrafficRouter", InitPlugin ok' });
    },
  },
  { fixture: 'metricprovider-ok', type: 'metricprovider', findings: [], check: (f) => expect(f.rpc?.type?.value).toBe('FixtureMetricProvider') },
  { fixture: 'step-ok', type: 'step', findings: [], check: (f) => expect(f.rpc?.dispense).toMatchObject({ ok: true, name: 'RpcStepPlugin', id: 1 }) },
  {
    fixture: 'init-error',
    type: 'trafficrouter',
    init: true,
    findings: ['handshake-init-failed'],
    check: (f) => expect(f.rpc?.init?.errorString).toBe('failed to create kubernetes client: invalid configuration: no configuration has been provided'),
  },
  {
    fixture: 'metricprovider-ok',
    type: 'trafficrouter',
    findings: ['handshake-wrong-plugin-type'],
    check: (f) => {
      expect(f.wrongType).toEqual({ triedTypes: ['metricprovider'], actualType: 'metricprovider' });
      expect(f.start).toMatchObject({ outcome: 'exited', exit: { code: 1, signal: null }, goPluginError: 'plugin exited before we could connect' });
      expect(summarizeHandshake(f).summary).toBe('wrong type: it is a metricprovider plugin');
    },
  },
  {
    fixture: 'stdout-noise',
    type: 'trafficrouter',
    findings: ['handshake-stdout-noise'],
    check: (f) => {
      expect(f.start?.goPluginError).toBe('Unrecognized remote plugin message: fixture plugin v0.4.0 starting');
      expect(f.start?.laterHandshakeLine).toMatch(/^1\|1\|unix\|.*\|netrpc\|$/);
    },
  },
  {
    fixture: 'exit-at-once',
    type: 'trafficrouter',
    findings: ['handshake-plugin-exited'],
    check: (f) => {
      expect(f.start?.exit).toEqual({ code: 3, signal: null });
      expect(f.stderrTail).toContain('fatal: cannot read /etc/fixture/config.yaml: no such file or directory');
    },
  },
  {
    fixture: 'hang',
    type: 'trafficrouter',
    timeoutMs: 400,
    findings: ['handshake-timeout'],
    check: (f) => {
      expect(f.start).toMatchObject({ outcome: 'timeout', goPluginError: 'timeout while waiting for plugin to start' });
      expect(f.start?.ms).toBeGreaterThanOrEqual(399);
      expect(f.stderrTail).toEqual(['waiting for a lock that never comes']);
    },
  },
  { fixture: 'grpc', type: 'trafficrouter', findings: ['handshake-grpc-protocol'], check: (f) => expect(f.start?.goPluginError).toBe('unsupported plugin protocol "grpc". Supported: [netrpc]') },
  {
    fixture: 'protocol-v2',
    type: 'trafficrouter',
    findings: ['handshake-protocol-version'],
    check: (f) => expect(f.start?.goPluginError).toBe('incompatible API version with plugin. Plugin version: 2, Client versions: [1]'),
  },
  {
    fixture: 'stderr-flood',
    type: 'trafficrouter',
    findings: [],
    check: (f) => {
      expect(f.rpc?.type?.value).toBe('FixtureStderrFlood');
      // Counted whatever the load: all of the process's stderr (written before the handshake line, read
      // before the RPCs that follow it), and of the stream all that went out before Plugin.Type's reply
      // (one connection: read in order), that is all but what go-plugin's stderr pipe and its copy
      // buffer still held then, lost when the plugin quits.
      expect(f.stderrBytes).toBeGreaterThanOrEqual(FLOOD.processBytes + FLOOD.streamBytes - GO_PLUGIN_PIPE_BYTES - GO_COPY_BUFFER_BYTES);
      expect(f.stderrTail.filter((l) => /^stream flood \d{4} x{1000}$/.test(l)).length).toBeGreaterThan(10);
    },
  },
  { fixture: 'close-mid-call', type: 'trafficrouter', findings: ['handshake-rpc-failed'], check: (f) => expect(f.rpc?.type).toMatchObject({ ok: false, error: 'unexpected EOF' }) },
  {
    fixture: 'needs-args',
    type: 'trafficrouter',
    args: ['--log-level=debug', '--kubeconfig=/x'],
    findings: ['handshake-bad-args'],
    check: (f) => {
      expect(f.undefinedFlag).toBe('-kubeconfig');
      expect(f.start?.exit?.code).toBe(2);
    },
  },
  { fixture: 'needs-args', type: 'trafficrouter', args: ['-log-level=debug'], findings: [], check: (f) => expect(f.stderrTail[0]).toBe('log level debug') },
  {
    fixture: 'serves-other-name',
    type: 'trafficrouter',
    findings: ['handshake-dispense-failed'],
    check: (f) => expect(f.rpc?.dispense).toMatchObject({ ok: false, error: 'unknown plugin type: RpcTrafficRouterPlugin' }),
  },
  {
    // Plugin.Type goes out before the ack arrives, and this plugin answers it: only the ack tells.
    fixture: 'bad-broker-ack',
    type: 'trafficrouter',
    findings: ['handshake-dispense-failed/bad-ack'],
    check: (f) => {
      expect(f.rpc?.dispense).toMatchObject({ ok: false, id: 1, badAck: true, error: 'bad ack: 2 (expected 1)' });
      expect(f.rpc?.type).toBeUndefined();
      expect(summarizeHandshake(f)).toMatchObject({ ok: false, summary: 'RPC failed: bad ack: 2 (expected 1)' });
    },
  },
  { fixture: 'child-ignores-sigterm', type: 'trafficrouter', findings: [], check: (f) => expect(f.cleanup?.forced).toBe(true) },
];

describe('a plugin that hangs in Plugin.Type', () => {
  it('is given --handshake-timeout for the call, like every other step, and is said to hang', async () => {
    const facts = await handshakePlugin({ binaryPath: bin.plugins['hangs-in-type'] as string, type: 'trafficrouter', verified: true, timeoutMs: 1_500 });
    expect(facts.rpc?.type).toMatchObject({ ok: false, timedOut: true, error: 'Plugin.Type: no reply within 1.5 s' });
    expect(facts.phases.find((p) => p.name === 'type')!.ms).toBeLessThan(3_000);
    expect(runChecks(checks, facts).map((f) => variantKey(f.id, f.variant))).toEqual(['handshake-rpc-failed/no-reply']);
    expect(facts.cleanup).toMatchObject({ survivors: [], tempDirRemoved: true });
  });
});

describe('a plugin flooding its stderr', () => {
  it('keeps the last 256 KiB, counts the rest, and is ended with nothing left behind', async () => {
    const plugin = new PluginProcess({ binaryPath: bin.plugins['stderr-flood'] as string, args: [], cookie: 'trafficrouter' });
    const started = await plugin.nextLine(10_000);
    const cleanup = await plugin.stop();
    expect(started).toMatchObject({ kind: 'line', line: expect.stringMatching(/^1\|1\|unix\|/) });
    expect(cleanup).toMatchObject({ survivors: [], tempDirRemoved: true });
    const kept = plugin.stderrTail(Infinity);
    // Full to its cap (the last line's newline is not in the lines), never over it.
    expect(Buffer.byteLength(kept.join('\n')) + 1).toBe(DEFAULT_STDERR_CAP_BYTES);
    // All of it counted: written before the handshake line, it was read in the same turn of the event loop, before stop() returned.
    expect(plugin.stderrBytes).toBeGreaterThanOrEqual(FLOOD.processBytes);
    // The tail, in the order written: whole flood lines after the first (cut) one, up to the last,
    // then go-plugin's own log line (the plugin's address) before the handshake.
    const flood = kept.slice(1).filter((l) => !l.startsWith('{"@level"'));
    const numbers = flood.map((l) => Number(/^flood (\d{4}) x{1000}$/.exec(l)?.[1]));
    expect(numbers.at(-1)).toBe(2047);
    expect(numbers.every((n, i) => n === 2047 - (numbers.length - 1) + i)).toBe(true);
  });
});

describe.each(CASES)('$fixture as $type $args', (c) => {
  it('gives the expected verdicts, agrees with go-plugin\'s own client, and leaves nothing behind', async () => {
    const request = { type: c.type, args: c.args, init: c.init, timeoutMs: c.timeoutMs ?? 5000 };
    const [facts, goHost] = await Promise.all([
      handshakePlugin({ ...request, binaryPath: bin.plugins[c.fixture] as string, verified: true }),
      runGoHost(bin.host, bin.plugins[c.fixture] as string, request),
    ]);
    expect(runChecks(checks, facts).map((f) => variantKey(f.id, f.variant))).toEqual(c.findings);
    c.check?.(facts);

    const go = goHost.result;
    expect({
      started: facts.start?.outcome === 'started',
      dispensed: facts.rpc?.dispense?.ok ?? false,
      type: facts.rpc?.type?.value,
      typeFailed: facts.rpc?.type?.ok === false,
      initError: facts.rpc?.init?.errorString,
    }).toEqual({ started: go.started, dispensed: go.dispensed, type: go.type, typeFailed: go.typeError !== undefined, initError: go.initError });

    expect(facts.cleanup).toMatchObject({ survivors: [], tempDirRemoved: true });
  });
});
