/**
 * serve's schedule: run doctor, wait the interval (with jitter, so replicas and CronJobs spread
 * out), run again; a failed run is recorded and the loop goes on. Only the latest report and the
 * counters are kept, so memory stays flat however long it runs.
 */
import { scopedSignal, sleep, type ScopedSignal } from '../core/deadline.js';
import type { Report } from '../core/report.js';
import { humanDuration } from '../core/duration.js';

export interface ServeState {
  /** The latest report of a run that could read the cluster; undefined before the first one. */
  report?: Report;
  runs: { succeeded: number; failed: number };
  /** Unix ms. */
  lastSuccessAt?: number;
  lastRunAt?: number;
  lastRunMs?: number;
  /** Whether the last finished run made a report; undefined before the first one ends. */
  lastRunOk?: boolean;
  /** Why the last run failed (one line), when it did. */
  lastError?: string;
  running: boolean;
}

export interface ServeLoopOptions {
  /** One doctor run. It throws, or resolves to a report with `nothingRead`, when it could not run. */
  runOnce: (signal: AbortSignal) => Promise<Report>;
  intervalMs: number;
  /** 0..1: each wait is the interval times a random factor in [1 - jitter, 1 + jitter]. */
  jitter: number;
  /** Ends the loop (and the run under way). */
  signal: AbortSignal;
  log: (line: string) => void;
  random?: () => number;
  /** Called after each run, once its report is kept (serve frees the run's memory there). */
  afterRun?: () => void;
}

export interface ServeLoop {
  state: ServeState;
  /** Runs at once (a watched object changed) instead of waiting out the interval. */
  trigger(reason: string): void;
  /** Resolves when the loop has ended (its signal fired and the run under way finished). */
  done: Promise<void>;
}

const MAX_ERROR_CHARS = 500;

export function nextDelayMs(intervalMs: number, jitter: number, random: () => number): number {
  return Math.max(0, Math.round(intervalMs * (1 + jitter * (2 * random() - 1))));
}

export function startServeLoop(options: ServeLoopOptions): ServeLoop {
  const { signal, log } = options;
  const random = options.random ?? Math.random;
  const state: ServeState = { runs: { succeeded: 0, failed: 0 }, running: false };
  /** The wait between runs under way, which a trigger cuts short. */
  let waiting: ScopedSignal | undefined;
  let triggered: string | undefined;

  const wait = async (ms: number) => {
    waiting = scopedSignal(signal, 0);
    try {
      await sleep(ms, waiting.signal);
    } finally {
      waiting.dispose();
      waiting = undefined;
    }
  };

  const runOnce = async () => {
    const began = Date.now();
    state.running = true;
    state.lastRunAt = began;
    try {
      const report = await options.runOnce(signal);
      if (report.nothingRead) throw new Error(`nothing could be read from the cluster: ${report.verdict.now.summary}`);
      state.report = report;
      state.runs.succeeded++;
      state.lastSuccessAt = Date.now();
      state.lastRunOk = true;
      delete state.lastError;
      log(`run ok in ${humanDuration(Date.now() - began)}: now ${report.verdict.now.state}, on restart ${report.verdict.onRestart.state}, ${report.summary.errors} error(s), ${report.summary.warnings} warning(s)`);
    } catch (error) {
      state.runs.failed++;
      state.lastRunOk = false;
      state.lastError = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, MAX_ERROR_CHARS);
      log(`run failed in ${humanDuration(Date.now() - began)}: ${state.lastError}`);
    } finally {
      state.running = false;
      state.lastRunMs = Date.now() - began;
      options.afterRun?.();
    }
  };

  const done = (async () => {
    while (!signal.aborted) {
      await runOnce();
      if (signal.aborted) break;
      if (triggered === undefined) await wait(nextDelayMs(options.intervalMs, options.jitter, random));
      if (triggered !== undefined) log(`running now: ${triggered}`);
      triggered = undefined;
    }
  })();

  return {
    state,
    trigger(reason) {
      triggered ??= reason;
      waiting?.abort();
    },
    done,
  };
}
