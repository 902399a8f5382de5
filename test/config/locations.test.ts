/** Findings point at the real place: file, document, key, entry, line and column; the live object and key. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintConfigMapData, lintInputs } from '../../src/config/lint.js';

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
