/**
 * scopedSignal: fires with its parent, at its deadline or when ended early; dispose() unlinks it from
 * the parent. sleep: ends at its time or when its signal fires, whichever is first.
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { abortCause, abortCauseText, scopedSignal, sleep } from '../../src/core/deadline.js';

describe('scopedSignal', () => {
  it('fires when the parent does, with its reason', () => {
    const parent = new AbortController();
    const scoped = scopedSignal(parent.signal, 60_000);
    parent.abort(new Error('SIGTERM'));
    expect(scoped.signal.reason).toEqual(new Error('SIGTERM'));
    scoped.dispose();
  });

  it('fires at its deadline as a TimeoutError (worded as the run deadline), the parent untouched', async () => {
    const parent = new AbortController();
    const scoped = scopedSignal(parent.signal, 20);
    await new Promise((resolve) => scoped.signal.addEventListener('abort', resolve));
    expect((scoped.signal.reason as DOMException).name).toBe('TimeoutError');
    expect(parent.signal.aborted).toBe(false);
    scoped.dispose();
  });

  it("its deadline is named by the flag that set it: a fleet cluster's --cluster-timeout, not the run's --timeout", async () => {
    const run = new AbortController();
    const cluster = scopedSignal(run.signal, 20, '--cluster-timeout');
    await new Promise((resolve) => cluster.signal.addEventListener('abort', resolve));
    expect(abortCause(cluster.signal)).toBe('--cluster-timeout');
    expect(abortCauseText(cluster.signal)).toBe("the cluster's --cluster-timeout ran out");
    cluster.dispose();
    // The run's own deadline reaching a cluster first is the run's.
    const ranOut = scopedSignal(AbortSignal.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), 60_000, '--cluster-timeout');
    expect(abortCauseText(ranOut.signal)).toBe("the run's --timeout ran out");
    ranOut.dispose();
    const interrupted = scopedSignal(AbortSignal.abort(new Error('interrupted (SIGINT)')), 60_000, '--cluster-timeout');
    expect([abortCause(interrupted.signal), abortCauseText(interrupted.signal)]).toEqual(['interrupted', 'interrupted (SIGINT)']);
    interrupted.dispose();
  });

    it('after dispose, neither the parent nor the deadline reaches it', async () => {
    const parent = new AbortController();
    const scoped = scopedSignal(parent.signal, 20);
    scoped.dispose();
    parent.abort();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(scoped.signal.aborted).toBe(false);
  });

  it('abort() ends it early (a wait cut short), the parent untouched', async () => {
    const parent = new AbortController();
    const scoped = scopedSignal(parent.signal, 0);
    const began = Date.now();
    const waiting = sleep(60_000, scoped.signal);
    scoped.abort();
    await waiting;
    expect(Date.now() - began).toBeLessThan(1_000);
    expect(parent.signal.aborted).toBe(false);
    scoped.dispose();
    // Nothing of the finished wait stays reachable from the long-lived parent.
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(0);
  });
});

describe('sleep', () => {
  it('ends at its time, or at once when its signal fires, leaving no listener', async () => {
    const stop = new AbortController();
    let began = Date.now();
    await sleep(30, stop.signal);
    expect(Date.now() - began).toBeGreaterThanOrEqual(25);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
    began = Date.now();
    const waiting = sleep(60_000, stop.signal);
    stop.abort();
    await waiting;
    expect(Date.now() - began).toBeLessThan(1_000);
  });
});
