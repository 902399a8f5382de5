import { describe, expect, it } from 'vitest';
import { inspectBinary } from '../../src/probe/binary.js';
import { probeRowFields } from '../../src/probe/row.js';
import type { ProbeFacts } from '../../src/probe/types.js';

const entry = { type: 'trafficrouter', key: 'trafficRouterPlugins', index: 0, name: 'ns/p', location: 'https://github.com/o/r/releases/download/v1/p' } as const;
const staticElf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0, 1]);

describe('probeRowFields', () => {
  it('summarises a good download through a redirect and a proxy', () => {
    const facts: ProbeFacts = {
      entry: { ...entry },
      kind: 'http',
      sha256: { state: 'ok', expected: 'a'.repeat(64), actual: 'a'.repeat(64) },
      content: { sha256: 'a'.repeat(64), size: 3 * 1024 * 1024, cachePath: '/c/aaa' },
      binary: inspectBinary(staticElf, 3 * 1024 * 1024, []),
      expectedPlatform: { os: 'linux', arch: 'amd64' },
      download: {
        url: entry.location,
        outcome: 'ok',
        finalUrl: 'https://objects.githubusercontent.com/x',
        hops: [
          { url: entry.location, host: 'github.com', status: 302, headersSent: [], headersDropped: [], proxy: 'http://p:3128/', proxyReason: 'HTTPS_PROXY' },
          { url: 'https://objects.githubusercontent.com/x', host: 'objects.githubusercontent.com', status: 200, headersSent: [], headersDropped: [], proxy: 'http://p:3128/', proxyReason: 'HTTPS_PROXY' },
        ],
        status: 200,
        decompressed: false,
        bytes: 3 * 1024 * 1024,
        totalMs: 1500,
        throughput: 2 * 1024 * 1024,
      },
    };
    expect(probeRowFields(facts)).toEqual({
      target: 'https://objects.githubusercontent.com/x',
      sha256: 'ok',
      download: {
        ok: true,
        summary: '200 3.0 MiB in 1.5 s, 2.0 MiB/s, 1 redirect via github.com -> objects.githubusercontent.com, proxy http://p:3128/',
        status: 200,
        bytes: 3 * 1024 * 1024,
        ms: 1500,
        finalUrl: 'https://objects.githubusercontent.com/x',
        cachePath: '/c/aaa',
      },
      binary: { ok: true, summary: 'ELF 64-bit x86-64 (linux/amd64), statically linked', os: 'linux', arch: 'amd64', static: true },
    });
  });

  it.each([
    [300, '300 ms'], // before: 0.3 s
    [12_000, '12 s'], // before: 12.0 s
    [75_000, '1 min 15 s'], // before: 75.0 s
  ])('says how long a %d ms download took as serve and the errors do: %s', (totalMs, took) => {
    const download = { url: entry.location, outcome: 'ok' as const, finalUrl: entry.location, hops: [], status: 200, decompressed: false, bytes: 100, totalMs };
    const facts: ProbeFacts = { entry: { ...entry }, kind: 'http', sha256: { state: 'unpinned' }, download };
    expect(probeRowFields(facts).download?.summary).toBe(`200 100 B in ${took}`);
  });

  it('marks a file:// plugin without a plugin dir as unchecked', () => {
    const facts: ProbeFacts = { entry: { ...entry, location: 'file:///p' }, kind: 'file', local: { podPath: '/p', state: 'not-checked' }, sha256: { state: 'not-verified' } };
    expect(probeRowFields(facts)).toEqual({ target: '/p', sha256: 'unchecked', download: { ok: false, summary: 'local file not-checked', unjudged: true } });
  });

  it('says a binary for another platform is not ok', () => {
    const facts: ProbeFacts = {
      entry: { ...entry },
      kind: 'http',
      sha256: { state: 'unpinned' },
      binary: inspectBinary(staticElf, 100, []),
      expectedPlatform: { os: 'linux', arch: 'arm64' },
    };
    expect(probeRowFields(facts).binary!.ok).toBe(false);
  });
});
