import { CannotRunError } from '../core/errors.js';

/** Why the tool could not talk to a cluster at all: a CannotRunError (exit 3) whose message is the one sentence. */
export class ClusterConnectionError extends CannotRunError {
  override name = 'ClusterConnectionError';
  /** unreachable: no connection to the server; no-answer: connected, the server did not answer in time. */
  readonly reason: 'no-kubeconfig' | 'bad-kubeconfig' | 'credentials' | 'unreachable' | 'no-answer';
  readonly server?: string;

  constructor(reason: ClusterConnectionError['reason'], message: string, server?: string) {
    super(message);
    this.reason = reason;
    this.server = server;
  }
}
