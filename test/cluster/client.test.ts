/**
 * Connecting like kubectl against the fixture API server: kubeconfig merging and flags, TLS,
 * exec credential plugins, impersonation, retries honouring Retry-After, timeouts, bad answers.
 */
import { execFile } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { connectCluster, type ClusterClient, type ConnectOptions } from '../../src/cluster/client.js';
import { ClusterConnectionError } from '../../src/cluster/errors.js';
import { CannotRunError } from '../../src/core/errors.js';
import type { ConnectionFlags } from '../../src/cluster/connection-flags.js';
import { inspectCluster } from '../../src/cluster/inspect.js';
import { checks } from '../../src/checks/cluster/index.js';
import { runChecks } from '../../src/core/check.js';
import { pluginsOf, startScenario, type ScenarioHandle } from './scenarios.js';
import { alive } from '../support/processes.js';
import { makeTestCerts } from '../support/tls-certs.js';

let scenario: ScenarioHandle | undefined;
const clients: ClusterClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await scenario?.close();
  scenario = undefined;
});

async function connect(flags: ConnectionFlags, options: ConnectOptions = {}): Promise<ClusterClient> {
  const client = await connectCluster(flags, { backoffMs: 10, ...options });
  clients.push(client);
  return client;
}

async function connectError(flags: ConnectionFlags, options: ConnectOptions = {}): Promise<ClusterConnectionError> {
  try {
    clients.push(await connectCluster(flags, options));
  } catch (error) {
    expect(error).toBeInstanceOf(ClusterConnectionError);
    return error as ClusterConnectionError;
  }
  throw new Error('connected, but an error was expected');
}

