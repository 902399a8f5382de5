/**
 * file:// locations: where the controller looks for them inside its pod, and where that is inside
 * a local directory standing in for the pod's root (`--plugin-dir`).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { LocalFileFacts } from './types.js';

/** The controller's working directory in the official image; relative file paths resolve here. */
export const CONTROLLER_WORKDIR = '/home/argo-rollouts';

/**
 * The path the controller copies from: Go's `filepath.Abs(u.Host + u.Path)`, so `file:///opt/p`
 * is /opt/p while `file://opt/p` (first segment parsed as a host) is <workdir>/opt/p.
 */
export function podPathOf(location: string): string {
  const rest = location.replace(/^file:\/\//i, '');
  const withoutQuery = rest.replace(/[?#].*$/, '');
  const slash = withoutQuery.indexOf('/');
  const host = slash === -1 ? withoutQuery : withoutQuery.slice(0, slash);
  const path = slash === -1 ? '' : withoutQuery.slice(slash);
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Go's url parser would reject it; keep the raw path so the evidence shows it
  }
  return posix.resolve(CONTROLLER_WORKDIR, host + decoded);
}

/** Checks that the file exists and is regular, as the controller's copyFile does, and not over `maxSize`. */
export async function statLocalFile(podPath: string, localPath: string | undefined, maxSize: number): Promise<LocalFileFacts> {
  if (!localPath) return { podPath, state: 'not-checked' };
  try {
    const info = await stat(localPath);
    if (!info.isFile()) return { podPath, localPath, state: 'not-regular', error: `${localPath} is not a regular file` };
    if (info.size > maxSize) return { podPath, localPath, state: 'too-large', size: info.size };
    return { podPath, localPath, state: 'ok', size: info.size };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const state = code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable';
    return { podPath, localPath, state, error: (error as Error).message };
  }
}

/** Where `podPath` is inside a local stand-in for the pod's root. */
export function localPathIn(pluginDir: string, podPath: string): string {
  return join(pluginDir, podPath);
}

export function readLocalFile(path: string, signal?: AbortSignal): AsyncIterable<Uint8Array> {
  return createReadStream(path, { highWaterMark: 256 * 1024, ...(signal ? { signal } : {}) });
}
