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

export function scopedSignal(parent: AbortSignal, timeoutMs: number): ScopedSignal {
  const controller = new AbortController();
  const onParent = () => controller.abort(parent.reason);
  if (parent.aborted) onParent();
  else parent.addEventListener('abort', onParent, { once: true });
  // The same reason AbortSignal.timeout gives, so errors are worded as for the run's deadline.
  const timer = timeoutMs > 0 ? setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), timeoutMs) : undefined;
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

/** Why a run's signal fired: its deadline (--timeout, a fleet cluster's own) or an interruption (Ctrl-C, a closed stdout). */
export function abortCause(signal: AbortSignal | undefined): 'deadline' | 'interrupted' {
  return (signal?.reason as Error | undefined)?.name === 'TimeoutError' ? 'deadline' : 'interrupted';
}

/** What ended the run, in words: `the run's --timeout ran out`, `interrupted (SIGINT)`. */
export function abortCauseText(signal: AbortSignal | undefined): string {
  return abortCause(signal) === 'deadline' ? "the run's --timeout ran out" : ((signal?.reason as Error | undefined)?.message ?? 'interrupted');
}

/** Why the run's signal fired, in words: the overall --timeout or Ctrl-C. */
export function abortReasonText(signal: AbortSignal | undefined): string {
  return abortCause(signal) === 'deadline' ? 'no answer before the deadline of the run (--timeout)' : ((signal?.reason as Error | undefined)?.message ?? 'cancelled');
}