/** A port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('kubeconfig like kubectl', () => {
  test('KUBECONFIG with several files: the first file that sets current-context wins, and the first definition of a name', async () => {
    scenario = await startScenario();
    const first = scenario.kubeconfig('admin-token', { file: 'first' });
    const port = await closedPort();
    const second = join(scenario.dir, 'second');
    // Same context/cluster name "fixture" but a dead server, and another current-context.
    writeFileSync(
      second,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'fixture', cluster: { server: `https://127.0.0.1:${port}` } }, { name: 'other', cluster: { server: `https://127.0.0.1:${port}` } }],
        users: [{ name: 'other', user: { token: 'x' } }],
        contexts: [{ name: 'other', context: { cluster: 'other', user: 'other', namespace: 'team-a' } }],
        'current-context': 'other',
      }),
    );
    const client = await connect({}, { env: { KUBECONFIG: `${first}:${second}:/does/not/exist` } });
    expect(client.context).toBe('fixture');
    expect(client.server).toBe(scenario.server.url);
    expect((await client.request({ path: '/api/v1/namespaces/argo-rollouts/configmaps/argo-rollouts-config' })).ok).toBe(true);

    // --context picks the other one (from the second file): its server is down, which is exit 3.
    const error = await connectError({ context: 'other' }, { env: { KUBECONFIG: `${first}:${second}` } });
    expect(error.reason).toBe('unreachable');
    expect(error.message).toBe(`cannot reach the Kubernetes API server at https://127.0.0.1:${port}: connection refused (connect ECONNREFUSED 127.0.0.1:${port})`);
  });

  test('no kubeconfig and not in a cluster: one clear sentence', async () => {
    const error = await connectError({}, { env: { HOME: '/nonexistent-home' } });
    expect(error.reason).toBe('no-kubeconfig');
    expect(error.message).toBe('no kubeconfig found (/nonexistent-home/.kube/config does not exist) and not running in a cluster: set KUBECONFIG, pass --kubeconfig, or --server with --token');
    expect((await connectError({ kubeconfig: '/nope/config' })).message).toBe('the kubeconfig file /nope/config given with --kubeconfig does not exist');
  });

  test('--cluster and --user pick other entries of the kubeconfig; every connection error is a CannotRunError (exit 3)', async () => {
    scenario = await startScenario(['rbac-limited.yaml']);
    const base = JSON.parse(scenario.server.kubeconfig({ token: 'admin-token' })) as { users: unknown[]; clusters: unknown[] };
    const path = join(scenario.dir, 'two-users');
    const port = await closedPort();
    base.users.push({ name: 'dev', user: { token: 'dev-token' } });
    base.clusters.push({ name: 'down', cluster: { server: `https://127.0.0.1:${port}` } });
    writeFileSync(path, JSON.stringify(base));
    await connect({ kubeconfig: path, user: 'dev' });
    expect(scenario.server.requests.at(-1)!.user).toBe('dev@example.com');
    const down = await connectError({ kubeconfig: path, cluster: 'down' });
    expect(down).toBeInstanceOf(CannotRunError);
    expect(down.server).toBe(`https://127.0.0.1:${port}`);
    expect((await connectError({ kubeconfig: path, user: 'nobody' })).message).toBe(`user "nobody" does not exist in ${path}`);
  });

  test('an unknown --context is named', async () => {
    scenario = await startScenario();
    const error = await connectError({ kubeconfig: scenario.kubeconfig(), context: 'prod' });
    expect(error.message).toBe(`context "prod" does not exist in ${scenario.dir}/kubeconfig-admin-token`);
  });

  test('-n, --token and --server override the kubeconfig; --request-timeout is parsed like kubectl', async () => {
    scenario = await startScenario(['rbac-limited.yaml']);
    const client = await connect({ kubeconfig: scenario.kubeconfig('admin-token', { namespace: 'shop' }), namespace: 'argo-rollouts', token: 'dev-token', requestTimeout: '5s' });
    expect(client.namespace).toBe('argo-rollouts');
    expect(client.namespaceExplicit).toBe(true);
    const denied = await client.request({ path: '/api/v1/pods' });
    expect(denied).toMatchObject({ ok: false, status: 403, kind: 'forbidden', reason: 'Forbidden', message: 'pods is forbidden: User "dev@example.com" cannot list resource "pods" in API group "" at the cluster scope' });
    expect(scenario.server.requests.at(-1)!.user).toBe('dev@example.com');

    const viaServer = await connect({ server: scenario.server.url, token: 'admin-token', insecureSkipTlsVerify: true }, { env: { HOME: '/nonexistent-home' } });
    expect((await viaServer.request({ path: '/api/v1/nodes' })).ok).toBe(true);
    await expect(connect({ kubeconfig: scenario.kubeconfig(), requestTimeout: 'soon' })).rejects.toThrow('invalid value "soon" for --request-timeout');
  });

  test('--as impersonates: requests are authorized as that user', async () => {
    scenario = await startScenario(['rbac-limited.yaml']);
    const client = await connect({ kubeconfig: scenario.kubeconfig(), as: 'dev@example.com' });
    const result = await client.request({ path: '/api/v1/namespaces/argo-rollouts/secrets/plugin-download-auth' });
    expect(result).toMatchObject({ ok: false, status: 403, message: 'secrets "plugin-download-auth" is forbidden: User "dev@example.com" cannot get resource "secrets" in API group "" in the namespace "argo-rollouts"' });
  });
});

describe('TLS', () => {
  test('an untrusted certificate is exit 3 with the fix; --insecure-skip-tls-verify, --certificate-authority and --tls-server-name work', async () => {
    scenario = await startScenario();
    const noCa = join(scenario.dir, 'no-ca');
    writeFileSync(noCa, scenario.server.kubeconfig({ token: 'admin-token' }).replace(/"certificate-authority-data":"[^"]+"/, '"insecure-skip-tls-verify":false'));
    const error = await connectError({ kubeconfig: noCa });
    expect(error.message).toContain(`cannot reach the Kubernetes API server at ${scenario.server.url}: the server's certificate is not trusted`);
    expect(error.message).toContain('pass --certificate-authority');

    expect((await connect({ kubeconfig: noCa, insecureSkipTlsVerify: true })).server).toBe(scenario.server.url);
    const caFile = join(scenario.dir, 'ca.pem');
    writeFileSync(caFile, scenario.server.caPem!);
    expect((await connect({ kubeconfig: noCa, certificateAuthority: caFile, tlsServerName: 'localhost' })).server).toBe(scenario.server.url);
    const wrongName = await connectError({ kubeconfig: noCa, certificateAuthority: caFile, tlsServerName: 'api.example.com' });
    expect(wrongName.message).toContain("the server's certificate does not name this host");
  });

  test("--certificate-authority turns the kubeconfig's insecure-skip-tls-verify off, as kubectl does: a CA that did not sign the server fails", async () => {
    scenario = await startScenario();
    const insecure = join(scenario.dir, 'insecure');
    writeFileSync(insecure, scenario.server.kubeconfig({ token: 'admin-token' }).replace(/"certificate-authority-data":"[^"]+"/, '"insecure-skip-tls-verify":true'));
    const certs = makeTestCerts();
    try {
      const error = await connectError({ kubeconfig: insecure, certificateAuthority: certs.caFile });
      expect(error.message).toContain("the server's certificate is not trusted");
      const kubectl = await new Promise<string>((resolve) =>
        execFile('kubectl', ['--kubeconfig', insecure, '--cache-dir', join(scenario!.dir, 'kc'), '--certificate-authority', certs.caFile, 'get', '--raw', '/version'], { timeout: 20_000 }, (_e, stdout, stderr) => resolve(stdout || stderr)),
      );
      expect(kubectl).toContain('x509: certificate signed by unknown authority');
      const caFile = join(scenario.dir, 'ca.pem');
      writeFileSync(caFile, scenario.server.caPem!);
      expect((await connect({ kubeconfig: insecure, certificateAuthority: caFile })).server).toBe(scenario.server.url);
    } finally {
      certs.remove();
    }
  });

  test('trust flags given no value change nothing, and --server clears the kubeconfig\'s tls-server-name, as with kubectl', async () => {
    scenario = await startScenario();
    const kubectl = (args: string[]) =>
      new Promise<string>((resolve) => execFile('kubectl', [...args, '--cache-dir', join(scenario!.dir, 'kc'), 'get', '--raw', '/version'], { timeout: 20_000 }, (_e, stdout, stderr) => resolve(stdout || stderr)));
    const insecure = join(scenario.dir, 'insecure');
    writeFileSync(insecure, scenario.server.kubeconfig({ token: 'admin-token' }).replace(/"certificate-authority-data":"[^"]+"/, '"insecure-skip-tls-verify":true'));
    expect(await kubectl(['--kubeconfig', insecure, '--certificate-authority='])).toContain('"gitVersion"');
    expect((await connect({ kubeconfig: insecure, certificateAuthority: '' })).server).toBe(scenario.server.url);

    const otherName = join(scenario.dir, 'other-name');
    writeFileSync(otherName, scenario.server.kubeconfig({ token: 'admin-token' }).replace('"certificate-authority-data":', '"tls-server-name":"api.example.com","certificate-authority-data":'));
    expect(await kubectl(['--kubeconfig', otherName, '--tls-server-name='])).toContain('not api.example.com');
    expect((await connectError({ kubeconfig: otherName, tlsServerName: '' })).message).toContain("the server's certificate does not name this host");
    expect(await kubectl(['--kubeconfig', otherName, '--server', scenario.server.url])).toContain('"gitVersion"');
    expect((await connect({ kubeconfig: otherName, server: scenario.server.url })).server).toBe(scenario.server.url);
  });

  test('NODE_TLS_REJECT_UNAUTHORIZED=0 does not make an untrusted server pass, as with kubectl', async () => {
    scenario = await startScenario();
    const noCa = join(scenario.dir, 'no-ca');
    writeFileSync(noCa, scenario.server.kubeconfig({ token: 'admin-token' }).replace(/"certificate-authority-data":"[^"]+"/, '"insecure-skip-tls-verify":false'));
    const saved = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      const error = await connectError({ kubeconfig: noCa });
      expect(error.message).toContain("the server's certificate is not trusted");
    } finally {
      if (saved === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = saved;
    }
  });

  test('--client-certificate and --client-key authenticate as the certificate\'s CN, for the tool and for kubectl', async () => {
    scenario = await startScenario(['rbac-limited.yaml']);
    const { cert, key } = scenario.server.issueClientCertificate('dev@example.com');
    const certFile = join(scenario.dir, 'dev.crt');
    const keyFile = join(scenario.dir, 'dev.key');
    writeFileSync(certFile, cert);
    writeFileSync(keyFile, key, { mode: 0o600 });
    const kubeconfig = scenario.kubeconfig('unused', { exec: undefined, file: 'no-token' });
    const noToken = join(scenario.dir, 'cert-only');
    writeFileSync(noToken, readFileSync(kubeconfig, 'utf8').replace('{"token":"unused"}', '{}'));
    const client = await connect({ kubeconfig: noToken, clientCertificate: certFile, clientKey: keyFile });
    const denied = await client.request({ path: '/api/v1/namespaces/argo-rollouts/secrets/plugin-download-auth' });
    expect(denied).toMatchObject({ ok: false, status: 403 });
    expect(scenario.server.requests.at(-1)!.user).toBe('dev@example.com');
    const kubectl = await new Promise<string>((resolve) =>
      execFile('kubectl', ['--kubeconfig', noToken, '--cache-dir', join(scenario!.dir, 'kc'), '--client-certificate', certFile, '--client-key', keyFile, 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'], { timeout: 20_000 }, (_e, stdout, stderr) => resolve(stdout || stderr)),
    );
    expect(kubectl).toBe('dev@example.com');
  });
});

describe('exec credential plugin', () => {
  test('runs the command with KUBERNETES_EXEC_INFO and uses the token it prints', async () => {
    scenario = await startScenario();
    const script = join(scenario.dir, 'get-token.sh');
    writeFileSync(
      script,
      `#!/bin/sh\necho "$KUBERNETES_EXEC_INFO" > "$(dirname "$0")/exec-info.json"\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$FIXTURE_TOKEN"\n`,
    );
    chmodSync(script, 0o755);
    const kubeconfig = scenario.kubeconfig('unused', {
      exec: { apiVersion: 'client.authentication.k8s.io/v1', command: './get-token.sh', env: [{ name: 'FIXTURE_TOKEN', value: 'admin-token' }], interactiveMode: 'Never' },
    });
    const client = await connect({ kubeconfig });
    const result = await client.request({ path: '/api/v1/namespaces/argo-rollouts/pods' });
    expect(result.ok).toBe(true);
    expect(scenario.server.requests.at(-1)!.user).toBe('admin');
    const { readFileSync } = await import('node:fs');
    expect(JSON.parse(readFileSync(join(scenario.dir, 'exec-info.json'), 'utf8'))).toEqual({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', spec: { interactive: false } });
  });

  test('a failing or hanging plugin is exit 3 naming the command, within the deadline', async () => {
    scenario = await startScenario();
    const failing = join(scenario.dir, 'fail.sh');
    writeFileSync(failing, '#!/bin/sh\necho "error: you must log in with: acme-login" >&2\nexit 2\n');
    chmodSync(failing, 0o755);
    const error = await connectError({ kubeconfig: scenario.kubeconfig('unused', { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: failing }, file: 'failing' }) });
    expect(error.reason).toBe('credentials');
    expect(error.message).toBe(`the exec credential plugin ${failing} exited with code 2: error: you must log in with: acme-login`);

    const hanging = join(scenario.dir, 'hang.sh');
    writeFileSync(hanging, '#!/bin/sh\nexec sleep 30\n');
    chmodSync(hanging, 0o755);
    const started = Date.now();
    const slow = await connectError({ kubeconfig: scenario.kubeconfig('unused', { exec: { command: hanging }, file: 'hanging' }), requestTimeout: '300ms' });
    expect(slow.message).toBe(`the exec credential plugin ${hanging} did not answer within 300 ms`);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

/** An exec plugin that records its pid and its background child's, which holds stdout open; `then` runs after. */
function pipeHoldingPlugin(dir: string, name: string, then: string): { command: string; pids: () => number[] } {
  const command = join(dir, `${name}.sh`);
  const pidFile = join(dir, `${name}.pids`);
  writeFileSync(command, `#!/bin/sh\nsleep 30 &\necho "$$ $!" > "${pidFile}"\n${then}\n`);
  chmodSync(command, 0o755);
  return { command, pids: () => readFileSync(pidFile, 'utf8').trim().split(' ').map(Number) };
}

