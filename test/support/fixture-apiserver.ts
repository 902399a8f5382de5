/**
 * A fixture Kubernetes API server on 127.0.0.1 that speaks the real REST API and JSON, enough for
 * kubectl and this tool to read a scenario: discovery, get/list (resourceVersion, `XList`, label and
 * field selectors, `limit`/`continue` paging in key order, 410 Expired continue tokens), watches
 * (`?watch=1`: `resourceVersion`, `timeoutSeconds`, `allowWatchBookmarks`, selectors, a chunked
 * stream of ADDED/MODIFIED/DELETED/BOOKMARK events, an ERROR 410 Expired for a resourceVersion older
 * than the compacted history), pod logs (previous, tailLines, container), Status objects worded like the real
 * apiserver for 400/401/403/404, (Self)SubjectAccessReview, bearer tokens mapped to users with RBAC
 * rules, and injectable faults. Its fidelity is proven by running the real kubectl against it.
 *
 * Importable by a plain Node 24 script (the demo): erasable TypeScript only, no relative imports.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

type Json = Record<string, unknown>;

/** One RBAC rule; `namespaces` absent means cluster-wide (a ClusterRoleBinding). */
export interface FixtureRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames?: string[];
  namespaces?: string[];
}

/** A user: requests carrying `Bearer <token>` act as `name`; no `rules` means allowed everything. */
export interface FixtureUser {
  name: string;
  token?: string;
  groups?: string[];
  rules?: FixtureRule[];
}

/** Log text of one container, current and previous instance. */
export interface FixturePodLogs {
  namespace: string;
  pod: string;
  container: string;
  current?: string;
  previous?: string;
}

/**
 * A fault applied to requests whose path (without query) matches `path` (a regular expression).
 * `expired` applies only to list requests carrying a continue token: the token is too old (410);
 * `held-stream` only to watches: a 200 answer that sends `body` and then holds the connection open.
 */
export interface FixtureFault {
  path: string;
  kind: 'latency' | 'status' | 'hang' | 'truncated' | 'malformed' | 'expired' | 'body' | 'held-stream';
  /** latency: delay before the normal answer. */
  ms?: number;
  /** status: the code to answer (429, 500, 503...). */
  status?: number;
  /** status 429/503: Retry-After seconds. */
  retryAfter?: number;
  /** body: a 200 answer with this JSON text instead of the real one (hostile but well-formed data); held-stream: what the watch sends. */
  body?: string;
  /** How many matching requests it applies to; absent: all. */
  times?: number;
}

export interface FixtureScenario {
  objects: Json[];
  logs: FixturePodLogs[];
  users: FixtureUser[];
}

export interface FixtureRequest {
  method: string;
  path: string;
  query: string;
  user?: string;
  status: number;
  accept?: string;
  userAgent?: string;
  /** Every Impersonate-Group header, in order. */
  impersonateGroups?: string[];
}

export interface FixtureApiServer {
  url: string;
  /** PEM of the self-signed serving certificate (its own CA), when serving HTTPS. */
  caPem?: string;
  /** Every request answered (or hung), in order. */
  requests: FixtureRequest[];
  addFault(fault: FixtureFault): void;
  clearFaults(): void;
  /** Replaces (or adds) the object with the same kind, namespace and name, as an edit in the cluster would: a new resourceVersion. */
  putObject(object: Json): void;
  /** Deletes the object with that kind, namespace and name (watches see DELETED); false when there was none. */
  deleteObject(object: Json): boolean;
  /** Cuts every open watch, as an apiserver restart does. */
  dropWatches(): void;
  /** Forgets the change history, as etcd's compaction does: a watch from an older resourceVersion gets 410 Expired. */
  compactHistory(): void;
  /** Sockets open now, watches included (a TLS connection counts twice: its TCP and its TLS socket). */
  openConnections(): number;
  /** A client certificate (PEM) with CN=user, signed by the server's CA: authenticates as that user. */
  issueClientCertificate(user: string): { cert: string; key: string };
  /** A kubeconfig (YAML) for this server and a user's token. */
  kubeconfig(opts: { token?: string; namespace?: string; context?: string; exec?: Json }): string;
  close(): Promise<void>;
}

export interface FixtureOptions extends Partial<FixtureScenario> {
  tls?: boolean;
  /**
   * The user a request without credentials acts as, as behind `kubectl proxy` (which adds them): a
   * plain-HTTP server gets none from kubectl or the tool (client-go sends them only over TLS).
   */
  anonymousUser?: string;
  faults?: FixtureFault[];
  /** false: a watch is answered 405 MethodNotSupported, like an aggregated API without the verb. */
  watch?: boolean;
  /** How often a watch with allowWatchBookmarks gets a BOOKMARK (the apiserver: about once a minute; default 1 s here). */
  bookmarkEveryMs?: number;
}

type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change, kept for watches that start from an older resourceVersion. */
interface Change {
  resourceVersion: number;
  type: WatchEventType;
  object: Json;
  /** The object before a MODIFIED, to tell whether it entered or left a selector. */
  before?: Json;
}

