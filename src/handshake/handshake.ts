/**
 * Launches one plugin the way the Argo Rollouts controller does and talks to it over the real
 * protocol: go-plugin handshake line, unix/tcp dial, yamux session (control, stdout, stderr
 * streams), Control.Ping, Dispenser.Dispense, then on the dispensed stream Plugin.Type and,
 * when asked, Plugin.InitPlugin, and finally Control.Quit. Every expected failure is recorded in
 * HandshakeFacts (the checks in src/checks/handshake/ turn them into findings); nothing throws
 * for it, and the plugin's process group, socket and temp dir are gone when this returns.
 */
import { realpathSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { PluginRef, PluginType } from '../core/finding.js';
import type { PluginRow } from '../core/report.js';
import { PLUGIN_TYPES } from '../config/types.js';
import { isLoopbackHost } from '../core/ip.js';
import type { BinaryInfo } from '../probe/binary.js';
import type { Verification } from '../probe/types.js';
import { changedAfterVerification, confirmCached, currentIdentity } from '../probe/store.js';
import { cannotRunReason, hostPlatform, readBinaryInfo, type HostPlatform } from './binary-target.js';
import { COOKIE_REJECTED_TEXT, parseHandshakeLine, type HandshakeLine } from './handshake-line.js';
import { NetRpcClient, RPC_ARGS, RPC_ERR_UNEXPECTED_EOF, RpcTransportError, type RpcArgument } from './netrpc.js';
import { abortCause, type DeadlineFlag } from '../core/deadline.js';
import type { KubeconfigOffer } from './kubeconfig-offer.js';
import type { ReportedCluster } from '../cluster/kubectl-command.js';
import { PluginProcess, STOP_WAIT_MS, type ExitStatus, type LaunchDescription, type PreparedLaunchSpec, type StopResult } from './process.js';
import { CLEANUP_YIELD_MS, handshakeBegins, othersAnswered } from './in-flight.js';
import { yamuxClient, type YamuxClientSession } from './yamux.js';
import type { GobValue } from './gob.js';
import { humanDuration } from '../core/duration.js';
import { cannotRead } from '../core/file-error.js';

/** A checksum state that refuses the launch, and what the skip says for each. */
type Refusal = Exclude<Verification, true | 'unpinned'>;
const UNVERIFIED_WHY: Record<Refusal, string> = {
  mismatch: 'its sha256 does not match the configured one',
  'cannot-match': 'its configured sha256 can never match (see the sha256 findings)',
  'not-verified': 'its sha256 could not be computed',
};


/** The name Argo's host dispenses for each plugin type. */
export const DISPENSE_NAMES: Readonly<Record<PluginType, string>> = {
  trafficrouter: 'RpcTrafficRouterPlugin',
  metricprovider: 'RpcMetricProviderPlugin',
  step: 'RpcStepPlugin',
};

/** --handshake-timeout's default: each step's deadline (HandshakeRequest.timeoutMs). */
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;
/** Retries with the other cookies only need to see a handshake line. */
const COOKIE_PROBE_TIMEOUT_MS = 3_000;
/** How long to keep reading stdout after an unrecognised first line, looking for the real one. */
const LATER_LINE_LOOKAHEAD = 20;

/**
 * The longest a handshake takes under its own deadlines: each step's (the line, the dial, Ping,
 * Dispense, its broker ack, Plugin.Type, InitPlugin), the relaunches with the other cookies, and
 * each process's stop (the first after yielding to other handshakes). A run's --timeout this long
 * leaves the verdict to the handshake's deadlines.
 */
export function handshakeDeadlinesMs(timeoutMs: number, init: boolean): number {
  const steps = init ? 7 : 6;
  const otherCookies = PLUGIN_TYPES.length - 1;
  return steps * timeoutMs + otherCookies * Math.min(timeoutMs, COOKIE_PROBE_TIMEOUT_MS) + CLEANUP_YIELD_MS + PLUGIN_TYPES.length * STOP_WAIT_MS;
}

const UNDEFINED_FLAG = /^flag provided but not defined: (.*)$/m;

export interface HandshakeRequest {
  binaryPath: string;
  type: PluginType;
  /**
   * `handshake PATH`: a binary tested on this machine for its own sake, with no configuration entry
   * and no controller in view: fixes name the command's flags, and its platform is compared with
   * this machine's only (handshake-cannot-run-on-host).
   */
  standalone?: true;
  /** The plugin's configured name (`argoproj-labs/gatewayAPI`); defaults to the file name. */
  name?: string;
  /** The `args` configured for the plugin, passed as the controller passes them. */
  args?: readonly string[];
  /** Also call Plugin.InitPlugin (plugins usually need a cluster: see `kubeconfig`). */
  init?: boolean;
  /** Offered to the plugin as KUBECONFIG, only with `init`. */
  kubeconfig?: KubeconfigOffer;
  /** Names of variables of this environment to pass to the plugin (nothing else is passed). */
  passEnv?: readonly string[];
  /**
   * Deadline of each step (--handshake-timeout, default 10 s): the handshake line (go-plugin's
   * StartTimeout), the dial, and each RPC (Ping, Dispense with its broker ack, Plugin.Type, InitPlugin).
   */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The checksum result: true matched, 'unpinned' when no sha256 is configured, else the probe's state that refuses the launch. */
  verified: Verification;
  /** With `verified` 'not-verified': why its sha256 could not be computed, in the probe's words (over --max-size); the skip says it. */
  notVerifiedWhy?: string;
  /** Run even though the checksum does not match (stated in the facts and the report). */
  allowUnverified?: boolean;
  /**
   * A cached download: the sha256 computed over it and the file's identity then (store.ts). It is
   * launched only while it still holds those bytes, checked again right before each launch.
   */
  cached?: { sha256: string; identity: string };
  /** The probe step's reading of the binary's header; read here when absent. */
  binary?: BinaryInfo;
  /** Told exactly what is about to be executed, right before it is (each launch, the retries with other cookies too). */
  onLaunch?: (launch: LaunchDescription) => void;
}

export interface TimedStep {
  ok: boolean;
  ms: number;
  error?: string;
}

export type StartOutcome = 'started' | 'timeout' | 'exited' | 'line-rejected' | 'spawn-failed' | 'aborted';

export interface StartFacts {
  outcome: StartOutcome;
  ms: number;
  timeoutMs: number;
  /** go-plugin's error for this outcome, as the controller would log it after `unable to get plugin client (NAME): `. */
  goPluginError?: string;
  /** The first stdout line, as read. */
  firstLine?: string;
  line?: HandshakeLine;
  /** A valid handshake line printed after an unrecognised first line. */
  laterHandshakeLine?: string;
  exit?: ExitStatus;
  /** The spawn error (ENOENT, EACCES, exec format error). */
  spawnError?: string;
}

export interface RpcFacts {
  connect: TimedStep & { network: string; address: string };
  ping?: TimedStep;
  /**
   * `badAck`: Dispense answered, but the broker did not acknowledge the stream with that id;
   * `ackTimedOut`: no ack came at all (go-plugin's client waits for it without a deadline).
   */
  dispense?: TimedStep & { name: string; id?: number; badAck?: boolean; ackTimedOut?: boolean };
  /** `timedOut`: no reply by the deadline (the plugin hangs there, or is slower than --handshake-timeout). */
  type?: TimedStep & { value?: string; timedOut?: boolean };
  init?: TimedStep & { errorString?: string };
  quit?: TimedStep;
  /** yamux-level notes (GoAway, resets) seen during the session. */
  yamuxLog: string[];
}

export interface HandshakeFacts {
  plugin: PluginRef;
  binaryPath: string;
  /** See HandshakeRequest.standalone. */
  standalone?: true;
  args: string[];
  init: boolean;
  /** With init: the run's flags the plugin was offered a kubeconfig by (KubeconfigOffer.args). */
  initArgs?: string[];
  /** The names of the variables of this environment passed to the plugin (--pass-env; never their values). */
  passEnv: string[];
  /** The cluster the printed commands go to: doctor's, or the one `handshake --init` offered; absent, none. */
  reportedCluster?: ReportedCluster;
  /** --init was given, yet InitPlugin is not called: the flags that keep it from being called (KubeconfigOffer.withheld: `--server`). */
  initWithheldBy?: string[];
  verification: { verified: Verification; allowUnverified: boolean; ranUnverified: boolean };
  host: HostPlatform;
  binary?: BinaryInfo;
  /** The launch did not happen: why. */
  skipped?: { reason: 'unverified' | 'changed-after-verification' | 'cannot-run-on-host' | 'unreadable' | 'aborted'; detail: string };
  launch?: LaunchDescription & { pid?: number };
  start?: StartFacts;
  /** The plugin refused our magic cookie; `actualType` is the cookie it accepted, if any. */
  wrongType?: { triedTypes: PluginType[]; actualType?: PluginType };
  /** `flag provided but not defined: -x` from the plugin's stderr. */
  undefinedFlag?: string;
  rpc?: RpcFacts;
  /** Last lines of the plugin's stderr (process stderr and go-plugin's stderr stream). */
  stderrTail: string[];
  stderrBytes: number;
  /** The start of what it printed on stdout. */
  stdoutHead: string;
  cleanup?: StopResult;
  /** Each step's deadline (--handshake-timeout). */
  timeoutMs: number;
  /** What ended the run during the handshake (interruptedDuring says where): a deadline (--timeout, a fleet cluster's --cluster-timeout) or an interruption (Ctrl-C, SIGTERM). */
  cutBy?: DeadlineFlag | 'interrupted';
  phases: { name: string; ms: number }[];
  /** From just before the launch to the verified Plugin.Type answer (what bench/handshake compares). */
  msToTypeAnswer?: number;
  totalMs: number;
}

/**
 * Where the run's end (Ctrl-C, its --timeout) interrupted the handshake, `launch` when before it;
 * undefined when it was not interrupted. Nothing is known about such a handshake.
 */
export function interruptedDuring(facts: HandshakeFacts): string | undefined {
  const rpcSteps = [facts.rpc?.connect, facts.rpc?.ping, facts.rpc?.dispense, facts.rpc?.type, facts.rpc?.init];
  const interrupted = facts.skipped?.reason === 'aborted' || facts.start?.outcome === 'aborted' || rpcSteps.some((s) => s?.error !== undefined && /aborted$/.test(s.error));
  return interrupted ? (facts.phases.map((p) => p.name).filter((n) => n !== 'cleanup').at(-1) ?? 'launch') : undefined;
}

/**
 * The one-line handshake column of the report's plugin table; `notLaunched`: the plugin was not launched (skipped),
 * `interrupted`: the run's end cut it short; either way no handshake check judged it.
 */
export function summarizeHandshake(facts: HandshakeFacts): NonNullable<PluginRow['handshake']> {
  const ms = facts.msToTypeAnswer ?? facts.totalMs;
  const interrupted = interruptedDuring(facts);
  const notLaunched = facts.skipped !== undefined && { notLaunched: true as const };
  if (interrupted) return { ok: false, summary: `interrupted during ${interrupted}`, ...notLaunched, interrupted: true };
  if (facts.skipped) return { ok: false, summary: `not run: ${facts.skipped.detail}`, ...notLaunched };
  const start = facts.start;
  if (!start) return { ok: false, summary: 'not run' };
  if (facts.wrongType) {
    const actual = facts.wrongType.actualType;
    return { ok: false, summary: actual ? `wrong type: it is a ${actual} plugin` : 'refuses every Argo Rollouts cookie', ms };
  }
  if (facts.undefinedFlag !== undefined) return { ok: false, summary: `rejects argument ${facts.undefinedFlag}`, ms };
  if (start.outcome !== 'started') return { ok: false, summary: (start.goPluginError ?? start.outcome).split('\n')[0] ?? start.outcome, ms };
  const rpc = facts.rpc;
  const failed = [rpc?.connect, rpc?.ping, rpc?.dispense, rpc?.type, rpc?.init].find((s) => s && !s.ok);
  if (failed) return { ok: false, summary: `RPC failed: ${failed.error}`, ms };
  if (rpc?.init?.errorString) return { ok: false, summary: `InitPlugin: ${rpc.init.errorString}`, pluginType: rpc.type?.value, ms };
  return { ok: true, summary: `Plugin.Type = ${JSON.stringify(rpc?.type?.value)}, ${rpc?.init ? 'InitPlugin ok' : `InitPlugin not called (${facts.initWithheldBy ? `not with ${facts.initWithheldBy.join(', ')}` : '--init'})`}`, pluginType: rpc?.type?.value, ms };
}

const elapsed = (since: number): number => Math.round((performance.now() - since) * 10) / 10;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What a launch needs of a request. */
export type LaunchRequest = Pick<HandshakeRequest, 'binaryPath' | 'type' | 'args' | 'init' | 'kubeconfig' | 'passEnv' | 'onLaunch'>;

/** How the first launch of `req` runs: the configured type's cookie (InitPlugin's offer only with --init). */
function preparedSpec(req: Omit<LaunchRequest, 'binaryPath'>): PreparedLaunchSpec {
  const kubeconfig = req.init ? req.kubeconfig : undefined;
  return { args: req.args ?? [], cookie: req.type, passEnv: req.passEnv, ...(kubeconfig && { kubeconfig }), ...(req.onLaunch && { announce: req.onLaunch }) };
}

/**
 * Forks the launch of `req` ahead (PluginProcess.prepare), for handshakePlugin to exec the binary
 * in once it is there and checked: prepared while the binary is downloaded or hashed, the fork costs
 * no waiting. Undefined where none can be made. Nothing of the plugin runs before handshakePlugin
 * has checked what it checks.
 */
export function prepareLaunch(req: Omit<LaunchRequest, 'binaryPath'>): PluginProcess | undefined {
  return PluginProcess.prepare(preparedSpec(req));
}

/**
 * Launches the plugin, checks the handshake and RPC health, and always cleans up. `prepared`:
 * prepareLaunch(req)'s launch, released instead of a new one (and ended if it is not used).
 */
export async function handshakePlugin(req: HandshakeRequest, prepared?: PluginProcess): Promise<HandshakeFacts> {
  const launcher = { waiter: prepared };
  try {
    return await launchAndShake(req, launcher);
  } finally {
    if (launcher.waiter && !launcher.waiter.released) await launcher.waiter.stop();
  }
}

/** `launcher.waiter`: the prepared launch, or the one made at launch time (see PREPARED_LAUNCH: exec, never a shell script). */
async function launchAndShake(req: HandshakeRequest, launcher: { waiter?: PluginProcess | undefined }): Promise<HandshakeFacts> {
  const began = performance.now();
  const facts: HandshakeFacts = {
    plugin: { name: req.name ?? req.binaryPath.split('/').at(-1) ?? req.binaryPath, type: req.type },
    binaryPath: req.binaryPath,
    ...(req.standalone && { standalone: true }),
    args: [...(req.args ?? [])],
    init: req.init ?? false,
    ...(req.init && req.kubeconfig && { initArgs: req.kubeconfig.args }),
    passEnv: [...(req.passEnv ?? [])],
    ...(req.kubeconfig?.withheld && { initWithheldBy: req.kubeconfig.withheld.flags }),
    verification: { verified: req.verified, allowUnverified: req.allowUnverified ?? false, ranUnverified: false },
    host: hostPlatform(),
    stderrTail: [],
    stderrBytes: 0,
    stdoutHead: '',
    timeoutMs: req.timeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
    phases: [],
    totalMs: 0,
  };
  const finish = (): HandshakeFacts => {
    facts.totalMs = elapsed(began);
    if (interruptedDuring(facts)) facts.cutBy = abortCause(req.signal);
    return facts;
  };

  // Ctrl-C while the binary was hashed says nothing about its checksum.
  if (req.signal?.aborted) {
    facts.skipped = { reason: 'aborted', detail: 'cancelled before launch' };
    return finish();
  }
  const refusal = req.verified === true || req.verified === 'unpinned' ? undefined : req.verified;
  if (refusal && !req.allowUnverified) {
    const cause = refusal === 'not-verified' ? req.notVerifiedWhy : undefined;
    facts.skipped = { reason: 'unverified', detail: cause ? `${UNVERIFIED_WHY[refusal]}: ${cause}` : UNVERIFIED_WHY[refusal] };
    return finish();
  }
  facts.verification.ranUnverified = refusal !== undefined;
  try {
    facts.binary = req.binary ?? readBinaryInfo(req.binaryPath);
  } catch (error) {
    facts.skipped = { reason: 'unreadable', detail: cannotRead(req.binaryPath, error) };
    return finish();
  }
  const notHere = cannotRunReason(facts.binary, facts.host);
  if (notHere) {
    facts.skipped = { reason: 'cannot-run-on-host', detail: notHere };
    return finish();
  }
  // Go's exec fails here too; Node's spawn (execvp) would run the file as a shell script instead.
  if (facts.binary.notLoadable) {
    const goError = `fork/exec ${req.binaryPath}: exec format error`;
    facts.start = { ...notLaunched(req, goError, 0), spawnError: `${goError}: ${facts.binary.notLoadable}; not executed` };
    return finish();
  }

  // exec cannot pass a NUL byte (Go's exec.Command fails with "invalid argument" too); Node's
  // spawn would throw before any process exists.
  if (facts.args.some((a) => a.includes('\0'))) {
    facts.start = notLaunched(req, `fork/exec ${req.binaryPath}: invalid argument (an argument contains a NUL byte)`, 0);
    return finish();
  }

  let launchedAt = 0;
  let launchMs = 0;
  const launched = await launchVerified(req, () => {
    launchedAt = performance.now();
    try {
      launcher.waiter ??= prepareLaunch(req);
      if (launcher.waiter?.release(req.binaryPath)) return launcher.waiter;
      return new PluginProcess({ binaryPath: req.binaryPath, ...preparedSpec(req) });
    } catch (error) {
      // Most spawn errors arrive as the child's 'error' event; some (ETXTBSY, EMFILE) are thrown here.
      return error instanceof Error ? error : new Error(String(error));
    } finally {
      // spawn() holds the event loop until the child has exec'd (a release, ~0.1 ms): this tool's own cost of a launch.
      launchMs = elapsed(launchedAt);
    }
  });
  if (!launched.ok) {
    // Ctrl-C during a second hashing says nothing about the file.
    facts.skipped = req.signal?.aborted ? { reason: 'aborted', detail: 'cancelled before launch' } : { reason: 'changed-after-verification', detail: launched.detail };
    return finish();
  }
  if (launched.value instanceof Error) {
    facts.start = notLaunched(req, `fork/exec ${req.binaryPath}: ${launched.value.message}`, launchMs);
    return finish();
  }
  const plugin = launched.value;
  facts.phases.push({ name: 'launch', ms: launchMs });
  facts.launch = { ...plugin.description, pid: plugin.pid };
  const answered = handshakeBegins();
  try {
    facts.start = await waitForHandshake(plugin, req.timeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS, req.signal);
    facts.phases.push({ name: 'start', ms: facts.start.ms });
    if (facts.start.outcome === 'started' && facts.start.line?.ok) {
      facts.rpc = await talkToPlugin(plugin, facts.start.line, req, facts.phases, () => {
        facts.msToTypeAnswer = elapsed(launchedAt);
      });
    }
  } finally {
    answered();
    // The plugin has said all it will say; the others' handshakes come first (in-flight.ts).
    await othersAnswered(CLEANUP_YIELD_MS, req.signal);
    const stopBegan = performance.now();
    facts.cleanup = await plugin.stop();
    facts.phases.push({ name: 'cleanup', ms: elapsed(stopBegan) });
    facts.stderrTail = plugin.stderrTail();
    facts.stderrBytes = plugin.stderrBytes;
    facts.stdoutHead = plugin.stdoutText.slice(0, 2048);
  }

  const stderr = facts.stderrTail.join('\n');
  facts.undefinedFlag = UNDEFINED_FLAG.exec(stderr)?.[1];
  if (facts.start.outcome !== 'started' && stderr.includes(COOKIE_REJECTED_TEXT)) {
    const probeBegan = performance.now();
    facts.wrongType = await identifyPluginType(launched.req, facts.args);
    facts.phases.push({ name: 'identify-type', ms: elapsed(probeBegan) });
  }
  return finish();
}

/** A launch that failed before any process existed, in go-plugin's words (they are its error too). */
function notLaunched(req: HandshakeRequest, message: string, ms: number): StartFacts {
  return { outcome: 'spawn-failed', ms, timeoutMs: req.timeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS, spawnError: message, goPluginError: message };
}

async function waitForHandshake(plugin: PluginProcess, timeoutMs: number, signal?: AbortSignal): Promise<StartFacts> {
  const began = performance.now();
  const first = await plugin.nextLine(timeoutMs, signal);
  const base = { timeoutMs };
  switch (first.kind) {
    case 'spawn-error':
      return { ...base, outcome: 'spawn-failed', ms: elapsed(began), spawnError: first.message, goPluginError: first.message };
    case 'timeout':
      return { ...base, outcome: 'timeout', ms: elapsed(began), goPluginError: 'timeout while waiting for plugin to start' };
    case 'aborted':
      return { ...base, outcome: 'aborted', ms: elapsed(began) };
    case 'eof': {
      // stdout closed: the plugin is exiting; give it a moment to report its status.
      const exit = await Promise.race([plugin.exited, new Promise<undefined>((resolve) => void setTimeout(() => resolve(undefined), 1000).unref())]);
      const execFailed = plugin.execFailure();
      if (execFailed !== undefined) {
        const message = `fork/exec ${plugin.description.command[0]}: ${execFailed}`;
        return { ...base, outcome: 'spawn-failed', ms: elapsed(began), spawnError: message, goPluginError: message };
      }
      return { ...base, outcome: 'exited', ms: elapsed(began), exit, goPluginError: 'plugin exited before we could connect' };
    }
    case 'line': {
      const line = parseHandshakeLine(first.line);
      if (line.ok) return { ...base, outcome: 'started', ms: elapsed(began), firstLine: first.line, line };
      const facts: StartFacts = { ...base, outcome: 'line-rejected', ms: elapsed(began), firstLine: first.line, line, goPluginError: line.error };
      if (line.problem === 'unrecognized') {
        const left = () => Math.max(0, timeoutMs - (performance.now() - began));
        for (let i = 0; i < LATER_LINE_LOOKAHEAD; i++) {
          const next = await plugin.nextLine(left(), signal);
          if (next.kind !== 'line') break;
          if (parseHandshakeLine(next.line).ok) {
            facts.laterHandshakeLine = next.line;
            break;
          }
        }
      }
      return facts;
    }
  }
}

/**
 * Calls `launch` (which spawns) only while the file holds the bytes verified: right after a
 * synchronous look finds the identity confirmed (store.ts confirmCached), so nothing of this
 * process runs in between. Parallel runs sharing the cache keep the first writer's file
 * (store.ts placeEntry), so a change here is someone else's write. Without `req.cached` (a file
 * the user named) it launches at once.
 */
async function launchVerified<T>(req: HandshakeRequest, launch: () => T): Promise<{ ok: true; value: T; req: HandshakeRequest } | { ok: false; detail: string }> {
  if (!req.cached) return { ok: true, value: launch(), req };
  const confirmed = await confirmCached(req.binaryPath, req.cached.sha256, req.cached.identity, req.signal);
  if (!confirmed.ok) return confirmed;
  if (currentIdentity(req.binaryPath) !== confirmed.identity) return { ok: false, detail: changedAfterVerification(req.binaryPath) };
  // The request with the identity just confirmed: a relaunch compares with it, without hashing again.
  const confirmedReq = confirmed.identity === req.cached.identity ? req : { ...req, cached: { ...req.cached, identity: confirmed.identity } };
  return { ok: true, value: launch(), req: confirmedReq };
}

/** Relaunches with each other cookie until one gets past the cookie check. */
async function identifyPluginType(first: HandshakeRequest, args: string[]): Promise<NonNullable<HandshakeFacts['wrongType']>> {
  const triedTypes: PluginType[] = [];
  let req = first;
  for (const type of PLUGIN_TYPES.filter((t) => t !== first.type)) {
    if (req.signal?.aborted) break;
    const launched = await launchVerified(req, () => {
      try {
        // The retries only need the handshake line: no InitPlugin, so no kubeconfig is offered.
        return new PluginProcess({ binaryPath: req.binaryPath, ...preparedSpec({ ...req, type, args, init: false }) });
      } catch {
        return undefined;
      }
    });
    // A file that changed since it was verified, or that cannot be started again, is not run: the types tried so far are said.
    if (!launched.ok || !launched.value) break;
    req = launched.req;
    triedTypes.push(type);
    const probe = launched.value;
    try {
      const first = await probe.nextLine(Math.min(req.timeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS, COOKIE_PROBE_TIMEOUT_MS), req.signal);
      if (first.kind === 'line' && first.line.split('|').length >= 4) return { triedTypes, actualType: type };
    } finally {
      await probe.stop();
    }
  }
  return { triedTypes };
}

/**
 * The handshake line is the plugin's word: the tool dials only what a plugin serving itself can
 * name, a socket inside its own private temp dir (links resolved) or a loopback port, never a
 * socket or host elsewhere (a Docker socket, a cloud metadata address). Returns why not, or undefined.
 */
function outsideOwnReach(network: 'unix' | 'tcp', address: string, tempDir: string): string | undefined {
  if (network === 'unix') {
    let real: string;
    try {
      real = realpathSync(address);
    } catch {
      return undefined; // nothing there: the dial itself fails and says so
    }
    const root = realpathSync(tempDir);
    return real.startsWith(`${root}/`) ? undefined : `not dialled: ${address} is outside the plugin's own temp dir ${tempDir} (go-plugin puts its socket there)`;
  }
  const host = address.slice(0, address.lastIndexOf(':')).replace(/^\[|\]$/g, '');
  return isLoopbackHost(host) ? undefined : `not dialled: ${address} is not a loopback address (a plugin serves on 127.0.0.1)`;
}

function dial(network: 'unix' | 'tcp', address: string, timeoutMs: number, signal?: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    let socket: Socket;
    if (network === 'unix') socket = connect({ path: address });
    else {
      const colon = address.lastIndexOf(':');
      socket = connect({ host: address.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(address.slice(colon + 1)) });
    }
    const fail = (error: Error): void => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onAbort = (): void => fail(new Error('aborted'));
    const timer = setTimeout(() => fail(new Error(`dial ${network} ${address}: no connection within ${humanDuration(timeoutMs)}`)), timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.off('error', fail);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', fail);
    socket.once('connect', () => {
      cleanup();
      resolve(socket);
    });
  });
}

