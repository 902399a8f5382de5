/** The peak resident memory of a running child, sampled from /proc (Linux), to assert a bound. */
import { readFileSync } from 'node:fs';

export interface PeakMemory {
  /** Highest VmHWM seen so far, in bytes. */
  peakBytes(): number;
  stop(): void;
}

export function watchPeakMemory(pid: number, everyMs = 20): PeakMemory {
  let peak = 0;
  const sample = () => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      if (hwm) peak = Math.max(peak, Number(hwm) * 1024);
    } catch {
      // the process has ended
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    peakBytes: () => (sample(), peak),
    stop: () => clearInterval(timer),
  };
}
