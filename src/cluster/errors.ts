import { CannotRunError } from '../core/errors.js';

/** Why the tool could not talk to a cluster at all: a CannotRunError (exit 3) whose message is the one sentence. */
export class ClusterConnectionError extends CannotRunError {
  override name = 'ClusterConnectionError';
  readonly reason: 'no-kubeconfig' | 'bad-kubeconfig' | 'credentials' | 'unreachable';
  readonly server?: string;

  constructor(reason: ClusterConnectionError['reason'], message: string, server?: string) {
    super(message);
    this.reason = reason;
    this.server = server;
  }
}

/** Why the run's signal fired, in words: the overall --timeout or Ctrl-C. */
export function abortReasonText(signal: AbortSignal | undefined): string {
  const reason = signal?.reason as Error | undefined;
  return reason?.name === 'TimeoutError' ? 'no answer before the deadline of the run (--timeout)' : (reason?.message ?? 'cancelled');
}
