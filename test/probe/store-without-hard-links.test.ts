/**
 * A cache on a file system without hard links (FAT, some network shares): link(2) fails with
 * EPERM there, as Linux's vfat says. The entry is renamed into place instead, and the download
 * is still cached, not a cache error.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { storeContent } from '../../src/probe/store.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const refused = () => Promise.reject(Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' }));
  return { ...real, link: refused, default: { ...real, link: refused } };
});

const cacheDir = mkdtempSync(join(tmpdir(), 'krp-store-nolinks-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('storeContent where link(2) is refused', () => {
  it('renames the verified file into place: cached, no cache error, no partial file left', async () => {
    const result = await storeContent(Readable.from([Buffer.from('#!/bin/sh plugin bytes')]), { maxSize: 1024, cacheDir });
    const sha256 = createHash('sha256').update('#!/bin/sh plugin bytes').digest('hex');
    expect(result).toMatchObject({ ok: true, sha256, cachePath: join(cacheDir, sha256) });
    expect(result.ok && result.cacheError).toBeFalsy();
    expect(readdirSync(cacheDir)).toEqual([sha256]);
  });

  it('a second download of the same plugin keeps the entry there (checked, not replaced)', async () => {
    const sha256 = createHash('sha256').update('#!/bin/sh plugin bytes').digest('hex');
    const before = readdirSync(cacheDir);
    const result = await storeContent(Readable.from([Buffer.from('#!/bin/sh plugin bytes')]), { maxSize: 1024, cacheDir });
    expect(result).toMatchObject({ ok: true, sha256, cachePath: join(cacheDir, sha256) });
    expect(result.ok && result.cacheError).toBeFalsy();
    expect(readdirSync(cacheDir)).toEqual(before);
    expect(readFileSync(join(cacheDir, sha256), 'utf8')).toBe('#!/bin/sh plugin bytes');
  });
});
