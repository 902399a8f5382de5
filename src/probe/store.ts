/**
 * Streams content through SHA-256 into the per-user cache, never holding it whole in memory.
 * The file is written under a temporary name and linked to its sha256 only when complete, so a
 * failed, aborted or oversized download never leaves a cache entry behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, fchmodSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, unlinkSync, writeSync, writevSync, type BigIntStats } from 'node:fs';
import { link, lstat, open, rename, type FileHandle } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { BINARY_HEAD_BYTES, inspectBinary, notExecutable } from './binary.js';

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

/** Name prefix of in-progress files; anything with it is never a cache entry. */
export const PARTIAL_PREFIX = '.partial-';

/**
 * Which file a path names, and whether it was written since: device, inode, size and modification
 * time. Compared right before a cached file is executed, so only the bytes whose sha256 was
 * computed run (a rename over it or a write into it changes it). Not the change time: linking the
 * entry into place and removing the partial name change the file's link count, hence its ctime,
 * and its bytes are still the ones verified.
 */
export function identityOf(stats: BigIntStats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}`;
}

/** The identity of what `path` names now (a link is not followed); undefined when nothing is there. */
export function currentIdentity(path: string): string | undefined {
  const stats = lstatSync(path, { bigint: true, throwIfNoEntry: false });
  return stats?.isFile() ? identityOf(stats) : undefined;
}

/** Why a cached file is not run: it is no longer the file whose bytes were hashed. */
export function changedAfterVerification(path: string): string {
  return `the cached file ${path} changed after its sha256 was verified`;
}

const HASH_READ_BYTES = 1024 * 1024;

/**
 * Hashes the file `path` names through one open handle (a link is not followed): its sha256 and
 * its identity, or undefined when it cannot be read, changed while it was read, or `signal` fired.
 */
async function hashFile(path: string, signal?: AbortSignal): Promise<{ sha256: string; identity: string } | undefined> {
  let file: FileHandle;
  try {
    // O_NONBLOCK: a FIFO put in its place does not hold the open; only a regular file is read.
    file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stats = await file.stat({ bigint: true });
    if (!stats.isFile()) return undefined;
    const before = identityOf(stats);
    const hash = createHash('sha256');
    // Stopped between chunks, not through the stream's signal (which throws an uncaught AbortError).
    // 1 MiB reads: 100 MiB from the page cache hash in ~85 ms, ~170 ms with the 64 KiB default.
    for await (const chunk of file.createReadStream({ autoClose: false, highWaterMark: HASH_READ_BYTES })) {
      if (signal?.aborted) return undefined;
      hash.update(chunk as Buffer);
    }
    const after = identityOf(await file.stat({ bigint: true }));
    return before === after ? { sha256: hash.digest('hex'), identity: after } : undefined;
  } catch {
    return undefined;
  } finally {
    await file.close();
  }
}

/**
 * Whether the cached file still holds the content hashed as `sha256`: its identity is the one
 * recorded then, or (a copy was put in its place: an older version of this tool renames its
 * download over the entry) it hashes to `sha256` again and did not change while it was read. The
 * identity to compare right before the launch, or why it is no longer what was verified.
 */
export async function confirmCached(path: string, sha256: string, identity: string, signal?: AbortSignal): Promise<{ ok: true; identity: string } | { ok: false; detail: string }> {
  const now = currentIdentity(path);
  if (now === identity) return { ok: true, identity };
  if (now === undefined) return { ok: false, detail: `the cached file ${path} is gone or no longer a regular file since its sha256 was verified` };
  const hashed = await hashFile(path, signal); // after an abort the caller says it was an interruption
  return hashed?.sha256 === sha256 ? { ok: true, identity: hashed.identity } : { ok: false, detail: changedAfterVerification(path) };
}

/** What link(2) says on a file system without hard links. */
const HARD_LINKS_UNSUPPORTED: ReadonlySet<string> = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Gives the verified partial file its entry's name, keeping the first writer's file: link(2) fails
 * with EEXIST where rename(2) would replace, so parallel runs downloading the same plugin never
 * change the file another run verified and is about to execute. An entry already there is hashed
 * once; one that does not hold its name's bytes is replaced by ours. The identity of the file the
 * entry names, verified; `ours` when the check of an existing entry was interrupted (the handshake
 * then hashes it again before any launch, see confirmCached).
 */
async function placeEntry(partialPath: string, cachePath: string, sha256: string, ours: string, signal?: AbortSignal): Promise<string> {
  try {
    await link(partialPath, cachePath);
    return ours;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && !HARD_LINKS_UNSUPPORTED.has(code ?? '')) throw error;
    // No hard links here (FAT, some network shares): renamed into place when no entry is there yet,
    // as before; a parallel run's rename can then replace it, which the look before each launch catches.
    if (code !== 'EEXIST' && !(await lstat(cachePath).catch(() => undefined))) {
      await rename(partialPath, cachePath);
      return ours;
    }
  }
  const existing = await hashFile(cachePath, signal);
  if (existing?.sha256 === sha256) return existing.identity;
  if (signal?.aborted) return ours;
  await rename(partialPath, cachePath);
  return ours;
}

export type StoreResult =
  | { ok: true; sha256: string; size: number; head: Buffer; cachePath?: string; cacheIdentity?: string; cacheError?: string }
  | { ok: false; reason: 'too-large'; bytes: number }
  | { ok: false; reason: 'source-error'; bytes: number; error: unknown };

export interface StoreOptions {
  maxSize: number;
  /** Where to keep the verified copy; undefined: hash only. */
  cacheDir?: string;
  /** Stops the check of a cache entry another run put in place first. */
  signal?: AbortSignal;
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
function removeStalePartials(cacheDir: string): void {
  let names: string[];
  try {
    names = readdirSync(cacheDir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^\.partial-(\d+)-/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !processAlive(pid)) removeName(join(cacheDir, name));
  }
}

/**
 * Creates the cache directory, or checks the existing one, without following a link: a symlink
 * planted at its path would otherwise have its target chmod-ed, and plugins cached there. The
 * mode is set through the opened directory (fchmod), so nothing can be swapped in between.
 */
function ensureCacheDir(cacheDir: string): void {
  mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  let dir: number;
  try {
    dir = openSync(cacheDir, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ELOOP' && code !== 'ENOTDIR') throw error;
    // With O_DIRECTORY, Linux says ENOTDIR for a link too.
    const link = lstatSync(cacheDir, { throwIfNoEntry: false })?.isSymbolicLink();
    throw new Error(link ? 'it is a symbolic link; not used' : 'it is not a directory');
  }
  try {
    const info = fstatSync(dir);
    if (typeof process.getuid === 'function' && info.uid !== process.getuid()) throw new Error(`it belongs to uid ${info.uid}, not to you; not used`);
    if ((info.mode & 0o777) !== 0o700) fchmodSync(dir, 0o700);
  } finally {
    closeSync(dir);
  }
}

/**
 * The partial file, opened at once. Synchronous, as are the writes: a handful of system calls on
 * a local directory, where each await of the asynchronous ones waited behind the request's own
 * JavaScript (a first download in a fresh process measured 16-22 ms to open its file, ~2 ms alone).
 */
function openPartial(cacheDir: string): PartialFile {
  ensureCacheDir(cacheDir);
  removeStalePartials(cacheDir);
  const path = join(cacheDir, `${PARTIAL_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
  // 0700: the handshake step executes the cached file directly.
  return { fd: openSync(path, 'wx', 0o700), path };
}

