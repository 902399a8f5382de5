/**
 * A finished plugin's cleanup yields to the handshakes still waiting for answers, for a bounded
 * time: the plugin is still ended, and its facts come back, whatever the other plugins do.
 */
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { handshakePlugin } from '../../src/handshake/handshake.js';
import { CLEANUP_YIELD_MS, handshakeBegins, othersAnswered } from '../../src/handshake/in-flight.js';
import { buildHandshakeBinaries, type HandshakeBinaries } from '../support/handshake-fixtures.js';

let bin: HandshakeBinaries;
beforeAll(async () => {
  bin = await buildHandshakeBinaries();
});

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the wait for the other handshakes', () => {
  it('ends at once with none in flight, when the last one has its answers, or after its bound', async () => {
    let t = performance.now();
    await othersAnswered(5_000);
    expect(performance.now() - t).toBeLessThan(50);

    const first = handshakeBegins();
    const second = handshakeBegins();
    t = performance.now();
    setTimeout(first, 20);
    setTimeout(first, 30); // saying it twice counts once
    setTimeout(second, 80);
    await othersAnswered(5_000);
    expect(performance.now() - t).toBeGreaterThanOrEqual(75);
    expect(performance.now() - t).toBeLessThan(1_000);

    const stuck = handshakeBegins();
    t = performance.now();
    await othersAnswered(60);
    expect(performance.now() - t).toBeGreaterThanOrEqual(55);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    t = performance.now();
    await othersAnswered(5_000, controller.signal);
    expect(performance.now() - t).toBeLessThan(1_000);
    stuck();
  });
});

describe('a plugin that answered, beside one that hangs in Plugin.Type', () => {
  it('is ended after the bounded wait, long before the hanging one times out', async () => {
    const began = performance.now();
    const hanging = handshakePlugin({ binaryPath: bin.plugins['hangs-in-type'] as string, type: 'trafficrouter', verified: true, timeoutMs: 4_000 });
    const answered = await handshakePlugin({ binaryPath: bin.plugins['trafficrouter-ok'] as string, type: 'trafficrouter', verified: true, timeoutMs: 4_000 });
    const answeredAfter = performance.now() - began;

    expect(answered.rpc?.type).toMatchObject({ ok: true });
    // It waited for the other handshake (which never answers) only as long as the bound...
    expect(answeredAfter).toBeGreaterThanOrEqual(CLEANUP_YIELD_MS);
    expect(answeredAfter).toBeLessThan(2_000);
    // ...and was ended: no process, no temp dir.
    expect(answered.cleanup).toMatchObject({ survivors: [], escaped: [], tempDirRemoved: true });
    expect(isRunning(answered.launch!.pid!)).toBe(false);
    expect(existsSync(answered.launch!.toolEnv.TMPDIR!)).toBe(false);

    const hung = await hanging;
    expect(hung.rpc?.type).toMatchObject({ ok: false });
    expect(hung.cleanup?.survivors).toEqual([]);
  });
});
