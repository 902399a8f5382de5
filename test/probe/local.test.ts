import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PluginEntry } from '../../src/config/types.js';
import { locationFacts } from '../../src/config/parse.js';
import { probePlugins, probeTarget, sha256State } from '../../src/probe/probe.js';
import { defaultCacheDir } from '../../src/probe/store.js';

const sha = (data: string) => createHash('sha256').update(data).digest('hex');
let root: string;
let cacheDir: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'probe-root-'));
  cacheDir = join(root, 'cache');
  mkdirSync(join(root, 'pod/plugins'), { recursive: true });
  mkdirSync(join(root, 'pod/home/argo-rollouts/bin'), { recursive: true });
  writeFileSync(join(root, 'pod/plugins/router'), '#!/bin/sh\necho hi\n');
  writeFileSync(join(root, 'pod/home/argo-rollouts/bin/metric'), 'binary');
  chmodSync(join(root, 'pod/plugins/router'), 0o644);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function entry(location: string, extra: Partial<PluginEntry> = {}): PluginEntry {
  return { type: 'trafficrouter', key: 'trafficRouterPlugins', index: 0, name: 'ns/p', location, ...extra };
}

describe('the file a file:// location names in the pod (Go: filepath.Abs(host + path) in /home/argo-rollouts), as the probe reads it', () => {
  it.each([
    ['file:///opt/plugins/p', '/opt/plugins/p'],
    ['file://./plugins/p', '/home/argo-rollouts/plugins/p'],
    ['file://plugins/p', '/home/argo-rollouts/plugins/p'],
    ['file:///plugins/my%20plugin', '/plugins/my plugin'],
    ['file:///a/../b/p', '/b/p'],
  ])('%s -> %s', (location, path) => expect(locationFacts(location).target).toBe(path));
});

describe('file:// plugins inside a plugin dir', () => {
  it('hashes the file, inspects it and caches an executable copy', async () => {
    const [facts] = await probePlugins([entry('file:///plugins/router')], { pluginDir: join(root, 'pod'), cacheDir });
    expect(facts!.kind).toBe('file');
    expect(facts!.local).toEqual({ podPath: '/plugins/router', localPath: join(root, 'pod/plugins/router'), state: 'ok', size: 18 });
    expect(facts!.sha256).toEqual({ state: 'unpinned', actual: sha('#!/bin/sh\necho hi\n') });
    expect(facts!.binary!.format).toBe('script');
    expect(statSync(facts!.content!.cachePath!).mode & 0o777).toBe(0o700);
  });

  it('resolves a relative file:// location under the controller workdir', async () => {
    const [facts] = await probePlugins([entry('file://bin/metric', { sha256: sha('binary') })], { pluginDir: join(root, 'pod'), cacheDir });
    expect(facts!.local!.podPath).toBe('/home/argo-rollouts/bin/metric');
    expect(facts!.sha256.state).toBe('ok');
  });

  it.each([
    ['file:///plugins/missing', 'missing'],
    ['file:///plugins', 'not-regular'],
  ])('%s is %s', async (location, state) => {
    const [facts] = await probePlugins([entry(location)], { pluginDir: join(root, 'pod'), cacheDir });
    expect(facts!.local!.state).toBe(state);
    expect(facts!.sha256.state).toBe('not-verified');
    expect(facts!.binary).toBeUndefined();
  });

  it('does not read a file over maxSize', async () => {
    const [facts] = await probePlugins([entry('file:///plugins/router')], { pluginDir: join(root, 'pod'), cacheDir, maxSize: 10 });
    expect(facts!.local).toMatchObject({ state: 'too-large', size: 18 });
    expect(facts!.content).toBeUndefined();
  });

  it('does not check a file:// plugin without a plugin dir', async () => {
    const [facts] = await probePlugins([entry('file:///plugins/router')], { cacheDir });
    expect(facts!.local).toEqual({ podPath: '/plugins/router', state: 'not-checked' });
  });

  it('probes a local FILE directly, without the cache when asked', async () => {
    const before = readdirSync(cacheDir).length;
    const facts = await probeTarget(join(root, 'pod/home/argo-rollouts/bin/metric'), { noCache: true, sha256: 'A'.repeat(64) });
    expect(facts.entry.name).toBe('local/metric');
    expect(facts.content).toEqual({ sha256: sha('binary'), size: 6 });
    expect(facts.sha256.state).toBe('mismatch');
    expect(readdirSync(cacheDir)).toHaveLength(before);
  });
});

describe('locations there is nothing to fetch from', () => {
  it.each(['https://', 'http://[bad', 'ftp://example.com/p', 's3://bucket/p'])('%s is left to the config step', async (location) => {
    const [facts] = await probePlugins([entry(location)], { cacheDir });
    expect(facts).toEqual({ entry: entry(location), kind: 'unsupported', sha256: { state: 'not-verified' } });
  });
});

describe('sha256State (the controller compares only 64-character values, exactly)', () => {
  const actual = sha('x');
  it.each([
    [undefined, actual, 'unpinned'],
    ['', actual, 'unpinned'],
    [actual, actual, 'ok'],
    [actual.toUpperCase(), actual, 'mismatch'],
    ['0'.repeat(64), actual, 'mismatch'],
    [actual.slice(0, 40), actual, 'cannot-match'],
    [actual, undefined, 'not-verified'],
  ])('expected %j', (expected, got, state) => expect(sha256State(expected, got)).toBe(state));
});

describe('defaultCacheDir', () => {
  it.each([
    [{ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' }, '/x/cache/kubectl-rollouts-plugins'],
    [{ XDG_CACHE_HOME: 'relative', HOME: '/home/u' }, '/home/u/.cache/kubectl-rollouts-plugins'],
    [{ HOME: '/home/u' }, '/home/u/.cache/kubectl-rollouts-plugins'],
  ])('%j', (env, dir) => expect(defaultCacheDir(env)).toBe(dir));
});
