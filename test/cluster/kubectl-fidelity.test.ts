/**
 * Proves the fixture API server speaks the real API: the real kubectl (v1.32) reads the same
 * scenarios through a generated kubeconfig, and what it prints equals what the tool read.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { connectCluster, type ClusterClient } from '../../src/cluster/client.js';
import { inspectCluster } from '../../src/cluster/inspect.js';
import { CONTROLLER_SELECTOR } from '../../src/cluster/podspec.js';
import { pluginsOf, startScenario, type ScenarioHandle } from './scenarios.js';
import { runCli } from '../support/cli.js';

const KUBECTL = 'kubectl';

let scenario: ScenarioHandle | undefined;
let client: ClusterClient | undefined;
afterEach(async () => {
  client?.close();
  await scenario?.close();
  client = undefined;
  scenario = undefined;
});

function kubectl(kubeconfig: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      KUBECTL,
      ['--kubeconfig', kubeconfig, '--cache-dir', join(scenario!.dir, 'kube-cache'), '--request-timeout', '10s', ...args],
      { timeout: 20_000, env: { PATH: process.env.PATH, HOME: scenario!.dir } },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('kubectl reads the fixture API server like the tool does', () => {
  test('get -o json: the controller pods (label selector with !=), the ConfigMap, a field selector', async () => {
    scenario = await startScenario();
    const kubeconfig = scenario.kubeconfig();
    client = await connectCluster({ kubeconfig });
    const facts = await inspectCluster(client, { subject: pluginsOf });

    const pods = await kubectl(kubeconfig, ['get', 'pods', '-A', '-l', CONTROLLER_SELECTOR, '-o', 'json']);
    expect(pods.stderr).toBe('');
    const list = JSON.parse(pods.stdout) as { kind: string; items: { metadata: { name: string; labels: Record<string, string> }; status: { containerStatuses: { restartCount: number; state: { running?: { startedAt: string } } }[] } }[] };
    expect(list.kind).toBe('List');
    expect(list.items.map((p) => p.metadata.name)).toEqual(facts.pods.map((p) => p.name));
    expect(list.items.map((p) => p.status.containerStatuses[0]!.state.running?.startedAt)).toEqual(facts.pods.map((p) => p.controller?.startedAt));
    expect(list.items[0]!.metadata.labels['pod-template-hash']).toBe('6d9f7c8b5');

    const cm = await kubectl(kubeconfig, ['get', 'configmap', 'argo-rollouts-config', '-n', 'argo-rollouts', '-o', 'json']);
    expect(JSON.parse(cm.stdout).data).toEqual(facts.configMap.data);

    const byField = await kubectl(kubeconfig, ['get', 'pods', '-A', '--field-selector', 'metadata.name=argo-rollouts-6d9f7c8b5-w9qzt', '-o', 'jsonpath={.items[*].metadata.name}']);
    expect(byField.stdout).toBe('argo-rollouts-6d9f7c8b5-w9qzt');

    const lease = await kubectl(kubeconfig, ['get', 'lease', 'argo-rollouts-controller-lock', '-n', 'argo-rollouts', '-o', 'jsonpath={.spec.holderIdentity}']);
    expect(lease.stdout.split('_')[0]).toBe(facts.pods.find((p) => p.leader)!.name);

    const rollouts = await kubectl(kubeconfig, ['get', 'rollouts.argoproj.io', '-A', '-o', 'json']);
    expect((JSON.parse(rollouts.stdout) as { items: unknown[] }).items).toHaveLength(facts.usageListed.Rollout!);

    const missing = await kubectl(kubeconfig, ['get', 'configmap', 'nope', '-n', 'argo-rollouts']);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('Error from server (NotFound): configmaps "nope" not found');
  });

  test('logs --previous and --tail equal the logs the tool read', async () => {
    scenario = await startScenario(['crashloop-fatal-download.yaml']);
    const kubeconfig = scenario.kubeconfig();
    client = await connectCluster({ kubeconfig });
    const facts = await inspectCluster(client, { subject: pluginsOf });
    for (const pod of facts.pods) {
      const previous = await kubectl(kubeconfig, ['logs', pod.name, '-n', 'argo-rollouts', '-c', 'argo-rollouts', '--previous']);
      expect(previous.code).toBe(0);
      expect(previous.stdout).toBe(pod.logs.previous);
    }
    const tail = await kubectl(kubeconfig, ['logs', 'argo-rollouts-6d9f7c8b5-k2x7p', '-n', 'argo-rollouts', '--previous', '--tail', '1']);
    expect(tail.stdout).toBe(`${facts.pods[0]!.logs.previous!.trimEnd().split('\n').at(-1)}\n`);
  });

  test('auth can-i and Forbidden errors: kubectl and the tool agree on what the user may do, word for word', async () => {
    scenario = await startScenario(['rbac-limited.yaml']);
    const kubeconfig = scenario.kubeconfig('dev-token', { namespace: 'argo-rollouts' });
    client = await connectCluster({ kubeconfig });
    const facts = await inspectCluster(client, { subject: pluginsOf });

    const canListHere = await kubectl(kubeconfig, ['auth', 'can-i', 'list', 'pods', '-n', 'argo-rollouts']);
    expect([canListHere.code, canListHere.stdout.trim()]).toEqual([0, 'yes']);
    // kubectl reads `pods/log` as the pod named "log": the subresource needs --subresource.
    const canLogs = await kubectl(kubeconfig, ['auth', 'can-i', 'get', 'pods', '--subresource=log', '-n', 'argo-rollouts']);
    expect([canLogs.code, canLogs.stdout.trim()]).toEqual([1, 'no']);
    expect(facts.permissionFailures.some((f) => f.resource === 'pods/log' && f.namespace === 'argo-rollouts')).toBe(true);
    const canListAll = await kubectl(kubeconfig, ['auth', 'can-i', 'list', 'pods', '-A']);
    expect(canListAll.stdout.trim()).toBe('no');
    expect(facts.permissionFailures.some((f) => f.resource === 'pods' && f.verb === 'list' && !f.namespace)).toBe(true);

    const secret = await kubectl(kubeconfig, ['get', 'secret', 'plugin-download-auth', '-n', 'argo-rollouts']);
    const toolSaw = facts.permissionFailures.find((f) => f.resource === 'secrets')!;
    expect(secret.stderr.trim()).toBe(`Error from server (Forbidden): ${toolSaw.message}`);
  });

  test('a plain http server: kubectl sends it no credentials (client-go does only over TLS), and neither does the tool', async () => {
    scenario = await startScenario([], { tls: false });
    const requests = scenario.server.requests;
    const withToken = scenario.kubeconfig('admin-token');
    // An exec credential plugin that leaves a mark when it runs.
    const marker = join(scenario.dir, 'exec-ran');
    const script = join(scenario.dir, 'get-token.sh');
    writeFileSync(script, `#!/bin/sh\ntouch ${marker}\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"admin-token"}}'\n`);
    chmodSync(script, 0o755);
    const withExec = scenario.kubeconfig('unused', { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: script, interactiveMode: 'Never' }, file: 'exec' });
    // A server without a scheme, 127.0.0.1:PORT, is http to client-go.
    const noScheme = join(scenario.dir, 'no-scheme');
    writeFileSync(noScheme, readFileSync(withToken, 'utf8').replace(scenario.server.url, scenario.server.url.replace('http://', '')));

    for (const [kubeconfig, extra] of [[withToken, []], [withToken, ['--token', 'admin-token']], [withExec, []], [noScheme, []]] as const) {
      const sent = requests.length;
      const nodes = await kubectl(kubeconfig, ['get', 'nodes', '-o', 'name', '-v=9', ...extra]);
      expect(requests.length).toBeGreaterThan(sent);
      expect(nodes.code).toBe(1);
      expect(nodes.stderr).toContain('the server has asked for the client to provide credentials');
      expect(nodes.stderr).not.toMatch(/Authorization/i);
      expect(requests.slice(sent).map((r) => [r.status, r.user])).toEqual(requests.slice(sent).map(() => [401, undefined]));

      const toolSent = requests.length;
      client = await connectCluster({ kubeconfig, ...(extra.length > 0 && { token: 'admin-token' }) });
      expect(await client.request({ path: '/api/v1/nodes' })).toMatchObject({ ok: false, status: 401, kind: 'unauthorized' });
      expect(requests.length).toBeGreaterThan(toolSent);
      expect(requests.slice(toolSent).map((r) => [r.status, r.user])).toEqual(requests.slice(toolSent).map(() => [401, undefined]));
      client.close();
      client = undefined;
    }
    expect(existsSync(marker)).toBe(false);

    // What a user reads: the 401 says that nothing is sent over plain http, and to use https.
    const doctor = await runCli(['doctor', '--kubeconfig', withToken, '--skip', 'probe,handshake', '--timeout', '20s'], { env: { HOME: scenario.dir, XDG_CACHE_HOME: join(scenario.dir, 'cache') } });
    expect(doctor.code, doctor.stderr).toBe(3);
    expect(doctor.stdout).toContain(`ERROR cluster-access-denied/credentials-not-sent-over-http\n      The API server at ${scenario.server.url} asked for credentials (401 Unauthorized): none are sent over plain http, as with kubectl, so nothing could be read`);
    expect(doctor.stdout).toContain("fix: Give context fixture the API server's https:// address");
  });

  test('a plain http server that lets system:anonymous read some things: its 403s say no credentials were sent, and the fix is https, not a Role for system:anonymous', async () => {
    const anonymous = { name: 'system:anonymous', rules: [{ verbs: ['get', 'list', 'watch'], apiGroups: ['', 'apps', 'coordination.k8s.io'], resources: ['pods', 'pods/log', 'configmaps', 'deployments', 'replicasets', 'leases'], namespaces: ['argo-rollouts'] }] };
    scenario = await startScenario([], { tls: false, users: [{ name: 'admin', token: 'admin-token' }, anonymous], anonymousUser: 'system:anonymous' });
    const kubeconfig = scenario.kubeconfig('admin-token');
    // kubectl sends the token nowhere over http either: the server refuses the anonymous user.
    const secrets = await kubectl(kubeconfig, ['get', 'secrets', '-n', 'argo-rollouts', '-o', 'name']);
    expect(secrets.stderr).toContain('User "system:anonymous" cannot list resource "secrets"');

    const doctor = await runCli(['doctor', '--kubeconfig', kubeconfig, '--skip', 'probe,handshake', '--timeout', '20s'], { env: { HOME: scenario.dir, XDG_CACHE_HOME: join(scenario.dir, 'cache') } });
    expect(doctor.stdout).toMatch(
      new RegExp(`WARN  cluster-access-denied/anonymous-over-http\\n {6}The API server at ${scenario.server.url.replace(/[.]/g, '\\.')} refused \\d+ kinds? of object to a request without credentials \\(403 Forbidden\\): none are sent over plain http, as with kubectl, so it went as system:anonymous\\n`),
    );
    expect(doctor.stdout).toContain("fix: Give context fixture the API server's https:// address");
    expect(doctor.stdout).not.toContain('--user=system:anonymous');
  });
});
