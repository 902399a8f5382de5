/**
 * The requests every cluster reader makes. A failure is recorded once, where the checks look for
 * it (401/403 as a permission failure, anything else but 404 as an API problem), and lists are read
 * page by page like kubectl (`limit=500` and `continue`), each page folded into what the reader
 * keeps and then dropped, so memory does not grow with the number of objects in the cluster.
 * A list item that is no object with a name (null, a number, a string, an array, a nameless object)
 * is nothing a real API server lists: it is left out and the list recorded as read in part
 * (PartialList), so what was read is judged and what the left-out items could change stays open.
 */
import type { ApiFailure, ApiRequest, ApiResult, ApiSuccess, ClusterClient } from '../client.js';
import type { ApiProblem, PartialList, PermissionFailure, ReadAccess } from '../facts.js';
import { isPlainObject } from '../../core/plain-object.js';
import { abortCause, abortCauseText } from '../../core/deadline.js';

/**
 * An API object as JSON carries it. client-node types timestamps as Date, the wire as RFC 3339
 * strings; everything else is as client-node declares it (all optional, read with `?.`).
 */
export type Wire<T> = T extends Date ? string : T extends readonly (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

/** kubectl's default --chunk-size. */
export const PAGE_SIZE = 500;
/** How often a list starts over after its continue token expired (410 Gone) before giving up. */
export const MAX_LIST_RESTARTS = 3;

/** Where the reads record their failures and the lists read in part (the facts' own arrays). */
export interface FailureSink {
  permissionFailures: PermissionFailure[];
  apiProblems: ApiProblem[];
  partialLists: PartialList[];
}

/** The path and its query as written by hand (no paging): `labelSelector=app.kubernetes.io/name=argo-rollouts` stays readable. */
function requestOf(req: ApiRequest): string {
  const query = Object.entries(req.query ?? {}).filter(([, value]) => value !== undefined);
  return query.length === 0 ? req.path : `${req.path}?${query.map(([key, value]) => `${key}=${String(value)}`).join('&')}`;
}

/** A list's answer: `leftOut` items were no object with a name (the list was read in part when > 0). */
export type ListResult<S> = (ApiSuccess<S> & { leftOut: number }) | ApiFailure;

export interface ApiReads {
  /** One request; failures other than 404 and the `expected` kinds are recorded. */
  read<T>(req: ApiRequest, access: ReadAccess, skipped: string, expected?: readonly ApiFailure['kind'][]): Promise<ApiResult<Wire<T>>>;
  /**
   * Every page of a list: `start` makes what the reader keeps, `add` folds each object with a name
   * into it as the answer arrives; the other items are counted, never added, and a list with any
   * is recorded as read in part. After a 410 Gone the list starts over from a fresh `start()`, so
   * nothing is counted twice.
   */
  list<T, S>(req: ApiRequest, access: ReadAccess, skipped: string, start: () => S, add: (kept: S, item: Wire<T>) => void): Promise<ListResult<S>>;
}

/** Every object an API server lists has a name: an item without one cannot be told apart, nor judged. */
function isNamedObject(item: unknown): boolean {
  return isPlainObject(item) && isPlainObject(item.metadata) && typeof item.metadata.name === 'string' && item.metadata.name !== '';
}

/** Resources without a namespace: "in all namespaces" would be wrong for them. */
const CLUSTER_SCOPED = new Set(['nodes', 'namespaces', 'clusteranalysistemplates', 'subjectaccessreviews', 'selfsubjectaccessreviews']);

/**
 * The permission a read needs, as RBAC names it, whichever object it read: `get pods/log in
 * argo-rollouts`, `list rollouts.argoproj.io in all namespaces`, `list nodes`. Refusals and failures
 * of one permission are said under it (cluster-access-denied, Not checked).
 */
export function permissionText(access: ReadAccess): string {
  const where = access.namespace ? ` in ${access.namespace}` : !access.name && !CLUSTER_SCOPED.has(access.resource) ? ' in all namespaces' : '';
  return `${access.verb} ${access.resource}${access.group ? `.${access.group}` : ''}${where}`;
}

/** `list pods in argo-rollouts`, `get configmaps argo-rollouts-config in argo-rollouts`, `list rollouts in all namespaces`. */

function whatIsRead(access: ReadAccess): string {
  const where = access.namespace ? ` in ${access.namespace}` : access.name ? '' : CLUSTER_SCOPED.has(access.resource) ? ' in the cluster' : ' in all namespaces';
  return `${access.verb} ${access.resource}${access.name ? ` ${access.name}` : ''}${where}`;
}

/**
 * Reads for one reader. `rank` orders the failures of concurrent readers: they are reported by
 * reader, then in the order each reader issued its requests, never in the order answers arrive.
 * `search`: the reader only looks for the controller's namespace (ReadPurpose.search).
 */
export function apiReads(client: ClusterClient, sink: FailureSink, order: FailureOrder, rank: number, opts: { signal?: AbortSignal; search?: true } = {}): ApiReads {
  const { signal } = opts;
  const purpose = (skipped: string) => ({ skipped, ...(opts.search && { search: true as const }) });
  let issued = 0;
  const record = (result: ApiFailure, req: ApiRequest, access: ReadAccess, skipped: string, seq: number): void => {
    if (result.kind === 'forbidden' || result.kind === 'unauthorized') {
      const failure: PermissionFailure = { status: result.status ?? 0, ...access, message: result.message, ...purpose(skipped) };
      order.set(failure, [rank, seq]);
      sink.permissionFailures.push(failure);
      return;
    }
    const problem: ApiProblem = {
      what: whatIsRead(access),
      ...access,
      path: req.path,
      kind: result.kind,
      status: result.status,
      message: result.message,
      attempts: result.attempts,
      ...(result.kind === 'cancelled' && { cancelledBy: abortCause(signal) }),
      ...(result.reached !== undefined && { reached: result.reached }),
      ...purpose(skipped),
    };
    order.set(problem, [rank, seq]);
    sink.apiProblems.push(problem);
  };
  const withSignal = (req: ApiRequest): ApiRequest => (signal ? { ...req, signal } : req);
  // A read the run's signal stopped before it was sent: recorded as not attempted, never as failed.
  const notSent = (): ApiFailure => ({
    ok: false,
    kind: 'cancelled',
    message: abortCauseText(signal),
    attempts: 0,
  });

  return {
    async read<T>(req: ApiRequest, access: ReadAccess, skipped: string, expected: readonly ApiFailure['kind'][] = []): Promise<ApiResult<Wire<T>>> {
      const seq = issued++;
      const result = signal?.aborted ? notSent() : await client.request<Wire<T>>(withSignal(req));
      if (!result.ok && result.kind !== 'not-found' && !expected.includes(result.kind)) record(result, req, access, skipped, seq);
      return result;
    },
    async list<T, S>(req: ApiRequest, access: ReadAccess, skipped: string, start: () => S, add: (kept: S, item: Wire<T>) => void): Promise<ListResult<S>> {
      const seq = issued++;
      let kept = start();
      let token: string | undefined;
      let restarts = 0;
      let listed = 0;
      let leftOut = 0;
      const fold = (into: S, item: unknown): void => {
        listed++;
        if (isNamedObject(item)) add(into, item as Wire<T>);
        else leftOut++;
      };
      for (;;) {
        // Items are folded one by one as they arrive; the page itself is never held whole.
        const into = kept;
        const result =
          signal?.aborted && token === undefined && restarts === 0
            ? notSent()
            : await client.request<{ metadata?: { continue?: string } }>(
                withSignal({ ...req, query: { ...req.query, limit: PAGE_SIZE, ...(token ? { continue: token } : {}) }, onItem: (item) => fold(into, item) }),
              );
        if (!result.ok) {
          // The token outlived the server's compaction window: what was folded may mix two
          // versions of the list, so it is dropped and the list read again from the start (as
          // client-go's pager does), a bounded number of times.
          if (result.kind === 'expired' && token && restarts < MAX_LIST_RESTARTS) {
            restarts++;
            kept = start();
            token = undefined;
            listed = leftOut = 0;
            continue;
          }
          if (result.kind !== 'not-found') record(result, req, access, skipped, seq);
          return result;
        }
        token = result.body.metadata?.continue || undefined;
        if (token) continue;
        if (leftOut > 0) {
          const partial: PartialList = { what: whatIsRead(access), ...access, path: req.path, request: requestOf(req), listed, leftOut, ...purpose(skipped) };
          order.set(partial, [rank, seq]);
          sink.partialLists.push(partial);
        }
        return { ok: true, status: result.status, body: kept, leftOut };
      }
    },
  };
}

/** Reader rank and issue sequence of each recorded failure. */
export type FailureOrder = Map<object, [number, number]>;

/** Puts the recorded failures and partial lists in reader order, then issue order: a report does not depend on timing. */
export function sortFailures(sink: FailureSink, order: FailureOrder): void {
  const key = (o: object): [number, number] => order.get(o) ?? [0, 0];
  const byIssue = (a: object, b: object): number => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1];
  sink.permissionFailures.sort(byIssue);
  sink.apiProblems.sort(byIssue);
  sink.partialLists.sort(byIssue);
}
