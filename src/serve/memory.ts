/**
 * Gives a finished run's memory back before serve waits for the next one. A run allocates tens of
 * MiB of short-lived buffers (each plugin download arrives in 64 KiB socket reads); V8 frees their
 * native memory only when a collection finds them dead, and it lets external memory grow by tens
 * of MiB before it collects, so the garbage of successive runs piles up and the allocator keeps the
 * pages it grew into: resident memory ratchets up with the highest pile seen. One full collection
 * after each run, while serve is idle anyway, frees them every time (a few tens of ms per interval).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/** Collects, and returns the JavaScript heap still in use afterwards: the live set, which a leak would grow. */
export function collectRunGarbage(): number {
  if (!gc) {
    // Exposed in contexts created from now on: a new one hands the function over.
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
  return process.memoryUsage().heapUsed;
}
