/**
 * Environment variables the Node runtime obeys in any program it runs: where to write V8
 * coverage and a compile cache, extra CAs to trust, ICU data, debug output, warnings to a file,
 * the libuv thread pool, cluster and IPC set-up. kubectl (Go) reads none of them, and a setting
 * meant for the user's own Node programs must not change what this kubectl plugin trusts,
 * writes or prints. NODE_OPTIONS is already ignored by the executable itself (the SEA's
 * execArgvExtension 'none'); these are read by Node before any of our code runs, so the
 * standalone executable runs itself again without them. When none is set (the common case), it
 * starts as before: nothing is spawned.
 */
import { closeSync } from 'node:fs';

const NODE_SWITCHES = [
  'NODE_V8_COVERAGE',
  'NODE_COMPILE_CACHE',
  'NODE_EXTRA_CA_CERTS',
  'NODE_USE_SYSTEM_CA',
  'NODE_ICU_DATA',
  'NODE_TLS_REJECT_UNAUTHORIZED',
  'NODE_USE_ENV_PROXY',
  'NODE_DEBUG',
  'NODE_DEBUG_NATIVE',
  'NODE_PENDING_DEPRECATION',
  'NODE_REDIRECT_WARNINGS',
  'NODE_NO_WARNINGS',
  'NODE_DISABLE_COLORS',
  'NODE_PRESERVE_SYMLINKS',
  'NODE_SKIP_PLATFORM_CHECK',
  'NODE_CHANNEL_FD',
  'NODE_CHANNEL_SERIALIZATION_MODE',
  'NODE_UNIQUE_ID',
  'NODE_CLUSTER_SCHED_POLICY',
  'OPENSSL_CONF',
  'UV_THREADPOOL_SIZE',
  'UV_USE_IO_URING',
] as const;

/** The switches set in `env` (set to anything, even empty: Node reads some of them so). */
function nodeSwitchesIn(env: NodeJS.ProcessEnv): string[] {
  return NODE_SWITCHES.filter((name) => env[name] !== undefined);
}

const RERUN_MARKER = 'KUBECTL_ROLLOUTS_PLUGINS_NODE_SWITCHES_DROPPED';

/**
 * Signals are passed on: one sent to this process alone (kill -INT PID, a supervisor's SIGTERM) would
 * not reach the run otherwise. A terminal's Ctrl-C reaches both; the run takes the copy passed on
 * right after as the same Ctrl-C (run-context.ts).
 */
const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs this executable again with the same arguments, stdio and environment minus the Node
 * switches, and ends as it ends (its exit code, or the signal that ended it): never returns then.
 * 'none-set' when none is set: the caller goes on in this process.
 */
export async function runWithoutNodeSwitches(env: NodeJS.ProcessEnv = process.env): Promise<'none-set' | never> {
  const set = nodeSwitchesIn(env);
  // Node takes NODE_CHANNEL_FD out of process.env once it has opened the IPC channel, which then
  // aborts this process at exit when the fd was no pipe: the open channel says it was set.
  const ipc = process.channel !== undefined;
  // The marker: a run started here never starts another, whatever it finds set.
  if ((set.length === 0 && !ipc) || env[RERUN_MARKER] !== undefined) return 'none-set';
  const clean: NodeJS.ProcessEnv = { ...env, [RERUN_MARKER]: '1' };
  for (const name of set) delete clean[name];
  const coverage = env.NODE_V8_COVERAGE !== undefined;
  if (coverage) {
    // spawn() copies it from process.env into any child's env; and this process, started with
    // it, would write a coverage file at exit: stopped here, it says so on stderr at exit instead
    // (closed then, below).
    delete process.env.NODE_V8_COVERAGE;
    (await import('node:v8')).stopCoverage();
  }
  const { spawn } = await import('node:child_process'); // only on this rare path: the common start stays light
  const child = spawn(process.execPath, process.argv.slice(2), { env: clean, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  // This process waits for the child to end, whatever it was sent.
  for (const signal of FORWARDED) process.on(signal, forward);
  return new Promise<never>(() => {
    child.once('error', (error) => {
      process.stderr.write(`error: could not start ${process.execPath}: ${error.message}\n`);
      process.exit(3);
    });
    child.once('exit', (code, signal) => {
      for (const name of FORWARDED) process.off(name, forward);
      if (coverage) closeSync(2);
      if (signal) process.kill(process.pid, signal);
      // Not process.exit(): its teardown closes the IPC pipe Node opened for NODE_CHANNEL_FD and
      // aborts when that fd is no pipe (Node does so for any program). Nothing here needs tearing down.
      else (process as unknown as { reallyExit(code: number): never }).reallyExit(code ?? 3);
    });
  });
}
