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
