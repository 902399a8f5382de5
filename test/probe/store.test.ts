import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { currentIdentity, storeContent } from '../../src/probe/store.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'krp-store-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

async function* bytes(text: string) {
  yield Buffer.from(text);
}

describe('storeContent', () => {
  it('keeps the verified file under its sha256, and no partial file', async () => {
    const result = await storeContent(bytes('#!/bin/sh plugin bytes'), { maxSize: 1024, cacheDir });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.sha256).toBe(createHash('sha256').update('#!/bin/sh plugin bytes').digest('hex'));
    expect(readdirSync(cacheDir)).toEqual([result.sha256]);
  });

  it('removes the partial file a killed run left behind, but not one of a live run', async () => {
    // A pid that surely exited: a child that has been waited for.
    const deadPid = spawnSync('true').pid!;
    const stale = `.partial-${deadPid}-abcdef`;
    const live = `.partial-${process.pid}-123456`;
    writeFileSync(join(cacheDir, stale), 'half a download');
    writeFileSync(join(cacheDir, live), 'in progress');
    const result = await storeContent(bytes('#!/bin/sh another plugin'), { maxSize: 1024, cacheDir });
    expect(result.ok).toBe(true);
    const left = readdirSync(cacheDir);
    expect(left).not.toContain(stale);
    expect(left).toContain(live);
    rmSync(join(cacheDir, live));
  });

  it('a second download of the same plugin keeps the first one\'s file: what a parallel run verified is still what the entry names', async () => {
    const first = await storeContent(bytes('#!/bin/sh shared plugin'), { maxSize: 1024, cacheDir });
    const second = await storeContent(bytes('#!/bin/sh shared plugin'), { maxSize: 1024, cacheDir });
    if (!first.ok || !second.ok) throw new Error('stored');
    expect(second.cachePath).toBe(first.cachePath);
    expect(currentIdentity(first.cachePath!)).toBe(first.cacheIdentity);
    expect(second.cacheIdentity).toBe(first.cacheIdentity);
    expect(readdirSync(cacheDir).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('an entry that does not hold the bytes its name says is replaced by the verified download', async () => {
    const sha256 = createHash('sha256').update('#!/bin/sh genuine plugin').digest('hex');
    writeFileSync(join(cacheDir, sha256), 'planted bytes', { mode: 0o700 });
    const result = await storeContent(bytes('#!/bin/sh genuine plugin'), { maxSize: 1024, cacheDir });
    if (!result.ok) throw new Error('stored');
    expect(readFileSync(result.cachePath!, 'utf8')).toBe('#!/bin/sh genuine plugin');
    expect(currentIdentity(result.cachePath!)).toBe(result.cacheIdentity);
    expect(readdirSync(cacheDir).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('Ctrl-C while an entry already there is checked: it is left as it is (the launch hashes it again), and no partial file', async () => {
    const sha256 = createHash('sha256').update('#!/bin/sh interrupted plugin').digest('hex');
    writeFileSync(join(cacheDir, sha256), 'other bytes', { mode: 0o700 });
    const result = await storeContent(bytes('#!/bin/sh interrupted plugin'), { maxSize: 1024, cacheDir, signal: AbortSignal.abort() });
    if (!result.ok) throw new Error('stored');
    expect(readFileSync(result.cachePath!, 'utf8')).toBe('other bytes');
    expect(currentIdentity(result.cachePath!)).not.toBe(result.cacheIdentity);
    expect(readdirSync(cacheDir).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it.each([
    ['an HTML page', '<html><head><title>Sign in</title></head></html>'],
    ['JSON', '{"authorization":"Bearer s3cr3t-token"}'],
    ['text', 'Not Found'],
    ['text of several write batches', `token ${'x'.repeat(1024 * 1024)}`],
  ])('keeps no %s: only what can be launched is cached', async (_what, text) => {
    const before = readdirSync(cacheDir).sort();
    async function* chunks() {
      for (let at = 0; at < text.length; at += 64 * 1024) yield Buffer.from(text.slice(at, at + 64 * 1024));
    }
    const result = await storeContent(chunks(), { maxSize: 2 * 1024 * 1024, cacheDir });
    expect(result).toMatchObject({ ok: true, size: text.length, sha256: createHash('sha256').update(text).digest('hex') });
    expect(result).not.toHaveProperty('cachePath');
    expect(result).not.toHaveProperty('cacheError');
    expect(readdirSync(cacheDir).sort()).toEqual(before);
  });

  it('leaves nothing when the content is larger than maxSize', async () => {
    const before = readdirSync(cacheDir).sort();
    const result = await storeContent(bytes('x'.repeat(2048)), { maxSize: 1024, cacheDir });
    expect(result).toMatchObject({ ok: false, reason: 'too-large' });
    expect(readdirSync(cacheDir).sort()).toEqual(before);
  });
});
