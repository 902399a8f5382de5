/** The binary checks over what inspectBinary says about real files. */
import { expectFindings, featuresAt } from '../../support/check-tester.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks } from '../../../src/checks/binary/index.js';
import { runChecks } from '../../../src/core/check.js';
import { BINARY_HEAD_BYTES, inspectBinary, type Platform } from '../../../src/probe/binary.js';
import type { ProbeFacts } from '../../../src/probe/types.js';
import { buildGo } from '../../support/go-build.js';

const LINUX_AMD64: Platform = { os: 'linux', arch: 'amd64' };
const LINUX_ARM64: Platform = { os: 'linux', arch: 'arm64' };
let files: Record<string, Buffer>;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'binary-checks-'));
  const [amd64, arm64, arm, darwin, windows] = await Promise.all([
    buildGo('probe-hello', { GOOS: 'linux', GOARCH: 'amd64', CGO_ENABLED: '0' }),
    buildGo('probe-hello', { GOOS: 'linux', GOARCH: 'arm64', CGO_ENABLED: '0' }),
    buildGo('probe-hello', { GOOS: 'linux', GOARCH: 'arm', CGO_ENABLED: '0' }),
    buildGo('probe-hello', { GOOS: 'darwin', GOARCH: 'arm64', CGO_ENABLED: '0' }),
    buildGo('probe-hello', { GOOS: 'windows', GOARCH: 'amd64', CGO_ENABLED: '0' }),
  ]);
  writeFileSync(join(dir, 'plugin'), readFileSync(amd64!));
  execFileSync('tar', ['-czf', 'plugin.tar.gz', 'plugin'], { cwd: dir });
  execFileSync('zip', ['-q', 'plugin.zip', 'plugin'], { cwd: dir });
  files = {
    amd64: readFileSync(amd64!),
    arm64: readFileSync(arm64!),
    arm: readFileSync(arm!),
    darwin: readFileSync(darwin!),
    windows: readFileSync(windows!),
    dynamic: readFileSync('/bin/ls'),
    targz: readFileSync(join(dir, 'plugin.tar.gz')),
    zip: readFileSync(join(dir, 'plugin.zip')),
    html: Buffer.from('<!DOCTYPE html><html><head><title>Sign in to GitHub</title></head><body></body></html>'),
    json: Buffer.from('{"message":"Not Found","documentation_url":"https://docs.github.com/rest/releases/assets"}'),
    text: Buffer.from('version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 123\n'),
    script: Buffer.from('#!/bin/bash\nexec ./real-plugin\n'),
    empty: Buffer.alloc(0),
    noise: Buffer.from([0, 1, 2, 3, 250, 251, 0, 9]),
  };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function factsFor(file: string, platform?: Platform): ProbeFacts {
  const data = files[file]!;
  return {
    entry: { type: 'step', key: 'stepPlugins', index: 0, name: 'argoproj-labs/step', location: 'https://example.com/releases/download/v1.0.0/plugin' },
    kind: 'http',
    sha256: { state: 'ok' },
    binary: inspectBinary(data.subarray(0, BINARY_HEAD_BYTES), data.length, []),
    ...(platform ? { expectedPlatform: platform, expectedPlatformSource: '--platform' } : {}),
  };
}

const ids = (facts: ProbeFacts) => runChecks(checks, facts).map((f) => f.id);

describe('binary checks: valid', () => {
  it.each([
    ['amd64', LINUX_AMD64],
    ['arm64', LINUX_ARM64],
  ])('a static linux/%s Go binary on matching nodes gives no finding', (file, platform) => {
    expect(ids(factsFor(file, platform))).toEqual([]);
  });

  it('no finding without a binary (the download step reports why)', () => {
    const facts = factsFor('amd64', LINUX_AMD64);
    delete facts.binary;
    expect(ids(facts)).toEqual([]);
  });
});

