/**
 * kubectl's global connection flags (cli-runtime's genericclioptions), said once: their names as
 * typed, the ConnectionFlags key each one fills, and ConnectionFlags itself. The CLI parses them,
 * the cluster client connects with them and --init decides what to offer of them. Light on purpose:
 * --help and completion load it.
 */

/** kubectl's global connection flags, as typed; which of them a command uses: KubernetesFlagUse. */
export const KUBE_FLAGS = ['kubeconfig', 'context', 'cluster', 'user', 'namespace', 'request-timeout', 'server', 'token', 'as', 'as-group', 'certificate-authority', 'client-certificate', 'client-key', 'insecure-skip-tls-verify', 'all-namespaces', 'tls-server-name'] as const;
export type KubeFlag = (typeof KUBE_FLAGS)[number];

/** The flags as kubectl reads them; each key is its flag's name in camelCase, as yargs gives it. */
export interface ConnectionFlags {
  kubeconfig?: string;
  context?: string;
  cluster?: string;
  user?: string;
  namespace?: string;
  /** kubectl syntax: `0` (no timeout: the tool still applies its default), `30`, `5s`, `1m`, `500ms`. */
  requestTimeout?: string;
  server?: string;
  token?: string;
  as?: string;
  asGroup?: string[];
  certificateAuthority?: string;
  clientCertificate?: string;
  clientKey?: string;
  insecureSkipTlsVerify?: boolean;
  tlsServerName?: string;
}

/**
 * The ConnectionFlags key of each flag; none for -A, which picks where the controller is looked
 * for, not how the cluster is reached.
 */
export const CONNECTION_FLAG_KEY: Record<KubeFlag, keyof ConnectionFlags | undefined> = {
  kubeconfig: 'kubeconfig',
  context: 'context',
  cluster: 'cluster',
  user: 'user',
  namespace: 'namespace',
  'request-timeout': 'requestTimeout',
  server: 'server',
  token: 'token',
  as: 'as',
  'as-group': 'asGroup',
  'certificate-authority': 'certificateAuthority',
  'client-certificate': 'clientCertificate',
  'client-key': 'clientKey',
  'insecure-skip-tls-verify': 'insecureSkipTlsVerify',
  'all-namespaces': undefined,
  'tls-server-name': 'tlsServerName',
};
