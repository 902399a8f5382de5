/**
 * headersFrom Secrets: the one request that reads them, made once per run by the inspect step, which
 * keeps only the key names in its facts and hands the header values to the probe, to download exactly
 * like the controller (each data key becomes a request header with the decoded value). Only the probe
 * uses the values; they must never reach facts, output, logs or error messages, so failures name the
 * Secret only.
 */
import type { ApiRequest, ApiResult } from './client.js';
import { obj } from './podspec.js';

/** GET of one Secret; the name comes from the ConfigMap as written, so it is URL-encoded. */
export function secretRequest(namespace: string, name: string): ApiRequest {
  return { path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(name)}` };
}

/** The `data` map of a Secret as the API returns it (values still base64). */
export function secretData(secret: unknown): Record<string, unknown> {
  return obj(obj(secret).data);
}

/** Why a headersFrom Secret gave no headers: it does not exist (404), its read was refused (401, 403), or the read failed otherwise. */
export type HeaderSecretUnread = 'missing' | 'refused' | 'failed';

export interface HeaderSecretValues {
  name: string;
  /** Header name to value; absent when the Secret could not be read. */
  headers?: Record<string, string>;
  /** Why it could not be read (never contains a value). */
  error?: string;
  /** The same, as what a fix can act on. */
  unread?: HeaderSecretUnread;
}

const UNREAD_KINDS: Partial<Record<string, HeaderSecretUnread>> = { 'not-found': 'missing', forbidden: 'refused', unauthorized: 'refused' };

/**
 * The header values of one headersFrom Secret from its one read (the inspect step's: cluster/read/secrets.ts),
 * so the download and the checks judge the same answer.
 */
export function headerSecretValues(namespace: string, name: string, result: ApiResult): HeaderSecretValues {
  if (!result.ok) return { name, error: `cannot read Secret ${namespace}/${name}: ${result.kind}${result.status ? ` (HTTP ${result.status})` : ''}`, unread: UNREAD_KINDS[result.kind] ?? 'failed' };
  const headers: Record<string, string> = {};
  // The controller reads Secret.Data (base64 on the wire); stringData only exists on writes.
  for (const [key, value] of Object.entries(secretData(result.body))) {
    if (typeof value === 'string') headers[key] = Buffer.from(value, 'base64').toString('utf8');
  }
  return { name, headers };
}
