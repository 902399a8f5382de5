import { describe, expect, it } from 'vitest';
import { mapConcurrent } from '../../src/core/concurrency.js';

describe('mapConcurrent', () => {
  it.each([1, 2, 5])('keeps at most %i in flight and returns results in input order', async (limit) => {
    let inFlight = 0;
    let most = 0;
    const results = await mapConcurrent([40, 10, 30, 0, 20, 5], limit, async (ms) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, ms));
      inFlight--;
      return ms * 2;
    });
    expect(results).toEqual([80, 20, 60, 0, 40, 10]);
    expect(most).toBe(limit);
  });

  it('resolves with nothing for no items', async () => {
    expect(await mapConcurrent([], 4, () => Promise.reject(new Error('not called')))).toEqual([]);
  });

  it('rejects with the first failure of the work', async () => {
    await expect(mapConcurrent([1, 2], 2, (n) => (n === 2 ? Promise.reject(new Error('boom')) : Promise.resolve(n)))).rejects.toThrow('boom');
  });
});
