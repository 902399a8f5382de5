/** Why the tool could not talk to a cluster at all: the CLI maps it to exit 3 with `message`. */
export class ClusterConnectionError extends Error {
  readonly reason: 'no-kubeconfig' | 'bad-kubeconfig' | 'credentials' | 'unreachable';
  readonly server?: string;

  constructor(reason: ClusterConnectionError['reason'], message: string, server?: string) {
    super(message);
    this.name = 'ClusterConnectionError';
    this.reason = reason;
    this.server = server;
  }
}
