/**
 * Reads the data of `argo-rollouts-config` exactly as the controller does at start-up
 * (utils/config/config.go, utils/plugin/downloader.go) and records the facts checks need: each
 * entry as decoded, what YAML wrote, where the plugin is taken from, and the start-up verdict.
 */
import { stringify } from 'yaml';
import { decodeInto, findField, pluginItemType, yamlToJson, GoJsonError, type GoTarget } from './gojson.js';
import { decodeGoYamlSteps, GoYamlError, type GoValue } from './goyaml.js';
import { atOnce, mapInSteps, type Steps } from '../core/steps.js';
import { absPath, cleanPath, parseRequestURI, urlString } from './gourl.js';
import { closest } from '../core/suggest.js';
import {
  CONTROLLER_WORKDIR,
  PLUGIN_FOLDER,
  PLUGIN_KEY_NAMES,
  PLUGIN_KEYS,
  PLUGIN_NAME_PATTERN,
  PLUGIN_TYPE_WORDS,
  type ConfigFacts,
  type InputProblem,
  type KeyFacts,
  type LocationFacts,
  type ParsedEntry,
  type PluginKey,
  type Sha256State,
  type StartupVerdict,
  type UnknownDataKey,
  type UnknownField,
  type UnmarshalError,
} from './types.js';
import { placeholderAnswer, placeholderIn } from './placeholder.js';
import { isSha256Hex } from './sha256.js';
import { controllerFeatures, parseControllerVersion, type ControllerFeatures, type KnownRelease } from './version.js';


const LATEST = controllerFeatures(undefined);

export interface ParseOptions {
  /** `v1.7.2`, an image tag...; absent: the newest release is assumed. */
  controllerVersion?: string;
  /** For evidence: where the data came from. */
  source?: string;
  /** Problems the source reader already found (bad YAML, helm shapes...). */
  inputProblems?: InputProblem[];
  /** The controller's pod spec is read too (doctor). */
  podSpecRead?: boolean;
}

interface DecodedKey {
  value?: GoValue;
  items?: Array<Record<string, unknown>>;
  error?: UnmarshalError;
  /** Where a value had a type the struct cannot take (gojson DecodeResult.typeErrors). */
  typeErrors?: Array<Array<string | number>>;
}

/** sigs.k8s.io/yaml.Unmarshal(text, &[]types.PluginItem) for one data value. */
function* unmarshalPluginList(text: string, itemType: GoTarget): Steps<DecodedKey> {
  let value: GoValue;
  try {
    value = yield* decodeGoYamlSteps(text);
  } catch (error) {
    if (!(error instanceof GoYamlError)) throw error;
    return {
      error: {
        message: `error converting YAML to JSON: ${error.message}`,
        stage: 'yaml',
        ...(error.line !== undefined && { line: error.line }),
        ...(error.column !== undefined && { column: error.column }),
        exactWording: error.exactWording,
      },
    };
  }
  try {
    const json = yamlToJson(value, itemType);
    const decoded = decodeInto(json, itemType);
    const items = (decoded.value as Array<Record<string, unknown>> | undefined) ?? [];
    if (decoded.error !== undefined) {
      return { value, items, error: { message: `error unmarshaling JSON: while decoding JSON: ${decoded.error}`, stage: 'json', exactWording: true }, typeErrors: decoded.typeErrors ?? [] };
    }
    return { value, items };
  } catch (error) {
    if (!(error instanceof GoJsonError)) throw error;
    return { value, error: { message: `error converting YAML to JSON: ${error.message}`, stage: 'yaml', exactWording: true } };
  }
}

function scalarKeyString(key: GoValue): string {
  if (key.t === 'str') return key.v;
  if (key.t === 'int' || key.t === 'bool') return String(key.v);
  if (key.t === 'float') return key.src;
  return '';
}

function structFields(type: GoTarget): NonNullable<Extract<GoTarget, { kind: 'struct' }>['fields']> {
  return type.kind === 'struct' ? type.fields : [];
}

/** Field names a user can mean (the Go-only `Type` field is not one to suggest). */
function suggestionNames(type: GoTarget): string[] {
  return structFields(type)
    .map((f) => f.name)
    .filter((n) => n !== 'Type');
}