describe('exec credential plugin that leaves a child holding stdout', () => {
  test('a hanging plugin fails within --request-timeout and its whole process group is ended', async () => {
    scenario = await startScenario();
    const plugin = pipeHoldingPlugin(scenario.dir, 'hang-with-child', 'wait');
    const started = Date.now();
    const error = await connectError({ kubeconfig: scenario.kubeconfig('unused', { exec: { command: plugin.command }, file: 'hang-with-child' }), requestTimeout: '500ms' });
    expect(error.message).toBe(`the exec credential plugin ${plugin.command} did not answer within 500 ms`);
    expect(Date.now() - started).toBeLessThan(3000);
    const pids = plugin.pids();
    expect(pids).toHaveLength(2);
    // SIGKILL is delivered asynchronously: give the kernel a moment, not the 30 s of the sleep.
    await expect.poll(() => pids.filter(alive), { timeout: 1000 }).toEqual([]);
  }, 10_000);

  test('Ctrl-C / --timeout (the run signal) stops the plugin before --request-timeout', async () => {
    scenario = await startScenario();
    const plugin = pipeHoldingPlugin(scenario.dir, 'interrupted', 'wait');
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('interrupted (SIGINT)')), 300);
    const error = await connectError({ kubeconfig: scenario.kubeconfig('unused', { exec: { command: plugin.command }, file: 'interrupted' }), requestTimeout: '20s' }, { signal: controller.signal });
    expect(error.message).toBe(`the exec credential plugin ${plugin.command} was stopped: interrupted (SIGINT)`);
    expect(Date.now() - started).toBeLessThan(3000);
    await expect.poll(() => plugin.pids().filter(alive), { timeout: 1000 }).toEqual([]);
  }, 10_000);

  test('a plugin that prints its credential and exits is used even though its child still holds stdout; the child is ended', async () => {
    scenario = await startScenario();
    const plugin = pipeHoldingPlugin(
      scenario.dir,
      'exits-early',
      `printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"admin-token"}}'\nexit 0`,
    );
    const started = Date.now();
    const client = await connect({ kubeconfig: scenario.kubeconfig('unused', { exec: { command: plugin.command }, file: 'exits-early' }), requestTimeout: '10s' });
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await client.request({ path: '/api/v1/namespaces/argo-rollouts/pods' })).ok).toBe(true);
    expect(scenario.server.requests.at(-1)!.user).toBe('admin');
    await expect.poll(() => plugin.pids().filter(alive), { timeout: 1000 }).toEqual([]);
  }, 15_000);

  test('a token echoed on stderr is redacted from the error message; the rest of the line is kept', async () => {
    scenario = await startScenario();
    const jwt = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const leaky = join(scenario.dir, 'leaky.sh');
    writeFileSync(leaky, `#!/bin/sh\necho "error: token ${jwt} expired, run acme-login" >&2\nexit 1\n`);
    chmodSync(leaky, 0o755);
    const error = await connectError({ kubeconfig: scenario.kubeconfig('unused', { exec: { command: leaky }, file: 'leaky' }) });
    expect(error.message).toBe(`the exec credential plugin ${leaky} exited with code 1: error: token [redacted] expired, run acme-login`);
    expect(error.message).not.toContain('eyJ');
  });
});

