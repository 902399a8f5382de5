/** Fleet runs: which contexts a run checks, how many at once, and what progress says. */
import { describe, expect, test } from 'vitest';
import { ClusterConnectionError } from '../../src/cluster/errors.js';
import { UsageError } from '../../src/core/errors.js';
import type { Report } from '../../src/core/report.js';
import { fleetContexts, runFleet } from '../../src/pipeline/fleet.js';

const KUBECONFIG = { names: ['prod-eu', 'prod-us', 'staging', 'lab-1', 'lab-2'], origin: '/home/me/.kube/config' };
const available = () => KUBECONFIG;

describe('fleetContexts', () => {
  test('no --context or one plain name is an ordinary run', () => {
    expect(fleetContexts([], false, available)).toBeUndefined();
    expect(fleetContexts(['prod-eu'], false, available)).toBeUndefined();
  });

  test('patterns follow kubeconfig order; names the order asked; each context once', () => {
    expect(fleetContexts(['prod-*'], false, available)).toEqual(['prod-eu', 'prod-us']);
    expect(fleetContexts(['lab-?', 'staging', 'lab-1'], false, available)).toEqual(['lab-1', 'lab-2', 'staging']);
    expect(fleetContexts(['prod-[u]s', 'prod-eu'], false, available)).toEqual(['prod-us', 'prod-eu']);
    expect(fleetContexts(['staging'], true, available)).toEqual(KUBECONFIG.names);
  });

  test('an unknown name or an empty match is a usage error naming the kubeconfig', () => {
    expect(() => fleetContexts(['prod-eu', 'prod-uk'], false, available)).toThrow(new UsageError('context "prod-uk" does not exist in /home/me/.kube/config (did you mean "prod-us"?)'));
    expect(() => fleetContexts(['dev-*'], false, available)).toThrow(UsageError);
    expect(() => fleetContexts([], true, () => ({ names: [], origin: 'x' }))).toThrow('--all-contexts: x defines no context');
  });
});

describe('runFleet', () => {
  test('at most --cluster-concurrency clusters at once; progress names those still running; items in the order asked', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: string[] = [];
    const contexts = ['a', 'b', 'c', 'd', 'e'];
    const list = await runFleet({
      contexts,
      concurrency: 2,
      clusterTimeoutMs: 5000,
      signal: new AbortController().signal,
      check: async (context) => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, context === 'a' ? 60 : 10));
        inFlight--;
        if (context === 'c') throw new ClusterConnectionError('unreachable', 'cannot reach the Kubernetes API server at https://c: connection refused', 'https://c');
        return { controller: { server: `https://${context}`, pods: [] } } as unknown as Report;
      },
      progress: (running, done, total) => seen.push(`${done}/${total} ${running.join(',')}`),
    });
    expect(most).toBe(2);
    expect(list.items.map((i) => [i.context, i.server, i.error?.reason ?? 'report'])).toEqual([
      ['a', 'https://a', 'report'],
      ['b', 'https://b', 'report'],
      ['c', 'https://c', 'unreachable'],
      ['d', 'https://d', 'report'],
      ['e', 'https://e', 'report'],
    ]);
    expect(seen[0]).toBe('0/5 a');
    expect(seen[1]).toBe('0/5 a,b');
    expect(seen.at(-1)).toBe('5/5 ');
  });

  test('a cluster past its own deadline is a timeout item; the others are not held', async () => {
    const started = Date.now();
    const list = await runFleet({
      contexts: ['hanging', 'fine'],
      concurrency: 2,
      clusterTimeoutMs: 200,
      signal: new AbortController().signal,
      check: (context, signal) =>
        context === 'fine'
          ? Promise.resolve({ controller: { pods: [] } } as unknown as Report)
          : new Promise((_, reject) => signal.addEventListener('abort', () => reject(new ClusterConnectionError('unreachable', 'cancelled')))),
      progress: () => undefined,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(list.items[0]!.error).toEqual({ reason: 'timeout', message: 'no answer within its own deadline (--cluster-timeout 200ms)' });
    expect(list.items[1]!.report).toBeDefined();
  });
});
