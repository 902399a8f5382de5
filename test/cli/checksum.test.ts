/**
 * `checksum` as a user runs it: the printed entry, pasted under `data:` of argo-rollouts-config,
 * is accepted by `lint` with no finding about it.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../support/cli.js';
import { serve, startServer, type LoopbackServer } from '../support/hostile-http.js';

// An ELF header's start (20 bytes and more): text is no plugin binary, and checksum offers no pin for it.
const DATA = Buffer.from('\x7fELF plugin bytes, long enough');
const SHA = createHash('sha256').update(DATA).digest('hex');
let server: LoopbackServer;
let dir: string;

beforeAll(async () => {
  server = await startServer(serve(DATA));
  dir = mkdtempSync(join(tmpdir(), 'checksum-cli-'));
  writeFileSync(join(dir, 'step-plugin-linux-amd64'), DATA);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The entry lines of checksum's output (after the sha256 line and the blank line), comments kept. */
async function pasteIntoConfigMap(entry: string): Promise<{ code: number | null; stdout: string }> {
  const configMap = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argo-rollouts-config\n  namespace: argo-rollouts\ndata:\n${entry.replace(/^/gm, '  ')}`;
  return runCli(['lint', '-f', '-', '--controller-version', 'v1.8.3', '-o', 'json'], { stdin: configMap });
}

describe('checksum', () => {
  it('prints the sha256 and an entry under --type that lint accepts as pasted, ending with a newline', async () => {
    const url = `${server.origin}/v1/metric-plugin-linux-amd64`;
    const result = await runCli(['checksum', url, '--type', 'metricprovider', '--name', 'acme/metrics'], { env: { XDG_CACHE_HOME: join(dir, 'cache') } });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(`${SHA}  ${url}\n\nmetricProviderPlugins: |-\n  - name: acme/metrics\n    location: ${url}\n    sha256: ${SHA}\n`);
    const lint = await pasteIntoConfigMap(result.stdout.split('\n\n')[1]!);
    // The one finding is about the test server speaking plain http, not about the entry.
    expect(JSON.parse(lint.stdout).findings.map((f: { id: string }) => f.id)).toEqual(['location-plain-http']);
    expect(lint.code).toBe(0);
  });

  it('gives a local file an entry without sha256: lint has nothing to say about it', async () => {
    const path = join(dir, 'step-plugin-linux-amd64');
    const result = await runCli(['checksum', path, '--type', 'step', '--name', 'acme/step'], { env: { XDG_CACHE_HOME: join(dir, 'cache') } });
    expect(result.code).toBe(0);
    const [hashLine, entry] = result.stdout.split('\n\n');
    expect(hashLine).toBe(`${SHA}  ${path}`);
    expect(entry).toContain('# No sha256 in the entry: the controller does not verify file:// locations.');
    expect(entry).not.toContain('sha256:');
    const lint = await pasteIntoConfigMap(entry!);
    expect(JSON.parse(lint.stdout).findings.map((f: { id: string }) => f.id)).not.toContain('sha256-on-file-location');
  });

  it('-o json: the same answer as data, the notes included', async () => {
    const url = `${server.origin}/v1/router-linux-amd64`;
    const result = await runCli(['checksum', url, '-o', 'json'], { env: { XDG_CACHE_HOME: join(dir, 'cache') } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      sha256: SHA,
      location: url,
      entry: `- name: "<namespace>/<name>"\n  location: ${url}\n  sha256: ${SHA}`,
      notes: [
        "Put the entry under the key of the plugin's type (trafficRouterPlugins, metricProviderPlugins, stepPlugins), or pass --type to get it there.",
        'Replace <namespace>/<name> with the name Rollouts and AnalysisTemplates use for this plugin (--name).',
      ],
    });
  });

  it('-o yaml: the document -o json prints, as YAML (kubectl users expect -o yaml wherever -o json works)', async () => {
    const url = `${server.origin}/v1/step-linux-amd64`;
    const env = { XDG_CACHE_HOME: join(dir, 'cache') };
    const yaml = await runCli(['checksum', url, '--type', 'step', '-o', 'yaml'], { env });
    const json = await runCli(['checksum', url, '--type', 'step', '-o', 'json'], { env });
    expect(yaml).toMatchObject({ code: 0, stderr: '' });
    expect(json.code).toBe(0);
    expect(parse(yaml.stdout)).toEqual(JSON.parse(json.stdout));
    expect(parse(yaml.stdout)).toMatchObject({ sha256: SHA, location: url });
  });

  it('offers no pin for a page (an error or API answer): the report says to fix the location, exit 1', async () => {
    const PAGE = Buffer.from('{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}');
    const pageServer = await startServer(serve(PAGE));
    try {
      const url = `${pageServer.origin}/v1/metric-plugin-linux-amd64`;
      const result = await runCli(['checksum', url, '--type', 'metricprovider', '--name', 'acme/metrics'], { env: { XDG_CACHE_HOME: join(dir, 'cache') } });
      expect(result.stdout).not.toContain(`sha256: ${createHash('sha256').update(PAGE).digest('hex')}`);
      expect(result.stdout).toContain('ERROR binary-is-json');
      expect(result.stdout).toContain('fix: Fix the location first (binary-is-json): it serves a JSON page, not a plugin binary');
      expect(result.code).toBe(1);
    } finally {
      await pageServer.close();
    }
  });

  it('refuses an unknown --type with the closest one', async () => {
    const result = await runCli(['checksum', `${server.origin}/p`, '--type', 'metricprovder']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('invalid --type "metricprovder": use one of trafficrouter, metricprovider, step (did you mean "metricprovider"?)');
  });
});

describe('checksum URL reads no configuration', () => {
  it('a URL answering 401: On restart UNKNOWN, the configuration not read (not BROKEN), its error finding kept; exit 1', async () => {
    const denied = await startServer((_req, res) => void res.writeHead(401).end('Unauthorized'));
    try {
      const result = await runCli(['checksum', `${denied.origin}/p`]);
      expect(/^On restart .*\n.*$/m.exec(result.stdout)?.[0].replace(/\s+/g, ' ')).toBe(
        'On restart UNKNOWN Cannot tell whether a restart would start: the plugin configuration: not read: checksum URL checks one download; lint or doctor judge the ConfigMap (and 1 more).',
      );
      expect(result.stdout).toMatch(/^ERROR +download-http-status/m);
      expect(result.code).toBe(1);
    } finally {
      await denied.close();
    }
  });
});
