/** Log lines as the controller writes them (logrus text and JSON), and lines it does not write. */
import { describe, expect, test } from 'vitest';
import { parseLogLine, scanLog } from '../../src/cluster/logs.js';
import { isControllerImage, mountFor, writableMountFor } from '../../src/cluster/podspec.js';
import { versionFromImage } from '../../src/cluster/inspect.js';

describe('parseLogLine', () => {
  test.each([
    ['logrus text with escaped quotes and a trailing field', 'time="2026-11-26T08:19:01Z" level=fatal msg="Failed to download plugins: failed to get secret in secretRef: secrets \\"acme\\" not found" rollout=shop/checkout', { level: 'fatal', time: '2026-11-26T08:19:01Z', msg: 'Failed to download plugins: failed to get secret in secretRef: secrets "acme" not found' }],
    ['logrus text, unquoted message', 'level=info msg=Starting', { level: 'info', msg: 'Starting' }],
    ['logrus text with \\n in the message', 'time="t" level=info msg="attempting to acquire leader lease argo-rollouts/argo-rollouts-controller-lock...\\n"', { level: 'info', msg: 'attempting to acquire leader lease argo-rollouts/argo-rollouts-controller-lock...\n' }],
    ['JSON', '{"level":"error","msg":"unable to get plugin client (a/b): boom","time":"2026-01-01T00:00:00Z"}', { level: 'error', msg: 'unable to get plugin client (a/b): boom', time: '2026-01-01T00:00:00Z' }],
    ['CRLF line ending', 'level=warning msg="x"\r', { level: 'warning', msg: 'x' }],
  ])('%s', (_, raw, want) => {
    expect(parseLogLine(raw)).toMatchObject(want);
  });

  test.each([
    ['klog', 'I1120 09:13:14.000000       1 leaderelection.go:281] successfully renewed lease argo-rollouts/argo-rollouts-controller-lock'],
    ['truncated JSON', '{"level":"error","msg":"unable to get plug'],
    ['JSON without msg', '{"stream":"stdout"}'],
    ['unterminated quote', 'time="2026 level=info msg="never closed'],
    ['binary garbage', '\u0000\u0001\uFFFD level=\u0007'],
    ['empty key', '=x msg'],
  ])('odd line read as raw text, never throws: %s', (_, raw) => {
    const line = parseLogLine(raw);
    expect(line.raw).toBe(raw.replace(/\r$/, ''));
    expect(typeof line.msg).toBe('string');
  });
});

describe('scanLog', () => {
  test('start-up resets what was loaded; fatal download is tied to the plugin being downloaded; version from text and JSON', () => {
    const text = [
      'time="t" level=info msg="Argo Rollouts starting" version=v1.7.2+abc',
      'time="t" level=info msg="Downloading plugin a/one from: https://example.com/one"',
      'time="t" level=info msg="Copied plugin from /plugins/two to /home/argo-rollouts/plugin-bin/b/two"',
      'time="t" level=info msg="Downloading plugin c/three from: https://example.com/three"',
      'time="t" level=fatal msg="Failed to download plugins: failed to download plugin from https://example.com/three: failed to download file from URL: response code Not Found"',
      'garbage line',
      '',
    ].join('\n');
    const scan = scanLog(text, 'p', true);
    expect(scan.version).toBe('v1.7.2+abc');
    expect(scan.startSeen).toBe(true);
    expect(scan.loaded).toEqual([
      { name: 'a/one', location: 'https://example.com/one', how: 'downloaded' },
      { name: 'b/two', location: 'file:///plugins/two', how: 'copied' },
      { name: 'c/three', location: 'https://example.com/three', how: 'downloaded' },
    ]);
    expect(scan.matches.map((m) => [m.signature, m.plugin, m.previous, m.index])).toEqual([['fatal-download', 'c/three', true, 4]]);
    expect(scan.lines).toBe(6);
    expect(scan.unparsed).toBe(1);
    expect(scanLog('{"level":"info","msg":"Argo Rollouts controller starting","time":"t","version":"v1.9.0+x"}', 'p', false).version).toBe('v1.9.0+x');
  });

  test.each([
    ['unable to get plugin client (a/b) for ping: exec: Stdout already set', 'stdout-already-set', 'a/b'],
    ['unable to get plugin client (a/b): fork/exec /x: exec format error', 'plugin-client-failed', 'a/b'],
    ['unable to initialize plugin via rpc (a/b): nope', 'init-plugin-failed', 'a/b'],
    ['unable to find plugin (a/b): plugin a/b not configured in configmap', 'plugin-not-configured', 'a/b'],
    ['failed to get step plugin a/b: unable to start plugin system: plugin exited before we could connect', 'plugin-start-failed', 'a/b'],
    ['Failed to init config: validation of config due to (plugin repository (openshift-route-plugin) must be in the format of <namespace>/<name>', 'fatal-config', 'openshift-route-plugin'],
    ['Failed to download plugins: failed to create plugin folder for plugin (a/b): (mkdir /home/argo-rollouts/plugin-bin: read-only file system)', 'plugin-folder-create-failed', 'a/b'],
    ['httproutes.gateway.networking.k8s.io "r" is forbidden: User "system:serviceaccount:argo-rollouts:argo-rollouts" cannot update resource "httproutes"', 'plugin-rbac-forbidden', undefined],
    // A path refused, as the API server words it (no resource: no "is" before "forbidden").
    ['failed to discover the API: forbidden: User "system:serviceaccount:argo-rollouts:argo-rollouts" cannot get path "/apis/gateway.networking.k8s.io/v1"', 'plugin-rbac-forbidden', undefined],
  ])('signature of %s', (msg, signature, plugin) => {
    const [match] = scanLog(JSON.stringify({ level: 'error', msg }), 'p', false).matches;
    expect([match?.signature, match?.plugin]).toEqual([signature, plugin]);
  });
});