describe('connect and TLS deadline', () => {
  /** A server that accepts TCP connections and never says a word: a hung API server or a black-holing load balancer. */
  async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
    const sockets = new Set<import('node:net').Socket>();
    const server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      port: (server.address() as { port: number }).port,
      close: () => new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
    };
  }

  test('a server that accepts the connection and never answers its TLS handshake was reached: no-answer with the hung-server advice, within the handshake timeout', async () => {
    scenario = await startScenario();
    const silent = await silentServer();
    try {
      const server = `https://127.0.0.1:${silent.port}`;
      const started = Date.now();
      const error = await connectError({ kubeconfig: scenario.kubeconfig(), server, requestTimeout: '30s' }, { connectTimeoutMs: 400 });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(error).toBeInstanceOf(CannotRunError);
      expect(error.reason).toBe('no-answer');
      // The handshake timeout is kubectl's 10 s, no flag: a longer --request-timeout is not offered.
      expect(error.message).toMatch(
        new RegExp(`^the Kubernetes API server at ${server.replace(/\./g, '\\.')} accepted the connection but sent no answer to the TLS handshake within 400 ms: it is overloaded or hung\\. Check its health: kubectl .* get --raw '/readyz\\?verbose' --request-timeout=30s$`),
      );
      // The request's own deadline, when it is the shorter one, is the one to lengthen.
      // A deadline of 1.5 s is said as every other duration is (before: 1500 ms).
      const shorter = await connectError({ kubeconfig: scenario.kubeconfig(), server, requestTimeout: '1.5s' });
      expect(shorter.reason).toBe('no-answer');
      expect(shorter.message).toContain(`accepted the connection but sent no answer to the TLS handshake within 1.5 s: it is overloaded or hung. Run again with a longer --request-timeout, or check its health: `);
    } finally {
      await silent.close();
    }
  });

  test.each([
    ['https', true],
    ['plain http', false],
  ])('an API server (%s) that accepts the connection and never answers was reached: it did not answer (reason no-answer), and the fix is for a hung server', async (_, tls) => {
    scenario = await startScenario([], { tls, anonymousUser: 'admin' });
    scenario.server.addFault({ path: '.*', kind: 'hang' });
    const kubeconfig = scenario.kubeconfig();
    const error = await connectError({ kubeconfig, requestTimeout: '400ms' });
    expect(error).toBeInstanceOf(CannotRunError);
    expect(error.reason).toBe('no-answer');
    expect(error.message).toBe(
      `the Kubernetes API server at ${scenario.server.url} accepted the connection but sent no answer within 400 ms (--request-timeout): it is overloaded or hung. Run again with a longer --request-timeout, or check its health: kubectl --kubeconfig ${kubeconfig} get --raw '/readyz?verbose' --request-timeout=30s`,
    );
    expect(scenario.server.requests.map((r) => r.path)).toEqual(['/version']);
  });

  test('a port with nothing listening is still unreachable when the request deadline is the shorter one', async () => {
    scenario = await startScenario();
    const port = await closedPort();
    const error = await connectError({ kubeconfig: scenario.kubeconfig(), server: `https://127.0.0.1:${port}`, requestTimeout: '400ms' });
    expect(error.reason).toBe('unreachable');
    expect(error.message).toBe(`cannot reach the Kubernetes API server at https://127.0.0.1:${port}: connection refused (connect ECONNREFUSED 127.0.0.1:${port})`);
  });

  test('while it waits, it says every second what it is waiting for', async () => {
    scenario = await startScenario();
    const silent = await silentServer();
    try {
      const server = `https://127.0.0.1:${silent.port}`;
      const said: string[] = [];
      await connectError({ kubeconfig: scenario.kubeconfig(), server }, { connectTimeoutMs: 2_500, onWaiting: (text) => said.push(text) });
      expect(said).toEqual([`still waiting for ${server} (1 s)`, `still waiting for ${server} (2 s)`]);
    } finally {
      await silent.close();
    }
  });

  test('the deadline covers connecting only: a slow answer on a kept-alive connection is not cut off', async () => {
    scenario = await startScenario();
    const client = await connect({ kubeconfig: scenario.kubeconfig() }, { connectTimeoutMs: 200 });
    scenario.server.addFault({ path: '^/api/v1/nodes$', kind: 'latency', ms: 600 });
    expect((await client.request({ path: '/api/v1/nodes' })).ok).toBe(true);
  });
});

