/**
 * Starts a plugin binary the way go-plugin's host does, but contained: its own process group, a
 * minimal environment (the user's credentials are not passed unless asked), a private temp dir
 * as TMPDIR, HOME and working directory (go-plugin puts its unix socket in TMPDIR), capped
 * capture of stdout and stderr, and a stop() that ends the whole group (SIGTERM, then SIGKILL)
 * and removes the temp dir (off the event loop). Exit and signal hooks end any group still
 * running, and remove its dir, if the host exits or is interrupted (Ctrl-C) first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, delimiter, join, resolve } from 'node:path';
import type { PluginType } from '../core/finding.js';
import { atOnce, type Steps } from '../core/steps.js';
import { offerFileText, type KubeconfigOffer } from './kubeconfig-offer.js';

/** Argo Rollouts' HandshakeConfig: the cookie key; the value is the plugin type. */
export const MAGIC_COOKIE_KEY = 'ARGO_ROLLOUTS_RPC_PLUGIN';
/** go-plugin's ClientConfig defaults, as Argo leaves them. */
export const PLUGIN_MIN_PORT = 10000;
export const PLUGIN_MAX_PORT = 25000;

export const DEFAULT_STDOUT_CAP_BYTES = 64 * 1024;
export const DEFAULT_STDERR_CAP_BYTES = 256 * 1024;
const KILL_GRACE_MS = 1500;
const KILL_WAIT_MS = 2000;
/** The longest stop() waits for a plugin's processes to end: SIGTERM's grace, then SIGKILL's wait and the exit's. */
export const STOP_WAIT_MS = KILL_GRACE_MS + 2 * KILL_WAIT_MS;

export interface LaunchSpec {
  binaryPath: string;
  args: readonly string[];
  cookie: PluginType;
  /** Names of variables of this process's environment to pass on (values are never logged). */
  passEnv?: readonly string[];
  /** What --init offers the plugin as KUBECONFIG. */
  kubeconfig?: KubeconfigOffer;
  stdoutCapBytes?: number;
  stderrCapBytes?: number;
  /** Told exactly what is about to be executed, right before it is (the spawn, or the release). */
  announce?: (launch: LaunchDescription) => void;
}

/** A launch prepared before the binary is there (see PREPARED_LAUNCH): its path is given on release(). */
export type PreparedLaunchSpec = Omit<LaunchSpec, 'binaryPath'>;

/**
 * A prepared launch: the fork happens now, the plugin's exec on release(). Forking this process
 * (tens of MiB) costs ~2 ms idle and 7-9 ms on a loaded machine, most of it the new session's first
 * turn on the CPU (setsid gives the child an autogroup of its own); a prepared launch is released in
 * ~0.1 ms. Callers prepare while the binary is downloaded or hashed, so the fork costs no waiting.
 * The waiter is dash, in the plugin's session, working directory and environment; release() writes
 * the binary's path on its stdin (a cached download's name is its sha256). Dash's exec is execve
 * alone: a file the kernel refuses (ENOEXEC) fails as Go's exec fails, where Node's spawn (execvp)
 * would run it as a shell script; so every launch goes through a waiter where one can be made.
 * Dash passes the environment on unchanged except PWD (unset here), IFS, OPTIND, PPID, the
 * variables the script sets, and names that are no shell identifiers (tested: it resets the first
 * and drops the last), so an environment holding one of those is launched directly. If this
 * process dies first, `read` meets end of file and dash removes the temp dir ($1) and exits.
 */
const PATH_VARIABLE = 'rollouts_plugin_binary';
const DIR_VARIABLE = 'rollouts_plugin_dir';
const PREPARED_LAUNCH = `unset PWD; ${DIR_VARIABLE}=$1; shift; IFS= read -r ${PATH_VARIABLE} && exec "$${PATH_VARIABLE}" "$@" </dev/null; rm -rf "$${DIR_VARIABLE}"`;
const SHELL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SET_BY_DASH: ReadonlySet<string> = new Set(['PWD', 'OLDPWD', 'IFS', 'OPTIND', 'PPID', PATH_VARIABLE, DIR_VARIABLE]);
/** Dash's words for a failed exec ("sh: 1: exec: PATH: Exec format error", exit 126 or 127), and Go's for ENOENT. */
const DASH_EXEC_FAILED = /^sh: \d+: exec: .*: ([^:]+)$/;
const GO_WORDS: Readonly<Record<string, string>> = { 'not found': 'no such file or directory' };
/** /bin/sh where it is dash (Debian, Ubuntu), looked up once; bash (macOS, Fedora) adds SHLVL to the environment it passes. */
let dashShell: string | undefined | null = null;
function dash(): string | undefined {
  if (dashShell === null) {
    try {
      dashShell = process.platform === 'linux' && basename(realpathSync('/bin/sh')) === 'dash' ? '/bin/sh' : undefined;
    } catch {
      dashShell = undefined;
    }
  }
  return dashShell;
}

