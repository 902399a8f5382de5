/**
 * What a failed file operation's OS error means, in the report's words (`permission denied`, `no such
 * file`), never Node's raw text (`EACCES: permission denied, open '/x'`): the one wording, for the
 * files the user names and the plugin files the run reads.
 */

const WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'input/output error',
  ETXTBSY: 'the file is busy (being written)',
};

/** Why, in words: `permission denied`; a code without words is named (`EBUSY`), an error without a code keeps its message. */
export function fileErrorWords(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') return WORDS[code] ?? code;
  return error instanceof Error ? error.message : String(error);
}

/** What, where and why: `cannot read /x: permission denied`. */
export function cannotRead(path: string, error: unknown): string {
  return `cannot read ${path}: ${fileErrorWords(error)}`;
}