interface ResourceType {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

const RESOURCE_TYPES: ResourceType[] = [
  { group: '', version: 'v1', plural: 'pods', singular: 'pod', kind: 'Pod', namespaced: true, verbs: CRUD, shortNames: ['po'] },
  { group: '', version: 'v1', plural: 'configmaps', singular: 'configmap', kind: 'ConfigMap', namespaced: true, verbs: CRUD, shortNames: ['cm'] },
  { group: '', version: 'v1', plural: 'secrets', singular: 'secret', kind: 'Secret', namespaced: true, verbs: CRUD },
  { group: '', version: 'v1', plural: 'events', singular: 'event', kind: 'Event', namespaced: true, verbs: CRUD, shortNames: ['ev'] },
  { group: '', version: 'v1', plural: 'serviceaccounts', singular: 'serviceaccount', kind: 'ServiceAccount', namespaced: true, verbs: CRUD, shortNames: ['sa'] },
  { group: '', version: 'v1', plural: 'nodes', singular: 'node', kind: 'Node', namespaced: false, verbs: CRUD, shortNames: ['no'] },
  { group: '', version: 'v1', plural: 'namespaces', singular: 'namespace', kind: 'Namespace', namespaced: false, verbs: CRUD, shortNames: ['ns'] },
  { group: 'apps', version: 'v1', plural: 'deployments', singular: 'deployment', kind: 'Deployment', namespaced: true, verbs: CRUD, shortNames: ['deploy'] },
  { group: 'apps', version: 'v1', plural: 'replicasets', singular: 'replicaset', kind: 'ReplicaSet', namespaced: true, verbs: CRUD, shortNames: ['rs'] },
  { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', singular: 'lease', kind: 'Lease', namespaced: true, verbs: CRUD },
  { group: 'argoproj.io', version: 'v1alpha1', plural: 'rollouts', singular: 'rollout', kind: 'Rollout', namespaced: true, verbs: CRUD, shortNames: ['ro'] },
  { group: 'argoproj.io', version: 'v1alpha1', plural: 'analysistemplates', singular: 'analysistemplate', kind: 'AnalysisTemplate', namespaced: true, verbs: CRUD },
  { group: 'argoproj.io', version: 'v1alpha1', plural: 'clusteranalysistemplates', singular: 'clusteranalysistemplate', kind: 'ClusterAnalysisTemplate', namespaced: false, verbs: CRUD },
  { group: 'argoproj.io', version: 'v1alpha1', plural: 'analysisruns', singular: 'analysisrun', kind: 'AnalysisRun', namespaced: true, verbs: CRUD },
  { group: 'authentication.k8s.io', version: 'v1', plural: 'selfsubjectreviews', singular: 'selfsubjectreview', kind: 'SelfSubjectReview', namespaced: false, verbs: ['create'] },
  { group: 'authorization.k8s.io', version: 'v1', plural: 'selfsubjectaccessreviews', singular: 'selfsubjectaccessreview', kind: 'SelfSubjectAccessReview', namespaced: false, verbs: ['create'] },
  { group: 'authorization.k8s.io', version: 'v1', plural: 'subjectaccessreviews', singular: 'subjectaccessreview', kind: 'SubjectAccessReview', namespaced: false, verbs: ['create'] },
];

const SCENARIO_API_VERSION = 'fixture.rollouts-plugins.test/v1';

/** Parses scenario YAML texts; a later document replaces an earlier one with the same kind/namespace/name. */
export function loadScenario(...yamlTexts: string[]): FixtureScenario {
  const objects = new Map<string, Json>();
  const logs = new Map<string, FixturePodLogs>();
  const users = new Map<string, FixtureUser>();
  for (const text of yamlTexts) {
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) throw new Error(`scenario YAML: ${doc.errors[0]!.message}`);
      const value = doc.toJS() as Json | null;
      if (!value || typeof value !== 'object') continue;
      if (value.apiVersion === SCENARIO_API_VERSION && value.kind === 'PodLogs') {
        const entry = value as unknown as FixturePodLogs;
        logs.set(`${entry.namespace}/${entry.pod}/${entry.container}`, entry);
      } else if (value.apiVersion === SCENARIO_API_VERSION && value.kind === 'User') {
        const user = value as unknown as FixtureUser;
        users.set(user.name, user);
      } else {
        const meta = (value.metadata ?? {}) as Json;
        if (value.$delete === true) {
          objects.delete(`${String(value.kind)}/${String(meta.namespace ?? '')}/${String(meta.name)}`);
          continue;
        }
        objects.set(`${String(value.kind)}/${String(meta.namespace ?? '')}/${String(meta.name)}`, value);
      }
    }
  }
  const all = [...objects.values()];
  for (const pod of all.filter((o) => o.kind === 'Pod')) fillFromDeployment(pod, all);
  return { objects: all, logs: [...logs.values()], users: [...users.values()] };
}