/** What is about to be executed: exact command, working directory and the names of the variables. */
export interface LaunchDescription {
  command: string[];
  cwd: string;
  envNames: string[];
  /** Values of the variables the tool sets itself (no user values). */
  toolEnv: Record<string, string>;
  /** With --init: the run's flags the plugin is not offered (KubeconfigOffer.notOffered). */
  notOffered?: string[];
}

export type ExitStatus = { code: number | null; signal: NodeJS.Signals | null };

export type LineWait =
  | { kind: 'line'; line: string }
  | { kind: 'eof' }
  | { kind: 'timeout' }
  | { kind: 'aborted' }
  | { kind: 'spawn-error'; message: string };

export interface StopResult {
  /** SIGKILL was needed for some member of the group. */
  forced: boolean;
  /** Pids of the plugin's processes still alive after SIGKILL (should always be empty). */
  survivors: number[];
  /**
   * Processes the plugin started outside its process group (setsid, a daemon's double fork),
   * found by parentage or by the private TMPDIR they inherited, and ended with the rest.
   */
  escaped: number[];
  tempDirRemoved: boolean;
}

/** Keeps the first `cap` bytes (stdout: the handshake is at the start) and counts the rest. */
class CappedCapture {
  private readonly chunks: Buffer[] = [];
  kept = 0;
  total = 0;

  constructor(
    private readonly cap: number,
    private readonly keep: 'head' | 'tail',
  ) {}

  get full(): boolean {
    return this.kept >= this.cap;
  }