/** Unknown keys anywhere in a mapping of `type`, recursing into known nested structs. */
function collectUnknown(value: GoValue, type: GoTarget, path: string, out: UnknownField[]): void {
  if (type.kind === 'slice' && value.t === 'seq') {
    value.items.forEach((item, i) => collectUnknown(item, type.elem, `${path}[${i}]`, out));
    return;
  }
  if (type.kind !== 'struct' || value.t !== 'map') return;
  for (const [k, v] of value.entries) {
    const key = scalarKeyString(k);
    const field = findField(type.fields, key);
    const where = path ? `${path}.${key}` : key;
    if (field) collectUnknown(v, field.target, where, out);
    else {
      const suggestion = closest(key, suggestionNames(type));
      out.push({ key, path: where, line: k.line, ...(suggestion && { suggestion }) });
    }
  }
}

function describeGoValue(v: GoValue): string {
  switch (v.t) {
    case 'null':
      return 'null';
    case 'str':
      return 'a string';
    case 'seq':
      return 'a list';
    case 'map':
      return 'a mapping';
    case 'bool':
      return `the boolean ${v.src}`;
    default:
      return `the number ${v.src}`;
  }
}

/** `/OWNER/REPO/releases/download/TAG/ASSET` or `/OWNER/REPO/releases/latest/download/ASSET`. */
const GITHUB_RELEASE_PATH = /^\/[^/]+\/[^/]+\/releases\/(?:latest\/)?download\/[^/]+/;

/** Where the controller takes a plugin from, as Go's url.ParseRequestURI and filepath.Abs read `location`. */
export function locationFacts(location: string): LocationFacts {
  const parsed = parseRequestURI(location);
  if ('error' in parsed) return { kind: 'unparseable', parseError: parsed.error };
  const url = parsed.url;
  const facts: LocationFacts = {
    scheme: url.scheme,
    kind: url.scheme === 'http' || url.scheme === 'https' || url.scheme === 'file' ? url.scheme : 'other-scheme',
  };
  if (url.user) facts.hasUserinfo = true;
  if (facts.kind === 'file') {
    facts.target = absPath(url.host + url.path, CONTROLLER_WORKDIR);
    if (url.host !== '') facts.fileHost = url.host;
  } else if (facts.kind === 'http' || facts.kind === 'https') {
    facts.target = urlString(url);
    if (url.host === '') facts.missingHost = true;
    const placeholder = placeholderIn(url.path);
    if (placeholder !== undefined) facts.placeholderPath = placeholder;
    if (url.host.toLowerCase() === 'github.com' && GITHUB_RELEASE_PATH.test(url.path)) facts.githubRelease = true;
  }
  return facts;
}

function sha256State(sha256: string, facts: LocationFacts, features: ControllerFeatures): Sha256State {
  if (facts.kind !== 'http' && facts.kind !== 'https') return 'unchecked';
  if (sha256 === '') return 'unpinned';
  if (!features.sha256Compared) return 'cannot-match';
  return isSha256Hex(sha256) ? 'pinned' : 'cannot-match';
}

const asString = (v: unknown) => (typeof v === 'string' ? v : '');

/** Directories of the official image: a file:// location resolving to one can never be copied. */
const KNOWN_DIRECTORIES = new Set(['/', '/home', CONTROLLER_WORKDIR, `${CONTROLLER_WORKDIR}/${PLUGIN_FOLDER}`, '/tmp']);

/** Per entry, the fields whose value the struct could not take (all of them when the entry itself could not be: a string, a list). */
function undecodedFields(decoded: DecodedKey, elemType: GoTarget): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const [index, field] of decoded.typeErrors ?? []) {
    if (typeof index !== 'number') continue;
    const fields = out.get(index) ?? new Set<string>();
    for (const name of typeof field === 'string' ? [field] : structFields(elemType).map((f) => f.name)) fields.add(name);
    out.set(index, fields);
  }
  return out;
}