/** Plays the ReplicaSet controller: a Pod owned by ReplicaSet `<deployment>-<hash>` gets the template. */
function fillFromDeployment(pod: Json, objects: Json[]): void {
  const meta = (pod.metadata ??= {}) as Json;
  const owner = ((meta.ownerReferences ?? []) as Json[]).find((r) => r.kind === 'ReplicaSet');
  if (!owner) return;
  const replicaSet = String(owner.name);
  const hash = replicaSet.slice(replicaSet.lastIndexOf('-') + 1);
  const deployment = objects.find((o) => {
    const m = (o.metadata ?? {}) as Json;
    return o.kind === 'Deployment' && m.namespace === meta.namespace && `${String(m.name)}-${hash}` === replicaSet;
  });
  const template = (((deployment?.spec ?? {}) as Json).template ?? {}) as Json;
  if (!deployment) return;
  const templateMeta = (template.metadata ?? {}) as Json;
  meta.labels = { ...(templateMeta.labels as Json), 'pod-template-hash': hash, ...(meta.labels as Json) };
  pod.spec = { ...structuredClone((template.spec ?? {}) as Json), ...(pod.spec as Json) };
}

/** Reads scenario YAML files (see loadScenario). */
export function loadScenarioFiles(...paths: string[]): FixtureScenario {
  return loadScenario(...paths.map((path) => readFileSync(path, 'utf8')));
}

const EXPIRED_MESSAGE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** Where an object sits in the apiserver's storage order: namespace, then name. */
function objectKey(object: Json): string {
  const meta = (object.metadata ?? {}) as Json;
  return meta.namespace ? `${String(meta.namespace)}/${String(meta.name)}` : String(meta.name);
}

/** The apiserver's token shape: base64 of {"v","rv","start"}, start being the key after the last item sent. */
function continueTokenAfter(key: string, resourceVersion: number): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: resourceVersion, start: `${key}\u0000` })).toString('base64url');
}

function continueStart(token: string): string | undefined {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: string; start?: string };
    return decoded.v === 'meta.k8s.io/v1' && typeof decoded.start === 'string' ? decoded.start : undefined;
  } catch {
    return undefined;
  }
}

function status(code: number, reason: string, message: string, details?: Json): Json {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

/** The apiserver's RBAC denial sentence, word for word. */
function forbiddenMessage(user: string, verb: string, type: ResourceType, subresource: string, namespace: string, name: string): string {
  const resource = subresource ? `${type.plural}/${subresource}` : type.plural;
  const subject = name ? `${type.plural} "${name}"` : type.plural;
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  return `${subject} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${type.group}" ${scope}`;
}

function matches(list: string[] | undefined, value: string): boolean {
  return !!list && (list.includes('*') || list.includes(value));
}

interface Attributes {
  verb: string;
  group: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
}

function allowed(user: FixtureUser, attrs: Attributes): boolean {
  if (!user.rules) return true;
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  return user.rules.some(
    (rule) =>
      matches(rule.verbs, attrs.verb) &&
      matches(rule.apiGroups, attrs.group) &&
      matches(rule.resources, resource) &&
      (!rule.resourceNames || rule.resourceNames.length === 0 || (attrs.name !== '' && rule.resourceNames.includes(attrs.name))) &&
      (!rule.namespaces || (attrs.namespace !== '' && matches(rule.namespaces, attrs.namespace))),
  );
}

interface Requirement {
  key: string;
  op: '=' | '!=' | 'in' | 'notin' | 'exists' | '!';
  values: string[];
}

/** Parses a label selector (=, ==, !=, in, notin, exists, !key); throws with the apiserver's wording. */
export function parseLabelSelector(selector: string): Requirement[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  const requirements: Requirement[] = [];
  for (const raw of parts.map((p) => p.trim()).filter((p) => p !== '')) {
    let m: RegExpMatchArray | null;
    if ((m = raw.match(/^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/))) {
      requirements.push({ key: m[1]!, op: m[2] as 'in' | 'notin', values: m[3]!.split(',').map((v) => v.trim()) });
    } else if ((m = raw.match(/^([\w./-]+)\s*(!=|==|=)\s*([\w.-]*)$/))) {
      requirements.push({ key: m[1]!, op: m[2] === '!=' ? '!=' : '=', values: [m[3]!] });
    } else if ((m = raw.match(/^!\s*([\w./-]+)$/))) {
      requirements.push({ key: m[1]!, op: '!', values: [] });
    } else if ((m = raw.match(/^([\w./-]+)$/))) {
      requirements.push({ key: m[1]!, op: 'exists', values: [] });
    } else {
      throw new Error(`unable to parse requirement: ${raw}`);
    }
  }
  return requirements;
}

function labelsMatch(labels: Record<string, string>, requirements: Requirement[]): boolean {
  return requirements.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    const value = labels[r.key];
    switch (r.op) {
      case '=':
        return has && value === r.values[0];
      case '!=':
        return !has || value !== r.values[0];
      case 'in':
        return has && r.values.includes(value!);
      case 'notin':
        return !has || !r.values.includes(value!);
      case 'exists':
        return has;
      case '!':
        return !has;
    }
  });
}

function fieldsMatch(object: Json, selector: string): boolean {
  const meta = (object.metadata ?? {}) as Json;
  return selector
    .split(',')
    .filter((p) => p !== '')
    .every((part) => {
      const m = part.match(/^([\w.]+)\s*(!=|==|=)\s*(.*)$/);
      if (!m) throw new Error(`invalid selector: '${part}'; can't understand '${part}'`);
      const [, field, op, want] = m;
      let actual: unknown;
      if (field === 'metadata.name') actual = meta.name;
      else if (field === 'metadata.namespace') actual = meta.namespace;
      else throw new Error(`field label not supported: ${field}`);
      return op === '!=' ? actual !== want : actual === want;
    });
}

