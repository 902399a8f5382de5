/**
 * A plugin whose handshake was not launched (HandshakeFacts.skipped) never leaves Now OK for a
 * Rollout that uses it: Not checked says why, in the skip's own words. A run that could not test
 * what the controller runs (a cached file that changed after its sha256 was verified, or cannot be
 * read) fails, exit 1; a binary this machine cannot run is a step it cannot take (exit 0), and the
 * entry says where it can be taken. -o junit skips the handshake checks such a plugin never met.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseJunit } from 'junit2json';
import { describe, expect, it } from 'vitest';
import { checks as handshakeChecks } from '../../src/checks/handshake/index.js';
import { checks as probeChecks } from '../../src/checks/probe/index.js';
import { ALL_CHECKS } from '../../src/checks/registry.js';
import { lintConfigMapData } from '../../src/config/lint.js';
import { entriesReadByController } from '../../src/config/parse.js';
import { runChecks } from '../../src/core/check.js';
import { exitCodeFor, type Report } from '../../src/core/report.js';
import { summarizeHandshake, type HandshakeFacts } from '../../src/handshake/handshake.js';
import { handshakeGaps } from '../../src/pipeline/coverage.js';
import { buildReport } from '../../src/pipeline/report.js';
import { NO_SELECTION } from '../../src/pipeline/selection.js';
import { usesPlugin } from '../../src/pipeline/verdict.js';
import type { BinaryInfo } from '../../src/probe/binary.js';
import { probePlugins } from '../../src/probe/probe.js';
import type { ProbeFacts } from '../../src/probe/types.js';
import { fileErrorWords } from '../../src/core/file-error.js';
import { renderJunit } from '../../src/render/junit.js';
import { ROLLOUT_USING_ROUTER, ROUTER } from '../support/used-router.js';

const rollout = ROLLOUT_USING_ROUTER;
const CACHED = '/home/me/.cache/kubectl-rollouts-plugins/3f1c';
const LINUX_ARM64: BinaryInfo = { format: 'elf', os: 'linux', arch: ['arm64'], size: 1000, static: true, summary: 'ELF 64-bit aarch64 (linux/arm64), statically linked' };
const LINUX_AMD64: BinaryInfo = { format: 'elf', os: 'linux', arch: ['amd64'], size: 1000, static: true, summary: 'ELF 64-bit x86-64 (linux/amd64), statically linked' };
const HTML_PAGE: BinaryInfo = { format: 'html', size: 60, summary: 'HTML document', excerpt: '<!DOCTYPE html><html>' };

/** acme/router's handshake, not launched for `skipped`, on a linux/amd64 host. */
function notLaunched(skipped: NonNullable<HandshakeFacts['skipped']>, binary: BinaryInfo = LINUX_AMD64, more: Partial<HandshakeFacts> = {}): HandshakeFacts {
  return {
    plugin: { name: 'acme/router', type: 'trafficrouter' },
    binaryPath: CACHED,
    args: [],
    init: false,
    passEnv: [],
    verification: { verified: skipped.reason === 'unverified' ? 'mismatch' : true, allowUnverified: false, ranUnverified: false },
    host: { os: 'linux', arch: 'amd64' },
    binary,
    skipped,
    stderrTail: [],
    stderrBytes: 0,
    stdoutHead: '',
    timeoutMs: 10_000,
    phases: [],
    totalMs: 1,
    ...more,
  };
}

/** The facts of a binary whose header could not be read. */
function withoutBinary(facts: HandshakeFacts): HandshakeFacts {
  const copy = { ...facts };
  delete copy.binary;
  return copy;
}

const CANNOT_RUN = notLaunched({ reason: 'cannot-run-on-host', detail: 'it is a linux/arm64 binary and this host is linux/amd64' }, LINUX_ARM64);
const CHANGED = notLaunched({ reason: 'changed-after-verification', detail: `the cached file ${CACHED} changed after its sha256 was verified` });
const UNREADABLE = withoutBinary(notLaunched({ reason: 'unreadable', detail: `cannot read ${CACHED}: permission denied` }));
const UNVERIFIED = notLaunched({ reason: 'unverified', detail: 'its sha256 does not match the configured one' });

