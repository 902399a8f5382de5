/**
 * Streams content through SHA-256 into the per-user cache, never holding it whole in memory.
 * The file is written under a temporary name and renamed to its sha256 only when complete, so a
 * failed, aborted or oversized download never leaves a cache entry behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, unlink, type FileHandle } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { BINARY_HEAD_BYTES } from './binary.js';

/** $XDG_CACHE_HOME (when absolute, as the XDG spec requires) or ~/.cache, then our directory. */
export function defaultCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.cache');
  return join(base, 'kubectl-rollouts-plugins');
}

/** Where a verified file with this sha256 lives in the cache. */
export function cachePathFor(cacheDir: string, sha256: string): string {
  return join(cacheDir, sha256);
}

/** Bytes gathered before one write: fewer, larger writes keep the disk off the critical path. */
const WRITE_BATCH_BYTES = 1024 * 1024;

/** Name prefix of in-progress files; anything with it is never a cache entry. */
export const PARTIAL_PREFIX = '.partial-';

export type StoreResult =
  | { ok: true; sha256: string; size: number; head: Buffer; cachePath?: string; cacheError?: string }
  | { ok: false; reason: 'too-large'; bytes: number }
  | { ok: false; reason: 'source-error'; bytes: number; error: unknown };

export interface StoreOptions {
  maxSize: number;
  /** Where to keep the verified copy; undefined: hash only. */
  cacheDir?: string;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes partial files of runs that no longer exist: a run killed outright (a second Ctrl-C,
 * SIGKILL) cannot clean up after itself, so the next one does.
 */
async function removeStalePartials(cacheDir: string): Promise<void> {
  for (const name of await readdir(cacheDir).catch(() => [] as string[])) {
    const pid = Number(/^\.partial-(\d+)-/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !processAlive(pid)) await unlink(join(cacheDir, name)).catch(() => undefined);
  }
}

/**
 * Creates the cache directory, or checks the existing one, without following a link: a symlink
 * planted at its path would otherwise have its target chmod-ed, and plugins cached there. The
 * mode is set through the opened directory (fchmod), so nothing can be swapped in between.
 */
async function ensureCacheDir(cacheDir: string): Promise<void> {
  await mkdir(cacheDir, { recursive: true, mode: 0o700 });
  let dir: FileHandle;
  try {
    dir = await open(cacheDir, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ELOOP' && code !== 'ENOTDIR') throw error;
    // With O_DIRECTORY, Linux says ENOTDIR for a link too.
    const link = (await lstat(cacheDir).catch(() => undefined))?.isSymbolicLink();
    throw new Error(link ? 'it is a symbolic link; not used' : 'it is not a directory');
  }
  try {
    const info = await dir.stat();
    if (typeof process.getuid === 'function' && info.uid !== process.getuid()) throw new Error(`it belongs to uid ${info.uid}, not to you; not used`);
    if ((info.mode & 0o777) !== 0o700) await dir.chmod(0o700);
  } finally {
    await dir.close();
  }
}

async function openPartial(cacheDir: string): Promise<{ handle: FileHandle; path: string }> {
  await ensureCacheDir(cacheDir);
  await removeStalePartials(cacheDir);
  const path = join(cacheDir, `${PARTIAL_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
  // 0700: the handshake step executes the cached file directly.
  return { handle: await open(path, 'wx', 0o700), path };
}

/**
 * Consumes `source` to its end (or to the first error / `maxSize`), hashing every byte and keeping
 * the first BINARY_HEAD_BYTES for format detection. Never throws for a source or cache failure.
 */
export async function storeContent(source: AsyncIterable<Uint8Array>, options: StoreOptions): Promise<StoreResult> {
  const hash = createHash('sha256');
  const headChunks: Buffer[] = [];
  let headBytes = 0;
  let bytes = 0;
  let partial: { handle: FileHandle; path: string } | undefined;
  let cacheError: string | undefined;
  let done = false;

  if (options.cacheDir) {
    try {
      partial = await openPartial(options.cacheDir);
    } catch (error) {
      cacheError = `cannot write the cache ${options.cacheDir}: ${(error as Error).message}`;
    }
  }

  // Chunks are written in batches, one batch in flight while the next is read and hashed.
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  let writing: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    await writing;
    if (!partial || batch.length === 0) return;
    writing = partial.handle.writev(batch);
    batch = [];
    batchBytes = 0;
  };

  try {
    try {
      for await (const chunk of source) {
        bytes += chunk.byteLength;
        if (bytes > options.maxSize) return { ok: false, reason: 'too-large', bytes };
        hash.update(chunk);
        if (headBytes < BINARY_HEAD_BYTES) {
          const take = Buffer.from(chunk.buffer, chunk.byteOffset, Math.min(chunk.byteLength, BINARY_HEAD_BYTES - headBytes));
          headChunks.push(Buffer.from(take));
          headBytes += take.byteLength;
        }
        if (partial) {
          batch.push(chunk);
          batchBytes += chunk.byteLength;
          if (batchBytes >= WRITE_BATCH_BYTES) await flush();
        }
      }
      await flush();
      await writing;
    } catch (error) {
      await writing.catch(() => undefined);
      return { ok: false, reason: 'source-error', bytes, error };
    }
    const sha256 = hash.digest('hex');
    const head = Buffer.concat(headChunks);
    if (!partial) return { ok: true, sha256, size: bytes, head, ...(cacheError ? { cacheError } : {}) };
    const cachePath = cachePathFor(options.cacheDir!, sha256);
    try {
      await partial.handle.close();
      await rename(partial.path, cachePath);
      done = true;
      return { ok: true, sha256, size: bytes, head, cachePath };
    } catch (error) {
      return { ok: true, sha256, size: bytes, head, cacheError: `cannot write ${cachePath}: ${(error as Error).message}` };
    }
  } finally {
    await writing.catch(() => undefined);
    if (partial && !done) {
      await partial.handle.close().catch(() => undefined);
      await unlink(partial.path).catch(() => undefined);
    }
  }
}