/**
 * go-plugin's MuxBroker.Dial: write the id (little-endian uint32) on a new stream; the broker
 * answers with the same id (the ack). `acked` settles when it arrives and leaves the stream paused
 * after it, so what is written behind the id (Plugin.Type) costs no round trip of its own.
 */
function brokerDial(session: YamuxClientSession, id: number, timeoutMs: number, signal?: AbortSignal): { stream: Duplex; acked: Promise<void> } {
  const stream = session.open();
  const acked = new Promise<void>((resolve, reject) => {
    let received = Buffer.alloc(0);
    const done = (error?: Error): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      stream.off('data', onData);
      stream.off('end', onEnd);
      if (error) return reject(error);
      stream.pause();
      if (received.length > 4) stream.unshift(received.subarray(4));
      resolve();
    };
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4) return;
      const ack = received.readUInt32LE(0);
      done(ack === id ? undefined : new BrokerAckError(id, `bad ack: ${ack} (expected ${id})`));
    };
    const onEnd = (): void => done(new BrokerAckError(id, `no ack for stream ${id}: unexpected EOF`));
    const onAbort = (): void => done(new Error('aborted'));
    const timer = setTimeout(() => done(new BrokerAckError(id, `no ack for stream ${id} within ${humanDuration(timeoutMs)}`, true)), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', onData);
    stream.once('end', onEnd);
  });
  const idBytes = Buffer.alloc(4);
  idBytes.writeUInt32LE(id);
  stream.write(idBytes);
  return { stream, acked };
}