interface PartialFile {
  fd: number;
  path: string;
}

/** Closes and removes a partial file given up (a failed write, a failed download): nothing of it stays. */
function dropPartial(partial: PartialFile): void {
  try {
    closeSync(partial.fd);
  } catch {
    // Closed either way (Linux releases the descriptor even when close reports an error).
  }
  removeName(partial.path);
}

function removeName(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Gone already: nothing is left either way.
  }
}

/**
 * Bytes gathered before one write to the cache file. The chunks are a socket's read buffers: held
 * this briefly, few of them live through a young-generation collection, so memory stays flat.
 */
const WRITE_BATCH_BYTES = 512 * 1024;

/** Writes all of `chunks`; a short write happens as a disk fills up: the rest once more, which then fails (ENOSPC). */
function writeAll(fd: number, chunks: Uint8Array[], length: number): void {
  const written = writevSync(fd, chunks);
  if (written === length) return;
  const rest = Buffer.concat(chunks).subarray(written);
  for (let offset = 0; offset < rest.length; ) offset += writeSync(fd, rest, offset);
}

/**
 * Takes content chunk by chunk, synchronously: hashes each byte, keeps the first
 * BINARY_HEAD_BYTES for format detection and writes the bytes to the cache file in batches as
 * they come, which is opened when the sink is made (so while a request is in flight). All of the
 * file's system calls are synchronous: a write lands in the page cache (~0.1 ms per batch) and the
 * disk holds the download back by itself, with no queue between. Handed to Node's thread pool, each
 * waited behind the request's first-time JavaScript: a first 10 MiB download in a fresh process
 * took 89 ms instead of 70 (bench/probe.mjs's setting, 21 interleaved pairs); 100 MiB and 1 GiB the same.
 * The cache file is written under a temporary name and linked to its sha256 only when complete
 * (placeEntry). A cache that cannot be written never fails the content: the hash goes on and
 * `cacheError` says what and where.
 */
export class ContentSink {
  private readonly hash = createHash('sha256');
  private readonly head = Buffer.allocUnsafe(BINARY_HEAD_BYTES);
  private headBytes = 0;
  /** Content bytes taken so far (also past maxSize: how far it went). */
  private bytes = 0;
  /** Content bytes taken so far, while the download goes on. */
  get received(): number {
    return this.bytes;
  }
  private tooLarge = false;
  /** The partial file while it is still wanted; undefined without a cache or after it failed. */
  private partial: PartialFile | undefined;
  private cacheError: string | undefined;
  /** Why writing the partial file failed. */
  private writeError: Error | undefined;
  private batch: Uint8Array[] = [];
  private batchBytes = 0;
  /** Whether the head was seen to be launchable; the first write to the file (or the end) looks. */
  private headSeen = false;