  add(chunk: Buffer): void {
    this.total += chunk.length;
    this.chunks.push(chunk);
    this.kept += chunk.length;
    while (this.kept > this.cap && this.chunks.length > 0) {
      const over = this.kept - this.cap;
      const drop = this.keep === 'tail' ? 0 : this.chunks.length - 1;
      const victim = this.chunks[drop] as Buffer;
      if (victim.length <= over) {
        this.chunks.splice(drop, 1);
        this.kept -= victim.length;
      } else {
        this.chunks[drop] = this.keep === 'tail' ? victim.subarray(over) : victim.subarray(0, victim.length - over);
        this.kept -= over;
      }
    }
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Plugins still running, ended synchronously if this process exits or is interrupted first.
 * The signal handlers exist only while a plugin runs; when they are the only handlers, the
 * signal is raised again afterwards so the default action (exit) still happens.
 */
const live = new Set<PluginProcess>();
const TERMINATING_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function killAllNow(): void {
  for (const plugin of live) plugin.killNowSync();
  live.clear();
}

function onTerminatingSignal(signal: NodeJS.Signals): void {
  killAllNow();
  untrack();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function track(plugin: PluginProcess): void {
  if (live.size === 0) {
    process.on('exit', killAllNow);
    for (const signal of TERMINATING_SIGNALS) process.on(signal, onTerminatingSignal);
  }
  live.add(plugin);
}

function untrack(plugin?: PluginProcess): void {
  if (plugin) live.delete(plugin);
  if (live.size > 0) return;
  process.off('exit', killAllNow);
  for (const signal of TERMINATING_SIGNALS) process.off(signal, onTerminatingSignal);
}

interface ProcStat {
  pid: number;
  ppid: number;
  pgrp: number;
  session: number;
  /** Clock ticks after boot at which it started (stat's field 22). */
  startTime: number;
}

/** Linux: processes are read from /proc; elsewhere only kill(pid, 0) can tell. */
const HAS_PROC = existsSync('/proc/self/stat');

/** One process as /proc/PID/stat shows it (zombies included); undefined when it is gone or unreadable. */
function readStat(pid: number): (ProcStat & { zombie: boolean }) | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // pid (comm) state ppid pgrp session ...: comm may contain spaces, so parse after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { pid, zombie: fields[0] === 'Z', ppid: Number(fields[1]), pgrp: Number(fields[2]), session: Number(fields[3]), startTime: Number(fields[19]) || 0 };
}

/**
 * At most this many /proc files are read per event-loop turn when stop() looks for a plugin's
 * processes: the other plugins' handshakes run on the same loop (a whole scan blocked it 4 ms).
 */
const PROC_READS_PER_TURN = 16;

/** Work over /proc in steps (core/steps.ts): it yields after every PROC_READS_PER_TURN reads; atOnce runs it for the exit hook, where no waiting is possible. */
type ProcScan<T> = Steps<T>;

/** Runs a scan a few reads per event-loop turn. */
async function scanInTurns<T>(scan: ProcScan<T>): Promise<T> {
  for (;;) {
    const step = scan.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Counts reads and says when a scan should yield. */
function readCounter(): () => boolean {
  let reads = 0;
  return () => ++reads % PROC_READS_PER_TURN === 0;
}

/** Every living (non-zombie) process, from /proc; undefined where there is no /proc. */
function* livingProcesses(): ProcScan<ProcStat[] | undefined> {
  if (!HAS_PROC) return undefined;
  const turnDone = readCounter();
  const all: ProcStat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry)); // undefined: it exited while we looked
    if (stat && !stat.zombie) all.push(stat);
    if (turnDone()) yield;
  }
  return all;
}

let nextLook: Promise<ProcStat[] | undefined> | undefined;
let currentLook: Promise<unknown> | undefined;

/**
 * A look at every living process, begun after this call: what a stop() must see. The stops that
 * ask while none has begun since they asked share one, so plugins ended together read /proc a few
 * times instead of twice each (~1 ms per look at ~100 processes, 2-3 ms on a loaded machine).
 */
export function lookFromNow(): Promise<ProcStat[] | undefined> {
  nextLook ??= (async () => {
    await currentLook;
    nextLook = undefined; // from here, a new request needs a look begun after it
    const look = scanInTurns(livingProcesses());
    currentLook = look.catch(() => undefined);
    return look;
  })();
  return nextLook;
}

/**
 * Living (non-zombie) members of a process group; Linux reads /proc (or `all`, a snapshot of it
 * already read), elsewhere kill(-pgid, 0).
 */
export function processGroupMembers(pgid: number, all = atOnce(livingProcesses())): number[] {
  if (all) return all.filter((p) => p.pgrp === pgid).map((p) => p.pid);
  try {
    process.kill(-pgid, 0);
    return [pgid];
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  if (HAS_PROC) {
    const stat = readStat(pid);
    return stat !== undefined && !stat.zombie;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** 0 without /proc (or when already gone): then every process is looked at. */
function startTimeOf(pid: number | undefined): number {
  return pid === undefined ? 0 : (readStat(pid)?.startTime ?? 0);
}

function inheritedMarker(pid: number, marker: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker);
  } catch {
    return false; // gone, or not ours to read
  }
}

/**
 * Everything the plugin started: its process group and session (it leads both), their
 * descendants, and any process that still carries `marker` (the private TMPDIR) in its
 * environment, which is how a double-forked setsid daemon whose parent died is found. `since`:
 * the leader's start time (stat's clock ticks); nothing started before it is the plugin's.
 * `all`: a snapshot of /proc already read; read here when absent.
 */
function* pluginProcesses(leader: number, marker: string, since: number, all?: ProcStat[]): ProcScan<number[]> {
  all ??= yield* livingProcesses();
  if (!all) return processGroupMembers(leader, all);
  const members = new Set(all.filter((p) => p.pid !== process.pid && (p.pgrp === leader || p.session === leader)).map((p) => p.pid));
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!members.has(p.pid) && members.has(p.ppid)) {
        members.add(p.pid);
        grew = true;
      }
    }
  }
  // Only what started with or after the plugin can have inherited its TMPDIR: the environment of
  // the rest of the machine is not read.
  const turnDone = readCounter();
  for (const p of all) {
    if (members.has(p.pid) || p.pid === process.pid || p.startTime < since) continue;
    if (inheritedMarker(p.pid, marker)) members.add(p.pid);
    if (turnDone()) yield;
  }
  return [...members];
}

/**
 * KUBECONFIG's value, none when no kubeconfig file was found; the offer's own file is written into
 * `tempDir` (removed with it, never holding a credential).
 */
function kubeconfigPaths(tempDir: string, offer: KubeconfigOffer): string | undefined {
  if (offer.files === undefined) return undefined;
  const text = offerFileText(offer);
  if (text === undefined) return offer.files;
  const file = join(tempDir, 'context.kubeconfig');
  writeFileSync(file, text, { mode: 0o600 });
  return `${file}${delimiter}${offer.files}`;
}