function tail(text: string, lines: number | undefined): string {
  if (lines === undefined) return text;
  const all = text.split('\n');
  if (all.at(-1) === '') all.pop();
  if (lines <= 0) return '';
  return all.slice(-lines).join('\n') + '\n';
}

/** Decodes protobuf fields: field number to values (varints as numbers, length-delimited as bytes). */
function protobufFields(buffer: Buffer): Map<number, (Buffer | number)[]> {
  const fields = new Map<number, (Buffer | number)[]>();
  let offset = 0;
  const varint = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = buffer[offset++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
      shift += 7;
    }
  };
  while (offset < buffer.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    let value: Buffer | number;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const length = varint();
      value = buffer.subarray(offset, offset + length);
      offset += length;
    } else if (wire === 1) {
      value = 0;
      offset += 8;
    } else if (wire === 5) {
      value = 0;
      offset += 4;
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
    fields.set(field, [...(fields.get(field) ?? []), value]);
  }
  return fields;
}

/** The spec of a (Self)SubjectAccessReview in the apiserver's protobuf envelope (`k8s\0` + runtime.Unknown). */
function accessReviewFromProtobuf(body: Buffer): Json {
  const first = (fields: Map<number, (Buffer | number)[]>, n: number): Buffer => {
    const value = fields.get(n)?.[0];
    return Buffer.isBuffer(value) ? value : Buffer.alloc(0);
  };
  const unknown = protobufFields(body.subarray(4));
  const review = protobufFields(first(unknown, 2));
  const spec = protobufFields(first(review, 2));
  const attrs = protobufFields(first(spec, 1));
  const names = ['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name'];
  const resourceAttributes: Json = {};
  names.forEach((name, i) => {
    const value = first(attrs, i + 1).toString('utf8');
    if (value) resourceAttributes[name] = value;
  });
  return { spec: { resourceAttributes } };
}

/**
 * A self-signed serving certificate for 127.0.0.1 that is its own CA (kubectl and Node both accept
 * it as a root). Made here rather than with test/support/tls-certs.ts: this file has no relative
 * imports, so the demo can import it from a plain Node script.
 */
function generateCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fixture-apiserver-'));
  try {
    execFileSync(
      'openssl',
      [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
        '-subj', '/CN=fixture-apiserver', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-addext', 'basicConstraints=critical,CA:TRUE', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore', timeout: 20_000 },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let cachedCertificate: { key: string; cert: string } | undefined;

function issueClientCertificate(ca: { key: string; cert: string }, user: string): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fixture-apiserver-client-'));
  try {
    writeFileSync(join(dir, 'ca.pem'), ca.cert);
    writeFileSync(join(dir, 'ca.key'), ca.key, { mode: 0o600 });
    const openssl = (...args: string[]): void => {
      execFileSync('openssl', args, { cwd: dir, stdio: 'ignore', timeout: 20_000 });
    };
    openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/CN=${user}`, '-keyout', 'client.key', '-out', 'client.csr');
    openssl('x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', 'client.pem');
    return { cert: readFileSync(join(dir, 'client.pem'), 'utf8'), key: readFileSync(join(dir, 'client.key'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts the server on 127.0.0.1 (random port), HTTPS unless `tls: false`. */
export async function startFixtureApiServer(options: FixtureOptions = {}): Promise<FixtureApiServer> {
  // Kept in storage (key) order, as lists and their pages return them.
  const objects = (options.objects ?? []).map((o) => structuredClone(o)).sort((a, b) => (objectKey(a) < objectKey(b) ? -1 : objectKey(a) > objectKey(b) ? 1 : 0));
  const logs = options.logs ?? [];
  const users = options.users ?? [{ name: 'admin', token: 'admin-token' }];
  const faults: { fault: FixtureFault; left: number }[] = [];
  const requests: FixtureRequest[] = [];
  let resourceVersion = 1000;
  for (const object of objects) {
    const meta = (object.metadata ??= {}) as Json;
    meta.resourceVersion ??= String(++resourceVersion);
    meta.uid ??= `00000000-0000-4000-8000-${String(resourceVersion).padStart(12, '0')}`;
  }

  const addFault = (fault: FixtureFault): void => {
    faults.push({ fault, left: fault.times ?? Number.POSITIVE_INFINITY });
  };
  for (const fault of options.faults ?? []) addFault(fault);

  const typeOf = (object: Json): ResourceType | undefined => {
    const [group, version] = String(object.apiVersion ?? '').includes('/')
      ? String(object.apiVersion).split('/')
      : ['', String(object.apiVersion)];
    return RESOURCE_TYPES.find((t) => t.kind === object.kind && t.group === group && t.version === version);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, record: FixtureRequest): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const send = (code: number, body: unknown, contentType = 'application/json'): void => {
      record.status = code;
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    };

    for (const entry of faults) {
      if (entry.left <= 0 || !new RegExp(entry.fault.path).test(path)) continue;
      if (entry.fault.kind === 'expired' && !url.searchParams.has('continue')) continue;
      if (entry.fault.kind === 'held-stream' && !['true', '1'].includes(url.searchParams.get('watch') ?? '')) continue;
      entry.left--;
      const { fault } = entry;
      if (fault.kind === 'expired') {
        // Worded like the apiserver (etcd compacted the list's revision); the Status carries a
        // token for an inconsistent remainder, which a careful client does not use.
        const expired = status(410, 'Expired', EXPIRED_MESSAGE);
        expired.metadata = { continue: url.searchParams.get('continue') };
        send(410, expired);
        return;
      }
      if (fault.kind === 'latency') {
        await new Promise((resolve) => setTimeout(resolve, fault.ms ?? 100));
        if (res.destroyed) return;
        continue;
      }
      if (fault.kind === 'held-stream') {
        // A broken proxy or server: a stream that is not watch events, never ended from this side.
        record.status = 200;
        res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
        res.write(fault.body ?? 'not a watch event\n');
        return; // close() destroys the socket
      }
      if (fault.kind === 'hang') {
        record.status = 0;
        return; // never answers; close() destroys the socket
      }
      if (fault.kind === 'status') {
        const code = fault.status ?? 500;
        const reason = code === 429 ? 'TooManyRequests' : code === 503 ? 'ServiceUnavailable' : 'InternalError';
        const message =
          code === 429 ? 'Too many requests, please try again later.' : code === 503 ? 'the server is currently unable to handle the request' : 'an error on the server ("fixture fault") has prevented the request from succeeding';
        if (fault.retryAfter !== undefined) res.setHeader('Retry-After', String(fault.retryAfter));
        send(code, status(code, reason, message, code === 429 ? { retryAfterSeconds: fault.retryAfter ?? 1 } : undefined));
        return;
      }
      if (fault.kind === 'body') {
        send(200, fault.body ?? '{}', 'application/json');
        return;
      }
      if (fault.kind === 'malformed') {
        send(200, '{"kind":"PodList","items":[{"metadata":', 'application/json');
        return;
      }
      // truncated: announce the full length, send half, then cut the connection like a dying proxy
      const body = JSON.stringify(await answerBody(path, url));
      record.status = 200;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.write(body.slice(0, Math.floor(body.length / 2)));
      setTimeout(() => res.destroy(), 10);
      return;
    }

    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined;
    let user = token ? users.find((u) => u.token === token) : undefined;
    // Like the apiserver: a client certificate signed by its CA authenticates as its CN.
    const socket = req.socket as TLSSocket;
    if (!token && socket.authorized && typeof socket.getPeerCertificate === 'function') {
      const commonName = socket.getPeerCertificate().subject?.CN;
      const name = Array.isArray(commonName) ? commonName[0] : commonName;
      if (name) user = users.find((u) => u.name === name) ?? { name, rules: [] };
    }
    if (!user && !token && options.anonymousUser) user = users.find((u) => u.name === options.anonymousUser);
    if (!user) {
      send(401, status(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    const impersonate = req.headers['impersonate-user'];
    if (typeof impersonate === 'string') {
      if (!allowed(user, { verb: 'impersonate', group: '', resource: 'users', subresource: '', namespace: '', name: impersonate })) {
        const usersType: ResourceType = { group: '', version: 'v1', plural: 'users', singular: 'user', kind: 'User', namespaced: false, verbs: [] };
        send(403, status(403, 'Forbidden', forbiddenMessage(user.name, 'impersonate', usersType, '', '', impersonate), { name: impersonate, kind: 'users' }));
        return;
      }
      user = users.find((u) => u.name === impersonate) ?? { name: impersonate, rules: [] };
    }
    record.user = user.name;
    const result = await answer(req, path, url, user);
    if (result.stream) {
      record.status = result.code;
      result.stream(res);
      return;
    }
    send(result.code, result.body, result.contentType);
  };

  /** The body a plain GET would get as the first user without rules (used for the truncated fault). */
  const answerBody = async (path: string, url: URL): Promise<unknown> => {
    const admin: FixtureUser = { name: 'admin' };
    return (await answer(undefined, path, url, admin)).body;
  };

  const readBody = async (req: http.IncomingMessage | undefined): Promise<Json> => {
    if (!req) return {};
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    // kubectl sends built-in types such as SelfSubjectAccessReview as protobuf.
    if (String(req.headers['content-type']).startsWith('application/vnd.kubernetes.protobuf')) return accessReviewFromProtobuf(body);
    try {
      return JSON.parse(body.toString('utf8')) as Json;
    } catch {
      return {};
    }
  };

  type Answer = { code: number; body?: unknown; contentType?: string; stream?: (res: http.ServerResponse) => void };
  const answer = async (req: http.IncomingMessage | undefined, path: string, url: URL, user: FixtureUser): Promise<Answer> => {
    const method = req?.method ?? 'GET';
    if (path === '/version') {
      return { code: 200, body: { major: '1', minor: '32', gitVersion: 'v1.32.0', gitCommit: 'fixture', gitTreeState: 'clean', buildDate: '2026-01-01T00:00:00Z', goVersion: 'go1.23.4', compiler: 'gc', platform: 'linux/amd64' } };
    }
    if (path === '/api') {
      return { code: 200, body: { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] } };
    }
    const groups = [...new Set(RESOURCE_TYPES.filter((t) => t.group !== '').map((t) => `${t.group}/${t.version}`))];
    const apiGroup = (gv: string): Json => {
      const [name, version] = gv.split('/');
      const versionEntry = { groupVersion: gv, version };
      return { name, versions: [versionEntry], preferredVersion: versionEntry };
    };
    if (path === '/apis') return { code: 200, body: { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(apiGroup) } };
    const groupOnly = path.match(/^\/apis\/([^/]+)$/);
    if (groupOnly) {
      const gv = groups.find((g) => g.startsWith(`${groupOnly[1]}/`));
      if (gv) return { code: 200, body: { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(gv) } };
    }
    const discovery = path === '/api/v1' ? ['', 'v1'] : path.match(/^\/apis\/([^/]+)\/([^/]+)$/)?.slice(1);
    if (discovery) {
      const [group, version] = discovery as [string, string];
      const types = RESOURCE_TYPES.filter((t) => t.group === group && t.version === version);
      if (types.length > 0) {
        const resources: Json[] = [];
        for (const t of types) {
          resources.push({ name: t.plural, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: t.verbs, ...(t.shortNames ? { shortNames: t.shortNames } : {}) });
          if (t.plural === 'pods') resources.push({ name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] });
        }
        return { code: 200, body: { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources } };
      }
    }

    const m = path.match(/^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?$/);
    const group = m?.[2] ?? '';
    const version = m?.[1] ?? m?.[3] ?? '';
    const type = m ? RESOURCE_TYPES.find((t) => t.group === group && t.version === version && t.plural === m[5]) : undefined;
    if (!m || !type) return { code: 404, body: status(404, 'NotFound', 'the server could not find the requested resource', {}) };
    const namespace = m[4] ? decodeURIComponent(m[4]) : '';
    const name = m[6] ? decodeURIComponent(m[6]) : '';
    const subresource = m[7] ?? '';
    if (type.namespaced === false && namespace) return { code: 404, body: status(404, 'NotFound', 'the server could not find the requested resource', {}) };

    if (type.plural === 'selfsubjectreviews') {
      if (method !== 'POST') return { code: 405, body: status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource') };
      return {
        code: 201,
        body: { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, status: { userInfo: { username: user.name, groups: [...(user.groups ?? []), 'system:authenticated'] } } },
      };
    }
    if (type.group === 'authorization.k8s.io') {
      if (method !== 'POST') return { code: 405, body: status(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`) };
      const review = await readBody(req);
      const spec = (review.spec ?? {}) as Json;
      const attrs = (spec.resourceAttributes ?? {}) as Json;
      const subject: FixtureUser | undefined =
        type.plural === 'selfsubjectaccessreviews' ? user : users.find((u) => u.name === spec.user);
      if (type.plural === 'subjectaccessreviews' && !allowed(user, { verb: 'create', group: type.group, resource: type.plural, subresource: '', namespace: '', name: '' })) {
        return { code: 403, body: status(403, 'Forbidden', forbiddenMessage(user.name, 'create', type, '', '', ''), { group: type.group, kind: type.plural }) };
      }
      const decision =
        !!subject &&
        allowed(subject, {
          verb: String(attrs.verb ?? ''),
          group: String(attrs.group ?? ''),
          resource: String(attrs.resource ?? ''),
          subresource: String(attrs.subresource ?? ''),
          namespace: String(attrs.namespace ?? ''),
          name: String(attrs.name ?? ''),
        });
      return {
        code: 201,
        body: {
          kind: type.kind,
          apiVersion: 'authorization.k8s.io/v1',
          metadata: { creationTimestamp: null },
          spec,
          status: decision ? { allowed: true, reason: `RBAC: allowed by fixture rules of User "${subject!.name}"` } : { allowed: false },
        },
      };
    }

    if (method !== 'GET') return { code: 405, body: status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource') };
    const watching = !name && ['true', '1'].includes(url.searchParams.get('watch') ?? '');
    const verb = watching ? 'watch' : name ? 'get' : 'list';
    if (!allowed(user, { verb, group, resource: type.plural, subresource, namespace, name })) {
      const details: Json = { ...(name ? { name } : {}), ...(group ? { group } : {}), kind: type.plural };
      return { code: 403, body: status(403, 'Forbidden', forbiddenMessage(user.name, verb, type, subresource, namespace, name), details) };
    }
    if (watching) return watchAnswer(type, namespace, url);

    const inScope = objects.filter((o) => {
      const meta = (o.metadata ?? {}) as Json;
      return typeOf(o) === type && (!namespace || meta.namespace === namespace);
    });

    if (name) {
      const object = inScope.find((o) => ((o.metadata ?? {}) as Json).name === name);
      if (!object) {
        return { code: 404, body: status(404, 'NotFound', `${type.plural}${group ? `.${group}` : ''} "${name}" not found`, { name, ...(group ? { group } : {}), kind: type.plural }) };
      }
      if (subresource === 'log' && type.plural === 'pods') return podLog(object, namespace, name, url);
      if (subresource) return { code: 404, body: status(404, 'NotFound', 'the server could not find the requested resource', {}) };
      return { code: 200, body: object };
    }

    let items = inScope;
    try {
      const labelSelector = url.searchParams.get('labelSelector');
      if (labelSelector) {
        const requirements = parseLabelSelector(labelSelector);
        items = items.filter((o) => labelsMatch((((o.metadata ?? {}) as Json).labels ?? {}) as Record<string, string>, requirements));
      }
      const fieldSelector = url.searchParams.get('fieldSelector');
      if (fieldSelector) items = items.filter((o) => fieldsMatch(o, fieldSelector));
    } catch (error) {
      return { code: 400, body: status(400, 'BadRequest', (error as Error).message) };
    }
    // Paging like the apiserver: items in key order, the token names the key after the last one sent.
    const continueToken = url.searchParams.get('continue');
    if (continueToken) {
      const start = continueStart(continueToken);
      if (start === undefined) return { code: 400, body: status(400, 'BadRequest', `continue key is not valid: ${continueToken}`) };
      items = items.filter((o) => objectKey(o) >= start);
    }
    const limit = Number(url.searchParams.get('limit') ?? 0);
    const listMeta: Json = { resourceVersion: String(resourceVersion) };
    if (limit > 0 && items.length > limit) {
      listMeta.continue = continueTokenAfter(objectKey(items[limit - 1]!), resourceVersion);
      // The apiserver counts the rest only when no selector filters it.
      if (!url.searchParams.get('labelSelector') && !url.searchParams.get('fieldSelector')) listMeta.remainingItemCount = items.length - limit;
      items = items.slice(0, limit);
    }
    return {
      code: 200,
      body: {
        kind: `${type.kind}List`,
        apiVersion: group ? `${group}/${version}` : version,
        metadata: listMeta,
        items: items.map((o) => {
          const copy = { ...o };
          delete copy.apiVersion;
          delete copy.kind;
          return copy;
        }),
      },
    };
  };

  // Watches: every change is kept (until compactHistory) and handed to the open watches.
  const history: Change[] = [];
  let compactedRevision = 0;
  const watchers = new Set<(change: Change) => void>();
  const watchResponses = new Set<http.ServerResponse>();
  const recordChange = (change: Change): void => {
    history.push(change);
    for (const watcher of watchers) watcher(change);
  };

  const watchAnswer = (type: ResourceType, namespace: string, url: URL): Answer => {
    if (options.watch === false) return { code: 405, body: status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource') };
    let selected: (object: Json) => boolean;
    try {
      const labelSelector = url.searchParams.get('labelSelector');
      const requirements = labelSelector ? parseLabelSelector(labelSelector) : [];
      const fieldSelector = url.searchParams.get('fieldSelector');
      if (fieldSelector) fieldsMatch({}, fieldSelector);
      selected = (o) =>
        typeOf(o) === type &&
        (!namespace || ((o.metadata ?? {}) as Json).namespace === namespace) &&
        labelsMatch((((o.metadata ?? {}) as Json).labels ?? {}) as Record<string, string>, requirements) &&
        (!fieldSelector || fieldsMatch(o, fieldSelector));
    } catch (error) {
      return { code: 400, body: status(400, 'BadRequest', (error as Error).message) };
    }
    const from = url.searchParams.get('resourceVersion') ?? '';
    const timeoutSeconds = Number(url.searchParams.get('timeoutSeconds') ?? 0);
    const bookmarks = url.searchParams.get('allowWatchBookmarks') === 'true';
    return {
      code: 200,
      stream: (res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
        const write = (kind: string, object: Json): void => {
          res.write(`${JSON.stringify({ type: kind, object })}\n`);
        };
        // Like the apiserver's cacher: a watch past the compacted history is answered 200, then one
        // ERROR event with a 410 Status, then the end of the stream.
        if (from !== '' && from !== '0' && Number(from) < compactedRevision) {
          write('ERROR', status(410, 'Expired', `too old resource version: ${from} (${compactedRevision})`));
          res.end();
          return;
        }
        // A change seen through the selector: entering it is ADDED, leaving it DELETED.
        const deliver = (change: Change): void => {
          const now = change.type !== 'DELETED' && selected(change.object);
          const was = change.type === 'DELETED' ? selected(change.object) : change.before !== undefined && selected(change.before);
          if (now && was) write('MODIFIED', change.object);
          else if (now) write('ADDED', change.object);
          else if (was) write('DELETED', change.object);
        };
        if (from === '' || from === '0') {
          for (const object of objects) if (selected(object)) write('ADDED', object);
        } else {
          for (const change of history) if (change.resourceVersion > Number(from)) deliver(change);
        }
        watchers.add(deliver);
        watchResponses.add(res);
        const bookmark = bookmarks
          ? setInterval(() => write('BOOKMARK', { kind: type.kind, apiVersion: type.group ? `${type.group}/${type.version}` : type.version, metadata: { resourceVersion: String(resourceVersion) } }), options.bookmarkEveryMs ?? 1000)
          : undefined;
        const timeout = timeoutSeconds > 0 ? setTimeout(() => res.end(), timeoutSeconds * 1000) : undefined;
        res.on('close', () => {
          watchers.delete(deliver);
          watchResponses.delete(res);
          clearInterval(bookmark);
          clearTimeout(timeout);
        });
      },
    };
  };

  const podLog = (pod: Json, namespace: string, name: string, url: URL): { code: number; body: unknown; contentType?: string } => {
    const containers = ((((pod.spec ?? {}) as Json).containers ?? []) as Json[]).map((c) => String(c.name));
    let container = url.searchParams.get('container') ?? '';
    if (!container) {
      if (containers.length !== 1) {
        return { code: 400, body: status(400, 'BadRequest', `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`) };
      }
      container = containers[0]!;
    }
    if (!containers.includes(container)) {
      return { code: 400, body: status(400, 'BadRequest', `container ${container} is not valid for pod ${name}`) };
    }
    const previous = url.searchParams.get('previous') === 'true';
    const entry = logs.find((l) => l.namespace === namespace && l.pod === name && l.container === container);
    const text = previous ? entry?.previous : (entry?.current ?? '');
    if (text === undefined) {
      return { code: 400, body: status(400, 'BadRequest', `previous terminated container "${container}" in pod "${name}" not found`) };
    }
    const tailLines = url.searchParams.get('tailLines');
    return { code: 200, body: tail(text, tailLines === null ? undefined : Number(tailLines)), contentType: 'text/plain' };
  };

  const sockets = new Set<Socket>();
  const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    const record: FixtureRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search,
      status: 0,
      accept: req.headers.accept,
      userAgent: req.headers['user-agent'],
      impersonateGroups: req.headersDistinct['impersonate-group'],
    };
    requests.push(record);
    handle(req, res, record).catch((error: unknown) => {
      if (!res.headersSent) {
        record.status = 500;
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(status(500, 'InternalError', String(error))));
      }
    });
  };
  let caPem: string | undefined;
  let server: http.Server;
  if (options.tls === false) {
    server = http.createServer(listener);
  } else {
    cachedCertificate ??= generateCertificate();
    caPem = cachedCertificate.cert;
    // Client certificates are asked for, not required: tokens work too, as on a real apiserver.
    server = https.createServer({ key: cachedCertificate.key, cert: cachedCertificate.cert, ca: [cachedCertificate.cert], requestCert: true, rejectUnauthorized: false }, listener);
  }
  server.on(options.tls === false ? 'connection' : 'secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `${options.tls === false ? 'http' : 'https'}://127.0.0.1:${port}`;

  return {
    url,
    caPem,
    requests,
    addFault,
    clearFaults: () => {
      faults.length = 0;
    },
    putObject: (object) => {
      const copy = structuredClone(object);
      const meta = (copy.metadata ??= {}) as Json;
      const key = (o: Json) => `${String(o.kind)}/${String((o.metadata as Json | undefined)?.namespace ?? '')}/${String((o.metadata as Json | undefined)?.name)}`;
      const at = objects.findIndex((o) => key(o) === key(copy));
      meta.resourceVersion = String(++resourceVersion);
      meta.uid ??= at >= 0 ? ((objects[at]!.metadata as Json).uid as string) : `00000000-0000-4000-8000-${String(resourceVersion).padStart(12, '0')}`;
      const before = at >= 0 ? objects[at] : undefined;
      if (at >= 0) objects[at] = copy;
      else objects.push(copy);
      recordChange({ resourceVersion, type: before ? 'MODIFIED' : 'ADDED', object: copy, ...(before ? { before } : {}) });
    },
    deleteObject: (object) => {
      const meta = (object.metadata ?? {}) as Json;
      const at = objects.findIndex((o) => o.kind === object.kind && objectKey(o) === objectKey(object) && ((o.metadata ?? {}) as Json).namespace === meta.namespace);
      if (at < 0) return false;
      const [gone] = objects.splice(at, 1);
      // The DELETED event carries the object at the deletion's resourceVersion.
      const last = structuredClone(gone!);
      (last.metadata as Json).resourceVersion = String(++resourceVersion);
      recordChange({ resourceVersion, type: 'DELETED', object: last });
      return true;
    },
    dropWatches: () => {
      for (const res of watchResponses) res.destroy();
    },
    compactHistory: () => {
      history.length = 0;
      compactedRevision = resourceVersion;
    },
    openConnections: () => sockets.size,
    issueClientCertificate: (user) => {
      if (!cachedCertificate || options.tls === false) throw new Error('client certificates need the HTTPS fixture');
      return issueClientCertificate(cachedCertificate, user);
    },
    kubeconfig: ({ token, namespace, context = 'fixture', exec }) => {
      const cluster: Json = { server: url };
      if (caPem) cluster['certificate-authority-data'] = Buffer.from(caPem).toString('base64');
      const user: Json = exec ? { exec } : token ? { token } : {};
      return JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: context, cluster }],
        users: [{ name: context, user }],
        contexts: [{ name: context, context: { cluster: context, user: context, ...(namespace ? { namespace } : {}) } }],
        'current-context': context,
      });
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
