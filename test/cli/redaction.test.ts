import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'krp-redaction-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('no credential from a location reaches any output', () => {
  // Port 9 on loopback refuses: the probe fails fast and its findings quote the URL.
  const location = 'http://ci:s3cr3t-pass@127.0.0.1:9/plugin?X-Amz-Signature=5ec3e7516&x-id=GetObject';
  const file = join(dir, 'cm.yaml');
  writeFileSync(
    file,
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  trafficRouterPlugins: |\n    - name: acme/router\n      location: ${location}\n      sha256: ABC\n`,
  );

  it.each(['table', 'wide', 'json', 'yaml'])('lint --probe -o %s', async (output) => {
    const { stdout, stderr } = await runCli(['lint', '-f', file, '--probe', '--no-cache', '-o', output, '--timeout', '20s']);
    expect(stdout).toContain('acme/router');
    expect(stdout).toContain('127.0.0.1:9');
    for (const secret of ['s3cr3t-pass', '5ec3e7516']) {
      expect(stdout).not.toContain(secret);
      expect(stderr).not.toContain(secret);
    }
  });
});
