/** Findings point at the real place: file, document, key, entry, line and column; the live object and key. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { judgeConfig, lintConfigMapData, lintInputs, livePlace, parseLiveConfigMap } from '../../src/config/lint.js';

const dir = mkdtempSync(join(tmpdir(), 'locations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
/** The entry with a 40-character sha256 is the second of its list. */
const ENTRIES = `- name: acme/good\n  location: file:///plugins/good\n- name: acme/short-sha\n  location: https://example.com/p\n  sha256: 08f588b1c799a37bbe8d0fc74cc1b1492dd70b2c\n`;
const indent = (text: string, n: number) => text.trimEnd().split('\n').map((l) => `${' '.repeat(n)}${l}`).join('\n');

async function locationOf(path: string, id = 'sha256-wrong-length') {
  const results = await lintInputs([path]);
  return results.flatMap((r) => r.findings).find((f) => f.id === id)?.location;
}

describe('findings of lint -f point at the line of the file', () => {
  it('a ConfigMap: the entry inside a literal block, line and column', async () => {
    const path = write('cm.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argo-rollouts-config\ndata:\n  # comment\n  metricProviderPlugins: |\n${indent(ENTRIES, 4)}\n`);
    // line 10: "    - name: acme/short-sha"
    expect(await locationOf(path)).toEqual({ file: path, key: 'metricProviderPlugins', entry: 1, line: 10, column: 5 });
  });

  it('a multi-document stream: the document index and the line in the whole stream', async () => {
    const path = write('stream.yaml', `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: x}\n---\nkind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  metricProviderPlugins: |-\n${indent(ENTRIES, 6)}\n`);
    // line 11: "      - name: acme/short-sha"
    expect(await locationOf(path)).toEqual({ file: path, document: 2, key: 'metricProviderPlugins', entry: 1, line: 11, column: 7 });
  });

  it('helm values: the item of the values file the chart renders the entry from', async () => {
    const path = write('values.yaml', `controller:\n  replicas: 2\n  metricProviderPlugins:\n${indent(ENTRIES, 4)}\n`);
    // line 6: "    - name: acme/short-sha"
    expect(await locationOf(path)).toEqual({ file: path, key: 'metricProviderPlugins', entry: 1, line: 6, column: 5 });
  });

  it('a quoted data value: the entry\'s text inside the string, escapes counted as written', async () => {
    const path = write('quoted.yaml', `kind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  metricProviderPlugins: ${JSON.stringify(ENTRIES)}\n`);
    // line 4: the string opens at column 26; "- name: acme/short-sha" starts at column 80, after two escaped \n
    expect(await locationOf(path)).toEqual({ file: path, key: 'metricProviderPlugins', entry: 1, line: 4, column: 80 });
  });

  it('a folded data value (`>`), whose lines are not the file\'s: the entry at its key, not at the document\'s start', async () => {
    const path = write('folded.yaml', `kind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  metricProviderPlugins: >\n${indent(ENTRIES, 4)}\n`);
    expect(await locationOf(path)).toEqual({ file: path, key: 'metricProviderPlugins', entry: 1, line: 4, column: 3 });
  });
});

describe('findings about the live ConfigMap', () => {
  it('name the object and the key and entry', () => {
    const result = lintConfigMapData({ metricProviderPlugins: ENTRIES }, [], { source: 'argo-rollouts/argo-rollouts-config' });
    expect(result.findings.find((f) => f.id === 'sha256-wrong-length')?.location).toEqual({
      object: 'ConfigMap argo-rollouts/argo-rollouts-config',
      key: 'metricProviderPlugins',
      entry: 1,
    });
  });
});

describe('a configuration of many entries', () => {
  const source = 'argo-rollouts/argo-rollouts-config';
  /** `count` entries, each with a sha256 of 40 characters: a finding each. */
  const configOf = (count: number) =>
    parseLiveConfigMap({ metricProviderPlugins: Array.from({ length: count }, (_, i) => `- name: acme/p${i}\n  location: https://example.com/p${i}\n  sha256: ${'0'.repeat(40)}\n`).join('') }, { source, podSpecRead: false });
  const judged = (config: ReturnType<typeof configOf>) => {
    const started = performance.now();
    const { findings } = judgeConfig(config, [], { source: { kind: 'cluster', description: source }, resourcesScanned: true, place: livePlace(source, true) });
    return { findings, ms: performance.now() - started };
  };

  it('20,000 entries with a finding each: every finding at its own entry, located in time linear in the entries (not 20,000² lookups)', () => {
    const few = configOf(4_000);
    const many = configOf(20_000);
    judged(few); // warm, so the ratio compares the work, not V8's first compilation
    const fewMs = judged(few).ms;
    const { findings, ms } = judged(many);
    const wrongLength = findings.filter((f) => f.id === 'sha256-wrong-length');
    expect(wrongLength).toHaveLength(20_000);
    expect(wrongLength.at(-1)?.location).toEqual({ object: `ConfigMap ${source}`, key: 'metricProviderPlugins', entry: 19_999 });
    // 5 times the entries: about 5 times the time when linear, 25 times when every finding searches the entries.
    expect(ms / fewMs).toBeLessThan(12);
  }, 60_000);
});