/** doctor's report over acme/router (used by Rollout shop/checkout unless `used` is false), its handshake as `facts` say. */
function doctorReport(facts: HandshakeFacts, { used = true }: { used?: boolean } = {}): Report {
  const lint = lintConfigMapData({ trafficRouterPlugins: ROUTER }, used ? [rollout] : []);
  const entries = entriesReadByController(lint.config);
  // InitPlugin's own entry (no --init) leaves no verdict open: left out to compare the rest exactly.
  const notChecked = handshakeGaps(undefined, {}, [facts], { all: entries, decidesNow: usesPlugin(lint.references) }).filter((g) => g.what !== 'InitPlugin');
  const plugins = lint.plugins.map((row) => ({ ...row, handshake: summarizeHandshake(facts) }));
  return buildReport({ command: 'doctor', source: lint.source, plugins, findings: runChecks(handshakeChecks, facts), selection: NO_SELECTION, notChecked, references: lint.references, judgesNow: true, logsCurrent: true });
}

describe('a handshake not launched, for a plugin a Rollout uses', () => {
  it('a binary for another platform: Now UNKNOWN, Not checked says why and where it can run; not a failure of the run (exit 0)', () => {
    const report = doctorReport(CANNOT_RUN);
    expect(report.notChecked).toEqual([
      {
        what: 'the go-plugin handshake of acme/router',
        why: 'not run: it is a linux/arm64 binary and this host is linux/amd64: test it on a linux/arm64 machine (doctor there, or serve in the cluster)',
        blinds: ['now'],
      },
    ]);
    expect(report.verdict.now.state).toBe('unknown');
    expect(exitCodeFor(report, 'error')).toBe(0);
  });

  it('handshake PATH with a binary for another platform: the entry names the machine, not doctor or serve', () => {
    const facts = { ...CANNOT_RUN, standalone: true as const };
    expect(handshakeGaps(undefined, {}, [facts], { all: [facts.plugin], decidesNow: () => true })[0]).toEqual({
      what: 'the go-plugin handshake of acme/router',
      why: 'not run: it is a linux/arm64 binary and this host is linux/amd64: test it on a linux/arm64 machine',
      blinds: ['now'],
    });
  });

  it.each([
    ['its cached file changed after its sha256 was verified', CHANGED, `not run: the cached file ${CACHED} changed after its sha256 was verified`],
    ['its cached file cannot be read', UNREADABLE, `not run: cannot read ${CACHED}: permission denied`],
  ])('%s: Now UNKNOWN, Not checked says why, and the run fails (exit 1)', (_, facts, why) => {
    const report = doctorReport(facts);
    expect(report.notChecked).toEqual([{ what: 'the go-plugin handshake of acme/router', why, blinds: ['now'], failed: true }]);
    expect(report.verdict.now.state).toBe('unknown');
    expect(report.verdict.now.summary).toBe(`Cannot tell whether plugins work now: the go-plugin handshake of acme/router: ${why}.`);
    expect(exitCodeFor(report, 'error')).toBe(1);
  });

  it('a file no OS can execute: no entry, its finding says the controller cannot run it either (Now BROKEN)', () => {
    const report = doctorReport(notLaunched({ reason: 'cannot-run-on-host', detail: 'it is not an executable for any OS: it is HTML document' }, HTML_PAGE));
    expect(report.notChecked).toEqual([]);
    expect(report.verdict.now.state).toBe('broken');
  });

  it('cancelled before launch: one entry, the interruption', () => {
    const report = doctorReport(notLaunched({ reason: 'aborted', detail: 'cancelled before launch' }, LINUX_AMD64, { cutBy: '--timeout' }));
    expect(report.notChecked).toEqual([{ what: 'the go-plugin handshake of acme/router', why: "the run's --timeout ran out during launch: nothing is known about it", blinds: ['now'], failed: true }]);
  });
});