function buildEntries(key: PluginKey, decoded: DecodedKey, features: ControllerFeatures): Steps<ParsedEntry[]> {
  const itemType = pluginItemType(LATEST);
  const elemType = itemType.kind === 'slice' ? itemType.elem : itemType;
  const seq = decoded.value?.t === 'seq' ? decoded.value.items : [];
  const undecoded = undecodedFields(decoded, elemType);
  return mapInSteps(decoded.items ?? [], (item, index) => {
    const raw = seq[index];
    const name = asString(item.name);
    const location = asString(item.location);
    const sha256 = asString(item.sha256);
    const facts = locationFacts(location);
    const nameMatch = PLUGIN_NAME_PATTERN.exec(name);
    const entry: ParsedEntry = {
      type: PLUGIN_KEYS[key],
      key,
      index,
      name,
      location,
      ...(raw && raw.line > 0 && { line: raw.line }),
      unknownFields: [],
      coerced: [],
      nameValid: nameMatch !== null,
      ...(nameMatch && { destination: cleanPath(`${CONTROLLER_WORKDIR}/${PLUGIN_FOLDER}/${nameMatch[1]}/${nameMatch[2]}`) }),
      locationFacts: facts,
      sha256State: sha256State(sha256, facts, features),
      headersFromEmptyNames: 0,
    };
    const notDecoded = undecoded.get(index);
    if (notDecoded) entry.undecoded = [...notDecoded];
    if (sha256 !== '') entry.sha256 = sha256;
    if (Array.isArray(item.args) && !notDecoded?.has('args')) entry.args = item.args.map(asString);
    if (Array.isArray(item.headersFrom) && !notDecoded?.has('headersFrom')) {
      const names = item.headersFrom.map((h) => asString((h as { secretRef?: { name?: unknown } }).secretRef?.name));
      entry.headersFrom = names;
      entry.headersFromEmptyNames = names.filter((n) => n === '').length;
    }
    if (item.disabled === true) entry.disabled = true;
    if (raw && raw.t !== 'map') entry.notAMapping = describeGoValue(raw);
    if (raw?.t === 'map') {
      for (const [k, v] of raw.entries) {
        const keyText = scalarKeyString(k);
        const field = findField(structFields(elemType), keyText);
        if (!field) continue;
        if (field.target.kind === 'string' && (v.t === 'int' || v.t === 'float' || v.t === 'bool')) {
          const result = asString(item[field.name]);
          entry.coerced.push({ field: field.name, from: v.t, written: v.src, result });
        }
        if (field.name === 'args' && v.t === 'seq') {
          v.items.forEach((el, i) => {
            if (el.t === 'int' || el.t === 'float' || el.t === 'bool')
              entry.coerced.push({ field: `args[${i}]`, from: el.t, written: el.src, result: entry.args?.[i] ?? '' });
          });
        }
      }
      collectUnknown(raw, elemType, '', entry.unknownFields);
    }
    return entry;
  });
}

function shapeOf(present: boolean, value: GoValue | undefined): KeyFacts['shape'] {
  if (!present) return 'absent';
  if (!value || value.t === 'null') return 'empty';
  if (value.t === 'seq') return value.items.length === 0 ? 'empty' : 'list';
  return value.t === 'map' ? 'map' : 'scalar';
}

function findUnknownDataKeys(data: Record<string, unknown>): UnknownDataKey[] {
  const out: UnknownDataKey[] = [];
  for (const key of Object.keys(data)) {
    if ((PLUGIN_KEY_NAMES as string[]).includes(key)) continue;
    const lower = key.toLowerCase();
    const byWord = PLUGIN_KEY_NAMES.find((k) => lower.includes('plugin') && lower.slice(0, 4) === k.toLowerCase().slice(0, 4));
    // `canaryStepPlugins`: a key of its own ending in the real one.
    const bySuffix = PLUGIN_KEY_NAMES.find((k) => lower.endsWith(k.toLowerCase()));
    const suggestion = byWord ?? bySuffix ?? (closest(key, PLUGIN_KEY_NAMES) as PluginKey | undefined);
    const value = data[key];
    if (suggestion || lower.includes('plugin')) out.push({ key, ...(suggestion && { suggestion }), ...(typeof value === 'string' && { value }) });
  }
  return out;
}

/** How the controller's log.Fatalf words an error of DownloadPlugins (controller/controller.go). */
export const DOWNLOAD_FATAL_PREFIX = 'Failed to download plugins: ';

