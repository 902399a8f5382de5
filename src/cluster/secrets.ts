/**
 * The header values of headersFrom Secrets, for the probe to download exactly like the controller
 * (each data key becomes a request header with the decoded value). Only the probe calls this; the
 * values must never reach output, logs or error messages, so failures name the Secret only.
 */
import type { ClusterClient } from './client.js';
import { obj } from './podspec.js';

export interface HeaderSecretValues {
  name: string;
  /** Header name to value; absent when the Secret could not be read. */
  headers?: Record<string, string>;
  /** Why it could not be read (never contains a value). */
  error?: string;
}

export async function readHeaderSecrets(
  client: ClusterClient,
  namespace: string,
  secretNames: readonly string[],
  signal?: AbortSignal,
): Promise<HeaderSecretValues[]> {
  const results: HeaderSecretValues[] = [];
  for (const name of [...new Set(secretNames)]) {
    const result = await client.request({ path: `/api/v1/namespaces/${namespace}/secrets/${encodeURIComponent(name)}`, signal });
    if (!result.ok) {
      results.push({ name, error: `cannot read Secret ${namespace}/${name}: ${result.kind}${result.status ? ` (HTTP ${result.status})` : ''}` });
      continue;
    }
    const secret = obj(result.body);
    const headers: Record<string, string> = {};
    // The controller reads Secret.Data (base64 on the wire); stringData only exists on writes.
    for (const [key, value] of Object.entries(obj(secret.data))) {
      if (typeof value === 'string') headers[key] = Buffer.from(value, 'base64').toString('utf8');
    }
    results.push({ name, headers });
  }
  return results;
}
