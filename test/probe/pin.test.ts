import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { pinnedEntryYaml, yamlString } from '../../src/probe/pin.js';

describe('pinnedEntryYaml', () => {
  it('reads back, through the ConfigMap key and its YAML list, as the same entry', () => {
    const input = {
      name: 'argoproj-labs/gatewayAPI',
      location: 'https://example.com/a b/plugin?x=1#frag',
      sha256: '1'.repeat(63) + 'e',
      key: 'stepPlugins' as const,
      args: ['--log-level', 'debug', 'true', '-v', 'a: b', '# not a comment'],
      headersFrom: ['gh-token'],
      disabled: false,
    };
    const outer = parse(pinnedEntryYaml(input));
    expect(Object.keys(outer)).toEqual(['stepPlugins']);
    expect(parse(outer.stepPlugins)).toEqual([
      {
        name: input.name,
        location: input.location,
        sha256: input.sha256,
        args: input.args,
        headersFrom: [{ secretRef: { name: 'gh-token' } }],
        disabled: false,
      },
    ]);
  });

  it.each(['123', '1e5', 'true', 'null', 'on', '-x', 'a: b', 'x #y', '', "it's", '"q"', '0x1F', '1_000', '.5', '~', '.inf', '@x', '%x'])('quotes %j so it stays a string', (value) => {
    expect(parse(`v: ${yamlString(value)}`).v).toBe(value);
  });

  it('leaves URLs and hex plain', () => {
    expect(yamlString('https://github.com/o/r/releases/download/v1.0.0/p-linux-amd64')).toBe('https://github.com/o/r/releases/download/v1.0.0/p-linux-amd64');
    expect(yamlString('ab'.repeat(32))).toBe('ab'.repeat(32));
  });
});
