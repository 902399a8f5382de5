/** A list read page by page counts the items that are no object with a name over the whole list, once, and starts over after 410. */
import { describe, expect, it } from 'vitest';
import type { ApiRequest, ApiResult, ClusterClient } from '../../../src/cluster/client.js';
import { CURRENT_CONTEXT } from '../../../src/cluster/kubectl-command.js';
import { apiReads, type FailureSink } from '../../../src/cluster/read/api.js';

/** Answers each request with the next page: its items handed over one by one, or a failure. */
function pagedClient(pages: ({ items: unknown[]; continue?: string } | ApiResult)[]): ClusterClient {
  let next = 0;
  return {
    server: 'https://fake',
    plainHttp: false,
    user: 'u',
    namespace: 'default',
    namespaceExplicit: false,
    kubectlConnection: CURRENT_CONTEXT,
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

async function listRollouts(pages: Parameters<typeof pagedClient>[0]) {
  const sink: FailureSink = { permissionFailures: [], apiProblems: [], partialLists: [] };
  const api = apiReads(pagedClient(pages), sink, new Map(), 0);
  const result = await api.list<{ metadata?: { name?: string } }, string[]>(
    { path: '/apis/argoproj.io/v1alpha1/rollouts' },
    { verb: 'list', resource: 'rollouts', group: 'argoproj.io' },
    'which rollouts use which plugin',
    () => [],
    (kept, item) => kept.push(item.metadata?.name ?? '?'),
  );
  return { result, problems: sink.apiProblems, partial: sink.partialLists.map((p) => [p.what, p.resource, p.leftOut, p.listed]) };
}

describe('api.list', () => {
  it('an object with a name is kept; null, a number, a string, an array or a nameless object is counted over every page: one list read in part', async () => {
    const { result, problems, partial } = await listRollouts([
      { items: [{ metadata: { name: 'a' } }, null, 7, {}], continue: 'p2' },
      { items: ['x', [1], { metadata: { name: '' } }, { metadata: { name: 'b' } }] },
    ]);
    expect(result).toEqual({ ok: true, status: 200, body: ['a', 'b'], leftOut: 6 });
    expect(partial).toEqual([['list rollouts in all namespaces', 'rollouts', 6, 8]]);
    expect(problems).toEqual([]);
  });

  it('after 410 Gone the count starts over with the list', async () => {
    const { result, partial } = await listRollouts([
      { items: [{ metadata: { name: 'a' } }, null], continue: 'old' },
      { ok: false, status: 410, kind: 'expired', message: 'the continue token expired', attempts: 1 },
      { items: [{ metadata: { name: 'a' } }, null], continue: 'fresh' },
      { items: [{ metadata: { name: 'b' } }] },
    ]);
    expect(result).toMatchObject({ ok: true, body: ['a', 'b'] });
    expect(partial).toEqual([['list rollouts in all namespaces', 'rollouts', 1, 3]]);
  });

  it('a whole list of objects records nothing', async () => {
    const { result, problems, partial } = await listRollouts([{ items: [{ metadata: { name: 'a' } }] }]);
    expect(result).toMatchObject({ ok: true, body: ['a'] });
    expect([...problems, ...partial]).toEqual([]);
  });
});