/** The dispensed stream's broker did not acknowledge it with its id. */
class BrokerAckError extends Error {
  override name = 'BrokerAckError';

  constructor(
    readonly streamId: number,
    message: string,
    readonly timedOut = false,
  ) {
    super(message);
  }
}

async function talkToPlugin(
  plugin: PluginProcess,
  line: Extract<HandshakeLine, { ok: true }>,
  req: HandshakeRequest,
  phases: HandshakeFacts['phases'],
  onTypeAnswered: () => void,
): Promise<RpcFacts> {
  const timeoutMs = req.timeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  const options = { timeoutMs, signal: req.signal };
  const rpc: RpcFacts = { connect: { ok: false, ms: 0, network: line.network, address: line.address }, yamuxLog: [] };
  const timed = async <T>(name: string, action: () => Promise<T>): Promise<{ step: TimedStep; value?: T; error?: unknown }> => {
    const began = performance.now();
    try {
      const value = await action();
      const step = { ok: true, ms: elapsed(began) };
      phases.push({ name, ms: step.ms });
      return { step, value };
    } catch (error) {
      const step = { ok: false, ms: elapsed(began), error: errorText(error) };
      phases.push({ name, ms: step.ms });
      return { step, error };
    }
  };

  const connected = await timed('connect', () => {
    const refused = outsideOwnReach(line.network, line.address, plugin.tempDir);
    return refused ? Promise.reject(new Error(refused)) : dial(line.network, line.address, timeoutMs, req.signal);
  });
  rpc.connect = { ...rpc.connect, ...connected.step };
  if (!connected.value) return rpc;
  const session = yamuxClient(connected.value);
  try {
    // go-plugin's RPCClient opens control, stdout and stderr in this order; the server accepts them so.
    const control = new NetRpcClient(session.open());
    const pluginStdout = session.open();
    const pluginStderr = session.open();
    pluginStdout.on('data', (chunk: Buffer) => plugin.captureStdout(chunk));
    pluginStderr.on('data', (chunk: Buffer) => plugin.captureStderr(chunk));

    const call = (client: NetRpcClient, method: string, arg: RpcArgument): Promise<GobValue> => client.call(method, arg, options);
    const pinging = timed('ping', () => call(control, 'Control.Ping', RPC_ARGS.bool(true)));
    // Dispense goes out right behind Ping (net/rpc serves the calls of a connection concurrently):
    // one round trip to a plugin that may wait for the CPU less. Its answer counts only after Ping's.
    const name = DISPENSE_NAMES[req.type];
    const dispensing = call(control, 'Dispenser.Dispense', RPC_ARGS.string(name));
    dispensing.catch(() => undefined); // read below, or not at all when Ping failed
    rpc.ping = (await pinging).step;
    if (!rpc.ping.ok) return rpc;

    const dispensed = await timed('dispense', async () => {
      const id = await dispensing;
      if (typeof id !== 'number') throw new Error(`Dispenser.Dispense replied ${typeof id}, not a stream id`);
      const broker = brokerDial(session, id, timeoutMs, req.signal);
      const pluginRpc = new NetRpcClient(broker.stream, broker.acked);
      // Plugin.Type goes out right behind the id: the broker hands the stream to the plugin's
      // net/rpc server once it has read the id, so the call waits there, not for our round trip.
      const typing = call(pluginRpc, 'Plugin.Type', RPC_ARGS.nilInterface());
      typing.catch(() => undefined); // read below, or not at all when the ack is wrong
      await broker.acked;
      return { id, pluginRpc, typing };
    });
    const ackError = dispensed.error instanceof BrokerAckError ? dispensed.error : undefined;
    rpc.dispense = { ...dispensed.step, name, id: dispensed.value?.id ?? ackError?.streamId, ...(ackError && { badAck: true }), ...(ackError?.timedOut && { ackTimedOut: true }) };
    if (dispensed.value) {
      const { pluginRpc, typing } = dispensed.value;
      const typed = await timed('type', () => typing);
      if (typed.step.ok) onTypeAnswered();
      rpc.type = { ...typed.step, value: typeof typed.value === 'string' ? typed.value : undefined, ...(typed.error instanceof RpcTransportError && typed.error.timedOut && { timedOut: true }) };
      if (typed.step.ok && typeof typed.value !== 'string') rpc.type = { ok: false, ms: typed.step.ms, error: 'Plugin.Type replied a non-string value' };
      if (req.init && rpc.type.ok) {
        const initialised = await timed('init', () => call(pluginRpc, 'Plugin.InitPlugin', RPC_ARGS.nilInterface()));
        const reply = initialised.value as { ErrorString?: GobValue } | undefined;
        rpc.init = { ...initialised.step, errorString: typeof reply?.ErrorString === 'string' ? reply.ErrorString : undefined };
      }
    }
    // Quit only if the control stream still works: a plugin that died needs no goodbye.
    if (rpc.ping.ok && (rpc.type?.ok ?? rpc.dispense.ok !== false)) {
      // The plugin exits on Quit, racing its own reply: a connection closed instead is a quit too.
      const quit = await timed('quit', () => call(control, 'Control.Quit', RPC_ARGS.bool(true)));
      rpc.quit = quit.step.error === RPC_ERR_UNEXPECTED_EOF ? { ok: true, ms: quit.step.ms } : quit.step;
    }
  } finally {
    rpc.yamuxLog = session.log;
    session.close();
  }
  return rpc;
}
