/**
 * The requests every cluster reader makes. A failure is recorded once, where the checks look for
 * it (401/403 as a permission failure, anything else but 404 as an API problem), and lists are read
 * page by page like kubectl (`limit=500` and `continue`), each page folded into what the reader
 * keeps and then dropped, so memory does not grow with the number of objects in the cluster.
 * A list item that is no object (null, a number, a string), or an object its reader cannot use (a pod
 * with no name), is left out and recorded as a malformed answer, both kinds in one: a list not fully
 * read leaves its verdict open, like a list not read at all.
 */
import type { ApiFailure, ApiRequest, ApiResult, ClusterClient } from '../client.js';
import type { ApiProblem, PermissionFailure } from '../facts.js';
import { isPlainObject } from '../../core/plain-object.js';

/** What a request reads, in RBAC terms: how a failure is worded and which permission it needs. */
export interface Access {
  verb: string;
  resource: string;
  group: string;
  namespace?: string;
  name?: string;
}

/**
 * An API object as JSON carries it. client-node types timestamps as Date, the wire as RFC 3339
 * strings; everything else is as client-node declares it (all optional, read with `?.`).
 */
export type Wire<T> = T extends Date ? string : T extends readonly (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

/** kubectl's default --chunk-size. */
export const PAGE_SIZE = 500;
/** How often a list starts over after its continue token expired (410 Gone) before giving up. */
export const MAX_LIST_RESTARTS = 3;

/** Where the reads record their failures (the facts' own arrays). */
export interface FailureSink {
  permissionFailures: PermissionFailure[];
  apiProblems: ApiProblem[];
}

export interface ApiReads {
  /** One request; failures other than 404 and the `expected` kinds are recorded. */
  read<T>(req: ApiRequest, access: Access, skipped: string, expected?: readonly ApiFailure['kind'][]): Promise<ApiResult<Wire<T>>>;
  /**
   * Every page of a list: `start` makes what the reader keeps, `add` folds each object item into it
   * as the answer arrives; items that are no object are counted and recorded, never added. After a
   * 410 Gone the list starts over from a fresh `start()`, so nothing is counted twice. `unfit`
   * leaves out, and counts with them, the objects the reader cannot use (`said`: what they are).
   */
  list<T, S>(req: ApiRequest, access: Access, skipped: string, start: () => S, add: (kept: S, item: Wire<T>) => void, unfit?: Unfit<T>): Promise<ApiResult<S>>;
}

/** Objects of a list that its reader cannot use, and how the report names them. */
export interface Unfit<T> {
  is: (item: Wire<T>) => boolean;
  said: string;
}

/** How a list's left-out items are said: one message for both kinds, so one list gives one problem. */
function leftOutMessage(listed: number, notObjects: number, unfit: number, unfitSaid = ''): string {
  const parts = [
    ...(notObjects > 0 ? [`${notObjects} of the ${listed} items listed are no objects (null, a number, a string or an array)`] : []),
    ...(unfit > 0 ? [notObjects > 0 ? `${unfit} are ${unfitSaid}` : `${unfit} of the ${listed} items listed are ${unfitSaid}`] : []),
  ];
  return parts.length === 2 ? `${parts.join(' and ')}: all ${notObjects + unfit} were left out` : `${parts[0]} and were left out`;
}

/**
 * Reads for one reader. `rank` orders the failures of concurrent readers: they are reported by
 * reader, then in the order each reader issued its requests, never in the order answers arrive.
 */
export function apiReads(client: ClusterClient, sink: FailureSink, order: FailureOrder, rank: number, signal?: AbortSignal): ApiReads {
  let issued = 0;
  const record = (result: ApiFailure, req: ApiRequest, access: Access, skipped: string, seq: number): void => {
    if (result.kind === 'forbidden' || result.kind === 'unauthorized') {
      const failure: PermissionFailure = { status: result.status ?? 0, ...access, message: result.message, skipped };
      order.set(failure, [rank, seq]);
      sink.permissionFailures.push(failure);
      return;
    }
    const where = access.namespace ? ` in ${access.namespace}` : access.name ? '' : ' in all namespaces';
    const problem: ApiProblem = {
      what: `${access.verb} ${access.resource}${access.name ? ` ${access.name}` : ''}${where}`,
      path: req.path,
      kind: result.kind,
      status: result.status,
      message: result.message,
      attempts: result.attempts,
      skipped,
    };
    order.set(problem, [rank, seq]);
    sink.apiProblems.push(problem);
  };
  const withSignal = (req: ApiRequest): ApiRequest => (signal ? { ...req, signal } : req);

  return {
    async read<T>(req: ApiRequest, access: Access, skipped: string, expected: readonly ApiFailure['kind'][] = []): Promise<ApiResult<Wire<T>>> {
      const seq = issued++;
      const result = await client.request<Wire<T>>(withSignal(req));
      if (!result.ok && result.kind !== 'not-found' && !expected.includes(result.kind)) record(result, req, access, skipped, seq);
      return result;
    },
    async list<T, S>(req: ApiRequest, access: Access, skipped: string, start: () => S, add: (kept: S, item: Wire<T>) => void, unfit?: Unfit<T>): Promise<ApiResult<S>> {
      const seq = issued++;
      let kept = start();
      let token: string | undefined;
      let restarts = 0;
      let listed = 0;
      let leftOut = 0;
      let unfitCount = 0;
      const fold = (into: S, item: unknown): void => {
        listed++;
        if (!isPlainObject(item)) leftOut++;
        else if (unfit?.is(item as Wire<T>)) unfitCount++;
        else add(into, item as Wire<T>);
      };
      for (;;) {
        // Items are folded one by one as they arrive; the page itself is never held whole.
        const into = kept;
        const result = await client.request<{ metadata?: { continue?: string } }>(
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
            listed = leftOut = unfitCount = 0;
            continue;
          }
          if (result.kind !== 'not-found') record(result, req, access, skipped, seq);
          return result;
        }
        token = result.body.metadata?.continue || undefined;
        if (token) continue;
        if (leftOut + unfitCount > 0) {
          const message = leftOutMessage(listed, leftOut, unfitCount, unfit?.said);
          record({ ok: false, status: result.status, kind: 'malformed', message, attempts: 1 }, req, access, skipped, seq);
        }
        return { ok: true, status: result.status, body: kept };
      }
    },
  };
}

/** Reader rank and issue sequence of each recorded failure. */
export type FailureOrder = Map<object, [number, number]>;

/** Puts the recorded failures in reader order, then issue order: a report does not depend on timing. */
export function sortFailures(sink: FailureSink, order: FailureOrder): void {
  const key = (o: object): [number, number] => order.get(o) ?? [0, 0];
  const byIssue = (a: object, b: object): number => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1];
  sink.permissionFailures.sort(byIssue);
  sink.apiProblems.sort(byIssue);
}
