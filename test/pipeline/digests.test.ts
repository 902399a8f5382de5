/** lint --probe: a sha256 that can never match, or none, gets the exact value to pin from the download. */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { runCli } from '../support/cli.js';
import { startServer, type LoopbackServer } from '../support/hostile-http.js';

const BODY = Buffer.from('\x7fELF plugin bytes served on loopback');
const DIGEST = createHash('sha256').update(BODY).digest('hex');
let server: LoopbackServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'krp-digests-'));
  server = await startServer((_req, res) => res.writeHead(200, { 'content-length': String(BODY.length) }).end(BODY));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('lint --probe names the digest to pin', () => {
  it.each([
    ['sha256-wrong-length', '      sha256: a1b2c3d4e5f60718293a4b5c6d7e8f9012345678\n'],
    ['sha256-uppercase', `      sha256: ${'AB'.repeat(32)}\n`],
    ['sha256-missing', ''],
  ])('%s', async (id, sha256Line) => {
    const file = join(dir, `${id}.yaml`);
    writeFileSync(
      file,
      `kind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  metricProviderPlugins: |\n    - name: acme/metrics\n      location: ${server.origin}/metric-plugin-linux-amd64\n${sha256Line}`,
    );
    const { stdout } = await runCli(['lint', '-f', file, '--probe', '--no-cache', '-o', 'json'], { env: { HTTP_PROXY: '', HTTPS_PROXY: '' } });
    const finding = (JSON.parse(stdout) as Report).findings.find((f) => f.id === id);
    expect(finding?.evidence.at(-1)).toContain(`has sha256 ${DIGEST}`);
    expect(finding?.fix).toContain(`metricProviderPlugins: |-\n  - name: acme/metrics\n    location: ${server.origin}/metric-plugin-linux-amd64\n    sha256: ${DIGEST}`);
  });
});

describe('a download made without the headersFrom headers is not presented as the controller\'s', () => {
  // GitHub's API assets answer JSON without `Accept: application/octet-stream` (a header the Secret would send).
  const ASSET_JSON = Buffer.from('{"url":"https://api.github.com/repos/acme/metrics/releases/assets/1","name":"metric-plugin-linux-amd64"}');
  let apiServer: LoopbackServer;
  beforeAll(async () => {
    apiServer = await startServer((req, res) =>
      req.headers.accept === 'application/octet-stream' ? res.writeHead(200).end(BODY) : res.writeHead(200, { 'content-type': 'application/json' }).end(ASSET_JSON),
    );
  });
  afterAll(() => apiServer.close());

  const lintProbe = async (name: string, sha256Line: string) => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(
      file,
      `kind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  metricProviderPlugins: |\n    - name: acme/metrics\n      location: ${apiServer.origin}/repos/acme/metrics/releases/assets/1\n${sha256Line}      headersFrom:\n        - secretRef:\n            name: github-token\n`,
    );
    const { stdout } = await runCli(['lint', '-f', file, '--probe', '--no-cache', '-o', 'json'], { env: { HTTP_PROXY: '', HTTPS_PROXY: '' } });
    return JSON.parse(stdout) as Report;
  };

  it('no sha256 to pin, and the JSON it got is a warning worded as got without the headers', async () => {
    const report = await lintProbe('unpinned-without-headers', '');
    const missing = report.findings.find((f) => f.id === 'sha256-missing');
    expect(missing?.fix).not.toContain('Pin it');
    expect(JSON.stringify(report)).not.toContain(createHash('sha256').update(ASSET_JSON).digest('hex'));
    expect(missing?.evidence.at(-1)).toBe('so what was downloaded here is not what the controller downloads: no value to pin is offered');
    const json = report.findings.find((f) => f.id === 'binary-is-json');
    expect([json?.variant, json?.severity]).toEqual(['without-headers', 'warning']);
    expect(json?.title).toContain('when downloaded without the headersFrom headers');
    expect(json?.fix).toContain('No headers were sent: the headersFrom Secret github-token was not read here');
    expect(report.verdict.onRestart.state).toBe('unknown');
  });

  it('the digest to add comes from doctor\'s download with the headers, never from checksum (which sends none)', async () => {
    const missing = (await lintProbe('unpinned-digest-source', '')).findings.find((f) => f.id === 'sha256-missing');
    expect(missing?.fix).not.toContain('rollouts-plugins checksum');
    expect(missing?.fix).toContain('take the sha256 to pin from a download made with the headersFrom headers the controller sends (Secret github-token): `kubectl rollouts-plugins doctor`');
  });

  it('a pinned sha256 the headerless download does not match is no mismatch of the controller\'s download', async () => {
    const report = await lintProbe('pinned-without-headers', `      sha256: ${DIGEST}\n`);
    const mismatch = report.findings.find((f) => f.id === 'sha256-mismatch');
    expect([mismatch?.variant, mismatch?.severity]).toEqual(['without-headers', 'warning']);
    expect(mismatch?.fix).not.toContain('sha256:');
    expect(report.verdict.onRestart.state).toBe('unknown');
  });
});

describe('what is no plugin binary (an error page) is never offered as a pin', () => {
  const PAGE = Buffer.from('<html><body>Sign in to download</body></html>');
  let pageServer: LoopbackServer;
  beforeAll(async () => {
    pageServer = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE));
  });
  afterAll(() => pageServer.close());

  it.each([
    ['sha256-missing', ''],
    ['sha256-mismatch', `      sha256: ${DIGEST}\n`],
  ])('%s says to fix the location first', async (id, sha256Line) => {
    const file = join(dir, `page-${id}.yaml`);
    writeFileSync(
      file,
      `kind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  metricProviderPlugins: |\n    - name: acme/metrics\n      location: ${pageServer.origin}/metric-plugin-linux-amd64\n${sha256Line}`,
    );
    const { stdout } = await runCli(['lint', '-f', file, '--probe', '--no-cache', '-o', 'json'], { env: { HTTP_PROXY: '', HTTPS_PROXY: '' } });
    const report = JSON.parse(stdout) as Report;
    const finding = report.findings.find((f) => f.id === id);
    expect(finding?.fix).toMatch(/^Fix the location first \(binary-is-html\): it serves an HTML page, not a plugin binary/);
    expect(report.findings.map((f) => f.fix).join('\n')).not.toContain(`sha256: ${createHash('sha256').update(PAGE).digest('hex')}`);
  });
});
