/**
 * The API server's RBAC refusal, read back from its message (apiserver's forbiddenMessage):
 * `User "U" cannot VERB resource "R[/SUB]" in API group "G" in the namespace "N"`, or `… at the
 * cluster scope`; for a request about no resource (discovery, /version), `User "U" cannot VERB
 * path "/P"`. The controller's log lines, a plugin's InitPlugin error and the tool's own refused
 * reads quote it.
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

/** A refusal of a request about no resource (discovery, /version): RBAC grants it by `nonResourceURLs`, at the cluster scope only. */
export interface PathRefusal {
  user: string;
  verb: string;
  /** As the message quotes it: `/version`, `/apis/gateway.networking.k8s.io/v1`. */
  path: string;
}

/** A string as Go's %q prints it (strconv.Quote): `"` and `\` escaped, so a name may hold either. */
const QUOTED = String.raw`"((?:[^"\\]|\\.)*)"`;
/** One reader of both forms; everything after `cannot` is optional, for a message cut short. */
const REFUSAL = new RegExp(
  String.raw`\bUser ${QUOTED} cannot(?: (\S+) (?:path ${QUOTED}|resource ${QUOTED}(?: in API group ${QUOTED})?(?: in the namespace ${QUOTED}|( at the cluster scope))?))?`,
);
const GO_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/**
 * What strconv.Quote escaped, back: `\"`, `\\`, `\n`..., `\uNNNN`, `\UNNNNNNNN`; a byte that is no
 * UTF-8 (`\xNN`) or no code point has no character: U+FFFD, as Go reads it.
 */
function goUnquote(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, escape: string) => {
    if (escape.length === 1) return GO_ESCAPES[escape] ?? escape;
    const code = Number.parseInt(escape.slice(1), 16);
    return escape[0] === 'x' || code > 0x10ffff ? '\ufffd' : String.fromCodePoint(code);
  });
}

function readRefusal(text: string): { user: string; ofResource?: Refusal; ofPath?: PathRefusal } | undefined {
  const m = REFUSAL.exec(text);
  if (!m) return undefined;
  // Groups: 1 user, 2 verb, 3 path, 4 resource, 5 API group, 6 namespace, 7 cluster scope; the quoted ones unquoted.
  const [, user, verb, path, resource, group, namespace, clusterScope] = m.map((part, i) => (part !== undefined && [1, 3, 4, 5, 6].includes(i) ? goUnquote(part) : part));
  if (verb !== undefined && path !== undefined) return { user: user!, ofPath: { user: user!, verb, path } };
  if (verb === undefined || resource === undefined) return { user: user! };
  return {
    user: user!,
    ofResource: { user: user!, verb, resource, ...(group !== undefined && { group }), ...(namespace !== undefined && { namespace }), ...(clusterScope !== undefined && { clusterScope: true }) },
  };
}

/** The user a refusal names, of a resource or of a path (`User "U" cannot get path "/version"`). */
export function refusedUser(text: string): string | undefined {
  return readRefusal(text)?.user || undefined; // an empty name names no one
}

/** A refusal of a resource request; undefined for one of a path, or no refusal. */
export function parseRefusal(text: string): Refusal | undefined {
  return readRefusal(text)?.ofResource;
}

/** A refusal of a path (`User "U" cannot get path "/version"`); undefined for one of a resource, or no refusal. */
export function parsePathRefusal(text: string): PathRefusal | undefined {
  return readRefusal(text)?.ofPath;
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
