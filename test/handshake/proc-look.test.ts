/**
 * stop()'s looks at /proc: shared by the stops that ask together, never older than the request
 * (a process started before a stop asked must be in the look it gets).
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { lookFromNow } from '../../src/handshake/process.js';

describe.runIf(process.platform === 'linux')('a look at every process', () => {
  it('is one look for the requests made together', async () => {
    const first = lookFromNow();
    expect(lookFromNow()).toBe(first);
    expect((await first)?.some((p) => p.pid === process.pid)).toBe(true);
  });

  it('asked for while another is under way, is a later one that sees what started in between', async () => {
    const under = lookFromNow();
    await new Promise((resolve) => setImmediate(resolve)); // the first look has begun
    const child = spawn('sleep', ['5'], { stdio: 'ignore' });
    try {
      const later = lookFromNow();
      expect(later).not.toBe(under);
      const seen = await later;
      expect(seen?.some((p) => p.pid === child.pid)).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
