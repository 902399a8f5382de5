import { kubectl, namespaceOf } from './util.js';
import type { ClusterFacts, PermissionFailure } from '../../cluster/facts.js';
import { refusedUser, serviceAccountOf } from '../../cluster/forbidden.js';
import { permissionText } from '../../cluster/read/api.js';
import type { Check } from '../../core/check.js';
import { shellQuote } from '../../core/shell.js';


export const clusterAccessDenied: Check<ClusterFacts> = {
  meta: {
    id: 'cluster-access-denied',
    severity: 'warning',
    step: 'cluster',
    title: 'The API server refused some reads, so part of the cluster inspection was skipped',
    description:
      'The tool reads with your own credentials. Every refused permission is listed in one finding, with what it skipped; the report says which verdicts that leaves open ("Not checked"), and the rest of the report still holds. One read-only Role grants them all. A 401 means the credentials themselves were rejected: then nothing could be read and both verdicts are unknown. An `http://` server gets no credentials at all, as from kubectl (client-go sends them only over TLS): a 401 from it says so, and so does a 403 to the anonymous user (`system:anonymous`) it made of the request.',
    fix: 'Apply the read-only role printed by `kubectl rollouts-plugins rbac`, or pass `-n <controller namespace>` to stay within what you may read.',
    example: 'pods is forbidden: User "dev" cannot list resource "pods" in API group "" at the cluster scope',
    variants: {
      'credentials-rejected': {
        severity: 'error',
        title: 'The API server rejected the credentials (401 Unauthorized): nothing could be read',
        effect: 'not-seen',
      },
      'credentials-not-sent-over-http': {
        severity: 'error',
        title: 'The API server asked for credentials (401 Unauthorized), which are never sent over plain http: nothing could be read',
        effect: 'not-seen',
      },
      'anonymous-over-http': {
        severity: 'warning',
        title: 'The API server refused reads (403 Forbidden) to a request without credentials, which are never sent over plain http: it went as system:anonymous',
      },
    },
  },
  run(facts, report) {
    const unauthorized = facts.permissionFailures.filter((f) => f.status === 401);
    if (unauthorized.length > 0 && facts.plainHttp) {
      report({
        variant: 'credentials-not-sent-over-http',
        title: `The API server at ${facts.server} asked for credentials (401 Unauthorized): none are sent over plain http, as with kubectl, so nothing could be read`,
        evidence: [...new Set(unauthorized.map((f) => `${f.verb} ${f.resource}: ${f.message}`))].slice(0, 5),
        fix: httpsFix(facts),
      });
      return;
    }
    if (unauthorized.length > 0) {
      report({
        variant: 'credentials-rejected',
        title: `The API server at ${facts.server} rejected the credentials (401 Unauthorized): nothing could be read`,
        evidence: [...new Set(unauthorized.map((f) => `${f.verb} ${f.resource}: ${f.message}`))].slice(0, 5),
        fix: `Refresh the credentials of context ${facts.context ?? '(current)'} (log in again, or renew the token), then check with \`${kubectl(facts, ['auth', 'whoami'])}\`.`,
      });
      return;
    }
    const denied = facts.permissionFailures.filter((f) => f.status === 403);
    if (denied.length === 0) return;
    // One finding for every refused permission: one Role fixes them all.
    const permissions = new Map<string, PermissionFailure[]>();
    for (const failure of denied) {
      const key = permissionText(failure);
      permissions.set(key, [...(permissions.get(key) ?? []), failure]);
    }
    const lines = [...permissions].map(([permission, failures]) => `${permission}: skipped ${[...new Set(failures.map((f) => f.skipped))].join('; ')}`);
    const subject = refusedSubject(denied);
    // Over http the tool sends no credentials: unless a proxy in front authenticated the requests (its
    // user is then named, as behind kubectl proxy), they went as the anonymous user, whom no Role should fix.
    if (facts.plainHttp && (subject === undefined || subject.name === `user ${ANONYMOUS}`)) {
      report({
        variant: 'anonymous-over-http',
        title: `The API server at ${facts.server} refused ${permissions.size} kind${permissions.size === 1 ? '' : 's'} of object to a request without credentials (403 Forbidden): none are sent over plain http, as with kubectl, so it went as ${ANONYMOUS}`,
        evidence: [...lines, ...[...new Set(denied.map((f) => f.message))].slice(0, 3)],
        fix: httpsFix(facts),
      });
      return;
    }
    // rbac alone prints Roles with no binding: the user could still not read. Bind them to whom was refused.
    const rbac = `kubectl rollouts-plugins rbac ${['-n', namespaceOf(facts), subject?.flag ?? '--user=USER'].map(shellQuote).join(' ')} | ${kubectl(facts, ['apply', '-f', '-'])}`;
    report({
      title: `Not allowed to read ${permissions.size} kind${permissions.size === 1 ? '' : 's'} of object: part of the inspection was skipped`,
      evidence: [...lines, ...[...new Set(denied.map((f) => f.message))].slice(0, 3)],
      fix: subject
        ? `Apply the read-only role that covers all of them, bound to ${subject.name}, whom the API server refused (review it first; creating roles may take a cluster admin):\n  ${rbac}`
        : `Apply the read-only role that covers all of them, bound to the user this run authenticates as: replace USER with the name \`${kubectl(facts, ['auth', 'whoami'])}\` prints (review it first; creating roles may take a cluster admin):\n  ${rbac}`,
    });
  },
};

/** Who the API server takes a request without credentials for. */
const ANONYMOUS = 'system:anonymous';

/** Credentials go only over TLS (client-go, kubectl, this tool): the one fix for an http:// server that wants them. */
function httpsFix(facts: ClusterFacts): string {
  return `Give context ${facts.context ?? '(current)'} the API server's https:// address: neither kubectl nor this tool sends a token, client certificate or exec credential to an http:// server.`;
}

/** The subject the API server named in its refusals (`User "…" cannot …`), as rbac's binding flag. */
function refusedSubject(denied: readonly PermissionFailure[]): { name: string; flag: string } | undefined {
  const names = new Set(denied.map((f) => refusedUser(f.message)).filter((n): n is string => n !== undefined));
  if (names.size !== 1) return undefined;
  const name = [...names][0]!;
  const account = serviceAccountOf(name);
  return account ? { name: `service account ${account.replace(':', '/')}`, flag: `--serviceaccount=${account}` } : { name: `user ${name}`, flag: `--user=${name}` };
}
