/**
 * krew manifests: render a krew-release-bot template like the bot does, and check a manifest
 * against krew's and krew-index's rules. Pure: no I/O.
 */
import { parse } from 'yaml';

export const KREW_API_VERSION = 'krew.googlecontainertools.github.com/v1alpha2';
const SAFE_NAME = /^[\w-]+$/;
// Names Windows cannot give a file, which krew refuses as plugin names.
const WINDOWS_RESERVED = /^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])$/i;
const SHA256 = /^[a-f0-9]{64}$/;
// krew's semver: a leading `v`, then MAJOR.MINOR.PATCH with optional pre-release and build.
const KREW_VERSION = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
const SELECTOR_KEYS = new Set(['os', 'arch']);
// The os/arch pairs krew can run on, for finding two platforms that select the same machine.
const KNOWN_OS = ['darwin', 'linux', 'windows'];
const KNOWN_ARCH = ['386', 'amd64', 'arm', 'arm64', 'ppc64le', 's390x'];

/** Stand-in for krew-release-bot's sha256 of an uploaded asset. */
export type AssetSha256 = (uri: string) => string;

/**
 * Renders the template as krew-release-bot does on a release: `{{ .TagName }}`, and
 * `{{ addURIAndSha "URL" .TagName }}` becomes `uri: URL` plus `sha256:` on the next line, indented
 * four spaces (the bot's fixed layout). Any other template action is an error.
 */
export function renderKrewTemplate(template: string, tag: string, sha256Of: AssetSha256): string {
  const version = /\d+(\.\d+)+/.exec(tag)?.[0] ?? tag;
  const fillTag = (text: string) => text.replace(/\{\{\s*\.TagName\s*\}\}/g, tag).replace(/\{\{\s*\.Version\s*\}\}/g, version);
  const rendered = fillTag(
    template.replace(/\{\{\s*addURIAndSha\s+"([^"]*)"\s+\.TagName\s*\}\}/g, (_, uri: string) => {
      const url = fillTag(uri);
      return `uri: ${url}\n    sha256: ${sha256Of(url)}`;
    }),
  );
  const leftover = /\{\{.*?\}\}/.exec(rendered);
  if (leftover) throw new Error(`unsupported template action ${leftover[0]}`);
  return rendered;
}

interface LabelSelectorRequirement {
  key?: unknown;
  operator?: unknown;
  values?: unknown;
}

interface Selector {
  matchLabels?: Record<string, unknown> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

interface Platform {
  selector?: Selector | null;
  uri?: unknown;
  sha256?: unknown;
  bin?: unknown;
  files?: { from?: unknown; to?: unknown }[] | null;
}

/**
 * Every rule the manifest breaks, each as `<field path>: <what is wrong>`; empty when krew and
 * krew-index would accept it. `fileName` is the plugin's name in krew-index (metadata.name must
 * equal it).
 */
export function validateKrewManifest(text: string, fileName: string): string[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    return [`manifest: not YAML: ${(error as Error).message.split('\n')[0]}`];
  }
  if (!isObject(doc)) return ['manifest: must be a YAML mapping'];
  const errors: string[] = [];
  if (doc.apiVersion !== KREW_API_VERSION) errors.push(`apiVersion: must be "${KREW_API_VERSION}", got ${show(doc.apiVersion)}`);
  if (doc.kind !== 'Plugin') errors.push(`kind: must be "Plugin", got ${show(doc.kind)}`);
  const name = isObject(doc.metadata) ? doc.metadata.name : undefined;
  if (typeof name !== 'string' || !SAFE_NAME.test(name) || WINDOWS_RESERVED.test(name)) {
    errors.push(`metadata.name: must match ${SAFE_NAME.source} and not be a reserved Windows name, got ${show(name)}`);
  } else if (name !== fileName) {
    errors.push(`metadata.name: must equal the manifest's name in krew-index "${fileName}", got "${name}"`);
  }
  const spec = isObject(doc.spec) ? doc.spec : {};
  if (typeof spec.version !== 'string' || !KREW_VERSION.test(spec.version)) {
    errors.push(`spec.version: must be "v" followed by a semantic version (v1.2.3), got ${show(spec.version)}`);
  }
  if (typeof spec.shortDescription !== 'string' || spec.shortDescription.trim() === '') {
    errors.push('spec.shortDescription: required');
  } else if (/[\r\n]/.test(spec.shortDescription)) {
    errors.push('spec.shortDescription: must be one line');
  }
  if (typeof spec.description !== 'string' || spec.description.trim() === '') errors.push('spec.description: required');
  if (!Array.isArray(spec.platforms) || spec.platforms.length === 0) {
    errors.push('spec.platforms: at least one platform is required');
    return errors;
  }
  const platforms = spec.platforms as Platform[];
  platforms.forEach((platform, index) => errors.push(...validatePlatform(platform, `spec.platforms[${index}]`)));
  errors.push(...overlappingPlatforms(platforms));
  return errors;
}

