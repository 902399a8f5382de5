import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
// @ts-expect-error plain ES module script without type declarations
import { platformName } from '../../scripts/package.mjs';
import { KREW_API_VERSION, renderKrewTemplate, validateKrewManifest } from '../support/krew.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TEMPLATE = readFileSync(join(ROOT, 'krew-manifest.yaml'), 'utf8');
const RELEASES = 'https://github.com/kubectl-rollouts-plugins/kubectl-rollouts-plugins/releases/download';
const fakeSha256 = (uri: string) => createHash('sha256').update(uri).digest('hex');

describe('krew-manifest.yaml (krew-release-bot template)', () => {
  const rendered = renderKrewTemplate(TEMPLATE, 'v1.2.3', fakeSha256);
  const manifest = parse(rendered) as {
    spec: { version: string; platforms: { selector: { matchLabels: { os: string; arch: string } }; uri: string; sha256: string; bin: string }[] };
  };

  it('renders into a manifest krew accepts', () => {
    expect(validateKrewManifest(rendered, 'rollouts-plugins')).toEqual([]);
    expect(manifest.spec.version).toBe('v1.2.3');
  });

  it('offers linux and darwin amd64+arm64 and windows amd64, named as `npm run package` names them', () => {
    const targets: [NodeJS.Platform, string][] = [['linux', 'x64'], ['linux', 'arm64'], ['darwin', 'x64'], ['darwin', 'arm64'], ['win32', 'x64']];
    const expected = targets.map(([platform, arch]) => {
      const name = platformName(platform, arch) as string;
      const [os, krewArch] = name.split('_');
      const windows = os === 'windows';
      const uri = `${RELEASES}/v1.2.3/kubectl-rollouts_plugins_${name}.${windows ? 'zip' : 'tar.gz'}`;
      return { selector: { matchLabels: { os, arch: krewArch } }, uri, sha256: fakeSha256(uri), bin: windows ? 'kubectl-rollouts_plugins.exe' : 'kubectl-rollouts_plugins' };
    });
    expect(manifest.spec.platforms).toEqual(expected);
  });

  it('tells how to put the completion helper the archive carries on PATH', () => {
    expect((parse(rendered) as { spec: { caveats: string } }).spec.caveats).toContain(
      'ln -s ~/.krew/store/rollouts-plugins/v1.2.3/kubectl_complete-rollouts_plugins ~/.krew/bin/',
    );
  });

  it('refuses a template action the bot would not fill', () => {
    expect(() => renderKrewTemplate('version: {{ .Tag }}\n', 'v1.2.3', fakeSha256)).toThrow('unsupported template action {{ .Tag }}');
  });

  it('fills {{ .Version }} in asset URLs with the tag without its v', () => {
    const text = renderKrewTemplate('  - {{ addURIAndSha "https://x/{{ .TagName }}/a_{{ .Version }}.zip" .TagName }}\n', 'v2.0.1', () => 'f'.repeat(64));
    expect(text).toBe(`  - uri: https://x/v2.0.1/a_2.0.1.zip\n    sha256: ${'f'.repeat(64)}\n`);
  });
});

const VALID = {
  apiVersion: KREW_API_VERSION,
  kind: 'Plugin',
  metadata: { name: 'rollouts-plugins' },
  spec: {
    version: 'v0.1.0',
    shortDescription: 'Find out why Argo Rollouts plugins fail',
    description: 'Diagnoses Argo Rollouts plugins.\n',
    platforms: [
      { selector: { matchLabels: { os: 'linux', arch: 'amd64' } }, uri: 'https://example.test/a_linux_amd64.tar.gz', sha256: 'a'.repeat(64), bin: 'kubectl-rollouts_plugins' },
      { selector: { matchLabels: { os: 'windows', arch: 'amd64' } }, uri: 'https://example.test/a_windows_amd64.zip', sha256: 'b'.repeat(64), bin: 'kubectl-rollouts_plugins.exe' },
    ],
  },
};

type Manifest = typeof VALID & Record<string, unknown>;
type Platform = Record<string, unknown>;

function variant(change: (m: Manifest, platforms: Platform[]) => void): string {
  const copy = structuredClone(VALID) as Manifest;
  change(copy, copy.spec.platforms as Platform[]);
  return stringify(copy);
}