describe('a plugin this run had no binary of', () => {
  it('a file:// plugin over --max-size: Not checked names the file, the limit and --max-size; Now UNKNOWN, exit 1', async () => {
    const pod = mkdtempSync(join(tmpdir(), 'not-launched-'));
    try {
      mkdirSync(join(pod, 'plugins'));
      writeFileSync(join(pod, 'plugins/router'), Buffer.alloc(2048));
      const lint = lintConfigMapData({ trafficRouterPlugins: '- name: acme/router\n  location: file:///plugins/router\n' }, [rollout]);
      const entries = entriesReadByController(lint.config);
      const probes = await probePlugins(entries, { pluginDir: pod, maxSize: 1024, noCache: true });
      // doctor: no handshake facts for it, nothing having been read to launch.
      const notChecked = handshakeGaps(undefined, {}, [], { all: entries, decidesNow: usesPlugin(lint.references) }, probes).filter((g) => g.what !== 'InitPlugin');
      const report = buildReport({ command: 'doctor', source: lint.source, plugins: lint.plugins, findings: runChecks(probeChecks, probes[0]!), selection: NO_SELECTION, notChecked, references: lint.references, judgesNow: true, logsCurrent: true });
      const why = `not run: ${join(pod, 'plugins/router')} is larger than --max-size 1.0 KiB: 2.0 KiB (2048 bytes), so there was no binary to launch`;
      expect(report.notChecked).toEqual([{ what: 'the go-plugin handshake of acme/router', why, blinds: ['now'], failed: true }]);
      expect(report.verdict.now.state).toBe('unknown');
      expect(exitCodeFor(report, 'error')).toBe(1);
    } finally {
      rmSync(pod, { recursive: true, force: true });
    }
  });

  it('a file:// plugin this machine cannot read in --plugin-dir: Not checked says what, where and why in words, and leaves Now open (exit 1)', () => {
    const lint = lintConfigMapData({ trafficRouterPlugins: '- name: acme/router\n  location: file:///plugins/router\n' }, [rollout]);
    const entries = entriesReadByController(lint.config);
    // What probePlugins records when reading it fails with EACCES (as root, no file can be made unreadable).
    const probe: ProbeFacts = { entry: entries[0]!, kind: 'file', local: { podPath: '/plugins/router', localPath: '/pod/plugins/router', state: 'unreadable', error: fileErrorWords(Object.assign(new Error("EACCES: permission denied, open '/pod/plugins/router'"), { code: 'EACCES' })) }, sha256: { state: 'not-verified' } };
    const notChecked = handshakeGaps(undefined, {}, [], { all: entries, decidesNow: usesPlugin(lint.references) }, [probe]).filter((g) => g.what !== 'InitPlugin');
    expect(notChecked).toEqual([{ what: 'the go-plugin handshake of acme/router', why: 'not run: cannot read /pod/plugins/router: permission denied, so there was no binary to launch', blinds: ['now'], failed: true }]);
  });

  it.each([
    ['a Rollout uses it: Now UNKNOWN', true, ['now'], 'unknown'],
    ['no Rollout uses it: listed, Now OK', false, [], 'ok'],
  ] as const)('a file:// plugin without --plugin-dir (its file is inside the controller pod): Not checked says how to launch it; %s, exit 0 (a flag not given)', async (_, used, blinds, now) => {
    const lint = lintConfigMapData({ trafficRouterPlugins: '- name: acme/router\n  location: file:///plugins/router\n' }, used ? [rollout] : []);
    const entries = entriesReadByController(lint.config);
    const probes = await probePlugins(entries, { noCache: true });
    const notChecked = handshakeGaps(undefined, {}, [], { all: entries, decidesNow: usesPlugin(lint.references) }, probes).filter((g) => g.what !== 'InitPlugin');
    const report = buildReport({ command: 'doctor', source: lint.source, plugins: lint.plugins, findings: runChecks(probeChecks, probes[0]!), selection: NO_SELECTION, notChecked, references: lint.references, judgesNow: true, logsCurrent: true });
    const why = 'not run: /plugins/router is a file inside the controller pod, not readable from here, so there was no binary to launch; give --plugin-dir DIR holding a copy of it at DIR/plugins/router to launch it';
    expect(report.notChecked).toEqual([{ what: 'the go-plugin handshake of acme/router', why, blinds }]);
    expect(report.verdict.now.state).toBe(now);
    expect(exitCodeFor(report, 'error')).toBe(0);
  });
});

describe('a handshake not launched, for a plugin no Rollout uses', () => {
  it.each([
    ['a binary for another platform', CANNOT_RUN, 0],
    ['its cached file changed after its sha256 was verified', CHANGED, 0],
  ])('%s: listed, leaving no verdict open (Now OK)', (_, facts, code) => {
    const report = doctorReport(facts, { used: false });
    expect(report.notChecked).toEqual([expect.objectContaining({ what: 'the go-plugin handshake of acme/router', blinds: [] })]);
    expect(report.verdict.now.state).toBe('ok');
    expect(exitCodeFor(report, 'error')).toBe(code);
  });
});

type Junit = { testsuite: { name: string; testcase: { name: string; skipped?: { message: string }[]; failure?: unknown[] }[] }[] };