export class PluginProcess {
  /** A prepared launch's command is known on release(). */
  description: LaunchDescription;
  readonly tempDir: string;
  readonly exited: Promise<ExitStatus>;
  exitStatus: ExitStatus | undefined;
  spawnError: string | undefined;
  private readonly child: ChildProcess;
  private readonly stdout: CappedCapture;
  private readonly stderr: CappedCapture;
  private lineBuffer = '';
  private readonly lines: string[] = [];
  private stdoutEnded = false;
  private wake: (() => void) | undefined;
  private stopped: Promise<StopResult> | undefined;
  /** stop() saw every process of the plugin gone: only the temp dir may be left. */
  private groupEnded = false;
  /** When the leader started (stat's clock ticks after boot); 0 where unknown. */
  private readonly startTime: number;
  /** A direct launch; or a prepared one: dash waiting, told to exec the plugin, or not released (launched directly instead). */
  private phase: 'direct' | 'waiting' | 'released' | 'not-released';
  /** A prepared launch's LaunchSpec.announce, for release(). */
  private readonly announce: LaunchSpec['announce'];

  /** Launches `spec` at once; a PreparedLaunchSpec (from prepare()) forks the waiter instead. */
  constructor(spec: LaunchSpec | PreparedLaunchSpec) {
    this.tempDir = mkdtempSync(join(tmpdir(), 'rollouts-plugin-'));
    // Until the spawn succeeds no process exists to stop(): a failure here removes the temp dir itself.
    try {
      const kubeconfig = spec.kubeconfig && kubeconfigPaths(this.tempDir, spec.kubeconfig);
      const toolEnv: Record<string, string> = {
        [MAGIC_COOKIE_KEY]: spec.cookie,
        PLUGIN_MIN_PORT: String(PLUGIN_MIN_PORT),
        PLUGIN_MAX_PORT: String(PLUGIN_MAX_PORT),
        PLUGIN_PROTOCOL_VERSIONS: '1',
        TMPDIR: this.tempDir,
        HOME: this.tempDir,
        PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
        ...(kubeconfig && { KUBECONFIG: kubeconfig }),
      };
      const env: Record<string, string> = { ...toolEnv };
      for (const name of spec.passEnv ?? []) {
        const value = process.env[name];
        if (value !== undefined) env[name] = value;
      }
      // Absolute: the plugin runs in its temp dir, where a relative path (or a bare name, looked
      // up in PATH) would name another file.
      const binaryPath = 'binaryPath' in spec ? resolve(spec.binaryPath) : undefined;
      this.description = {
        command: [binaryPath ?? '', ...spec.args],
        cwd: this.tempDir,
        envNames: Object.keys(env).sort(),
        toolEnv,
        ...(spec.kubeconfig?.notOffered.length && { notOffered: spec.kubeconfig.notOffered }),
      };
      this.stdout = new CappedCapture(spec.stdoutCapBytes ?? DEFAULT_STDOUT_CAP_BYTES, 'head');
      this.stderr = new CappedCapture(spec.stderrCapBytes ?? DEFAULT_STDERR_CAP_BYTES, 'tail');
      this.announce = spec.announce;
      this.phase = binaryPath === undefined ? 'waiting' : 'direct';
      // detached: setsid, its own process group, which stop() ends as a whole (exec keeps both)
      if (binaryPath === undefined) {
        // Never the plugin itself before release(): no waiter, no process (prepare() says none).
        const shell = dash();
        if (!shell || !Object.keys(env).every((name) => SHELL_IDENTIFIER.test(name) && !SET_BY_DASH.has(name))) throw new Error('no prepared launch for this environment here');
        this.child = spawn(shell, ['-c', PREPARED_LAUNCH, 'sh', this.tempDir, ...spec.args], { cwd: this.tempDir, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
      } else {
        spec.announce?.(this.description);
        this.child = spawn(binaryPath, spec.args, { cwd: this.tempDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      }
    } catch (error) {
      rmSync(this.tempDir, { recursive: true, force: true });
      throw error;
    }
    track(this);
    this.startTime = startTimeOf(this.child.pid);
    this.exited = new Promise((resolve) => {
      this.child.once('error', (error) => {
        this.spawnError = error.message;
        this.exitStatus ??= { code: null, signal: null };
        this.notify();
        resolve(this.exitStatus);
      });
      // 'exit', not 'close': a grandchild may hold the pipes open long after the plugin died.
      this.child.once('exit', (code, signal) => {
        this.exitStatus = { code, signal };
        this.notify();
        resolve(this.exitStatus);
      });
    });
    this.child.stdout?.on('data', (chunk: Buffer) => this.onStdout(chunk));
    this.child.stdout?.on('end', () => {
      this.stdoutEnded = true;
      this.notify();
    });
    this.child.stderr?.on('data', (chunk: Buffer) => this.stderr.add(chunk));
    // EPIPE when the waiter is gone before release: its exit says so.
    this.child.stdin?.on('error', () => undefined);
  }

  /**
   * Execs `binaryPath` in a prepared launch. False when there is none to release (launched at once,
   * gone, or the file is not executable: launched directly, it fails with the error exec gives).
   */
  release(binaryPath: string): boolean {
    if (this.phase !== 'waiting') return false;
    this.phase = 'not-released';
    const path = resolve(binaryPath);
    if (this.exitStatus !== undefined || this.spawnError !== undefined || path.includes('\n')) return false;
    try {
      accessSync(path, constants.X_OK);
    } catch {
      return false;
    }
    this.description = { ...this.description, command: [path, ...this.description.command.slice(1)] };
    this.announce?.(this.description);
    this.child.stdin?.end(`${path}\n`);
    this.phase = 'released';
    return true;
  }

  /**
   * A prepared launch (see PREPARED_LAUNCH), or none where it cannot be made: then the plugin is
   * launched at once when it is time (new PluginProcess).
   */
  static prepare(spec: PreparedLaunchSpec): PluginProcess | undefined {
    if (!dash()) return undefined;
    try {
      return new PluginProcess(spec);
    } catch {
      return undefined; // an environment dash would change, or no process to fork now (EAGAIN, EMFILE): the launch itself says what fails
    }
  }

  /**
   * Why a released launch's exec failed, in Go's words (`exec format error`): the waiter exited
   * before any plugin ran, saying so. Undefined otherwise.
   */
  execFailure(): string | undefined {
    if (this.phase !== 'released' || (this.exitStatus?.code !== 126 && this.exitStatus?.code !== 127)) return undefined;
    const said = DASH_EXEC_FAILED.exec(this.stderrTail(1)[0] ?? '')?.[1];
    if (said === undefined) return undefined;
    return GO_WORDS[said] ?? said.charAt(0).toLowerCase() + said.slice(1);
  }

  /** A prepared launch release() has execed. */
  get released(): boolean {
    return this.phase === 'released';
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Everything the plugin printed on stdout (first bytes, capped). */
  get stdoutText(): string {
    return this.stdout.text();
  }

  get stderrBytes(): number {
    return this.stderr.total;
  }

  /** go-plugin forwards the plugin's stdout once serving over a yamux stream; kept with the rest. */
  captureStdout(chunk: Buffer): void {
    this.stdout.add(chunk);
  }

  /** Same for stderr: what the plugin logs after the handshake arrives on a yamux stream. */
  captureStderr(chunk: Buffer): void {
    this.stderr.add(chunk);
  }

  /** The last `count` lines of stderr (from the capped tail). */
  stderrTail(count = 20): string[] {
    const lines = this.stderr.text().split('\n');
    if (lines.at(-1) === '') lines.pop();
    return lines.slice(-count);
  }

  private onStdout(chunk: Buffer): void {
    const wasFull = this.stdout.full;
    this.stdout.add(chunk);
    if (wasFull) return; // beyond the cap: counted, not kept, no more lines
    this.lineBuffer += chunk.toString('utf8');
    let newline = this.lineBuffer.indexOf('\n');
    while (newline >= 0) {
      this.lines.push(this.lineBuffer.slice(0, newline).replace(/\r$/, ''));
      this.lineBuffer = this.lineBuffer.slice(newline + 1);
      newline = this.lineBuffer.indexOf('\n');
    }
    this.notify();
  }

  private notify(): void {
    this.wake?.();
  }

  /**
   * The next stdout line, like go-plugin's scanner: stdout closing ends the wait (`eof`; a
   * final unterminated line still counts), so does the deadline or the signal.
   */
  async nextLine(timeoutMs: number, signal?: AbortSignal): Promise<LineWait> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.spawnError !== undefined) return { kind: 'spawn-error', message: this.spawnError };
      const line = this.lines.shift();
      if (line !== undefined) return { kind: 'line', line };
      if (this.stdoutEnded) {
        if (this.lineBuffer !== '') {
          const rest = this.lineBuffer;
          this.lineBuffer = '';
          return { kind: 'line', line: rest };
        }
        return { kind: 'eof' };
      }
      if (signal?.aborted) return { kind: 'aborted' };
      const left = deadline - Date.now();
      if (left <= 0) return { kind: 'timeout' };
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          this.wake = undefined;
          resolve();
        };
        const timer = setTimeout(done, left);
        signal?.addEventListener('abort', done, { once: true });
        this.wake = done;
      });
    }
  }

  /** Ends the whole process group and removes the temp dir; safe to call more than once. */
  stop(): Promise<StopResult> {
    this.stopped ??= this.stopGroup();
    return this.stopped;
  }

  /** What every process the plugin started inherits: how one that left the group is still found. */
  private get marker(): string {
    return `TMPDIR=${this.tempDir}`;
  }

  private async stopGroup(): Promise<StopResult> {
    const leader = this.child.pid;
    let forced = false;
    let survivors: number[] = [];
    const escaped = new Set<number>();
    if (leader !== undefined) {
      // One look at /proc serves both questions.
      const now = await lookFromNow();
      const group = new Set(processGroupMembers(leader, now));
      const members = await scanInTurns(pluginProcesses(leader, this.marker, this.startTime, now));
      for (const pid of members) if (!group.has(pid)) escaped.add(pid);
      this.signalAll(leader, members, 'SIGTERM');
      let ended = await this.waitAllGone(leader, members, KILL_GRACE_MS);
      if (!ended.gone) {
        forced = true;
        const left = await scanInTurns(pluginProcesses(leader, this.marker, this.startTime));
        for (const pid of left) if (!group.has(pid) && pid !== leader) escaped.add(pid);
        this.signalAll(leader, left, 'SIGKILL');
        ended = await this.waitAllGone(leader, left, KILL_WAIT_MS);
      }
      survivors = await scanInTurns(pluginProcesses(leader, this.marker, this.startTime, ended.seen));
      if (this.exitStatus === undefined) {
        await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, KILL_WAIT_MS).unref())]);
      }
    }
    this.groupEnded = survivors.length === 0;
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
    // Off the event loop (other plugins' handshakes run on it); still tracked until done, so an
    // exit or Ctrl-C meanwhile removes the dir at once.
    const tempDirRemoved = await this.removeTempDir();
    untrack(this);
    return { forced, survivors, escaped: [...escaped].sort((a, b) => a - b), tempDirRemoved };
  }

  /** The group as a whole, and each process that left it (its own group too: it may have children). */
  private signalAll(leader: number, members: readonly number[], signal: NodeJS.Signals): void {
    const targets = new Set([-leader]);
    for (const pid of members) targets.add(pid);
    for (const target of targets) {
      try {
        process.kill(target, signal);
      } catch {
        // ESRCH: already gone
      }
    }
  }

  /** Whether the leader, `members` and the group are gone within `ms`; `seen`: the look at /proc that showed it. */
  private async waitAllGone(leader: number, members: readonly number[], ms: number): Promise<{ gone: boolean; seen?: ProcStat[] }> {
    const deadline = Date.now() + ms;
    for (;;) {
      const leaderGone = this.exitStatus !== undefined || this.spawnError !== undefined;
      if (leaderGone && members.every((pid) => pid === leader || !alive(pid))) {
        const seen = await lookFromNow();
        if (processGroupMembers(leader, seen).length === 0) return { gone: true, seen };
      }
      const left = deadline - Date.now();
      if (left <= 0) return { gone: false };
      // Wake on the leader's exit (usually all there is) or poll for the rest.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(leaderGone ? 20 : 50, left));
        if (!leaderGone) void this.exited.then(() => (clearTimeout(timer), resolve()));
      });
    }
  }

  private async removeTempDir(): Promise<boolean> {
    try {
      await rm(this.tempDir, { recursive: true, force: true, maxRetries: 3 });
      return true;
    } catch {
      return false;
    }
  }

  /** For the exit hook: no waiting is possible there. */
  killNowSync(): void {
    const leader = this.child.pid;
    if (leader !== undefined && !this.groupEnded) this.signalAll(leader, atOnce(pluginProcesses(leader, this.marker, this.startTime)), 'SIGKILL');
    try {
      rmSync(this.tempDir, { recursive: true, force: true });
    } catch {
      // what cannot be removed now stays: the process is exiting
    }
  }
}
