/**
 * A signal for one unit of work under a long-lived one: it fires when the parent does, after
 * `timeoutMs` (0: no deadline) or at abort(), and dispose() drops both links at once, so a loop that
 * runs forever (serve) keeps no timer, listener or finished run's objects reachable from the parent.
 */
export interface ScopedSignal {
  signal: AbortSignal;
  /** Ends this unit early, the parent untouched (serve's trigger cuts its wait short). */
  abort(): void;
  dispose(): void;
}

/** The flags whose deadlines end a run: the run's own, or one cluster's in a fleet run. */
export type DeadlineFlag = '--timeout' | '--cluster-timeout';

/** A deadline's abort reason: a TimeoutError, as AbortSignal.timeout gives, that names the flag which set it. */
class DeadlineReached extends Error {
  override name = 'TimeoutError';
  constructor(readonly flag: DeadlineFlag) {
    super(`${flag} ran out`);
  }
}

/** `flag`: the deadline `timeoutMs` comes from, named when it ends the work. */
export function scopedSignal(parent: AbortSignal, timeoutMs: number, flag: DeadlineFlag = '--timeout'): ScopedSignal {
  const controller = new AbortController();
  const onParent = () => controller.abort(parent.reason);
  if (parent.aborted) onParent();
  else parent.addEventListener('abort', onParent, { once: true });
  const timer = timeoutMs > 0 ? setTimeout(() => controller.abort(new DeadlineReached(flag)), timeoutMs) : undefined;
  return {
    signal: controller.signal,
    abort() {
      controller.abort();
    },
    dispose() {
      clearTimeout(timer);
      parent.removeEventListener('abort', onParent);
    },
  };
}

/** Waits `ms`, or less when the signal fires; never rejects, and leaves no timer or listener behind. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Why a run's signal fired: the deadline of a flag (--timeout: AbortSignal.timeout's or scopedSignal's;
 * a fleet cluster's --cluster-timeout) or an interruption (Ctrl-C, a closed stdout).
 */
export function abortCause(signal: AbortSignal | undefined): DeadlineFlag | 'interrupted' {
  const reason = signal?.reason as Error | undefined;
  if (reason?.name !== 'TimeoutError') return 'interrupted';
  return reason instanceof DeadlineReached ? reason.flag : '--timeout';
}

/** Whose deadline a flag sets: `the run's` (--timeout), `the cluster's` (--cluster-timeout). */
export function whoseDeadline(flag: DeadlineFlag): string {
  return flag === '--cluster-timeout' ? "the cluster's" : "the run's";
}

/** A deadline that ended work, in words: `the run's --timeout ran out`, `the cluster's --cluster-timeout ran out`. */
export function deadlineRanOut(flag: DeadlineFlag): string {
  return `${whoseDeadline(flag)} ${flag} ran out`;
}

/** What ended the run, in words: `the run's --timeout ran out`, `the cluster's --cluster-timeout ran out`, `interrupted (SIGINT)`. */
export function abortCauseText(signal: AbortSignal | undefined): string {
  const cause = abortCause(signal);
  if (cause === 'interrupted') return (signal?.reason as Error | undefined)?.message ?? 'interrupted';
  return deadlineRanOut(cause);
}