describe('pod spec helpers', () => {
  const mounts = [
    { name: 'home', mountPath: '/home/argo-rollouts', readOnly: true, volumeKind: 'emptyDir' },
    { name: 'bin', mountPath: '/home/argo-rollouts/plugin-bin/', readOnly: false, volumeKind: 'emptyDir' },
    { name: 'root', mountPath: '/', readOnly: false, volumeKind: 'hostPath' },
  ];
  test.each([
    ['/home/argo-rollouts/plugin-bin', 'bin'],
    ['/home/argo-rollouts/plugin-bin/a/b', 'bin'],
    ['/home/argo-rollouts/plugin-binx', 'home'],
    ['/tmp', 'root'],
  ])('deepest mount of %s is %s', (path, name) => {
    expect(mountFor(path, mounts)?.name).toBe(name);
  });
  test('a read-only mount does not make a path writable', () => {
    expect(writableMountFor('/home/argo-rollouts/x', mounts.slice(0, 2))).toBeUndefined();
  });
  test.each([
    ['quay.io/argoproj/argo-rollouts:v1.8.3', true],
    ['argoproj/argo-rollouts', true],
    ['mirror.corp:5000/argoproj/argo-rollouts@sha256:4bd2a5e1c4f0d8b7a6e3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1', true],
    ['registry.redhat.io/openshift-gitops-1/argo-rollouts-rhel8@sha256:4bd2a5e1c4f0d8b7a6e3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1', true],
    ['registry.redhat.io/openshift-gitops-1/argo-rollouts-rhel9:v1.16.0', true],
    ['quay.io/argoproj/kubectl-argo-rollouts:v1.8.3', false],
    ['quay.io/argoproj/argo-rollouts-dashboard:v1.8.3', false],
    ['ghcr.io/acme/my-argo-rollouts:v1', false],
    [undefined, false],
  ])('image %s is the controller image: %s', (image, yes) => {
    expect(isControllerImage(image)).toBe(yes);
  });
  test.each([
    ['quay.io/argoproj/argo-rollouts:v1.8.3', 'v1.8.3'],
    ['registry:5000/argo-rollouts:1.7.2', 'v1.7.2'],
    ['quay.io/argoproj/argo-rollouts:v1.8.3@sha256:abc', 'v1.8.3'],
    ['quay.io/argoproj/argo-rollouts@sha256:abc', undefined],
    ['quay.io/argoproj/argo-rollouts:latest', undefined],
    ['registry.redhat.io/openshift-gitops-1/argo-rollouts-rhel8:v1.14.0', undefined],
    [undefined, undefined],
  ])('version of image %s is %s', (image, version) => {
    expect(versionFromImage(image)).toBe(version);
  });
});
