/**
 * Handshakes still waiting for their plugin's answers, so that a finished plugin's cleanup (two
 * looks at every process in /proc, signals, waits) yields to them: on a loaded machine that work
 * took the CPU the other plugins' handshakes were waiting for (4 plugins at once: 1.45-1.6x
 * go-plugin's time with it in the batch, 1.1-1.3x after it; bench/handshake.ts). The wait is
 * short and bounded: a finished plugin is ended at most CLEANUP_YIELD_MS later, whatever the
 * others do.
 */

/** The longest a finished plugin's cleanup waits for the other handshakes to get their answers. */
export const CLEANUP_YIELD_MS = 100;

let inFlight = 0;
const waiting = new Set<() => void>();

/** A handshake begins waiting for answers; the function returned says it has them (or gave up). */
export function handshakeBegins(): () => void {
  inFlight++;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    if (--inFlight > 0) return;
    for (const wake of [...waiting]) wake();
  };
}

/** Resolves once no handshake is waiting for answers, after `maxMs`, or on `signal`'s abort. */
export function othersAnswered(maxMs = CLEANUP_YIELD_MS, signal?: AbortSignal): Promise<void> {
  if (inFlight === 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const wake = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', wake);
      waiting.delete(wake);
      resolve();
    };
    const timer = setTimeout(wake, maxMs);
    signal?.addEventListener('abort', wake, { once: true });
    waiting.add(wake);
  });
}
