import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksum, suggestedName } from '../../src/probe/checksum.js';
import { serve, startServer, type LoopbackServer } from '../support/hostile-http.js';

const DATA = Buffer.from('plugin bytes');
const SHA = createHash('sha256').update(DATA).digest('hex');
let s: LoopbackServer;
let dir: string;

beforeAll(async () => {
  s = await startServer(serve(DATA));
  dir = mkdtempSync(join(tmpdir(), 'checksum-'));
  writeFileSync(join(dir, 'metric-plugin-linux-arm64'), DATA);
});
afterAll(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('checksum', () => {
  it('prints the sha256 of a URL and an entry whose YAML the controller would accept', async () => {
    const result = await checksum(`${s.origin}/download/v1.2.0/gatewayapi-plugin-linux-amd64`, { proxyEnv: {}, noCache: true });
    expect(result.sha256).toBe(SHA);
    expect(result.yaml).toBe(
      `trafficRouterPlugins: |-\n  - name: argoproj-labs/gatewayapi-plugin\n    location: ${s.origin}/download/v1.2.0/gatewayapi-plugin-linux-amd64\n    sha256: ${SHA}`,
    );
    const list = parse(parse(result.yaml!).trafficRouterPlugins);
    expect(list).toEqual([{ name: 'argoproj-labs/gatewayapi-plugin', location: `${s.origin}/download/v1.2.0/gatewayapi-plugin-linux-amd64`, sha256: SHA }]);
  });

  it('hashes a local file under the key of the given type', async () => {
    const result = await checksum(join(dir, 'metric-plugin-linux-arm64'), { noCache: true, type: 'metricprovider', name: 'team/metrics' });
    expect(result.sha256).toBe(SHA);
    expect(result.yaml).toContain('metricProviderPlugins: |-\n  - name: team/metrics\n');
    expect(result.yaml).toContain(`location: file://${join(dir, 'metric-plugin-linux-arm64')}`);
  });

  it('gives no sha256 for a URL that fails, with the facts that say why', async () => {
    const result = await checksum(`${s.origin.replace(String(s.port), '1')}/x`, { proxyEnv: {}, noCache: true });
    expect(result.sha256).toBeUndefined();
    expect(result.yaml).toBeUndefined();
    expect(result.facts.download!.outcome).toBe('connection-refused');
  });

  it.each([
    ['https://github.com/o/r/releases/download/v0.3.0/gateway-api-plugin-linux-amd64', 'argoproj-labs/gateway-api-plugin'],
    ['/tmp/my plugin_windows_amd64.exe', 'argoproj-labs/my-plugin'],
    ['https://example.com/', 'argoproj-labs/plugin'],
  ])('suggests a name for %s', (target, name) => expect(suggestedName(target)).toBe(name));
});
