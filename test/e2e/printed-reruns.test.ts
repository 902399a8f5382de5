/**
 * The doctor and lint commands a report prints judge, pasted, what the run judged: the same -f
 * file at the same --controller-version, in the namespace where the headersFrom Secret is (-n when
 * the run found no controller: the one the -f manifest names); and doctor reads each headersFrom
 * Secret once, for its checks and its download alike.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, FIXTURES } from '../cluster/scenarios.js';
import { runDirs, runDoctor, type RunDirs } from '../support/e2e.js';
import { loadScenario, loadScenarioFiles, startFixtureApiServer, type FixtureApiServer } from '../support/fixture-apiserver.js';
import { fleetKubeconfig } from '../support/fleet.js';

interface ReportJson {
  findings: { id: string; variant?: string; fix: string }[];
  plugins: { name: string; download?: { status?: number } }[];
}

/** The token of the fixture's Secret plugin-download-auth (test/fixtures/cluster/helm-ha-healthy.yaml). */
const TOKEN = 'Bearer s3cr3t-token';
const ADMIN = 'apiVersion: fixture.rollouts-plugins.test/v1\nkind: User\nname: admin\ntoken: admin-token\n';
const SECRET_IN_APPS = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: plugin-download-auth\n  namespace: apps\ntype: Opaque\ndata:\n  Authorization: ${Buffer.from(TOKEN).toString('base64')}\n`;

let dirs: RunDirs;
/** The healthy HA install in argo-rollouts, with the Secret plugin-download-auth there. */
let withController: FixtureApiServer;
/** No controller anywhere; the Secret plugin-download-auth in namespace apps. */
let noController: FixtureApiServer;
/** Two installs: argo-rollouts and team-b. */
let twoInstalls: FixtureApiServer;
/** Answers /private with the plugin only when sent the Secret's Authorization header, 404 otherwise (a private release asset). */
let plugins: http.Server;
let pluginsUrl: string;
const downloads: { authorized: boolean }[] = [];
let kubeconfig: string;

const env = () => ({ ...dirs.env, HTTP_PROXY: '', HTTPS_PROXY: '', http_proxy: '', https_proxy: '' });
const manifest = (namespace: string | undefined) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argo-rollouts-config\n${namespace ? `  namespace: ${namespace}\n` : ''}data:\n  metricProviderPlugins: |\n    - name: acme/metrics\n      location: ${pluginsUrl}/private\n      headersFrom:\n        - secretRef:\n            name: plugin-download-auth\n`;
const secretGets = (server: FixtureApiServer) => server.requests.filter((r) => r.method === 'GET' && r.path.includes('/secrets/')).map((r) => r.path);

beforeAll(async () => {
  dirs = runDirs();
  plugins = http.createServer((req, res) => {
    const authorized = req.headers.authorization === TOKEN;
    downloads.push({ authorized });
    if (authorized) res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end('#!/bin/sh\necho plugin\n');
    else res.writeHead(404).end('Not Found');
  });
  await new Promise<void>((resolve) => plugins.listen(0, '127.0.0.1', resolve));
  pluginsUrl = `http://127.0.0.1:${(plugins.address() as AddressInfo).port}`;
  withController = await startFixtureApiServer(loadScenarioFiles(BASE));
  noController = await startFixtureApiServer(loadScenario(ADMIN, SECRET_IN_APPS));
  twoInstalls = await startFixtureApiServer(loadScenarioFiles(BASE, join(FIXTURES, 'two-installs.yaml')));
  kubeconfig = join(dirs.root, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    fleetKubeconfig([
      { context: 'with-controller', server: withController },
      { context: 'no-controller', server: noController },
      { context: 'two-installs', server: twoInstalls },
    ]),
  );
});

afterAll(async () => {
  await Promise.all([withController?.close(), noController?.close(), twoInstalls?.close(), new Promise((resolve) => plugins?.close(resolve))]);
  dirs?.remove();
});

describe('doctor reads each headersFrom Secret once', () => {
  it('one GET of the Secret: the cluster step and the download judge the same answer', async () => {
    const file = join(dirs.root, 'config.yaml');
    writeFileSync(file, manifest(undefined));
    const before = secretGets(withController).length;
    const run = await runDoctor(['--kubeconfig', kubeconfig, '--context', 'with-controller', '-f', file, '--skip', 'handshake', '--no-cache', '-o', 'json'], env());
    // Before: twice, once for the cluster step's checks and once for the download.
    expect(secretGets(withController).slice(before)).toEqual(['/api/v1/namespaces/argo-rollouts/secrets/plugin-download-auth']);
    const report = JSON.parse(run.stdout) as ReportJson;
    expect(report.plugins.find((p) => p.name === 'acme/metrics')?.download?.status).toBe(200);
    expect(downloads.at(-1)).toEqual({ authorized: true });
    expect(report.findings.map((f) => f.id)).not.toContain('headers-secret-missing');
  });
});
