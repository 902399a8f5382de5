import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksum } from '../../src/probe/checksum.js';
import { serve, startServer, type LoopbackServer } from '../support/hostile-http.js';

// An ELF header's start (20 bytes and more): text is no plugin binary, and checksum offers no pin for it.
const DATA = Buffer.from('\x7fELF plugin bytes, long enough');
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
  it('prints the sha256 of a URL and an entry under the key of --type that the controller would accept', async () => {
    const url = `${s.origin}/download/v1.2.0/metric-plugin-linux-amd64`;
    const result = await checksum(url, { proxyEnv: {}, noCache: true, type: 'metricprovider', name: 'team/metrics' });
    expect(result.sha256).toBe(SHA);
    expect(result.yaml).toBe(`metricProviderPlugins: |-\n  - name: team/metrics\n    location: ${url}\n    sha256: ${SHA}`);
    expect(parse(parse(result.yaml!).metricProviderPlugins)).toEqual([{ name: 'team/metrics', location: url, sha256: SHA }]);
    expect(result.notes).toEqual([]);
  });

  it('without --type and --name: the bare list item with a placeholder name, and notes that say what to decide', async () => {
    const url = `${s.origin}/download/v1.2.0/gatewayapi-plugin-linux-amd64`;
    const result = await checksum(url, { proxyEnv: {}, noCache: true });
    expect(result.yaml).toBe(`- name: "<namespace>/<name>"\n  location: ${url}\n  sha256: ${SHA}`);
    expect(result.notes).toEqual([
      "Put the entry under the key of the plugin's type (trafficRouterPlugins, metricProviderPlugins, stepPlugins), or pass --type to get it there.",
      'Replace <namespace>/<name> with the name Rollouts and AnalysisTemplates use for this plugin (--name).',
    ]);
  });

  it('gives a local file a file:// entry without sha256, which the controller would not check', async () => {
    const result = await checksum(join(dir, 'metric-plugin-linux-arm64'), { noCache: true, type: 'step', name: 'team/step' });
    expect(result.sha256).toBe(SHA);
    expect(result.yaml).toBe(`stepPlugins: |-\n  - name: team/step\n    location: file://${join(dir, 'metric-plugin-linux-arm64')}`);
    expect(result.notes).toEqual([
      'No sha256 in the entry: the controller does not verify file:// locations. Pin this sha256 where the file is hosted over http(s).',
      'The location is this path on this machine: change it to where the controller pod finds the file.',
    ]);
  });

  it('gives no sha256 for a URL that fails, with the facts that say why', async () => {
    const result = await checksum(`${s.origin.replace(String(s.port), '1')}/x`, { proxyEnv: {}, noCache: true });
    expect(result.sha256).toBeUndefined();
    expect(result.yaml).toBeUndefined();
    expect(result.facts.download!.outcome).toBe('connection-refused');
  });
});
