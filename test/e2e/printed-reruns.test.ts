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
import { runCli } from '../support/cli.js';
import { pasteLine, runDirs, runDoctor, type RunDirs } from '../support/e2e.js';
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
const fixOf = (stdout: string, id: string) => (JSON.parse(stdout) as ReportJson).findings.find((f) => f.id === id)?.fix;
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

describe('doctor -f where no controller is found: the headersFrom Secret is read nowhere', () => {
  it("the fix's doctor gives -n the namespace the manifest names; pasted as printed, it reads the Secret there and downloads with it", async () => {
    const file = join(dirs.root, 'config in apps.yaml');
    writeFileSync(file, manifest('apps'));
    const run = await runDoctor(['--kubeconfig', kubeconfig, '--context', 'no-controller', '-f', file, '--skip', 'handshake', '--no-cache', '-o', 'json'], env());
    expect(secretGets(noController)).toEqual([]);
    const fix = fixOf(run.stdout, 'download-http-status')!;
    // Before: `doctor -f FILE` "with read access": run again, it found no namespace again and read nothing again.
    const command = /`(kubectl rollouts-plugins doctor [^`]+)`/.exec(fix)![1]!;
    expect(command).toBe(`kubectl rollouts-plugins doctor -f '${file}' -n apps --kubeconfig ${kubeconfig} --context no-controller`);
    expect(fix).not.toContain('read access');

    const pasted = await pasteLine(dirs, command);
    expect(secretGets(noController)).toEqual(['/api/v1/namespaces/apps/secrets/plugin-download-auth']);
    expect(downloads.at(-1)).toEqual({ authorized: true });
    expect(pasted.stdout).not.toMatch(/answers 404/);
  });

  it('a manifest without a namespace: the fix says the namespace is unknown and how to give it', async () => {
    const file = join(dirs.root, 'config.yaml');
    writeFileSync(file, manifest(undefined));
    const run = await runDoctor(['--kubeconfig', kubeconfig, '--context', 'no-controller', '-f', file, '--skip', 'handshake', '--no-cache', '-o', 'json'], env());
    const fix = fixOf(run.stdout, 'download-http-status')!;
    expect(fix).toContain('no controller namespace was found in this cluster');
    expect(fix).toContain(`\`kubectl rollouts-plugins doctor -f ${file} -n '<controller-namespace>' --kubeconfig ${kubeconfig} --context no-controller\` (replace <controller-namespace> with the namespace the controller runs in)`);
  });

  it("lint --probe: the printed doctor reads the Secret in the manifest's namespace, at the run's --controller-version", async () => {
    const file = join(dirs.root, 'config in apps.yaml');
    writeFileSync(file, manifest('apps'));
    const linted = await runCli(['lint', '--probe', '-f', file, '--controller-version', 'v1.8.0', '--no-cache', '-o', 'json'], { env: env() });
    expect(fixOf(linted.stdout, 'download-http-status')).toContain(`Run \`kubectl rollouts-plugins doctor -f '${file}' -n apps --controller-version v1.8.0\` with read access to that Secret`);
  });
});

describe("--controller-version is carried into the doctor commands a report prints", () => {
  it('doctor -f: the download fix re-runs the file at the same release', async () => {
    const file = join(dirs.root, 'config in apps.yaml');
    writeFileSync(file, manifest('apps'));
    const run = await runDoctor(['--kubeconfig', kubeconfig, '--context', 'no-controller', '-f', file, '--controller-version', 'v1.8.0', '--skip', 'handshake', '--no-cache', '-o', 'json'], env());
    expect(fixOf(run.stdout, 'download-http-status')).toContain(`\`kubectl rollouts-plugins doctor -f '${file}' -n apps --controller-version v1.8.0 --kubeconfig ${kubeconfig} --context no-controller\``);
  });

  it("several installations: the other one's doctor judges at the same release", async () => {
    const run = await runDoctor(['--kubeconfig', kubeconfig, '--context', 'two-installs', '--controller-version', 'v1.8.0', '--skip', 'probe,binary,handshake', '-o', 'json'], env());
    expect(fixOf(run.stdout, 'several-installations')).toBe(`kubectl rollouts-plugins doctor -n team-b --controller-version v1.8.0 --kubeconfig ${kubeconfig} --context two-installs`);
  });
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
