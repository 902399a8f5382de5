/**
 * The API server's RBAC refusal, read back from its message (apiserver's forbiddenMessage):
 * `User "U" cannot VERB resource "R[/SUB]" in API group "G" in the namespace "N"`, or `… at the
 * cluster scope`. The controller's log lines and a plugin's InitPlugin error quote it.
 */
export interface Refusal {
  user: string;
  verb: string;
  /** As RBAC rules name it: `httproutes`, or `pods/log` for a subresource. */
  resource: string;
  /** `""` for the core group; absent when the message was cut before it said. */
  group?: string;
  namespace?: string;
  /** The message says `at the cluster scope`; neither this nor a namespace: it was cut before it said. */
  clusterScope?: true;
}

const FORBIDDEN = /User "([^"]*)" cannot (\S+) resource "([^"]+)"(?: in API group "([^"]*)")?(?: in the namespace "([^"]+)"|( at the cluster scope))?/;

/** The user a refusal names, also for one about no resource (`User "U" cannot get path "/x"`). */
export function refusedUser(text: string): string | undefined {
  return /\bUser "([^"]+)" cannot /.exec(text)?.[1];
}

export function parseRefusal(text: string): Refusal | undefined {
  const m = FORBIDDEN.exec(text);
  if (!m) return undefined;
  const [, user, verb, resource, group, namespace, clusterScope] = m as unknown as [string, string, string, string, string | undefined, string | undefined, string | undefined];
  return { user, verb, resource, ...(group !== undefined && { group }), ...(namespace !== undefined && { namespace }), ...(clusterScope !== undefined && { clusterScope: true }) };
}

const SERVICE_ACCOUNT_USER = /^system:serviceaccount:([^:]+):([^:]+)$/;

/** `namespace:name` of a service account's user name (`system:serviceaccount:NS:NAME`), as `--serviceaccount` takes it. */
export function serviceAccountOf(user: string): string | undefined {
  const m = SERVICE_ACCOUNT_USER.exec(user);
  return m ? `${m[1]}:${m[2]}` : undefined;
}

/** The user name a service account authenticates as. */
export function serviceAccountUser(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}
