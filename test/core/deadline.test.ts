/** scopedSignal: fires with its parent or at its deadline; dispose() unlinks it from the parent. */
import { describe, expect, it } from 'vitest';
import { scopedSignal } from '../../src/core/deadline.js';

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

  it('after dispose, neither the parent nor the deadline reaches it', async () => {
    const parent = new AbortController();
    const scoped = scopedSignal(parent.signal, 20);
    scoped.dispose();
    parent.abort();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(scoped.signal.aborted).toBe(false);
  });
});
