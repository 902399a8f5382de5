/** A list read page by page counts the items that are no objects over the whole list, once, and starts over after 410. */
import { describe, expect, it } from 'vitest';
import type { ApiRequest, ApiResult, ClusterClient } from '../../../src/cluster/client.js';
import { apiReads, type FailureSink, type Unfit } from '../../../src/cluster/read/api.js';

/** Answers each request with the next page: its items handed over one by one, or a failure. */
function pagedClient(pages: ({ items: unknown[]; continue?: string } | ApiResult)[]): ClusterClient {
  let next = 0;
  return {
    server: 'https://fake',
    user: 'u',
    namespace: 'default',
    namespaceExplicit: false,
    async request<T>(req: ApiRequest): Promise<ApiResult<T>> {
      const page = pages[next++]!;
      if ('ok' in page) return page as ApiResult<T>;
      for (const item of page.items) req.onItem!(item);
      return { ok: true, status: 200, body: { metadata: page.continue ? { continue: page.continue } : {} } as T };
    },
    watch: () => Promise.reject(new Error('not used')),
    close: () => undefined,
  };
}

async function listRollouts(pages: Parameters<typeof pagedClient>[0], unfit?: Unfit<{ metadata?: { name?: string } }>) {
  const sink: FailureSink = { permissionFailures: [], apiProblems: [] };
  const api = apiReads(pagedClient(pages), sink, new Map(), 0);
  const result = await api.list<{ metadata?: { name?: string } }, string[]>(
    { path: '/apis/argoproj.io/v1alpha1/rollouts' },
    { verb: 'list', resource: 'rollouts', group: 'argoproj.io' },
    'which rollouts use which plugin',
    () => [],
    (kept, item) => kept.push(item.metadata?.name ?? '?'),
    unfit,
  );
  return { result, problems: sink.apiProblems.map((p) => [p.what, p.kind, p.message]) };
}

describe('api.list', () => {
  it('an object is kept; null, a number, a string or an array is counted over every page and said once', async () => {
    const { result, problems } = await listRollouts([
      { items: [{ metadata: { name: 'a' } }, null, 7], continue: 'p2' },
      { items: ['x', [1], { metadata: { name: 'b' } }] },
    ]);
    expect(result).toEqual({ ok: true, status: 200, body: ['a', 'b'] });
    expect(problems).toEqual([['list rollouts in all namespaces', 'malformed', '4 of the 6 items listed are no objects (null, a number, a string or an array) and were left out']]);
  });

  it('after 410 Gone the count starts over with the list', async () => {
    const { result, problems } = await listRollouts([
      { items: [{ metadata: { name: 'a' } }, null], continue: 'old' },
      { ok: false, status: 410, kind: 'expired', message: 'the continue token expired', attempts: 1 },
      { items: [{ metadata: { name: 'a' } }, null], continue: 'fresh' },
      { items: [{ metadata: { name: 'b' } }] },
    ]);
    expect(result).toMatchObject({ ok: true, body: ['a', 'b'] });
    expect(problems).toEqual([['list rollouts in all namespaces', 'malformed', '1 of the 3 items listed are no objects (null, a number, a string or an array) and were left out']]);
  });

  it('objects its reader cannot use are counted with the items that are no object: one problem for one list', async () => {
    const nameless = { is: (item: { metadata?: { name?: string } }) => !item.metadata?.name, said: 'objects with no name' };
    const both = await listRollouts([{ items: [{ metadata: { name: 'a' } }, null, 42, {}], continue: 'p2' }, { items: [{ metadata: {} }] }], nameless);
    expect(both.result).toMatchObject({ ok: true, body: ['a'] });
    expect(both.problems).toEqual([['list rollouts in all namespaces', 'malformed', '2 of the 5 items listed are no objects (null, a number, a string or an array) and 2 are objects with no name: all 4 were left out']]);
    const unfitOnly = await listRollouts([{ items: [{ metadata: { name: 'a' } }, {}] }], nameless);
    expect(unfitOnly.problems).toEqual([['list rollouts in all namespaces', 'malformed', '1 of the 2 items listed are objects with no name and were left out']]);
  });

  it('a whole list of objects records nothing', async () => {
    const { result, problems } = await listRollouts([{ items: [{ metadata: { name: 'a' } }] }]);
    expect(result).toMatchObject({ ok: true, body: ['a'] });
    expect(problems).toEqual([]);
  });
});
