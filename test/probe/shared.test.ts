/**
 * Downloads shared by the clusters of a fleet run: one keeps running while a cluster still waits
 * for it, and is cancelled once none does, so a run ends with its report (test/e2e/fleet.test.ts
 * shows it from the user's side: the process exits as the report is printed).
 */
import { describe, expect, test } from 'vitest';
import type { DownloadResult } from '../../src/probe/http.js';
import { SharedDownloads, type SharedDownloadKey } from '../../src/probe/shared.js';
import { DEFAULT_DEADLINES, DEFAULT_MAX_SIZE } from '../../src/probe/types.js';

const PLUGIN_URL = 'http://127.0.0.1:1/releases/v1.0.0/plugin';
const KEY: SharedDownloadKey = { url: PLUGIN_URL, session: { proxyEnv: {}, deadlines: DEFAULT_DEADLINES }, maxSize: DEFAULT_MAX_SIZE, saveErrorPages: false };

/** A download that hangs until its signal fires (then it is aborted) or the test finishes it. */
function hangingDownloads() {
  const signals: AbortSignal[] = [];
  const finish: (() => void)[] = [];
  const download = (_session: unknown, signal: AbortSignal | undefined): Promise<DownloadResult> => {
    signals.push(signal!);
    return new Promise((resolve) => {
      const facts = (outcome: 'ok' | 'aborted') => ({ facts: { url: PLUGIN_URL, outcome, hops: [], finalUrl: PLUGIN_URL, decompressed: false, bytes: 0, totalMs: 0 } });
      signal!.addEventListener('abort', () => resolve(facts('aborted')), { once: true });
      finish.push(() => resolve(facts('ok')));
    });
  };
  return { download, signals, finish };
}

/** A cluster waiting, until its deadline (here: by hand) makes it give up. */
function cluster() {
  const deadline = new AbortController();
  return { signal: deadline.signal, giveUp: () => deadline.abort() };
}

const until = async (what: () => boolean) => {
  for (let i = 0; i < 200 && !what(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(what()).toBe(true);
};

describe('shared downloads', () => {
  test('a cluster that gives up leaves the download running for one that still waits; the last one to give up cancels it', async () => {
    const shared = new SharedDownloads(new AbortController().signal);
    const { download, signals } = hangingDownloads();
    const a = cluster();
    const b = cluster();
    const forA = shared.fetch(KEY, download, () => 0, a.signal);
    const forB = shared.fetch(KEY, download, () => 0, b.signal);
    await until(() => signals.length === 1);
    expect(shared.started).toBe(1);
    a.giveUp();
    expect((await forA).facts.outcome).toBe('aborted');
    expect(signals[0]!.aborted).toBe(false);
    b.giveUp();
    expect((await forB).facts.outcome).toBe('aborted');
    expect(signals[0]!.aborted).toBe(true);
    await shared.close();
  });

  test('a cluster asking after every other one gave up starts the download again, and gets its result', async () => {
    const shared = new SharedDownloads(new AbortController().signal);
    const { download, signals, finish } = hangingDownloads();
    const a = cluster();
    const forA = shared.fetch(KEY, download, () => 0, a.signal);
    await until(() => signals.length === 1);
    a.giveUp();
    await forA;
    const forC = shared.fetch(KEY, download, () => 0, cluster().signal);
    await until(() => signals.length === 2);
    expect(shared.started).toBe(2);
    finish[1]!();
    expect((await forC).facts.outcome).toBe('ok');
    await shared.close();
  });

  test('close() cancels a download still running and waits for its end', async () => {
    const shared = new SharedDownloads(new AbortController().signal);
    const { download, signals } = hangingDownloads();
    const unwaited = shared.fetch(KEY, download, () => 0);
    await until(() => signals.length === 1);
    await shared.close();
    expect(signals[0]!.aborted).toBe(true);
    expect((await unwaited).facts.outcome).toBe('aborted');
  }, 10_000);
});