/** The first thing that stops the controller at start-up, in the order it does things. */
function startupVerdict(keys: KeyFacts[], versionEntries: ParsedEntry[], features: ControllerFeatures): StartupVerdict {
  for (const k of keys) {
    if (!k.unmarshalError) continue;
    return {
      outcome: 'rejected',
      fatal: {
        phase: 'init-config',
        key: k.key,
        message: `Failed to init config: failed to unmarshal ${PLUGIN_TYPE_WORDS[PLUGIN_KEYS[k.key]]} plugins while initializing: ${k.unmarshalError.message}`,
      },
    };
  }
  if (!features.plugins) return { outcome: 'accepted' };
  for (const e of versionEntries) {
    if (e.nameValid) continue;
    return {
      outcome: 'rejected',
      fatal: {
        phase: 'init-config',
        key: e.key,
        index: e.index,
        name: e.name,
        message: `Failed to init config: validation of config due to (plugin repository (${e.name}) must be in the format of <namespace>/<name>)`,
      },
    };
  }
  for (const e of versionEntries) {
    const fatal = downloadFatal(e, features);
    if (fatal) {
      return {
        outcome: 'rejected',
        fatal: {
          phase: 'download-plugins',
          key: e.key,
          index: e.index,
          name: e.name,
          message: `${DOWNLOAD_FATAL_PREFIX}${fatal.error}`,
          ...(fatal.onErrorStatus && { onErrorStatus: `${DOWNLOAD_FATAL_PREFIX}${fatal.onErrorStatus}` }),
        },
      };
    }
  }
  return { outcome: 'accepted' };
}

/**
 * The download-phase error this entry certainly causes, whatever the files are and with the server
 * reached: `error`, and when that line depends on the server's answer, `onErrorStatus` (StartupVerdict).
 */
export interface DownloadFatal {
  error: string;
  onErrorStatus?: string;
}

/** The download-phase error this entry certainly causes (DownloadFatal), in the controller's order. */
export function downloadFatal(e: ParsedEntry, features: ControllerFeatures): DownloadFatal | undefined {
  const facts = e.locationFacts;
  if (facts.parseError) return { error: `failed to parse plugin location: ${facts.parseError}` };
  if (facts.kind === 'http' || facts.kind === 'https') {
    if (features.v18 && e.headersFromEmptyNames > 0)
      return { error: 'failed to get secret in secretRef: resource name may not be empty' };
    const failedDownload = (cause: string) => `failed to download plugin from ${e.location}: failed to download file from ${facts.target}: ${cause}`;
    if (facts.missingHost) return { error: failedDownload(`Get "${facts.target}": http: no Host in request URL`) };
    if (e.sha256State !== 'cannot-match') return undefined;
    const mismatch = `sha256 hash of downloaded plugin (${e.location}) does not match expected hash`;
    // The sha256 is compared once the download is written; from v1.8.0 a download answered with an error
    // status fails first, as a placeholder URL is. Before, the error page is saved and compared.
    if (!features.downloadStatusChecked) return { error: mismatch };
    switch (placeholderAnswer(facts)) {
      case 'github-not-found':
        return { error: failedDownload('response code Not Found') };
      case 'unknown':
        return { error: mismatch, onErrorStatus: failedDownload('response code …') };
      default:
        return { error: mismatch };
    }
  }
  if (facts.kind === 'file') {
    if (facts.target && e.destination && KNOWN_DIRECTORIES.has(facts.target))
      return { error: `failed to copy plugin from ${facts.target} to ${e.destination}: ${facts.target} is not a regular file` };
    return undefined;
  }
  return { error: 'plugin location must be of http(s) or file scheme' };
}


/**
 * Parses ConfigMap data like the controller. `data` undefined means there is no ConfigMap.
 * Never throws for bad input: every problem ends up in the facts.
 */
export function parseConfigMapData(data: Record<string, unknown> | undefined, opts: ParseOptions = {}): ConfigFacts {
  return atOnce(parseConfigMapDataSteps(data, opts));
}

