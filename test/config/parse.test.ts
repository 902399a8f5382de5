/** parseConfigMapData: the facts and the start-up verdict, as a user would see them. */
import { describe, expect, it } from 'vitest';
import { parseConfigMapData } from '../../src/config/parse.js';
import { lintConfigMapData } from '../../src/config/lint.js';
import { formatFloat32 } from '../../src/config/gojson.js';

describe('parseConfigMapData', () => {
  it('resolves where each plugin comes from and goes to', () => {
    const facts = parseConfigMapData({
      trafficRouterPlugins: '- name: argoproj-labs/gatewayAPI\n  location: HTTPS://Example.com/a%2Fb/p?x=1\n',
      metricProviderPlugins: '- name: a/b\n  location: file://plugins/x\n- name: a/c\n  location: file://./x\n- name: a/d\n  location: file:///opt/../p\n',
    });
    expect(facts.entries.map((e) => [e.locationFacts.kind, e.locationFacts.target, e.destination])).toEqual([
      ['https', 'https://Example.com/a%2Fb/p?x=1', '/home/argo-rollouts/plugin-bin/argoproj-labs/gatewayAPI'],
      ['file', '/home/argo-rollouts/plugins/x', '/home/argo-rollouts/plugin-bin/a/b'],
      ['file', '/home/argo-rollouts/x', '/home/argo-rollouts/plugin-bin/a/c'],
      ['file', '/p', '/home/argo-rollouts/plugin-bin/a/d'],
    ]);
    expect(facts.verdict).toEqual({ outcome: 'accepted' });
  });

  it('reads YAML 1.1 scalars as go-yaml v2 does', () => {
    const facts = parseConfigMapData({ stepPlugins: '- name: a/b\n  location: file:///p\n  disabled: on\n  args: [y, 0o17, 1_000, 1e6, .5, 2001-01-01]\n' });
    const [e] = facts.entries;
    expect(e?.disabled).toBe(true);
    expect(e?.args).toEqual(['true', '15', '1000', '1e+06', '0.5', '2001-01-01']);
  });

  it('matches field names case-insensitively; the exact spelling wins over a folded one', () => {
    const facts = parseConfigMapData({ trafficRouterPlugins: '- NAME: x/upper\n  name: x/exact\n  Location: file:///p\n' });
    expect(facts.entries[0]?.name).toBe('x/exact');
    expect(facts.entries[0]?.unknownFields).toEqual([]);
  });

  it('stops at the first fatal error in the controller order: unmarshal, names, then downloads', () => {
    const facts = parseConfigMapData({
      trafficRouterPlugins: '- name: a/b\n  location: ftp://x\n',
      metricProviderPlugins: '- name: bad\n  location: file:///p\n',
      stepPlugins: '- name: a/c\n  location: file:///p\n  args: oops\n',
    });
    expect(facts.verdict.fatal).toEqual({
      phase: 'init-config',
      key: 'stepPlugins',
      message:
        'Failed to init config: failed to unmarshal step plugins while initializing: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go struct field PluginItem.args of type []string',
    });
    const withoutStep = parseConfigMapData({ trafficRouterPlugins: '- name: a/b\n  location: ftp://x\n', metricProviderPlugins: '- name: bad\n  location: file:///p\n' });
    expect(withoutStep.verdict.fatal?.message).toContain('plugin repository (bad) must be in the format');
  });

  it('knows what older controllers ignore', () => {
    const data = { stepPlugins: '- name: bad\n  location: ftp://x\n', trafficRouterPlugins: '- name: a/b\n  location: file:///p\n  args: --x\n' };
    expect(parseConfigMapData(data, { controllerVersion: 'v1.6.6' }).verdict).toEqual({ outcome: 'accepted' });
    expect(parseConfigMapData(data).verdict.outcome).toBe('rejected');
  });

  it('a missing ConfigMap is an empty configuration', () => {
    const facts = parseConfigMapData(undefined);
    expect([facts.configMapFound, facts.entries.length, facts.verdict.outcome]).toEqual([false, 0, 'accepted']);
  });
});

describe('location hosts as Go 1.26.1 parses them', () => {
  it.each([
    ['https://[::1]:8443/p', undefined, 'https://[::1]:8443/p'],
    ['http://[::ffff:1.2.3.4]:8/x', undefined, 'http://[::ffff:1.2.3.4]:8/x'],
    ['https://[example.com]/x', 'parse "https://[example.com]/x": invalid host: ParseAddr("example.com"): unable to parse IP', undefined],
    ['http://[1.2.3.4]/x', 'parse "http://[1.2.3.4]/x": invalid IP-literal', undefined],
    ['https://a[::1]/x', 'parse "https://a[::1]/x": invalid IP-literal', undefined],
    ['https://h:80:90/x', 'parse "https://h:80:90/x": invalid port ":80:90" after host', undefined],
    ['file://a:b/x', 'parse "file://a:b/x": invalid port ":b" after host', undefined],
  ])('%s', (location, parseError, target) => {
    const [e] = parseConfigMapData({ trafficRouterPlugins: `- name: a/b\n  location: "${location}"\n` }).entries;
    expect(e?.locationFacts.parseError).toBe(parseError);
    expect(e?.locationFacts.target).toBe(target);
  });
});

describe('bounded work on hostile values', () => {
  it.each([
    ['a million [', '['.repeat(1_000_000)],
    ['four million "- "', '- '.repeat(4_000_000)],
    ['a million {', `x: ${'{'.repeat(1_000_000)}`],
  ])('%s: refused like go-yaml, quickly', (_name, text) => {
    const started = Date.now();
    const facts = parseConfigMapData({ trafficRouterPlugins: text });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(facts.verdict.fatal?.message).toContain('error converting YAML to JSON: yaml: exceeded max depth of 10000');
  });

  // A location of 300 KiB, within a ConfigMap's 1 MiB: looking for placeholders in it stays linear.
  it.each([['{{', '{{'], ['${', '${'], ['<a', '<a']])('a location of 150,000 %s: judged quickly', (_name, unit) => {
    const started = Date.now();
    const result = lintConfigMapData({ trafficRouterPlugins: `- name: a/b\n  location: "https://h/${unit.repeat(150_000)}"\n  sha256: "${'0'.repeat(40)}"\n` }, []);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.verdict.outcome).toBe('rejected');
  });
});

describe('formatFloat32 (strconv.FormatFloat(v, g, -1, 32))', () => {
  it.each([
    [1e10, '1e+10'],
    [123456, '123456'],
    [1234567, '1.234567e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.1, '1.1'],
    [123456789.5, '1.2345679e+08'],
    [1e40, '+Inf'],
    [-0.5, '-0.5'],
  ])('%s -> %s', (value, text) => {
    expect(formatFloat32(value)).toBe(text);
  });
});

describe('never throws', () => {
  it('on 2000 random YAML-ish values, each key', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = ['- ', 'name: ', 'location: ', 'file:///', 'https://', '\n', '  ', '\t', '"', "'", '[', ']', '{', '}', ',', ':', '&a ', '*a', '!!int ', '<<: ', '? ', '#', '|', '>', '~', 'yes', '1e9', '\u00e9', '\ufeff', '%', '\\', 'args: ', 'headersFrom: ', 'secretRef: '];
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 30) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const key = ['trafficRouterPlugins', 'metricProviderPlugins', 'stepPlugins'][i % 3] as string;
      const facts = parseConfigMapData({ [key]: text });
      expect(['accepted', 'rejected']).toContain(facts.verdict.outcome);
    }
  });
});