describe('validateKrewManifest', () => {
  const valid: { name: string; text: string }[] = [
    { name: 'the base manifest', text: stringify(VALID) },
    { name: 'a pre-release version with build metadata', text: variant((m) => (m.spec.version = 'v1.0.0-rc.1+abc')) },
    { name: 'matchExpressions on os and arch', text: variant((_, p) => (p[0]!.selector = { matchExpressions: [{ key: 'os', operator: 'In', values: ['linux', 'darwin'] }, { key: 'arch', operator: 'In', values: ['amd64'] }] })) },
    { name: 'files that extract the LICENSE', text: variant((_, p) => (p[0]!.files = [{ from: 'kubectl-rollouts_plugins', to: '.' }, { from: 'LICENSE', to: '.' }])) },
  ];
  it.each(valid)('accepts $name', ({ text }) => {
    expect(validateKrewManifest(text, 'rollouts-plugins')).toEqual([]);
  });

  const invalid: { name: string; text: string; errors: string[] }[] = [
    { name: 'text that is not YAML', text: 'spec: [unclosed', errors: [expect.stringMatching(/^manifest: not YAML: /) as unknown as string] },
    { name: 'a list instead of a mapping', text: '- a\n', errors: ['manifest: must be a YAML mapping'] },
    { name: 'another apiVersion', text: variant((m) => (m.apiVersion = 'krew.googlecontainertools.github.com/v1alpha1')), errors: [`apiVersion: must be "${KREW_API_VERSION}", got "krew.googlecontainertools.github.com/v1alpha1"`] },
    { name: 'another kind', text: variant((m) => (m.kind = 'Plugins')), errors: ['kind: must be "Plugin", got "Plugins"'] },
    { name: 'an unsafe name', text: variant((m) => (m.metadata.name = 'rollouts plugins')), errors: ['metadata.name: must match ^[\\w-]+$ and not be a reserved Windows name, got "rollouts plugins"'] },
    { name: 'a reserved Windows name', text: variant((m) => (m.metadata.name = 'con')), errors: ['metadata.name: must match ^[\\w-]+$ and not be a reserved Windows name, got "con"'] },
    { name: 'a name unlike the index file', text: variant((m) => (m.metadata.name = 'rollouts')), errors: ['metadata.name: must equal the manifest\'s name in krew-index "rollouts-plugins", got "rollouts"'] },
    { name: 'a version without v', text: variant((m) => (m.spec.version = '0.1.0')), errors: ['spec.version: must be "v" followed by a semantic version (v1.2.3), got "0.1.0"'] },
    { name: 'a two-part version', text: variant((m) => (m.spec.version = 'v0.1')), errors: ['spec.version: must be "v" followed by a semantic version (v1.2.3), got "v0.1"'] },
    { name: 'no version', text: variant((m) => delete (m.spec as Partial<typeof m.spec>).version), errors: ['spec.version: must be "v" followed by a semantic version (v1.2.3), got nothing'] },
    { name: 'no shortDescription', text: variant((m) => (m.spec.shortDescription = ' ')), errors: ['spec.shortDescription: required'] },
    { name: 'a two-line shortDescription', text: variant((m) => (m.spec.shortDescription = 'Find out\nwhy')), errors: ['spec.shortDescription: must be one line'] },
    { name: 'no description', text: variant((m) => delete (m.spec as Partial<typeof m.spec>).description), errors: ['spec.description: required'] },
    { name: 'no platforms', text: variant((m) => (m.spec.platforms = [])), errors: ['spec.platforms: at least one platform is required'] },
    { name: 'no selector', text: variant((_, p) => delete p[0]!.selector), errors: ['spec.platforms[0].selector: required'] },
    { name: 'an empty selector', text: variant((_, p) => (p[0]!.selector = { matchLabels: {} })), errors: ['spec.platforms[0].selector: must not be empty (use matchLabels os/arch)'] },
    { name: 'a selector on another label', text: variant((_, p) => (p[0]!.selector = { matchLabels: { os: 'linux', distro: 'debian' } })), errors: ['spec.platforms[0].selector: key "distro" is not supported (only os and arch)'] },
    { name: 'an unknown operator', text: variant((_, p) => (p[0]!.selector = { matchExpressions: [{ key: 'os', operator: 'Equals', values: ['linux'] }] })), errors: ['spec.platforms[0].selector.matchExpressions[0].operator: must be In, NotIn, Exists or DoesNotExist, got "Equals"'] },
    {
      name: 'two platforms selecting linux/amd64',
      text: variant((_, p) => p.push({ selector: { matchLabels: { os: 'linux' } }, uri: 'https://example.test/b.tar.gz', sha256: 'c'.repeat(64), bin: 'b' })),
      errors: ['spec.platforms: linux/amd64 is selected by more than one platform ([0], [2])'],
    },
    { name: 'no uri', text: variant((_, p) => delete p[0]!.uri), errors: ['spec.platforms[0].uri: required'] },
    { name: 'a uri that is no archive', text: variant((_, p) => (p[0]!.uri = 'https://example.test/kubectl-rollouts_plugins')), errors: ['spec.platforms[0].uri: must be an https URL of a .tar.gz or .zip archive, got "https://example.test/kubectl-rollouts_plugins"'] },
    { name: 'a plain-http uri', text: variant((_, p) => (p[0]!.uri = 'http://example.test/a.tar.gz')), errors: ['spec.platforms[0].uri: must be an https URL of a .tar.gz or .zip archive, got "http://example.test/a.tar.gz"'] },
    { name: 'no sha256', text: variant((_, p) => delete p[1]!.sha256), errors: ['spec.platforms[1].sha256: required'] },
    { name: 'an uppercase sha256', text: variant((_, p) => (p[0]!.sha256 = 'A'.repeat(64))), errors: [`spec.platforms[0].sha256: must match ^[a-f0-9]{64}$ (64 lowercase hex digits), got "${'A'.repeat(64)}"`] },
    { name: 'a short sha256', text: variant((_, p) => (p[0]!.sha256 = 'abc')), errors: ['spec.platforms[0].sha256: must match ^[a-f0-9]{64}$ (64 lowercase hex digits), got "abc"'] },
    { name: 'no bin', text: variant((_, p) => delete p[0]!.bin), errors: ['spec.platforms[0].bin: required'] },
    { name: 'a windows bin without .exe', text: variant((_, p) => (p[1]!.bin = 'kubectl-rollouts_plugins')), errors: ['spec.platforms[1].bin: must end in .exe on windows (only .exe entry points work there), got "kubectl-rollouts_plugins"'] },
    { name: 'empty files', text: variant((_, p) => (p[0]!.files = [])), errors: ['spec.platforms[0].files: must be omitted or non-empty'] },
    {
      name: 'files without to and without the LICENSE',
      text: variant((_, p) => (p[0]!.files = [{ from: 'kubectl-rollouts_plugins' }])),
      errors: ['spec.platforms[0].files[0].to: required', 'spec.platforms[0].files: must extract a LICENSE file'],
    },
  ];
  it.each(invalid)('rejects $name', ({ text, errors }) => {
    expect(validateKrewManifest(text, 'rollouts-plugins')).toEqual(errors);
  });
});
