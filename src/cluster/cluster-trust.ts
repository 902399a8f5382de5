/**
 * How the server's certificate is checked, as client-go decides it from a kubeconfig cluster entry
 * and kubectl's trust flags (clientcmd's getCluster): the one owner of that rule, for the run's own
 * connection (kubeconfig.ts) and for the cluster entry --init offers a plugin (kubeconfig-offer.ts).
 * Light on purpose: --help and completion load the offer.
 */
import { resolve } from 'node:path';
import type { ConnectionFlags } from './connection-flags.js';
import type { ClusterEntry } from './kubeconfig.js';

/** A cluster entry's trust settings; each is absent when the entry has none. */
export interface ClusterTrust {
  /** certificate-authority: a file, its path absolute (the offer is read from the plugin's temp dir). */
  caFile?: string;
  /** certificate-authority-data, base64 as a kubeconfig file holds it. */
  caData?: string;
  /** insecure-skip-tls-verify */
  insecure: boolean;
  /** tls-server-name: the name the certificate is checked against, and SNI. */
  tlsServerName?: string;
}

/** client-go overrides a setting only with a flag given a value: `--certificate-authority=` is as if not given. */
const given = (value: string | undefined): value is string => value !== undefined && value !== '';

/** kubectl's refusal (client-go's transport): --insecure-skip-tls-verify with a CA given, which it would otherwise drop. */
export function trustFlagsContradict(flags: Pick<ConnectionFlags, 'insecureSkipTlsVerify' | 'certificateAuthority'>): boolean {
  return flags.insecureSkipTlsVerify === true && given(flags.certificateAuthority);
}

/**
 * The trust client-go connects with, from an entry's and the flags (clientcmd's getCluster): a CA
 * or --insecure-skip-tls-verify replaces all three of the entry's CA, CA data and insecure (a CA
 * given turns insecure off, insecure drops the entry's CA); --tls-server-name replaces its server
 * name, and so does --server: another address clears the entry's name unless one is given.
 */
export function trustWithFlags(entry: ClusterTrust, flags: ConnectionFlags): ClusterTrust {
  let trust = entry;
  if (flags.insecureSkipTlsVerify === true || given(flags.certificateAuthority)) {
    trust = {
      insecure: flags.insecureSkipTlsVerify === true,
      ...(given(flags.certificateAuthority) && { caFile: resolve(flags.certificateAuthority) }),
      ...(trust.tlsServerName !== undefined && { tlsServerName: trust.tlsServerName }),
    };
  }
  if (given(flags.tlsServerName) || given(flags.server)) {
    const { tlsServerName: _replaced, ...rest } = trust;
    trust = { ...rest, ...(given(flags.tlsServerName) && { tlsServerName: flags.tlsServerName }) };
  }
  return trust;
}

/** Each trust setting's key in a kubeconfig cluster entry. */
const ENTRY_KEY = { caFile: 'certificate-authority', caData: 'certificate-authority-data', insecure: 'insecure-skip-tls-verify', tlsServerName: 'tls-server-name' } as const;

/**
 * A kubeconfig cluster entry as client-go uses it with the trust flags: the settings they change
 * rewritten, every other field as the file has it.
 */
export function entryWithTrustFlags(entry: ClusterEntry, flags: ConnectionFlags): ClusterEntry {
  const text = (key: string) => (typeof entry[key] === 'string' && entry[key] !== '' ? entry[key] : undefined);
  const before: ClusterTrust = { caFile: text(ENTRY_KEY.caFile), caData: text(ENTRY_KEY.caData), insecure: entry[ENTRY_KEY.insecure] === true, tlsServerName: text(ENTRY_KEY.tlsServerName) };
  const after = trustWithFlags(before, flags);
  const result = { ...entry };
  for (const setting of Object.keys(ENTRY_KEY) as (keyof ClusterTrust)[]) {
    if (after[setting] === before[setting]) continue;
    const value = after[setting];
    if (value === undefined || value === false) delete result[ENTRY_KEY[setting]];
    else result[ENTRY_KEY[setting]] = value;
  }
  return result;
}
