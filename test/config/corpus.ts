/**
 * The differential corpus: hand-written cases of real failures plus generated variations
 * of names, locations, checksums, field spellings and YAML styles. Deterministic (seeded), so a
 * failure names a case that can be replayed.
 */

export interface CorpusCase {
  id: string;
  /** `latest`, `v1.7` or `v1.5` (the oracle knows these three PluginItem shapes). */
  version: 'latest' | 'v1.7' | 'v1.5';
  data: Record<string, string>;
}

const GATEWAY = 'https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.4.0/gatewayapi-plugin-linux-amd64';
const SHA64 = 'a3f1c0e0b8d2c6f4e9a7b5d3c1e0f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4e6';

/** Catalog cases, each named after what it shows. */
export const HANDWRITTEN: CorpusCase[] = [
  { id: 'gatewayapi-ok', version: 'latest', data: { trafficRouterPlugins: `- name: "argoproj-labs/gatewayAPI"\n  location: "${GATEWAY}"\n` } },
  { id: 'helm-map-shape', version: 'latest', data: { trafficRouterPlugins: `trafficRouterPlugins:\n  - name: argoproj-labs/gatewayAPI\n    location: ${GATEWAY}\n` } },
  { id: 'tab-indent', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\n\tlocation: file:///x\n` } },
  { id: 'name-no-namespace', version: 'latest', data: { trafficRouterPlugins: `- name: openshift-route-plugin\n  location: file:///plugins/openshift\n` } },
  { id: 'ftp-scheme', version: 'latest', data: { metricProviderPlugins: `- name: a/b\n  location: ftp://example.com/p\n` } },
  { id: 'file-host-segment', version: 'latest', data: { metricProviderPlugins: `- name: a/b\n  location: file://plugins/x\n` } },
  { id: 'sha-40-docs-example', version: 'latest', data: { metricProviderPlugins: `- name: argoproj-labs/sample-prometheus\n  location: https://github.com/argoproj-labs/sample-rollouts-metric-plugin/releases/download/v0.0.3/metric-plugin-linux-amd64\n  sha256: 08f588b1c799a37bbe8d0fc74cc1b1492dd70b2c\n` } },
  // A placeholder release URL: GitHub's 404 fails the download before the sha256 is compared (v1.8.0+); before, the sha256 does.
  { id: 'sha-40-github-placeholder', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\n  location: https://github.com/o/r/releases/download/<version>/p\n  sha256: ${SHA64.slice(0, 40)}\n` } },
  { id: 'sha-40-github-placeholder-v1.7', version: 'v1.7', data: { trafficRouterPlugins: `- name: a/b\n  location: https://github.com/o/r/releases/download/<version>/p\n  sha256: ${SHA64.slice(0, 40)}\n` } },
  { id: 'sha-40-github-placeholder-in-query', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\n  location: https://github.com/o/r/releases/download/v1/p?v=<version>\n  sha256: ${SHA64.slice(0, 40)}\n` } },
  { id: 'sha-40-other-host-placeholder', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\n  location: https://h/\${VERSION}/p\n  sha256: ${SHA64.slice(0, 40)}\n` } },
  { id: 'sha-upper', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\n  location: https://h/p\n  sha256: ${SHA64.toUpperCase()}\n` } },
  { id: 'sha-prefixed', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\n  location: https://h/p\n  sha256: sha256:${SHA64}\n` } },
  { id: 'sha-ok', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\n  location: https://h/p\n  sha256: ${SHA64}\n` } },
  { id: 'sha-on-v1.6', version: 'v1.5', data: { trafficRouterPlugins: `- name: a/b\n  location: https://h/p\n  sha256: ${SHA64}\n` } },
  { id: 'args-string', version: 'latest', data: { stepPlugins: `- name: a/b\n  location: file:///p\n  args: --debug\n` } },
  { id: 'args-string-v1.5-ignored', version: 'v1.5', data: { trafficRouterPlugins: `- name: a/b\n  location: file:///p\n  args: --debug\n` } },
  { id: 'args-string-v1.7', version: 'v1.7', data: { trafficRouterPlugins: `- name: a/b\n  location: file:///p\n  args: --debug\n` } },
  { id: 'disabled-string', version: 'latest', data: { stepPlugins: `- name: a/b\n  location: file:///p\n  disabled: "true"\n` } },
  { id: 'disabled-yes', version: 'latest', data: { stepPlugins: `- name: a/b\n  location: file:///p\n  disabled: yes\n` } },
  { id: 'step-on-v1.7', version: 'v1.7', data: { stepPlugins: `- name: bad\n  location: ftp://x\n` } },
  { id: 'headers-from-string', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\n  location: https://h/p\n  headersFrom: github-token\n` } },
  { id: 'headers-from-secretref-string', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\n  location: https://h/p\n  headersFrom:\n    - secretRef: github-token\n` } },
  { id: 'headers-from-empty-name', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\n  location: https://h/p\n  headersFrom:\n    - secretRef: {}\n` } },
  { id: 'case-insensitive-fields', version: 'latest', data: { trafficRouterPlugins: `- Name: a/b\n  LOCATION: https://h/p\n  Sha256: ${SHA64}\n` } },
  { id: 'duplicate-fold-keys', version: 'latest', data: { trafficRouterPlugins: `- Name: x/first\n  name: y/second\n  location: file:///p\n` } },
  { id: 'unknown-nan', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\n  location: file:///p\n  timeout: .nan\n` } },
  { id: 'null-key', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\n  location: file:///p\n  ~: x\n` } },
  { id: 'scalar-value', version: 'latest', data: { trafficRouterPlugins: 'argoproj-labs/gatewayAPI' } },
  { id: 'number-value', version: 'latest', data: { trafficRouterPlugins: '42' } },
  { id: 'bool-value', version: 'latest', data: { trafficRouterPlugins: 'yes' } },
  { id: 'empty-everything', version: 'latest', data: { trafficRouterPlugins: '', metricProviderPlugins: '[]', stepPlugins: '~' } },
  { id: 'null-item', version: 'latest', data: { trafficRouterPlugins: '- ~\n' } },
  { id: 'string-item', version: 'latest', data: { trafficRouterPlugins: '- argoproj-labs/gatewayAPI\n' } },
  { id: 'list-item', version: 'latest', data: { trafficRouterPlugins: '- [a, b]\n' } },
  { id: 'anchors-merge', version: 'latest', data: { trafficRouterPlugins: `- &base\n  name: a/b\n  location: file:///p\n- <<: *base\n  name: a/c\n` } },
  { id: 'multi-doc', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\n  location: file:///p\n---\n- name: bad\n` } },
  { id: 'flow-style', version: 'latest', data: { metricProviderPlugins: `[{name: a/b, location: "file:///p"}, {name: c/d, location: 'https://h/x'}]` } },
  { id: 'same-name-two-lists', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\n  location: file:///p\n`, metricProviderPlugins: `- name: a/b\n  location: file:///q\n` } },
  { id: 'opaque-https', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\n  location: https:example.com/p\n` } },
  { id: 'workdir-as-file', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\n  location: "file:"\n` } },
  { id: 'alias-bomb', version: 'latest', data: { trafficRouterPlugins: billionLaughs() } },
  { id: 'numeric-name', version: 'latest', data: { trafficRouterPlugins: `- name: 0x1F\n  location: file:///p\n  sha256: 1e10\n` } },
  { id: 'big-number-sha', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\n  location: https://h/p\n  sha256: 1234567890123456789012345678901234567890123456789012345678901234\n` } },
  { id: 'syntax-colon-in-plain', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\n  location: file:///p: x\n` } },
  { id: 'syntax-hash-no-space', version: 'latest', data: { trafficRouterPlugins: `- name: a/b#c\n  location: file:///p #comment\n` } },
  { id: 'syntax-tab-after-value', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\t\n  location: file:///p\n` } },
  { id: 'syntax-flow-trailing-comma', version: 'latest', data: { trafficRouterPlugins: `[{name: a/b, location: "file:///p"},]` } },
  { id: 'syntax-unclosed-flow', version: 'latest', data: { trafficRouterPlugins: `[{name: a/b, location: "file:///p"}` } },
  { id: 'syntax-bad-indent', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\n   location: file:///p\n` } },
  { id: 'syntax-dedent', version: 'latest', data: { trafficRouterPlugins: `  - name: a/b\n  location: file:///p\n` } },
  { id: 'syntax-duplicate-key', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\n  name: c/d\n  location: file:///p\n` } },
  { id: 'syntax-literal-block', version: 'latest', data: { trafficRouterPlugins: `- name: |\n    a/b\n  location: >-\n    file:///p\n` } },
  { id: 'syntax-doc-end', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\n  location: file:///p\n...\n` } },
  { id: 'syntax-directive', version: 'latest', data: { trafficRouterPlugins: `%YAML 1.1\n---\n- name: a/b\n  location: file:///p\n` } },
  { id: 'syntax-undefined-alias', version: 'latest', data: { trafficRouterPlugins: `- name: *nope\n  location: file:///p\n` } },
  { id: 'syntax-tag-int-mismatch', version: 'latest', data: { trafficRouterPlugins: `- name: !!int abc\n  location: file:///p\n` } },
  { id: 'syntax-custom-tag', version: 'latest', data: { trafficRouterPlugins: `- name: !local a/b\n  location: file:///p\n` } },
  { id: 'syntax-crlf', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\r\n  location: file:///p\r\n` } },
  { id: 'syntax-bom', version: 'latest', data: { trafficRouterPlugins: `\ufeff- name: a/b\n  location: file:///p\n` } },
  { id: 'syntax-merge-seq', version: 'latest', data: { trafficRouterPlugins: `- &a {name: a/b}\n- &b {location: file:///q}\n- <<: [*a, *b]\n  sha256: x\n` } },
  { id: 'syntax-merge-scalar', version: 'latest', data: { trafficRouterPlugins: `- <<: x\n  name: a/b\n` } },
  { id: 'syntax-complex-key', version: 'latest', data: { trafficRouterPlugins: `- ? [a]\n  : b\n  name: a/b\n` } },
  { id: 'syntax-quoted-escape', version: 'latest', data: { trafficRouterPlugins: `- name: "a/b\\u00e9"\n  location: "file:///p\\tq"\n` } },
  { id: 'syntax-single-quote-escape', version: 'latest', data: { trafficRouterPlugins: `- name: 'a/b''c'\n  location: file:///p\n` } },
  { id: 'syntax-indentless-seq', version: 'latest', data: { trafficRouterPlugins: `- name: a/b\n  location: file:///p\n  args:\n  - x\n  - y\n` } },
  { id: 'syntax-empty-entry', version: 'latest', data: { trafficRouterPlugins: `-\n- name: a/b\n  location: file:///p\n` } },
  { id: 'syntax-only-comment', version: 'latest', data: { trafficRouterPlugins: `# nothing here\n` } },
  { id: 'syntax-null-doc', version: 'latest', data: { trafficRouterPlugins: `---\n` } },
  { id: 'deep-flow', version: 'latest', data: { trafficRouterPlugins: '['.repeat(10_001) + ']'.repeat(10_001) } },
  { id: 'deep-flow-map', version: 'latest', data: { trafficRouterPlugins: `x: ${'{'.repeat(20_000)}` } },
  { id: 'deep-indent', version: 'latest', data: { trafficRouterPlugins: `${'- '.repeat(10_001)}x\n` } },
  { id: 'deep-but-allowed', version: 'latest', data: { trafficRouterPlugins: `${'- '.repeat(50)}x\n` } },
];

export function billionLaughs(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) {
    const prev = names[i - 1] ?? 'a';
    lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

const NAMES = [
  'argoproj-labs/gatewayAPI', 'openshift-route-plugin', 'a/b', 'ns/name.v2', 'ns/..', 'ns/.', 'Ns_x/y', 'ns/x y', '',
  'ns//x', 'a/b/c', 'yes', '123', '0x1F', 'ns/na_me-1.2', 'ns/', '/x', 'ns/ü', '1.5', 'on', 'ns\\x/y', 'ns/x\t', 'y', 'n', 'N',
];
const LOCATIONS = [
  GATEWAY, 'http://10.0.0.1:8080/p', 'file:///plugins/x', 'file://plugins/x', 'file://./x', 'file:x', 'file:/opt/p',
  'ftp://x/y', 'HTTPS://EXAMPLE.com/A', 'https:example.com/x', '/plugins/x', 'plugins/x', '', 'https://exa mple.com/x',
  'https://example.com/a b', 'https://user:pw@h/x', 'https://h:port/x', 'https://h/%zz', 'https://h/%41', 'file:///home/argo-rollouts',
  'file://', 'https://h/x?y=1', 'https://h/x#frag', 'https://h/p%2Fq', 's3://bucket/x', 'file:///tmp', 'https://h/ü',
  'file:///plugins/../etc/x', 'file://host:99/x', 'https://h/x?', 'http://[::1]:80/x', 'https://h:80:90/x', '*',
  'file:///p%20q', 'https://%41/x', 'https://h/x?a?b', '://x', '1http://x', 'https://ümlaut.example/x', 'HtTp://h/P',
  'https://[example.com]/x', 'https://a[::1]/x', 'http://[1.2.3.4]/x', 'http://[::ffff:1.2.3.4]:8/x', 'file://a:b:c/x', 'https://u:p@h:1:2/x',
];
const SHAS = [
  undefined, SHA64, SHA64.toUpperCase(), SHA64.slice(0, 40), `sha256:${SHA64}`, `${SHA64.slice(0, 63)}g`, '1234', '1e10', 'yes',
  `${SHA64} `, '0x10', '',
];
const EXTRAS = [
  '', 'args: [--a, 1, yes, 1.5, 1e6, 0.0001, ~]', 'args: --debug', 'args: [[a]]', 'args: {a: 1}', 'args: ~', 'args: []',
  'disabled: true', 'disabled: yes', 'disabled: y', 'disabled: Off', 'disabled: "true"', 'disabled: 1', 'disabled: on', 'disabled: ~', 'disabled: [x]',
  'headersFrom: [{secretRef: {name: s}}]', 'headersFrom: [{secretRef: s}]', 'headersFrom: x', 'headersFrom: [{}]',
  'headersFrom: [{secretRef: {name: 5}}]', 'headersFrom: [{SecretRef: {NAME: t}}]', 'headersFrom: [{secretRef: {name: [a]}}]',
  'sha265: x', 'header_from: x', 'foo: .nan', 'foo: .inf', 'Name: Z/z', 'LOCATION: file:///x', 'type: [a]', 'Type: x',
  '1: x', 'yes: 1', 'sha256: [a]', 'location: {a: 1}', 'name: ~', 'Args: [b]', 'ARGS: c', 'diſabled: true', 'name: 2001-01-01',
  'sha256: 0777', 'sha256: 089', 'sha256: 1_000', 'sha256: -0b101', 'sha256: .5', 'sha256: 1e400', 'sha256: +12', 'name: !!str 12',
  'sha256: !!binary aGVsbG8=', 'name: 18446744073709551615', 'name: 18446744073709551616', 'name: 123456789.5',
];

/** Mulberry32: tiny, seeded, good enough to spread variations. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function quoted(value: string, style: number): string {
  if (style === 1) return `'${value.replaceAll("'", "''")}'`;
  if (style === 2 || /^[\s[\]{}*&!%@`#|>'",?:-]|: | #|^$|\s$|[\t\\]/.test(value)) return JSON.stringify(value);
  return value;
}

/** Several hundred generated cases. */
export function generated(count: number, seed = 20261126): CorpusCase[] {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const keys = ['trafficRouterPlugins', 'metricProviderPlugins', 'stepPlugins'];
  const out: CorpusCase[] = [];
  for (let i = 0; i < count; i++) {
    const data: Record<string, string> = {};
    const entryCount = 1 + Math.floor(random() * 3);
    for (let e = 0; e < entryCount; e++) {
      const key = pick(keys);
      const style = Math.floor(random() * 3);
      const lines = [`- name: ${quoted(pick(NAMES), style)}`, `  location: ${quoted(pick(LOCATIONS), style)}`];
      const sha = pick(SHAS);
      if (sha !== undefined) lines.push(`  sha256: ${random() < 0.7 ? sha : quoted(sha, 2)}`);
      const extra = pick(EXTRAS);
      if (extra) lines.push(`  ${extra}`);
      data[key] = (data[key] ?? '') + `${lines.join('\n')}\n`;
    }
    const roll = random();
    const version = roll < 0.8 ? 'latest' : roll < 0.9 ? 'v1.7' : 'v1.5';
    out.push({ id: `gen-${i}`, version, data });
  }
  return out;
}

const MUTATIONS = ['\t', ' ', ':', '- ', '"', "'", '#', '[', ']', '{', '}', ',', '&a ', '*a', '!', '|', '>', '\n', '\n  ', '? ', '%', '@', '`'];

/** Character-level mutations of valid lists: where the two YAML parsers could disagree on syntax. */
export function mutated(count: number, seed = 7): CorpusCase[] {
  const random = rng(seed);
  const base = `- name: argoproj-labs/gatewayAPI\n  location: "https://example.com/p"\n  args: [--a, b]\n- name: a/b\n  location: file:///p\n  sha256: abc\n`;
  const out: CorpusCase[] = [];
  for (let i = 0; i < count; i++) {
    let text = base;
    const edits = 1 + Math.floor(random() * 2);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(random() * text.length);
      const what = MUTATIONS[Math.floor(random() * MUTATIONS.length)] ?? ' ';
      text = random() < 0.2 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + what + text.slice(at);
    }
    out.push({ id: `mut-${i}`, version: 'latest', data: { trafficRouterPlugins: text } });
  }
  return out;
}
