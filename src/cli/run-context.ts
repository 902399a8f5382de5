/**
 * One AbortSignal for the whole run: Ctrl-C (SIGINT), SIGTERM, a closed stdout and the overall
 * --timeout all end every request, download and child process through it, so nothing is left behind.
 */
import { constants } from 'node:os';

const interrupted = new AbortController();
let signalsInstalled = false;
let sigtermEndsNormally = false;
/**
 * One Ctrl-C can arrive twice: from the terminal (to the whole process group) and passed on by the
 * standalone executable that ran this process without Node's switches (node-switches.ts). A repeat
 * this soon is that same one; a person's second Ctrl-C comes later.
 */
const SAME_INTERRUPT_MS = 300;

export function installSignalHandlers(): void {
  if (signalsInstalled) return;
  signalsInstalled = true;
  let interruptedAt = 0;
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    // As a shell reports a process a signal ended: 130 after Ctrl-C, 143 after SIGTERM.
    const code = 128 + constants.signals[name];
    process.on(name, () => {
      if (interrupted.signal.aborted) {
        if (performance.now() - interruptedAt >= SAME_INTERRUPT_MS) process.exit(code); // a second one: leave now
        return;
      }
      interruptedAt = performance.now();
      process.exitCode = name === 'SIGTERM' && sigtermEndsNormally ? 0 : code;
      interrupted.abort(new Error(`interrupted (${name})`));
    });
  }
  // Nobody reads the rest of the output: clean up as after Ctrl-C.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (isClosedStdout(error) && !interrupted.signal.aborted) interrupted.abort(new Error('stdout was closed'));
  });
}

/**
 * serve: SIGTERM is how Kubernetes stops a pod (a rollout, a drain, a scale-down): the stop it then
 * finishes cleanly exits 0, so the container ends `Completed`, not `Error` with exit code 143.
 */
export function endNormallyOnSigterm(): void {
  sigtermEndsNormally = true;
}

function isClosedStdout(error: NodeJS.ErrnoException): boolean {
  return error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED';
}

/**
 * `| head` closed stdout: end quietly, without an EPIPE stack trace; later writes to the closed
 * stream fail the same way and are ignored too. Installed first, by the entry, for every path.
 */
export function endQuietlyWhenStdoutCloses(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (!isClosedStdout(error)) throw error;
  });
}

/** A signal that fires on Ctrl-C or when `timeoutMs` has passed, whichever comes first. */
export function runSignal(timeoutMs: number): AbortSignal {
  return timeoutMs > 0 ? AbortSignal.any([interrupted.signal, AbortSignal.timeout(timeoutMs)]) : interrupted.signal;
}
