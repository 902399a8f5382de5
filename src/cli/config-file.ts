/** Reads the ignore file: --config FILE, else `.rollouts-plugins.yaml` in the current directory when there is one. */
import { readFile } from 'node:fs/promises';
import { IGNORABLE_KEYS } from '../checks/registry.js';
import { UsageError } from '../core/errors.js';
import { IGNORE_FILE_NAME, parseIgnoreFile, type IgnoreFile } from '../pipeline/ignore-file.js';
import type { Selection } from '../pipeline/selection.js';

/** Larger than any list of ignores needs; beyond it the file is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export async function ignoreFileFromArgs(args: Record<string, unknown>): Promise<IgnoreFile | undefined> {
  const given = args.config !== undefined ? String(args.config) : undefined;
  const path = given ?? IGNORE_FILE_NAME;
  let text: string;
  try {
    const bytes = await readFile(path);
    if (bytes.length > MAX_CONFIG_BYTES) throw new UsageError(`${path} is larger than 1 MiB: not an ignore file`);
    text = bytes.toString('utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && given === undefined) return undefined;
    throw new UsageError(`--config ${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? 'error'})`}`);
  }
  return parseIgnoreFile(text, path, IGNORABLE_KEYS);
}

/** A selection with the ignore file added, when there is one. */
export async function withIgnoreFile(selection: Selection, args: Record<string, unknown>): Promise<Selection> {
  const ignoreFile = await ignoreFileFromArgs(args);
  return ignoreFile ? { ...selection, ignoreFile } : selection;
}