describe('binary checks: invalid', () => {
  it.each([
    ['darwin', LINUX_AMD64, ['binary-wrong-os'], 'the plugin is built for darwin/arm64, the controller runs on linux/amd64'],
    ['windows', LINUX_AMD64, ['binary-wrong-os'], 'the plugin is built for windows/amd64, the controller runs on linux/amd64'],
    ['arm64', LINUX_AMD64, ['binary-wrong-arch'], 'the plugin is built for arm64, the controller runs on amd64'],
    ['amd64', LINUX_ARM64, ['binary-wrong-arch'], 'the plugin is built for amd64, the controller runs on arm64'],
    ['dynamic', LINUX_AMD64, ['binary-dynamically-linked'], 'the plugin needs /lib64/ld-linux-x86-64.so.2, which the distroless controller image does not have'],
    ['targz', LINUX_AMD64, ['binary-is-archive'], 'https://example.com/releases/download/v1.0.0/plugin is a gzip archive; the controller would execute it as is'],
    ['zip', LINUX_AMD64, ['binary-is-archive'], 'https://example.com/releases/download/v1.0.0/plugin is a zip archive; the controller would execute it as is'],
    ['html', LINUX_AMD64, ['binary-is-html'], 'https://example.com/releases/download/v1.0.0/plugin serves an HTML page, not a binary'],
    ['json', LINUX_AMD64, ['binary-is-json'], 'https://example.com/releases/download/v1.0.0/plugin serves JSON, not a binary'],
    ['text', LINUX_AMD64, ['binary-is-text'], 'https://example.com/releases/download/v1.0.0/plugin serves text, not a binary'],
    ['script', LINUX_AMD64, ['binary-is-script'], 'the plugin is a script (#!/bin/bash); the distroless controller image has no interpreter'],
    ['empty', LINUX_AMD64, ['binary-empty'], 'the plugin file is empty (0 bytes)'],
    ['noise', LINUX_AMD64, ['binary-unknown-format'], 'the plugin file is not an executable format'],
    ['darwin', undefined, ['binary-platform-unknown'], "built for darwin/arm64; the controller's platform is unknown"],
  ])('%s on %j', (file, platform, expectedIds, title) => {
    const findings = runChecks(checks, factsFor(file, platform));
    expectFindings(findings, expectedIds, 'argoproj-labs/step');
    expect(findings[0]!.title).toBe(title);
    expect(findings[0]!.step).toBe('binary');
  });

  it('names the platform source and the build command for a wrong OS', () => {
    const [finding] = runChecks(checks, factsFor('darwin', LINUX_ARM64));
    expect(finding!.evidence).toContain('controller platform: linux/arm64 (from --platform)');
    expect(finding!.fix).toContain('GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build');
  });

  it('says what the known controller release logs after the failed start: the Stdout loop, or (a router on v1.10) the error again', () => {
    const router = (version: string): ProbeFacts => {
      const facts = factsFor('darwin', LINUX_ARM64);
      return { ...facts, entry: { ...facts.entry, type: 'trafficrouter', key: 'trafficRouterPlugins', name: 'argoproj-labs/gatewayAPI' }, controller: { version, features: featuresAt(version) } };
    };
    const loop = (name: string, version: string) => `after the first failed start, controller ${version} logs only "unable to get plugin client (${name}) for ping: exec: Stdout already set" until it restarts`;
    expect(runChecks(checks, router('v1.9.1'))[0]!.evidence).toContain(loop('argoproj-labs/gatewayAPI', 'v1.9.1'));
    const retried = runChecks(checks, router('v1.10.0'))[0]!.evidence;
    expect(retried).toContain("controller v1.10.0 retries a traffic router's failed start (v1.10.0-rc1 and later): each use logs this start error again");
    expect(retried.join('\n')).not.toContain('Stdout already set');
    // A step plugin loops at every release; an unknown release is not guessed at.
    expect(runChecks(checks, { ...factsFor('darwin', LINUX_ARM64), controller: { version: 'v1.10.0', features: featuresAt('v1.10.0') } })[0]!.evidence).toContain(loop('argoproj-labs/step', 'v1.10.0'));
    expect(runChecks(checks, factsFor('darwin', LINUX_ARM64))[0]!.evidence.join('\n')).not.toContain('Stdout already set');
  });

  it('only warns for 32-bit arm on arm64 nodes, which usually run it', () => {
    const [finding] = runChecks(checks, factsFor('arm', LINUX_ARM64));
    expectFindings([finding!], ['binary-wrong-arch/32-bit']);
  });

  it('shows the page content of an HTML file as evidence', () => {
    const [finding] = runChecks(checks, factsFor('html', LINUX_AMD64));
    expect(finding!.evidence.join('\n')).toContain('<title>Sign in to GitHub</title>');
  });
});