/** parseConfigMapData in steps (core/steps.ts). */
export function* parseConfigMapDataSteps(data: Record<string, unknown> | undefined, opts: ParseOptions = {}): Steps<ConfigFacts> {
  const version = opts.controllerVersion ? parseControllerVersion(opts.controllerVersion) : undefined;
  const features = controllerFeatures(version);
  const inputProblems: InputProblem[] = [...(opts.inputProblems ?? [])];
  const latestType = pluginItemType(LATEST);
  const sameStruct = features.args === LATEST.args && features.v18 === LATEST.v18;
  const versionType = sameStruct ? latestType : pluginItemType(features);
  const keys: KeyFacts[] = [];
  const entries: ParsedEntry[] = [];
  const versionEntries: ParsedEntry[] = [];
  for (const key of PLUGIN_KEY_NAMES) {
    const value = data?.[key];
    if (value !== undefined && typeof value !== 'string') {
      inputProblems.push({
        kind: 'data-value-not-string',
        key,
        message: `data.${key} is ${Array.isArray(value) ? 'a YAML list' : value === null ? 'null' : `a ${typeof value === 'object' ? 'mapping' : typeof value}`}, but ConfigMap data values must be strings: the API server rejects this manifest`,
        // The entries as written: the fix puts them into the block string the controller reads.
        ...(Array.isArray(value) && { detail: stringify(value, { version: '1.1' }).replace(/\n$/, '') }),
      });
    }
    const text = typeof value === 'string' ? value : undefined;
    const ignoredByController = !features.plugins || (key === 'stepPlugins' && !features.v18);
    const latest = yield* unmarshalPluginList(text ?? '', latestType);
    const forVersion = versionType === latestType ? latest : yield* unmarshalPluginList(text ?? '', versionType);
    const keyEntries = yield* buildEntries(key, latest, features);
    const versionError = ignoredByController ? undefined : forVersion.error;
    const facts: KeyFacts = {
      key,
      present: text !== undefined,
      ignoredByController,
      shape: shapeOf(text !== undefined, latest.value),
      entries: keyEntries,
      ...(versionError && { unmarshalError: versionError }),
      ...(latest.error && latest.error.message !== versionError?.message && { newestReleaseError: latest.error }),
    };
    keys.push(facts);
    // Loops, not push(...): a hostile list of 200,000 entries exceeds V8's argument limit.
    for (const e of keyEntries) entries.push(e);
    if (!ignoredByController && !forVersion.error) {
      for (const e of forVersion === latest ? keyEntries : yield* buildEntries(key, forVersion, features)) versionEntries.push(e);
    }
  }
  const verdict = startupVerdict(keys, versionEntries, features);
  return {
    source: opts.source ?? 'ConfigMap data',
    configMapFound: data !== undefined,
    ...(opts.controllerVersion && { controllerVersion: opts.controllerVersion }),
    versionKnown: version !== undefined,
    features,
    ...(opts.podSpecRead && { podSpecRead: true }),
    keys,
    unknownDataKeys: data ? findUnknownDataKeys(data) : [],
    entries,
    verdict,
    inputProblems,
  };
}

/**
 * The entries the controller of this version reads: keys it ignores (stepPlugins before v1.8,
 * everything before v1.5) are never downloaded, so they are not probed, launched or judged.
 */
export function entriesReadByController(config: ConfigFacts): ParsedEntry[] {
  const read = new Set(config.keys.filter((k) => !k.ignoredByController).map((k) => k.key));
  return config.entries.filter((e) => read.has(e.key));
}

/** The name of a ConfigMap the controller does not read (configmap-wrong-name): nothing in it decides the restart verdict. */
export function unreadConfigMapName(config: ConfigFacts): string | undefined {
  return config.inputProblems.find((p) => p.kind === 'configmap-wrong-name')?.key;
}

/** Configured plugins the controller does not load, and why: an ok verdict must not count them as loaded. */
export interface PluginsNotLoaded {
  plugins: string[];
  why: string;
}

/** What of a configuration the controller loads none of: a ConfigMap it does not read, keys its release ignores. */
export function pluginsNotLoaded(config: ConfigFacts): PluginsNotLoaded[] {
  const name = unreadConfigMapName(config);
  const names = (entries: readonly ParsedEntry[]) => entries.map((e) => e.name);
  if (name !== undefined) return config.entries.length > 0 ? [{ plugins: names(config.entries), why: `it reads argo-rollouts-config, not ConfigMap ${name}` }] : [];
  const release = `controller ${config.controllerVersion}`;
  if (!config.features.plugins) return config.entries.length > 0 ? [{ plugins: names(config.entries), why: `${release} has no plugin support (v1.5.0 and later)` }] : [];
  return config.keys
    .filter((k) => k.ignoredByController && k.entries.length > 0)
    .map((k) => ({ plugins: names(k.entries), why: `${release} does not read data.${k.key} (v1.8.0 and later)` }));
}

/** The controller release a configuration was parsed for, when it is known by name. */
export function knownRelease(config: ConfigFacts): KnownRelease | undefined {
  return config.versionKnown && config.controllerVersion ? { version: config.controllerVersion, features: config.features } : undefined;
}
