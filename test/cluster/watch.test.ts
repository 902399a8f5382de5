/** client.watch against the fixture API server: events as they arrive, its own deadline, refusals as values. */
import { afterEach, describe, expect, test } from 'vitest';
import { connectCluster, type ClusterClient, type WatchEvent } from '../../src/cluster/client.js';
import { startScenario, type ScenarioHandle } from './scenarios.js';

let scenario: ScenarioHandle | undefined;
let client: ClusterClient | undefined;
afterEach(async () => {
  client?.close();
  await scenario?.close();
  scenario = client = undefined;
});

const CONFIGMAPS = '/api/v1/namespaces/argo-rollouts/configmaps';

describe('client.watch', () => {
  test('hands over each event as it arrives, and ends at its own deadline when the server keeps the stream open', async () => {
    scenario = await startScenario();
    client = await connectCluster({ kubeconfig: scenario.kubeconfig() });
    const events: WatchEvent[] = [];
    let opened = false;
    const began = Date.now();
    const watching = client.watch({ path: CONFIGMAPS, query: { fieldSelector: 'metadata.name=argo-rollouts-config' }, timeoutMs: 800, onOpen: () => (opened = true), onEvent: (e) => events.push(e) });
    while (events.length === 0) await new Promise((r) => setTimeout(r, 10));
    scenario.server.putObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argo-rollouts-config', namespace: 'argo-rollouts' }, data: { a: 'b' } });
    const result = await watching;
    expect(Date.now() - began).toBeGreaterThanOrEqual(800);
    expect(opened).toBe(true);
    expect(result).toEqual({ ok: true, status: 200, body: { events: 2, ended: 'deadline' } });
    expect(events.map((e) => [e.type, (e.object as { data?: unknown }).data])).toEqual([
      ['ADDED', expect.anything()],
      ['MODIFIED', { a: 'b' }],
    ]);
    // Once the client is closed, the server holds no connection: neither the stream's nor a kept-alive one.
    client.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(scenario.server.openConnections()).toBe(0);
  });

  test('the server ending the watch (timeoutSeconds) resolves "closed"; a refused watch is a forbidden failure, not retried', async () => {
    scenario = await startScenario([], { users: [{ name: 'reader', token: 'reader-token', rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'] }] }, { name: 'admin', token: 'admin-token' }] });
    client = await connectCluster({ kubeconfig: scenario.kubeconfig() });
    const closed = await client.watch({ path: CONFIGMAPS, query: { timeoutSeconds: 1, resourceVersion: '999999' }, timeoutMs: 10_000, onEvent: () => undefined });
    expect(closed).toEqual({ ok: true, status: 200, body: { events: 0, ended: 'closed' } });
    client.close();
    client = await connectCluster({ kubeconfig: scenario.kubeconfig('reader-token') });
    const refused = await client.watch({ path: CONFIGMAPS, timeoutMs: 10_000, onEvent: () => undefined });
    expect(refused).toMatchObject({ ok: false, status: 403, kind: 'forbidden', attempts: 1, message: expect.stringContaining('cannot watch resource "configmaps"') });
  });

  test('a line that is not a watch event ends the watch at once and closes its connection, though the server holds it open', async () => {
    for (const [body, message] of [
      ['<html>proxy error</html>\n', /^the API answered a watch event that is not valid JSON \(Unexpected token/],
      ['{"kind":"ConfigMapList","items":[]}\n', /^the API answered something that is not a stream of watch events \(the server ignored watch=1\)$/],
      // A line that never ends: closed once it passes the longest event accepted, not buffered further.
      [`{"type":"ADDED","object":{"data":"${'a'.repeat(4 * 1024 * 1024)}`, /^the API answered a watch event longer than 4194304 bytes$/],
    ] as const) {
      scenario = await startScenario([], { faults: [{ kind: 'held-stream', path: `^${CONFIGMAPS}$`, body }] });
      // No check that the server answers: the watch is the client's only connection.
      client = await connectCluster({ kubeconfig: scenario.kubeconfig() }, { verify: false });
      const began = Date.now();
      const result = await client.watch({ path: CONFIGMAPS, timeoutMs: 60_000, onEvent: () => undefined });
      expect(result).toMatchObject({ ok: false, status: 200, kind: 'malformed', attempts: 1, message: expect.stringMatching(message) });
      expect(Date.now() - began).toBeLessThan(2_000);
      // Closed by the client without client.close(): no socket is left waiting for the server's timeout.
      const deadline = Date.now() + 2_000;
      while (scenario.server.openConnections() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(scenario.server.openConnections()).toBe(0);
      client.close();
      await scenario.close();
      scenario = client = undefined;
    }
  });
});
