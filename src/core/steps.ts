/**
 * Long synchronous work in steps. Node runs a signal's handler only between turns of the event
 * loop, so a lint of tens of thousands of entries, computed in one go, would hold Ctrl-C and SIGTERM
 * back for seconds. The pure code yields between pieces of its work (a generator: no I/O, no timer);
 * the pipeline that drives it gives the event loop a turn every few milliseconds and stops when the
 * run was interrupted. Synchronous callers take the result at once.
 */
import { abortCause, abortCauseText } from './deadline.js';
import { CannotRunError } from './errors.js';

/** Work that yields between its pieces and returns its result. */
export type Steps<T> = Generator<void, T, void>;

/** The result of `steps`, computed at once. */
export function atOnce<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** How long work runs before the event loop gets a turn: a signal's handler waits at most this long. */
const SLICE_MS = 10;

/**
 * The result of `steps`, with a turn of the event loop every SLICE_MS and once at the end.
 * Interrupted (Ctrl-C, SIGTERM) while it runs, it stops at the next turn and throws CannotRunError:
 * there is nothing to report of work cut in its middle, and the exit code is the signal's
 * (run-context.ts). An interruption before it began was met by the steps it cut (downloads cancelled,
 * handshakes ended), and a deadline (--timeout) by the reads it bounds: then the work goes on, so the
 * report says what they cut short.
 */
export async function inTurns<T>(steps: Steps<T>, signal: AbortSignal | undefined): Promise<T> {
  const interrupted = () => signal?.aborted === true && abortCause(signal) === 'interrupted';
  const stops = !interrupted();
  for (;;) {
    const sliceEnds = performance.now() + SLICE_MS;
    let step: IteratorResult<void, T>;
    do step = steps.next();
    while (!step.done && performance.now() < sliceEnds);
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (stops && interrupted()) {
      if (!step.done) steps.return(undefined as never);
      throw new CannotRunError(`${abortCauseText(signal)}: stopped before the report was made`);
    }
    if (step.done) return step.value;
  }
}

/** `items` mapped by `each`, a step per item. */
export function* mapInSteps<T, U>(items: readonly T[], each: (item: T, index: number) => U): Steps<U[]> {
  const out: U[] = [];
  for (let i = 0; i < items.length; i++) {
    out.push(each(items[i]!, i));
    yield;
  }
  return out;
}

/** `record` with `each` applied to every value, to the items of its `listed` arrays one a step (a report's plugins and findings). */
export function* mapValuesInSteps<T extends object>(record: T, listed: readonly (keyof T)[], each: (value: unknown) => unknown): Steps<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) out[key] = listed.includes(key as keyof T) && Array.isArray(value) ? yield* mapInSteps(value, each) : each(value);
  return out as T;
}