/** The -o junit test cases of acme/router's suite, by check id. */
async function junitCases(facts: HandshakeFacts): Promise<Map<string, Junit['testsuite'][number]['testcase'][number]>> {
  const parsed = (await parseJunit(renderJunit(doctorReport(facts), ALL_CHECKS, 'error'))) as Junit;
  const suite = parsed.testsuite.find((s) => s.name === 'acme/router (trafficrouter)');
  return new Map(suite?.testcase.map((c) => [c.name, c]));
}

describe('-o junit: a handshake not launched or cut short passes none of the handshake checks', () => {
  it.each([
    ['its sha256 does not match', UNVERIFIED, 'handshake not run: its sha256 does not match the configured one'],
    ['a binary for another platform', CANNOT_RUN, 'handshake not run: it is a linux/arm64 binary and this host is linux/amd64'],
    ['its cached file changed after its sha256 was verified', CHANGED, `handshake not run: the cached file ${CACHED} changed after its sha256 was verified`],
    ['its cached file cannot be read', UNREADABLE, `handshake not run: cannot read ${CACHED}: permission denied`],
  ])('%s: the handshake checks are <skipped> with the reason', async (_, facts, message) => {
    const cases = await junitCases(facts);
    for (const id of ['handshake-timeout', 'handshake-wrong-plugin-type', 'handshake-rpc-failed']) expect(cases.get(id)?.skipped, id).toEqual([{ message }]);
  });

  it('a handshake the run\'s end cut short after the launch: the handshake checks are <skipped> with the interruption, never passed', async () => {
    const cut: HandshakeFacts = {
      ...notLaunched({ reason: 'aborted', detail: '' }),
      skipped: undefined,
      start: { outcome: 'aborted', ms: 150, timeoutMs: 10_000 },
      phases: [{ name: 'launch', ms: 1 }, { name: 'start', ms: 150 }],
      cutBy: '--timeout',
    };
    const cases = await junitCases(cut);
    for (const id of ['handshake-timeout', 'handshake-wrong-plugin-type', 'handshake-rpc-failed']) expect(cases.get(id)?.skipped, id).toEqual([{ message: 'handshake interrupted during start' }]);
  });

  it('the check that reported the skip keeps its own result, and a handshake that ran is judged', async () => {
    expect((await junitCases(CHANGED)).get('handshake-skipped-unverified')?.skipped).toBeUndefined();
    const ran: HandshakeFacts = { ...notLaunched({ reason: 'aborted', detail: '' }), skipped: undefined, start: { outcome: 'exited', ms: 3, timeoutMs: 10_000, exit: { code: 1, signal: null } } };
    expect((await junitCases(ran)).get('handshake-timeout')?.skipped).toBeUndefined();
  });
});

describe('a handshake not launched because of its sha256: one cause, one finding', () => {
  const CANNOT_MATCH = notLaunched({ reason: 'unverified', detail: 'its configured sha256 can never match (see the sha256 findings)' }, LINUX_AMD64, {
    verification: { verified: 'cannot-match', allowUnverified: false, ranUnverified: false },
  });

  it('a sha256 finding reports the cause: the skipped handshake is its symptom and the Not checked entry, not a second WARN', () => {
    const lint = lintConfigMapData({ trafficRouterPlugins: `${ROUTER}  sha256: 08f588b1c799a37bbe8d0fc74cc1b1492dd70b2c\n` }, [rollout]);
    const entries = entriesReadByController(lint.config);
    const notChecked = handshakeGaps(undefined, {}, [CANNOT_MATCH], { all: entries, decidesNow: usesPlugin(lint.references) }).filter((g) => g.what !== 'InitPlugin');
    const report = buildReport({ command: 'doctor', source: lint.source, plugins: lint.plugins, findings: [...lint.findings, ...lint.locate(runChecks(handshakeChecks, CANNOT_MATCH))], selection: NO_SELECTION, notChecked, references: lint.references, judgesNow: true, logsCurrent: true });
    expect(report.findings.filter((f) => f.severity !== 'info').map((f) => `${f.severity} ${f.id} [${(f.symptoms ?? []).map((s) => s.id).join(',')}]`)).toEqual([
      'error sha256-wrong-length [handshake-skipped-unverified]',
    ]);
    expect(report.notChecked).toEqual([expect.objectContaining({ what: 'the go-plugin handshake of acme/router', why: 'not run: its configured sha256 can never match (see the sha256 findings)' })]);
  });

  it('nothing else reports the checksum (handshake PATH --sha256 with another value): the warning is the report of it', () => {
    const report = doctorReport(UNVERIFIED);
    expect(report.findings.map((f) => `${f.severity} ${f.id}`)).toEqual(['warning handshake-skipped-unverified']);
  });
});
