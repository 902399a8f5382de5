/** Errors that end a run with a documented exit code and one clear sentence, never a stack trace. */

/** A user mistake: unknown flag, bad value, missing file, unreadable input. Exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The run could not happen at all: no kubeconfig, cluster unreachable. Exit 3. */
export class CannotRunError extends Error {
  override name = 'CannotRunError';
}
