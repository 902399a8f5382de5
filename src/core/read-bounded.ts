/**
 * The one way a file the user names (-f, --kubeconfig) is read: with a size cap and under the
 * run's deadline, whatever it is. A regular file is checked with stat first; a FIFO, a device or
 * /dev/stdin is read non-blocking until EOF, the cap or the deadline (a FIFO without a writer
 * would otherwise hold a thread forever, and /dev/zero would grow without end).
 * The only I/O helper in core, shared by the config and cluster edges.
 */
import { constants } from 'node:fs';
import { readFileSync, statSync } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { sleep } from './deadline.js';
import { fileErrorWords } from './file-error.js';

export type ReadFailure = 'missing' | 'denied' | 'directory' | 'not-regular' | 'too-large' | 'changed' | 'cancelled' | 'error';

export class BoundedReadError extends Error {
  override name = 'BoundedReadError';
  constructor(
    readonly reason: ReadFailure,
    message: string,
    /** For a regular file: its size as stat said. */
    readonly size?: number,
  ) {
    super(message);
  }
}

/** Far more than any real kubeconfig; `--kubeconfig /dev/zero` must end, not eat the memory. */
export const MAX_KUBECONFIG_BYTES = 16 * 1024 * 1024;

/** How often a non-blocking pipe with a writer but no data yet is polled again. */
const POLL_MS = 10;

/** A pipe's first buffer: one pipe's capacity (Linux), doubled as more arrives. */
const FIRST_PIPE_BUFFER_BYTES = 64 * 1024;

export async function readBounded(path: string, maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BoundedReadError(code === 'ENOENT' ? 'missing' : code === 'EACCES' ? 'denied' : 'error', `${path}: ${fileErrorWords(error)}`);
  }
  if (info.isDirectory()) throw new BoundedReadError('directory', `${path} is a directory`);
  const regular = info.isFile();
  if (regular && info.size > maxBytes) throw new BoundedReadError('too-large', `${path} is ${info.size} bytes, more than the ${maxBytes} allowed`, info.size);
  let handle: FileHandle;
  let fifoWait: FileHandle | undefined;
  try {
    if (info.isFIFO()) {
      // Wait for a writer as `cat` would, but under the deadline; then read through a non-blocking
      // descriptor (the writer is known to be there, so an empty read means it is done).
      fifoWait = await openFifoUnderDeadline(path, signal);
      handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    } else handle = await open(path, regular ? constants.O_RDONLY : constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    await fifoWait?.close();
    if (error instanceof BoundedReadError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new BoundedReadError(code === 'EACCES' ? 'denied' : 'error', `${path}: ${fileErrorWords(error)}`);
  }
  try {
    // Regular files: one byte more than stat said, so a growing file is not read without bound.
    // Pipes and devices: room for what has arrived, grown as more does, up to one byte past the cap.
    // allocUnsafe: only the bytes read are ever returned.
    const limit = regular ? info.size + 1 : maxBytes + 1;
    let buffer = Buffer.allocUnsafe(regular ? limit : Math.min(limit, FIRST_PIPE_BUFFER_BYTES));
    let length = 0;
    while (length < limit) {
      if (signal?.aborted) throw cancelled(path);
      if (length === buffer.length) {
        const larger = Buffer.allocUnsafe(Math.min(limit, buffer.length * 2));
        buffer.copy(larger, 0, 0, length);
        buffer = larger;
      }
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, length, buffer.length - length, null));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw new BoundedReadError('error', `${path}: ${fileErrorWords(error)}`);
        // A writer is there but has written nothing yet: wait, under the deadline.
        await sleep(POLL_MS, signal);
        continue;
      }
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (regular && length > info.size) throw new BoundedReadError('changed', `${path} changed while it was being read`);
    if (length > maxBytes) throw new BoundedReadError('too-large', `${path} is larger than the ${maxBytes} bytes allowed`);
    const read = buffer.subarray(0, length);
    // A small pipe input is copied out rather than kept in its mostly empty buffer.
    return regular || length * 2 >= buffer.length ? read : Buffer.from(read);
  } finally {
    await handle.close();
    await fifoWait?.close();
  }
}

/**
 * open(2) of a FIFO for reading blocks (in a libuv thread) until a writer opens it. On Ctrl-C or
 * the deadline, opening it for writing ourselves (and closing at once) releases that open.
 */
async function openFifoUnderDeadline(path: string, signal: AbortSignal | undefined): Promise<FileHandle> {
  const release = () => void open(path, constants.O_WRONLY | constants.O_NONBLOCK).then((w) => w.close(), () => undefined);
  if (signal?.aborted) throw cancelled(path);
  signal?.addEventListener('abort', release, { once: true });
  try {
    const handle = await open(path, constants.O_RDONLY);
    if (signal?.aborted) {
      await handle.close();
      throw cancelled(path);
    }
    return handle;
  } finally {
    signal?.removeEventListener('abort', release);
  }
}

function cancelled(path: string): BoundedReadError {
  return new BoundedReadError('cancelled', `${path}: nothing to read before the deadline (Ctrl-C or the overall --timeout); a named pipe needs a writer`);
}

/**
 * For the few readers that must be synchronous (--ca-file when a connection is set up, listing
 * kubeconfig contexts, shell completion): only a regular file of at most `maxBytes` is read, since
 * a FIFO or a device would block a synchronous read forever. stat's own errors (ENOENT...) pass as they are.
 */
export function readRegularFileSync(path: string, maxBytes: number): string {
  const info = statSync(path);
  if (!info.isFile()) throw new BoundedReadError('not-regular', `${path} is not a regular file`);
  if (info.size > maxBytes) throw new BoundedReadError('too-large', `${path} is ${info.size} bytes, more than the ${maxBytes} allowed`, info.size);
  return readFileSync(path, 'utf8');
}
