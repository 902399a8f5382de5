/**
 * One AbortSignal for the whole run: Ctrl-C (SIGINT/SIGTERM), a closed stdout and the overall
 * --timeout all end every request, download and child process through it, so nothing is left behind.
 */
const interrupted = new AbortController();
let signalsInstalled = false;

export function installSignalHandlers(): void {
  if (signalsInstalled) return;
  signalsInstalled = true;
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.on(name, () => {
      if (interrupted.signal.aborted) process.exit(130); // second Ctrl-C: leave now
      process.exitCode = 130;
      interrupted.abort(new Error(`interrupted (${name})`));
    });
  }
  // `| head` closed stdout: nobody reads the rest. Stop quietly (no EPIPE stack trace), cleaning up
  // as after Ctrl-C; later writes to the closed stream fail the same way and are ignored too.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    if (!interrupted.signal.aborted) interrupted.abort(new Error('stdout was closed'));
  });
}

/** A signal that fires on Ctrl-C or when `timeoutMs` has passed, whichever comes first. */
export function runSignal(timeoutMs: number): AbortSignal {
  return timeoutMs > 0 ? AbortSignal.any([interrupted.signal, AbortSignal.timeout(timeoutMs)]) : interrupted.signal;
}
