/**
 * Several fixture clusters behind one kubeconfig, one context each, for fleet runs (tests, the
 * fleet demo, the fleet bench). Importable by a plain Node 24 script: erasable TypeScript only.
 */
import type { FixtureApiServer } from './fixture-apiserver.ts';

export interface FleetMember {
  context: string;
  /** A running fixture server, or the URL of one that is gone (unreachable). */
  server: FixtureApiServer | { url: string; caPem?: string };
  token?: string;
}

/** One kubeconfig (JSON is YAML) with a cluster, user and context per member; the first is current. */
export function fleetKubeconfig(members: readonly FleetMember[]): string {
  const cluster = (m: FleetMember) => ({
    server: m.server.url,
    ...(m.server.caPem ? { 'certificate-authority-data': Buffer.from(m.server.caPem).toString('base64') } : {}),
  });
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: members.map((m) => ({ name: m.context, cluster: cluster(m) })),
    users: members.map((m) => ({ name: m.context, user: { token: m.token ?? 'admin-token' } })),
    contexts: members.map((m) => ({ name: m.context, context: { cluster: m.context, user: m.context } })),
    'current-context': members[0]?.context,
  });
}
