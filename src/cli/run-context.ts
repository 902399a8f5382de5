/**
 * One AbortSignal for the whole run: Ctrl-C (SIGINT/SIGTERM) and the overall --timeout both end
 * every request, download and child process through it, so nothing is left behind.
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
}

/** A signal that fires on Ctrl-C or when `timeoutMs` has passed, whichever comes first. */
export function runSignal(timeoutMs: number): AbortSignal {
  return timeoutMs > 0 ? AbortSignal.any([interrupted.signal, AbortSignal.timeout(timeoutMs)]) : interrupted.signal;
}
