/** serve's schedule: a failed run never stops it, jitter spreads the waits, a trigger runs at once. */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { nextDelayMs, startServeLoop } from '../../src/serve/loop.js';
import { serveReport as report } from '../support/serve-report.js';

describe('serve loop', () => {
  it('goes on after a run that throws or reads nothing, keeping the last good report', async () => {
    const stop = new AbortController();
    const outcomes = [() => report('ok'), () => { throw new Error('cluster unreachable\nsecond line'); }, () => report('broken', true), () => report('broken')];
    const lines: string[] = [];
    let calls = 0;
    const loop = startServeLoop({
      intervalMs: 5,
      jitter: 0,
      signal: stop.signal,
      log: (l) => lines.push(l),
      runOnce: async () => {
        const outcome = outcomes[calls++]!;
        if (calls === outcomes.length) stop.abort();
        return outcome();
      },
    });
    await loop.done;
    expect(calls).toBe(4);
    expect(loop.state.runs).toEqual({ succeeded: 2, failed: 2 });
    expect(loop.state.report!.verdict.onRestart.state).toBe('broken');
    expect(loop.state.lastRunOk).toBe(true);
    expect(lines.filter((l) => l.startsWith('run failed'))).toEqual([expect.stringMatching(/cluster unreachable$/), expect.stringMatching(/nothing could be read/)]);
  });

  it('a trigger cuts the wait short', async () => {
    const stop = new AbortController();
    let calls = 0;
    const loop = startServeLoop({ intervalMs: 60_000, jitter: 0, signal: stop.signal, log: () => undefined, runOnce: async () => (calls++, report('ok')) });
    while (calls < 1 || loop.state.running) await new Promise((r) => setTimeout(r, 5));
    const began = Date.now();
    loop.trigger('the ConfigMap changed');
    while (calls < 2) await new Promise((r) => setTimeout(r, 5));
    expect(Date.now() - began).toBeLessThan(1_000);
    stop.abort();
    await loop.done;
  });

  it('stopping during the wait ends the loop at once; a wait cut short leaves nothing on serve\'s signal', async () => {
    const stop = new AbortController();
    let calls = 0;
    const loop = startServeLoop({ intervalMs: 60_000, jitter: 0, signal: stop.signal, log: () => undefined, runOnce: async () => (calls++, report('ok')) });
    for (let i = 1; i <= 3; i++) {
      while (calls < i || loop.state.running) await new Promise((r) => setTimeout(r, 5));
      // Waiting: one link from serve's signal to the wait, whichever the run before it was.
      expect(getEventListeners(stop.signal, 'abort')).toHaveLength(1);
      loop.trigger(`change ${i}`);
    }
    while (calls < 4 || loop.state.running) await new Promise((r) => setTimeout(r, 5));
    const began = Date.now();
    stop.abort();
    await loop.done;
    expect(Date.now() - began).toBeLessThan(1_000);
    expect(calls).toBe(4);
  });

  it('jitter keeps every wait within the interval ± the fraction', () => {
    expect(nextDelayMs(60_000, 0.1, () => 0)).toBe(54_000);
    expect(nextDelayMs(60_000, 0.1, () => 1)).toBe(66_000);
    expect(nextDelayMs(60_000, 0, () => 0.3)).toBe(60_000);
  });
});