describe('retries, timeouts and bad answers', () => {
  test('429 is retried after Retry-After seconds; persistent 503 stops after the bounded retries', async () => {
    scenario = await startScenario();
    const client = await connect({ kubeconfig: scenario.kubeconfig() }, { maxRetries: 3 });
    scenario.server.addFault({ path: '^/api/v1/nodes$', kind: 'status', status: 429, retryAfter: 1, times: 1 });
    const started = Date.now();
    const nodes = await client.request({ path: '/api/v1/nodes' });
    expect(nodes.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(scenario.server.requests.filter((r) => r.path === '/api/v1/nodes').map((r) => r.status)).toEqual([429, 200]);

    scenario.server.addFault({ path: '^/api/v1/namespaces$', kind: 'status', status: 503 });
    const down = await client.request({ path: '/api/v1/namespaces' });
    expect(down).toMatchObject({ ok: false, status: 503, kind: 'unavailable', attempts: 4, message: 'the server is currently unable to handle the request' });
  });

  test('a hanging API, malformed and cut-off JSON become api-unavailable findings; the rest of the run goes on', async () => {
    scenario = await startScenario();
    const client = await connect({ kubeconfig: scenario.kubeconfig(), requestTimeout: '400ms' });
    scenario.server.addFault({ path: '/leases/', kind: 'hang' });
    scenario.server.addFault({ path: '^/api/v1/nodes/node-a$', kind: 'malformed' });
    scenario.server.addFault({ path: '^/apis/argoproj.io/v1alpha1/rollouts$', kind: 'truncated' });
    scenario.server.addFault({ path: '^/api/v1/namespaces/argo-rollouts/events$', kind: 'status', status: 500 });
    const facts = await inspectCluster(client, { subject: pluginsOf });
    const findings = runChecks(checks, facts).filter((f) => f.id === 'api-unavailable');
    // one cause (the API server or what is in front of it), one finding listing every failed request
    expect(findings.map((f) => f.title)).toEqual([
      '4 API requests failed (timeout, malformed 200, network, unavailable 500): skipped which replica is the leader; the OS/arch of node node-a; which rollouts use which plugin; Warning events in argo-rollouts',
    ]);
    const [evidence] = findings.map((f) => f.evidence);
    expect(evidence![0]).toContain('could not get leases argo-rollouts-controller-lock in argo-rollouts');
    expect(evidence![0]).toContain('no answer within 400 ms (--request-timeout)');
    // Reached and unanswered: the fix is for a slow or hung server, with the command that shows its health.
    expect(findings[0]!.fix).toBe(
      `Run again with a longer \`--request-timeout\` (e.g. \`--request-timeout=60s\`): the API server was reached and did not answer in time; if it persists, it or a proxy in front of it is overloaded or hung. Check its health:\n  kubectl --kubeconfig ${scenario.kubeconfig()} get --raw '/readyz?verbose' --request-timeout=30s`,
    );
    expect(evidence![1]).toMatch(/bytes that are not valid JSON/);
    expect(evidence![2]).toMatch(/the response was cut off after \d+ bytes/);
    expect(evidence![3]).toBe(
      'could not list events in argo-rollouts: /api/v1/namespaces/argo-rollouts/events: an error on the server ("fixture fault") has prevented the request from succeeding (after 4 attempts)',
    );
    // Everything else was still read.
    expect(facts.pods).toHaveLength(2);
    expect(facts.pods.every((p) => p.leader === undefined)).toBe(true);
    expect(facts.nodePlatforms.map((p) => p.from)).toEqual(['node node-b']);
    expect(facts.usageListed).toEqual({ AnalysisTemplate: 1, ClusterAnalysisTemplate: 1 });
  });
});
