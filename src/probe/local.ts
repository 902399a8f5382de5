/**
 * file:// locations: where the path the controller reads inside its pod (resolved by the config
 * step's Go URL reading) is inside a local directory standing in for the pod's root (`--plugin-dir`).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileErrorWords } from '../core/file-error.js';
import type { LocalFileFacts } from './types.js';

/** Checks that the file exists and is regular, as the controller's copyFile does, and not over `maxSize`. */
export async function statLocalFile(podPath: string, localPath: string | undefined, maxSize: number): Promise<LocalFileFacts> {
  if (!localPath) return { podPath, state: 'not-checked' };
  try {
    const info = await stat(localPath);
    if (!info.isFile()) return { podPath, localPath, state: 'not-regular', error: `${localPath} is ${info.isDirectory() ? 'a directory' : 'not a regular file'}` };
    if (info.size > maxSize) return { podPath, localPath, state: 'too-large', size: info.size, maxSize };
    return { podPath, localPath, state: 'ok', size: info.size };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const state = code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable';
    return { podPath, localPath, state, error: fileErrorWords(error) };
  }
}

/** Where `podPath` is inside a local stand-in for the pod's root. */
export function localPathIn(pluginDir: string, podPath: string): string {
  return join(pluginDir, podPath);
}

export function readLocalFile(path: string, signal?: AbortSignal): AsyncIterable<Uint8Array> {
  return createReadStream(path, { highWaterMark: 256 * 1024, ...(signal ? { signal } : {}) });
}