function validatePlatform(platform: Platform, at: string): string[] {
  if (!isMapping(platform)) return [`${at}: must be a mapping`];
  const errors = validateSelector(platform.selector, `${at}.selector`);
  const { uri, sha256, bin } = platform;
  if (typeof uri !== 'string' || uri === '') errors.push(`${at}.uri: required`);
  else if (!/^https:\/\//.test(uri) || !/\.(tar\.gz|tgz|zip)$/.test(uri)) {
    errors.push(`${at}.uri: must be an https URL of a .tar.gz or .zip archive, got "${uri}"`);
  }
  if (typeof sha256 !== 'string' || sha256 === '') errors.push(`${at}.sha256: required`);
  else if (!SHA256.test(sha256)) errors.push(`${at}.sha256: must match ${SHA256.source} (64 lowercase hex digits), got "${sha256}"`);
  if (typeof bin !== 'string' || bin === '') errors.push(`${at}.bin: required`);
  else if (selectsOs(platform.selector, 'windows') && !bin.endsWith('.exe')) {
    errors.push(`${at}.bin: must end in .exe on windows (only .exe entry points work there), got "${bin}"`);
  }
  if (platform.files !== undefined && platform.files !== null) {
    if (!Array.isArray(platform.files) || platform.files.length === 0) errors.push(`${at}.files: must be omitted or non-empty`);
    else {
      platform.files.forEach((file, i) => {
        if (typeof file?.from !== 'string' || file.from === '') errors.push(`${at}.files[${i}].from: required`);
        if (typeof file?.to !== 'string' || file.to === '') errors.push(`${at}.files[${i}].to: required`);
      });
      if (!platform.files.some((file) => typeof file?.from === 'string' && /(^|\/)LICEN[CS]E/i.test(file.from))) {
        errors.push(`${at}.files: must extract a LICENSE file`);
      }
    }
  }
  return errors;
}

function validateSelector(selector: Selector | null | undefined, at: string): string[] {
  if (!isMapping(selector)) return [`${at}: required`];
  const { matchLabels, matchExpressions } = selector;
  const hasLabels = isObject(matchLabels) && Object.keys(matchLabels).length > 0;
  const hasExpressions = Array.isArray(matchExpressions) && matchExpressions.length > 0;
  if (!hasLabels && !hasExpressions) return [`${at}: must not be empty (use matchLabels os/arch)`];
  const errors: string[] = [];
  const keys = [...Object.keys(hasLabels ? matchLabels : {}), ...(hasExpressions ? matchExpressions.map((e) => String(e?.key)) : [])];
  for (const key of keys) if (!SELECTOR_KEYS.has(key)) errors.push(`${at}: key "${key}" is not supported (only os and arch)`);
  (hasExpressions ? matchExpressions : []).forEach((expression, i) => {
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(String(expression?.operator))) {
      errors.push(`${at}.matchExpressions[${i}].operator: must be In, NotIn, Exists or DoesNotExist, got ${show(expression?.operator)}`);
    }
  });
  return errors;
}

/**
 * Whether the selector picks the machine with these labels (Kubernetes label selector rules). An
 * empty selector, which krew refuses, picks nothing here so that it is reported only once.
 */
function selects(selector: Selector | null | undefined, labels: Record<string, string>): boolean {
  if (!isMapping(selector)) return false;
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  if (Object.keys(selector.matchLabels ?? {}).length === 0 && expressions.length === 0) return false;
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpression = expressions.every(({ key, operator, values }) => {
    const value = labels[String(key)];
    const list = Array.isArray(values) ? values.map(String) : [];
    switch (operator) {
      case 'In': return value !== undefined && list.includes(value);
      case 'NotIn': return value === undefined || !list.includes(value);
      case 'Exists': return value !== undefined;
      case 'DoesNotExist': return value === undefined;
      default: return false;
    }
  });
  return byLabel && byExpression;
}

function selectsOs(selector: Selector | null | undefined, os: string): boolean {
  return KNOWN_ARCH.some((arch) => selects(selector, { os, arch }));
}

function overlappingPlatforms(platforms: Platform[]): string[] {
  const errors: string[] = [];
  for (const os of KNOWN_OS) {
    for (const arch of KNOWN_ARCH) {
      const matching = platforms.flatMap((p, i) => (isMapping(p) && selects(p.selector, { os, arch }) ? [i] : []));
      if (matching.length > 1) {
        errors.push(`spec.platforms: ${os}/${arch} is selected by more than one platform (${matching.map((i) => `[${i}]`).join(', ')})`);
      }
    }
  }
  return errors;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** isObject for values already typed as the mapping they should be. */
function isMapping<T extends object>(value: T | null | undefined): value is T {
  return isObject(value);
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