  constructor(private readonly options: StoreOptions) {
    const { cacheDir } = options;
    if (!cacheDir) return;
    try {
      this.partial = openPartial(cacheDir);
    } catch (error) {
      this.cacheError = `cannot write the cache ${cacheDir}: ${(error as Error).message}`;
    }
  }

  /** Takes one chunk, kept only until it is written. False: past `maxSize` (`tooLarge`), stop. */
  write(chunk: Uint8Array): boolean {
    this.bytes += chunk.byteLength;
    if (this.bytes > this.options.maxSize) {
      this.tooLarge = true;
      return false;
    }
    this.hash.update(chunk);
    if (this.headBytes < BINARY_HEAD_BYTES) {
      const take = Math.min(chunk.byteLength, BINARY_HEAD_BYTES - this.headBytes);
      this.head.set(chunk.subarray(0, take), this.headBytes);
      this.headBytes += take;
    }
    if (this.partial) {
      this.batch.push(chunk);
      this.batchBytes += chunk.byteLength;
      if (this.batchBytes >= WRITE_BATCH_BYTES) this.flush();
    }
    return true;
  }

  /** The source ended (or stopped past maxSize): the result, with the verified file in the cache. */
  async end(): Promise<StoreResult> {
    if (this.tooLarge) {
      this.discard();
      return { ok: false, reason: 'too-large', bytes: this.bytes };
    }
    if (this.partial && this.keepsPartial()) this.flush();
    const sha256 = this.hash.digest('hex');
    const content = { ok: true as const, sha256, size: this.bytes, head: Buffer.from(this.head.subarray(0, this.headBytes)) };
    const cachePath = this.options.cacheDir ? cachePathFor(this.options.cacheDir, sha256) : undefined;
    if (this.writeError) return { ...content, cacheError: `cannot write ${cachePath}: ${this.writeError.message}` };
    if (!this.partial || !cachePath) return this.cacheError ? { ...content, cacheError: this.cacheError } : content;
    const partial = this.partial;
    this.partial = undefined;
    try {
      let written: string;
      try {
        // Of the file written and hashed. Closed before it takes its name: a parallel run may execute
        // that name at once, and Linux refuses to execute a file open for writing.
        written = identityOf(fstatSync(partial.fd, { bigint: true }));
      } finally {
        closeSync(partial.fd);
      }
      const cacheIdentity = await placeEntry(partial.path, cachePath, sha256, written, this.options.signal);
      return { ...content, cachePath, cacheIdentity };
    } catch (error) {
      return { ...content, cacheError: `cannot write ${cachePath}: ${(error as Error).message}` };
    } finally {
      // Linked or renamed into place, or failed: only entries stay in the cache.
      removeName(partial.path);
    }
  }

  /** The source failed part way: nothing is kept. */
  fail(error: unknown): StoreResult {
    this.discard();
    return { ok: false, reason: 'source-error', bytes: this.bytes, error };
  }

  /** No content to keep (a failed request, an error page): the partial file is removed. */
  discard(): void {
    const partial = this.partial;
    this.partial = undefined;
    this.batch = [];
    if (partial) dropPartial(partial);
  }

  /**
   * The cache keeps only what the handshake can launch (an executable, a script): an error page, JSON,
   * text or an archive has no use there, and may hold what a server echoed of the request's headers
   * (docs/security.md). Seen once, from the head, before the file's first write: such content never
   * reaches the disk. Only its format is read here, no text of it.
   */
  private keepsPartial(): boolean {
    if (this.headSeen) return this.partial !== undefined;
    this.headSeen = true;
    if (!notExecutable(inspectBinary(this.head.subarray(0, this.headBytes), this.bytes, []))) return true;
    this.discard();
    return false;
  }

  private flush(): void {
    if (!this.keepsPartial()) return;
    const chunks = this.batch;
    const length = this.batchBytes;
    this.batch = [];
    this.batchBytes = 0;
    const partial = this.partial!;
    try {
      writeAll(partial.fd, chunks, length);
    } catch (error) {
      // Disk full, quota, I/O error: the cache copy is given up at once (its space freed), the content still hashed.
      this.writeError = error as Error;
      this.partial = undefined;
      dropPartial(partial);
    }
  }
}

/**
 * Consumes `source` to its end (or to the first error / `maxSize`) through a ContentSink. Never
 * throws for a source or cache failure.
 */
export async function storeContent(source: AsyncIterable<Uint8Array>, options: StoreOptions): Promise<StoreResult> {
  const sink = new ContentSink(options);
  try {
    for await (const chunk of source) {
      if (!sink.write(chunk)) break;
    }
  } catch (error) {
    return sink.fail(error);
  }
  return sink.end();
}
