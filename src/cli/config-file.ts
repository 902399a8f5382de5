/** Reads the ignore file: --config FILE, else `.rollouts-plugins.yaml` in the current directory when there is one. */
import { IGNORABLE_KEYS } from '../checks/registry.js';
import { UsageError } from '../core/errors.js';
import { BoundedReadError, readBounded } from '../core/read-bounded.js';
import { IGNORE_FILE_NAME, parseIgnoreFile, type IgnoreFile } from '../pipeline/ignore-file.js';
import type { Selection } from '../pipeline/selection.js';

/** Larger than any list of ignores needs; beyond it the file is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** Read as every file the user names is (size-capped, under the run's deadline: /dev/zero or a FIFO end). */
export async function ignoreFileFromArgs(args: Record<string, unknown>, signal: AbortSignal): Promise<IgnoreFile | undefined> {
  const given = args.config !== undefined ? String(args.config) : undefined;
  const path = given ?? IGNORE_FILE_NAME;
  let text: string;
  try {
    text = (await readBounded(path, MAX_CONFIG_BYTES, signal)).toString('utf8');
  } catch (error) {
    if (!(error instanceof BoundedReadError)) throw error;
    if (error.reason === 'missing' && given === undefined) return undefined;
    if (error.reason === 'too-large') throw new UsageError(`${path} is larger than 1 MiB: not an ignore file`);
    throw new UsageError(`--config ${path}: ${error.reason === 'missing' ? 'no such file' : error.message}`);
  }
  return parseIgnoreFile(text, path, IGNORABLE_KEYS);
}

/** A selection with the ignore file added, when there is one. */
export async function withIgnoreFile(selection: Selection, args: Record<string, unknown>, signal: AbortSignal): Promise<Selection> {
  const ignoreFile = await ignoreFileFromArgs(args, signal);
  return ignoreFile ? { ...selection, ignoreFile } : selection;
}
