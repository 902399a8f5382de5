/**
 * Where `lint -f` finds the configuration: a ConfigMap manifest, a multi-document stream
 * (`kustomize build`, `helm template`), an argo-helm values file, or bare ConfigMap data; `-` is
 * stdin. Rollouts and AnalysisTemplates found alongside feed the usage cross-check. Input that is
 * not YAML at all is a UsageError (exit 2); problems a user can fix in the YAML are InputProblems.
 */
import { readdir, stat } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { formatSize } from '../core/size.js';
import { editDistance } from '../core/suggest.js';
import { UsageError } from '../core/errors.js';
import { BoundedReadError, readBounded } from '../core/read-bounded.js';
import { inTurns } from '../core/steps.js';
import { stringify } from 'yaml';
import { decodeGoYamlStream, decodeGoYamlStreamSteps, quotedScalarLineStarts, toPlain, type FilePosition, type GoValue, type StreamDocument } from './goyaml.js';
import { hasKustomizeHashSuffix, PLUGIN_KEY_NAMES, type InputProblem } from './types.js';
import { CHART_NAME, chartRendering, chartVersionFromChartYaml, isChartValues, isValuesFileName, valuesControllerVersion, type ChartRendering, type ValuesControllerVersion } from './helm-chart.js';
import { isPlainObject, type PlainObject } from '../core/plain-object.js';
import type { ObjectPlace, ObjectPlaces } from './usage.js';

/** The ConfigMap the controller reads. */
export const CONFIGMAP_NAME = 'argo-rollouts-config';

/** Bigger than any ConfigMap can be (1 MiB) by far; beyond it the input is not one, and reading stops. */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;

/** Input that cannot be linted at all (missing file, not YAML) is a UsageError: exit 2, one sentence. */
export { UsageError };

/** What `-f -` is called in descriptions and findings' locations. */
const STDIN_NAME = 'stdin';

/** Kinds whose plugin references the usage cross-check reads. */
export const USAGE_KINDS = new Set(['Rollout', 'AnalysisTemplate', 'ClusterAnalysisTemplate', 'AnalysisRun']);

/** One configuration found in the inputs, judged on its own by `lint`. */
export interface LoadedConfiguration {
  /** Where it came from: `cm.yaml (document 3)`, `values.yaml (helm values)`. */
  description: string;
  /** The input it is in, as given (`stdin` for `-`). */
  file: string;
  /** 1-based document index, in a multi-document stream. */
  document?: number;
  /** The description of the first configuration of its input, when that is another one: `doctor -f` on the input judges that one. */
  afterInItsInput?: string;
  /** The line its document starts at: where a finding about the whole configuration points. */
  line?: number;
  /** The ConfigMap data, as given; undefined when the input renders no ConfigMap. */
  data?: Record<string, unknown>;
  /** Problems of this configuration's input (bad YAML in its file, a helm shape...). */
  inputProblems: InputProblem[];
  /** Where an entry is in the file, when that is known; see EntryPositions. */
  positions?: EntryPositions;
  /** Helm values: the controller release they install, or what was assumed. */
  controllerVersion?: ValuesControllerVersion;
  /** The metadata.namespace of its ConfigMap manifest: where it, and the headersFrom Secrets it names, are applied. */
  namespace?: string;
  /**
   * The Rollouts, AnalysisTemplates... cross-checked with it: those of its own input and of the
   * inputs without a configuration (a stream rendered for one cluster belongs with its ConfigMap).
   */
  objects: unknown[];
}

/**
 * Finds a data key in the file (as written: a misspelt one too), or an entry of it: by its line inside
 * the data value (a literal block `key: |` keeps lines as they are in the file, a quoted value escapes
 * them on its own line) or, for helm values, by its index in the list; else at its key.
 */
export type EntryPositions = (key: string, entry?: { index: number; lineInValue: number | undefined }) => FilePosition | undefined;

/** Every configuration in the inputs, and the resources that use plugins. */
export interface LoadedInputs {
  configurations: LoadedConfiguration[];
  /** Rollouts, AnalysisTemplates... of the inputs that hold no configuration of their own. */
  objects: unknown[];
  /** Where each object of the inputs is in its file, for findings about what it names (a Rollout's plugin step). */
  objectPlaces: ObjectPlaces;
  /** Problems of inputs that hold no configuration (a broken document next to Rollouts). */
  inputProblems: InputProblem[];
  /** The inputs read, directories expanded. */
  files: string[];
}

export interface LoadedSources {
  /** Where the configuration came from: `cm.yaml (document 3)`, `values.yaml (helm values)`. */
  description: string;
  /** The ConfigMap data, as given; undefined when no configuration was found. */
  data?: Record<string, unknown>;
  /** Rollouts, AnalysisTemplates, ClusterAnalysisTemplates, AnalysisRuns found in the inputs. */
  objects: unknown[];
  inputProblems: InputProblem[];
  /** Helm values: the controller release they install, or what was assumed. */
  controllerVersion?: ValuesControllerVersion;
  /** The chosen configuration's place in its file, for the findings' locations. */
  chosen?: Pick<LoadedConfiguration, 'file' | 'document' | 'line' | 'positions' | 'namespace'>;
}

export interface ReadOptions {
  /** Reads all of stdin (for `-`); the caller owns the stream. */
  readStdin?: () => Promise<string | Buffer>;
  /** The run's deadline and Ctrl-C: a FIFO that never sends is not waited on past it. */
  signal?: AbortSignal;
  /** -R: read the directories given with -f recursively, as kubectl does. */
  recursive?: boolean;
  /** --chart-version: the argo-rollouts chart release of every values file (over a Chart.yaml beside it). */
  chartVersion?: string;
}

/** The files kubectl reads from a directory given with -f (resource.FileExtensions). */
const MANIFEST_EXTENSIONS = new Set(['.json', '.yaml', '.yml']);

/** An input to read: a path as given, or a file found in a directory given with -f. */
interface InputPath {
  path: string;
  /** The directory it was found in: a manifest there with nothing to lint (a Service) is passed over. */
  inDirectory?: string;
}

/**
 * A directory given with -f stands for its .json, .yaml and .yml files in lexical order, and with
 * -R those of its subdirectories too, like kubectl's filepath.Walk; anything else stays as given.
 */
async function expandDirectories(paths: readonly string[], recursive: boolean): Promise<InputPath[]> {
  const out: InputPath[] = [];
  for (const path of paths) {
    const info = path === '-' ? undefined : await stat(path).catch(() => undefined);
    if (!info?.isDirectory()) {
      out.push({ path });
      continue;
    }
    const found = await manifestsIn(path, recursive);
    if (found.length === 0)
      throw new UsageError(`${path} is a directory with no .yaml, .yml or .json file${recursive ? '' : ' (add -R to read its subdirectories)'}`);
    out.push(...found.map((file) => ({ path: file, inDirectory: path })));
  }
  return out;
}

async function manifestsIn(dir: string, recursive: boolean): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive) out.push(...(await manifestsIn(path, recursive)));
    } else if (MANIFEST_EXTENSIONS.has(extname(entry.name))) {
      // A named pipe or a device found in a walk is no manifest, and reading it would wait for a writer.
      // (A dangling link is read as given, and says so.)
      const target = entry.isFile() ? undefined : await stat(path).catch(() => undefined);
      if (target && !target.isFile())
        throw new UsageError(`${path} is not a regular file (a named pipe, a socket or a device): give it with -f ${path} to read it, or remove it from ${dir}`);
      out.push(path);
    }
  }
  return out;
}


/** Reads an input file with the size cap and the run's deadline; every failure is a usage error that says why. */
async function readInputFile(path: string, signal?: AbortSignal): Promise<Buffer> {
  try {
    return await readBounded(path, MAX_INPUT_BYTES, signal);
  } catch (error) {
    if (!(error instanceof BoundedReadError)) throw error;
    const tooLarge = `too large to be a ConfigMap or values file (the limit is ${formatSize(MAX_INPUT_BYTES)})`;
    if (error.reason === 'directory') throw new UsageError(`${path} is a directory; give a YAML file (or - for stdin)`);
    if (error.reason === 'too-large') throw new UsageError(error.size !== undefined ? `${path} is ${formatSize(error.size)}, ${tooLarge}` : `${path} is ${tooLarge}`);
    throw new UsageError(error.message);
  }
}

/** Chart metadata is a few KiB; a bigger Chart.yaml is not chart metadata, and is not read. */
const MAX_CHART_YAML_BYTES = 1024 * 1024;

/** What the Chart.yaml in a directory says: the chart release, or why it was not used. */
interface ChartBeside {
  chart?: ChartRendering;
  /** The Chart.yaml is there but could not be used: not a regular file, too large, unreadable. */
  unread?: string;
}

/** The Chart.yaml of each directory, looked up once per run (-R over many values files in one chart). */
type ChartLookups = Map<string, Promise<ChartBeside>>;

function chartBeside(path: string, lookups: ChartLookups, signal: AbortSignal | undefined): Promise<ChartBeside> {
  const dir = dirname(path);
  let lookup = lookups.get(dir);
  if (!lookup) {
    lookup = chartIn(dir, signal);
    lookups.set(dir, lookup);
  }
  return lookup;
}

/**
 * The argo-rollouts chart release the values files of `dir` are for, from its Chart.yaml (the chart
 * itself, or an umbrella chart's dependency at an exact version). Only a regular file under the cap
 * is read: a named pipe would wait for a writer, and nobody named this file.
 */
async function chartIn(dir: string, signal: AbortSignal | undefined): Promise<ChartBeside> {
  let unread: string | undefined;
  for (const name of ['Chart.yaml', 'Chart.yml']) {
    const chartPath = join(dir, name);
    const info = await stat(chartPath).catch(() => undefined);
    if (!info) continue;
    if (!info.isFile()) {
      unread ??= `the ${name} beside it is not a regular file`;
      continue;
    }
    if (info.size > MAX_CHART_YAML_BYTES) {
      unread ??= `the ${name} beside it is ${formatSize(info.size)}, more than the ${formatSize(MAX_CHART_YAML_BYTES, 0)} a ${name} may be`;
      continue;
    }
    let text: string;
    try {
      text = decodeText(await readBounded(chartPath, MAX_CHART_YAML_BYTES, signal), `the ${name} beside it`);
    } catch (error) {
      if (error instanceof BoundedReadError) unread ??= `the ${name} beside it could not be read (${error.message})`;
      else if (error instanceof UsageError) unread ??= error.message;
      else throw error;
      continue;
    }
    const doc = decodeGoYamlStream(text)[0];
    const chart = doc?.value ? toPlain(doc.value) : undefined;
    const version = isPlainObject(chart) ? chartVersionFromChartYaml(chart) : undefined;
    const rendering = version === undefined ? undefined : chartRendering(version, isPlainObject(chart) && chart.name === CHART_NAME ? `the ${name} beside it` : `a dependency in the ${name} beside it`);
    return rendering ? { chart: rendering } : {};
  }
  return unread ? { unread } : {};
}

/** Decodes UTF-8 strictly; binary data and other encodings are usage errors with the offending offset. */
function decodeText(bytes: Buffer, name: string): string {
  const sample = bytes.subarray(0, 8192);
  const controls = sample.filter((b) => b === 0 || (b < 32 && b !== 9 && b !== 10 && b !== 13)).length;
  if (sample.includes(0) || controls > sample.length / 20)
    throw new UsageError(`${name} is binary data, not YAML`);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    throw new UsageError(`${name} is not valid UTF-8 (byte 0x${(bytes[offset] ?? 0).toString(16)} at offset ${offset}); YAML must be UTF-8`);
  }
}

function firstInvalidUtf8(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] ?? 0;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0) return i;
    for (let j = 1; j < len; j++) if (((bytes[i + j] ?? 0) & 0xc0) !== 0x80) return i;
    i += len;
  }
  return 0;
}


interface Candidate {
  description: string;
  file: string;
  /** The line its document starts at. */
  line?: number;
  document?: number;
  positions?: EntryPositions;
  /** Undefined when the values render no ConfigMap at all. */
  data?: Record<string, unknown>;
  problems: InputProblem[];
  controllerVersion?: ValuesControllerVersion;
  /** See LoadedConfiguration.namespace. */
  namespace?: string;
}

/** What the chart's `{{- with }}` skips: the key is not rendered at all. */
function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === false || value === '' ||
    (Array.isArray(value) && value.length === 0) || (isPlainObject(value) && Object.keys(value).length === 0);
}

/**
 * What `helm template` renders into the ConfigMap from these values (templates/controller/configmap.yaml).
 * `chart`: the chart release, when known (from the Chart.yaml beside the values); else the newest,
 * which renders each non-empty value through toYaml into a block string. Old chart values (before
 * 2.38.0) were a map holding the string; with a chart from 2.37.8 on, that renders a mapping the
 * controller rejects, while older charts put the map's keys straight under `data:`.
 */
function renderHelmValues(file: string, controller: PlainObject, beside: ChartBeside, inFile?: ValuesInFile): Candidate {
  return { ...renderHelmData(file, controller, beside.chart, inFile), controllerVersion: valuesControllerVersion(controller, beside.chart, beside.unread) };
}

/** The values' `controller` node and the file's lines: where each rendered key and entry is written. */
interface ValuesInFile {
  controller: GoValue | undefined;
  lines: readonly string[];
}

function renderHelmData(file: string, controller: PlainObject, chart?: ChartRendering, inFile?: ValuesInFile): Candidate {
  const data: Record<string, unknown> = {};
  const paths: HelmValuePaths = new Map();
  // Filled in below, read only once a finding asks where its key or entry is.
  const positions = inFile && { positions: helmValuesPositions(inFile, paths) };
  // Where a problem about controller.<key> points (nothing for the chart's defaults).
  const keyAt = (key: string) => positions?.positions(key);
  const problems: InputProblem[] = [];
  const rendered = chart ? `helm values, as argo-rollouts chart ${chart.version} renders them` : 'helm values, as the argo-rollouts chart renders them';
  const listed = PLUGIN_KEY_NAMES.filter((key) => !isEmptyValue(controller[key]));
  if (controller.createConfigmap === false && (!chart || chart.createConfigmap)) {
    const createConfigmap = keyAt('createConfigmap');
    problems.push({
      kind: 'no-configmap',
      file,
      key: 'createConfigmap',
      message: `${file}: controller.createConfigmap is false, so this release does not create ${CONFIGMAP_NAME}; the controller reads the one another release created, or none`,
    });
    if (listed.length > 0) {
      problems.push({
        kind: 'helm-plugins-not-rendered',
        file,
        ...createConfigmap,
        key: listed.join(', '),
        message: `controller.${listed.join(', controller.')} ${listed.length > 1 ? 'are' : 'is'} set, but with controller.createConfigmap: false the chart renders no ConfigMap, so these plugins reach no controller`,
      });
    }
    return { description: `${file} (helm values)`, file, problems, ...positions };
  }
  if (chart && !chart.stepPlugins && listed.includes('stepPlugins')) {
    problems.push({
      kind: 'helm-plugins-not-rendered',
      file,
      ...keyAt('stepPlugins'),
      key: 'stepPlugins',
      message: `controller.stepPlugins is set, but chart ${chart.version} does not render it (stepPlugins came with chart 2.39.1), so these plugins reach no controller`,
    });
  }
  for (const key of listed) {
    if (key === 'stepPlugins' && chart && !chart.stepPlugins) continue;
    const value = controller[key];
    if (chart && !chart.valueUnderItsKey) {
      // Before 2.37.8 toYaml(value) went straight under data: a map gives its keys, anything else is no mapping at all.
      if (isPlainObject(value)) {
        Object.assign(data, value);
        for (const inner of Object.keys(value)) paths.set(inner, { key: [key, inner], entries: [key, inner] });
        continue;
      }
      problems.push({
        kind: 'configmap-data-not-mapping',
        file,
        ...keyAt(key),
        key,
        message: `chart ${chart.version} renders controller.${key} straight under the ConfigMap's data:, so data is ${Array.isArray(value) ? 'a list' : 'a scalar'}: the API server rejects this ConfigMap (argo-helm #2957; charts before 2.37.8 take the map shape {${key}: "…"})`,
        ...(Array.isArray(value) && { detail: stringify(value, { version: '1.1' }).replace(/\n$/, '') }),
      });
      continue;
    }
    data[key] = stringify(value, { version: '1.1' }).replace(/\n$/, '');
    if (Array.isArray(value)) paths.set(key, { key: [key], entries: [key] });
    else if (isPlainObject(value)) {
      const inner = value[key];
      // The list it holds, judged as the controller would meet it once the shape is fixed, is written there.
      paths.set(key, { key: [key], entries: [key, key] });
      problems.push({
        kind: 'helm-values-map-shape',
        key,
        file,
        message: `controller.${key} is a map (the values shape of chart versions before 2.38.0); ${chart ? `chart ${chart.version} renders` : 'charts from 2.37.8 on render'} it into the ConfigMap as a mapping, which the controller rejects at start-up`,
        ...(typeof inner === 'string' && { detail: inner }),
      });
    } else if (!Array.isArray(value)) {
      problems.push({
        kind: 'helm-values-not-list',
        key,
        file,
        message: `controller.${key} is ${typeof value === 'string' ? 'a string' : `a ${typeof value}`}; the chart renders it with toYaml, so the ConfigMap gets ${typeof value === 'string' ? 'a YAML string' : 'a scalar'} instead of a list`,
        ...(typeof value === 'string' && { detail: value }),
      });
    }
  }
  return { description: `${file} (${rendered})`, file, data, problems, ...positions };
}

/** `data:` written as a list or a scalar: the API server rejects the ConfigMap, so none of it reaches the controller. */
function dataNotMapping(file: string, where: string, data: unknown): InputProblem[] {
  if (data === undefined || data === null || isPlainObject(data)) return [];
  return [{
    kind: 'configmap-data-not-mapping',
    file,
    message: `${where}: data is ${Array.isArray(data) ? 'a list' : `a ${typeof data}`}, but a ConfigMap's data must be a mapping of keys to strings: the API server rejects this ConfigMap`,
    ...(Array.isArray(data) && { detail: stringify(data, { version: '1.1' }).replace(/\n$/, '') }),
  }];
}

function kindOf(o: PlainObject): string | undefined {
  return typeof o.kind === 'string' ? o.kind : undefined;
}

function metadataName(o: PlainObject): string | undefined {
  const md = o.metadata;
  return isPlainObject(md) && typeof md.name === 'string' ? md.name : undefined;
}

/** `metadata.namespace` when the manifest names one (`{ namespace }`, to spread), else nothing. */
function metadataNamespace(o: PlainObject): { namespace?: string } {
  const md = o.metadata;
  return isPlainObject(md) && typeof md.namespace === 'string' && md.namespace !== '' ? { namespace: md.namespace } : {};
}

/** The key `key` of a YAML mapping and its value. */
function keyAndValue(node: GoValue | undefined, key: string): [GoValue, GoValue] | undefined {
  if (node?.t !== 'map') return undefined;
  return node.entries.find(([k]) => k.t === 'str' && k.v === key);
}

/** The value under `key` of a YAML mapping. */
function field(node: GoValue | undefined, key: string): GoValue | undefined {
  return keyAndValue(node, key)?.[1];
}

/** Where `key` of a YAML mapping is written, when it is: the key itself, in a flow mapping too. */
function keyPosition(node: GoValue | undefined, key: string): FilePosition | undefined {
  const written = keyAndValue(node, key)?.[0];
  return written && written.line > 0 ? { line: written.line, column: written.column } : undefined;
}

/** Where the field at `path` (keys and list indexes from `node`, ending with a key) is written: the key itself, in a flow mapping too. */
function pathPosition(node: GoValue | undefined, path: readonly (string | number)[]): FilePosition | undefined {
  let at = node;
  for (const segment of path.slice(0, -1)) at = typeof segment === 'number' ? (at?.t === 'seq' ? at.items[segment] : undefined) : field(at, segment);
  const last = path.at(-1);
  return typeof last === 'string' ? keyPosition(at, last) : undefined;
}

/** Flattens `kind: List` (kubectl get -o yaml) into its items, each with its YAML node (for lines). */
function flatten(node: GoValue): Array<{ o: PlainObject; node: GoValue }> {
  const items = field(node, 'items');
  const isList = (() => {
    const kind = field(node, 'kind');
    return kind?.t === 'str' && kind.v === 'List';
  })();
  const nodes = isList && items?.t === 'seq' ? items.items : [node];
  return nodes.flatMap((n) => {
    const o = toPlain(n);
    return isPlainObject(o) ? [{ o, node: n }] : [];
  });
}

/** The column (1-based) of the first character that is not a space on a line of the file. */
function columnOf(lines: readonly string[], line: number): number {
  return (/^ */.exec(lines[line - 1] ?? '')?.[0].length ?? 0) + 1;
}

/**
 * Entries of a ConfigMap's data, at the first character of their line in the value: a literal block
 * (`key: |`) holds the file's lines from the one after the indicator; a quoted value (JSON's strings
 * too) holds its escaped text on the line it is written on. Where neither can be followed exactly (a
 * folded or plain value, a quoted one that folds lines), an entry is at its key.
 */
function configMapPositions(data: GoValue | undefined, lines: readonly string[]): EntryPositions {
  return (key, entry) => {
    const value = field(data, key);
    const lineInValue = entry?.lineInValue;
    return (value?.t === 'str' && lineInValue !== undefined ? valueLinePosition(value, lines, lineInValue) : undefined) ?? keyPosition(data, key);
  };
}

/** Each quoted value's line starts, found once: a finding per entry of a 1 MiB JSON string must not read it again. */
const quotedLines = new WeakMap<GoValue, readonly number[]>();

/** Where the first character that is not a space of line `lineInValue` (1-based) of a string value is written, when that can be said exactly. */
function valueLinePosition(value: GoValue & { t: 'str' }, lines: readonly string[], lineInValue: number): FilePosition | undefined {
  const written = lines[value.line - 1] ?? '';
  if (written[value.column - 1] === '|') {
    const line = value.line + lineInValue;
    return { line, column: columnOf(lines, line) };
  }
  let starts = quotedLines.get(value);
  if (!starts) {
    starts = quotedScalarLineStarts(written.slice(value.column - 1), value.v);
    quotedLines.set(value, starts);
  }
  const offset = starts[lineInValue - 1];
  return offset === undefined ? undefined : { line: value.line, column: value.column + offset };
}

/**
 * For each rendered data key, the path under `controller` of the key it was rendered from and of the
 * value its entries are in: `[trafficRouterPlugins]` for a list; in the old map shape, the string the
 * map holds (`[trafficRouterPlugins, trafficRouterPlugins]`); none for a scalar the chart re-renders.
 */
type HelmValuePaths = Map<string, { key: readonly string[]; entries?: readonly string[] }>;

/** Entries of helm values: each item of a list, or each line of a literal block string, is where the chart takes the entry from. */
function helmValuesPositions({ controller, lines }: ValuesInFile, paths: HelmValuePaths): EntryPositions {
  const parentOf = (path: readonly string[]) => path.slice(0, -1).reduce<GoValue | undefined>((node, key) => field(node, key), controller);
  return (key, entry) => {
    const path = paths.get(key) ?? { key: [key] };
    if (!entry) return keyPosition(parentOf(path.key), path.key.at(-1)!);
    if (!path.entries) return undefined;
    const parent = parentOf(path.entries);
    const value = field(parent, path.entries.at(-1)!);
    if (value?.t !== 'seq') return configMapPositions(parent, lines)(path.entries.at(-1)!, entry);
    const item = value.items[entry.index];
    return item ? { line: item.line, column: columnOf(lines, item.line) } : undefined;
  };
}

interface Classified {
  configMaps: Candidate[];
  /** ConfigMaps that look meant to be the configuration but have another name. */
  misnamed: Candidate[];
  objects: PlainObject[];
  objectPlaces: Map<PlainObject, ObjectPlace>;
  problems: InputProblem[];
  /** Documents that were none of the above (a Deployment, a Service...). */
  otherDocuments: number;
}

/**
 * `chart`: the argo-rollouts chart release the values are for, when known. `alone`: the file was named
 * on its own, so a document of chart values that sets no plugin is taken as argo-rollouts values (in a
 * directory, other charts' values files look alike).
 */
function classify(file: string, docs: StreamDocument[], lines: readonly string[], context: { chart: ChartBeside; alone: boolean }): Classified {
  const out: Classified = { configMaps: [], misnamed: [], objects: [], objectPlaces: new Map(), problems: [], otherDocuments: 0 };
  const multi = docs.length > 1;
  for (const doc of docs) {
    const where = multi ? `${file} (document ${doc.index})` : file;
    if (doc.error) {
      out.problems.push({
        kind: 'yaml-syntax',
        file,
        ...(multi && { document: doc.index }),
        message: `${where}: ${doc.error.message.replace(/^yaml: /, '')}`,
        ...(doc.error.line !== undefined && { line: doc.error.line }),
        ...(doc.error.column !== undefined && { column: doc.error.column }),
      });
      continue;
    }
    if (!doc.value || doc.value.t === 'null') continue;
    const inDocument = { file, ...(multi && { document: doc.index }) };
    for (const { o, node } of flatten(doc.value)) {
      const at = { ...inDocument, line: node.line };
      const kind = kindOf(o);
      const name = metadataName(o);
      if (kind === 'ConfigMap' && name === CONFIGMAP_NAME) {
        const data = isPlainObject(o.data) ? o.data : {};
        const problems = dataNotMapping(file, where, o.data).map((p) => ({ ...p, ...inDocument, ...keyPosition(node, 'data') }));
        out.configMaps.push({ description: where, ...at, data, problems, positions: configMapPositions(field(node, 'data'), lines), ...metadataNamespace(o) });
      } else if (kind === 'ConfigMap' && name !== undefined && meantAsTheConfigMap(name)) {
        // Linted all the same (it is meant to be the configuration), but the controller never reads it.
        const data = isPlainObject(o.data) ? o.data : {};
        out.misnamed.push({
          description: `${where} (ConfigMap ${name})`,
          ...at,
          data,
          positions: configMapPositions(field(node, 'data'), lines),
          ...metadataNamespace(o),
          problems: [{
            kind: 'configmap-wrong-name',
            file,
            key: name,
            message: `ConfigMap ${JSON.stringify(name)} is not read: the controller reads exactly ${CONFIGMAP_NAME}${hasKustomizeHashSuffix(name) ? ' (a hash suffix like this one comes from kustomize configMapGenerator)' : ''}`,
          }],
        });
      } else if (kind && USAGE_KINDS.has(kind)) {
        out.objects.push(o);
        out.objectPlaces.set(o, { ...inDocument, positionOf: (path) => pathPosition(node, path) });
      } else if (!kind && ((isPlainObject(o.controller) && PLUGIN_KEY_NAMES.some((k) => k in (o.controller as PlainObject))) || (context.alone && isChartValues(o)))) {
        const rendered = renderHelmValues(file, isPlainObject(o.controller) ? o.controller : {}, context.chart, { controller: field(node, 'controller'), lines });
        out.configMaps.push({ ...rendered, problems: rendered.problems.map((p) => (p.line !== undefined ? { ...p, ...inDocument } : p)), ...at });
      } else if (!kind && PLUGIN_KEY_NAMES.some((k) => k in o)) {
        // Bare ConfigMap data, e.g. from `kubectl get cm argo-rollouts-config -o jsonpath='{.data}'`.
        out.configMaps.push({ description: `${where} (ConfigMap data)`, ...at, data: o, problems: [], positions: configMapPositions(node, lines) });
      } else out.otherDocuments++;
    }
  }
  return out;
}

/** A ConfigMap name meant as argo-rollouts-config: with a suffix (kustomize's hash), or a typo of it (`argo-rollout-config`). */
function meantAsTheConfigMap(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.includes('rollouts-config') || editDistance(lower, CONFIGMAP_NAME) <= 2;
}

interface ReadInput {
  name: string;
  found: Classified;
}

/**
 * Reads one input and classifies its documents. Throws UsageError when it cannot be read, is not
 * YAML, or (named on its own) holds nothing to lint; a manifest of a directory that holds nothing
 * to lint gives undefined: rendered manifests are mostly Deployments and Services.
 */
async function readInput({ path, inDirectory }: InputPath, opts: ReadOptions, charts: ChartLookups): Promise<ReadInput | undefined> {
  const name = path === '-' ? STDIN_NAME : path;
  let bytes: Buffer;
  if (path === '-') {
    if (!opts.readStdin) throw new UsageError('- (stdin) is not available here');
    const input = await opts.readStdin();
    bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
    if (bytes.length > MAX_INPUT_BYTES)
      throw new UsageError(`stdin is larger than ${formatSize(MAX_INPUT_BYTES)}, too large to be a ConfigMap or values file`);
  } else bytes = await readInputFile(path, opts.signal);
  const text = decodeText(bytes, name);
  const alone = inDirectory === undefined;
  const given = opts.chartVersion !== undefined ? chartRendering(opts.chartVersion, '--chart-version') : undefined;
  const chart: ChartBeside = given ? { chart: given } : opts.chartVersion !== undefined || path === '-' ? {} : await chartBeside(path, charts, opts.signal);
  if (!/\S/.test(text.replace(/^\s*#.*$/gm, '').replace(/^(---|\.\.\.)\s*$/gm, ''))) {
    if (!alone) return undefined;
    // The chart's own CI uses a values file with comments only: helm renders the chart's defaults.
    if (path !== '-' && isValuesFileName(path)) {
      const defaults: Candidate = { ...renderHelmValues(name, {}, chart), description: `${name} (helm values, none set: the chart's defaults)` };
      return { name, found: { configMaps: [defaults], misnamed: [], objects: [], objectPlaces: new Map(), problems: [], otherDocuments: 0 } };
    }
    throw new UsageError(`${name} is empty: there is no YAML document to lint`);
  }
  const docs = await inTurns(decodeGoYamlStreamSteps(text), opts.signal);
  const found = classify(name, docs, text.split('\n'), { chart, alone });
  const useful = found.configMaps.length + found.misnamed.length + found.objects.length;
  if (useful === 0 && found.problems.length > 0) {
    const first = found.problems[0];
    throw new UsageError(`${first?.message ?? `${name} is not valid YAML`}${first?.line !== undefined ? ` (line ${first.line}${first.column !== undefined ? `, column ${first.column}` : ''})` : ''}`);
  }
  if (useful === 0) {
    // In a directory too: what it renders (a plugin patched into the ConfigMap) was never read, so passing over it would judge a configuration it changes.
    if (docs.some((d) => d.value && (toPlain(d.value) as PlainObject | null)?.kind === 'Kustomization'))
      throw new UsageError(`${name} is a kustomization, not what it renders: lint its output, e.g. kustomize build ${/(^|[/\\])kustomization\.ya?ml$/i.test(path) ? dirname(path) : 'DIR'} | kubectl rollouts-plugins lint -f -`);
    if (!alone) return undefined;
    throw new UsageError(`${name} has no ${CONFIGMAP_NAME} ConfigMap, argo-rollouts helm values, Rollout or AnalysisTemplate`);
  }
  return { name, found };
}

async function readInputs(paths: readonly string[], opts: ReadOptions): Promise<{ files: string[]; inputs: ReadInput[] }> {
  if (paths.length === 0) throw new UsageError('no input: give -f FILE (or -f - for stdin)');
  const expanded = await expandDirectories(paths, opts.recursive === true);
  const inputs: ReadInput[] = [];
  const charts: ChartLookups = new Map();
  for (const input of expanded) {
    const read = await readInput(input, opts, charts);
    if (read) inputs.push(read);
  }
  if (inputs.length === 0)
    throw new UsageError(`${paths.join(', ')}: no ${CONFIGMAP_NAME} ConfigMap, argo-rollouts helm values, Rollout or AnalysisTemplate in any of its manifests`);
  return { files: inputs.map((i) => i.name), inputs };
}

const asConfiguration = (c: Candidate, objects: unknown[]): LoadedConfiguration => ({
  objects,
  description: c.description,
  file: c.file,
  ...(c.document !== undefined && { document: c.document }),
  ...(c.line !== undefined && { line: c.line }),
  ...(c.data && { data: c.data }),
  inputProblems: c.problems,
  ...(c.positions && { positions: c.positions }),
  ...(c.controllerVersion && { controllerVersion: c.controllerVersion }),
  ...(c.namespace !== undefined && { namespace: c.namespace }),
});

/**
 * Reads every input (`-` is stdin, a directory its manifests) and returns every configuration in
 * them, each to be judged on its own: `lint -f a.yaml -f b.yaml` judges both. Problems of a file
 * (a broken document) go with that file's configurations. Throws UsageError when an input is
 * unreadable or holds nothing this tool can lint.
 */
export async function loadInputs(paths: readonly string[], opts: ReadOptions = {}): Promise<LoadedInputs> {
  const { files, inputs } = await readInputs(paths, opts);
  const configurations: LoadedConfiguration[] = [];
  const objects: PlainObject[] = [];
  const orphanProblems: InputProblem[] = [];
  const objectPlaces = new Map<unknown, ObjectPlace>();
  for (const { found } of inputs) {
    for (const [o, place] of found.objectPlaces) objectPlaces.set(o, place);
    const candidates = [...found.configMaps, ...found.misnamed];
    if (candidates.length === 0) {
      // Loops, not push(...): a stream of 200,000 documents exceeds V8's argument limit.
      for (const p of found.problems) orphanProblems.push(p);
      for (const o of found.objects) objects.push(o);
    }
  }
  for (const { found } of inputs) {
    const own = [...found.configMaps, ...found.misnamed].map((c, i, all) => ({
      ...asConfiguration(c, [...found.objects, ...objects]),
      ...(i > 0 && { afterInItsInput: all[0]!.description }),
    }));
    for (const c of own) for (const p of found.problems) c.inputProblems.push(p);
    for (const c of own) configurations.push(c);
  }
  return { configurations, objects, objectPlaces, inputProblems: orphanProblems, files };
}

/**
 * Reads every path (`-` is stdin) and picks the one configuration a controller would read (for
 * doctor and probe, which judge one controller). Throws UsageError when an input is unreadable or
 * holds nothing this tool can lint; everything else is returned as InputProblems.
 */
export async function loadSources(paths: readonly string[], opts: ReadOptions = {}): Promise<LoadedSources> {
  const { files, inputs } = await readInputs(paths, opts);
  const configMaps = inputs.flatMap((i) => i.found.configMaps);
  const misnamed = inputs.flatMap((i) => i.found.misnamed);
  const objects = inputs.flatMap((i) => i.found.objects);
  const problems = inputs.flatMap((i) => i.found.problems);
  const chosen = configMaps[0] ?? misnamed[0];
  if (configMaps.length > 1) {
    problems.push({
      kind: 'several-configmaps',
      message: `${configMaps.length} configurations found (${configMaps.map((c) => c.description).join('; ')}); linting the first, ${chosen?.description}`,
    });
  }
  if (!chosen) {
    problems.push({ kind: 'no-configmap', message: noConfigMapMessage(files) });
    return { description: files.join(', '), objects, inputProblems: problems };
  }
  return {
    description: chosen.description,
    ...(chosen.data && { data: chosen.data }),
    objects,
    inputProblems: [...chosen.problems, ...problems],
    ...(chosen.controllerVersion && { controllerVersion: chosen.controllerVersion }),
    chosen: {
      file: chosen.file,
      ...(chosen.document !== undefined && { document: chosen.document }),
      ...(chosen.line !== undefined && { line: chosen.line }),
      ...(chosen.positions && { positions: chosen.positions }),
      ...(chosen.namespace !== undefined && { namespace: chosen.namespace }),
    },
  };
}

/**
 * How a printed doctor judges this one configuration again, the one owner of what such a re-run
 * carries of this run: its input (`args`) and the flags that decide what it is judged as. doctor
 * judges the first configuration of its inputs, so its own input alone (`-f FILE`, `-f -` for stdin)
 * when it is the first of that input; a later one (document 3 of a stream) no flag can pick:
 * `firstOfItsInput` names the one doctor would judge instead. The live ConfigMap has no input (`args` empty).
 */
export type ConfigurationInput = ({ args: string[] } | { description: string; firstOfItsInput: string }) & {
  /** The run's --controller-version: without it a re-run judges at another release. */
  controllerVersion?: string;
  /** The run's --chart-version (helm values). */
  chartVersion?: string;
  /** See LoadedConfiguration.namespace: where the printed commands for it and its Secrets go, when no controller namespace is known. */
  namespace?: string;
};

/** The configuration `c` of the -f inputs, or the live ConfigMap (`c` absent), judged with the run's `opts`. */
export function configurationInput(
  c: Pick<LoadedConfiguration, 'file' | 'description' | 'afterInItsInput' | 'namespace'> | undefined,
  opts: Pick<ReadOptions, 'chartVersion'> & { controllerVersion?: string },
): ConfigurationInput {
  const judgedAs = {
    ...(opts.controllerVersion !== undefined && { controllerVersion: opts.controllerVersion }),
    ...(opts.chartVersion !== undefined && c !== undefined && { chartVersion: opts.chartVersion }),
    ...(c?.namespace !== undefined && { namespace: c.namespace }),
  };
  if (c?.afterInItsInput !== undefined) return { description: c.description, firstOfItsInput: c.afterInItsInput, ...judgedAs };
  return { args: c ? ['-f', c.file === STDIN_NAME ? '-' : c.file] : [], ...judgedAs };
}

/** The flags of `input` that decide what a printed doctor or lint judges it as. */
export function judgedAsArgs(input: ConfigurationInput | undefined): string[] {
  return [
    ...(input?.chartVersion !== undefined ? ['--chart-version', input.chartVersion] : []),
    ...(input?.controllerVersion !== undefined ? ['--controller-version', input.controllerVersion] : []),
  ];
}

/** A printed doctor's words for judging `input` again: its input and judgedAsArgs (a later configuration of a stream: none pick it, see ConfigurationInput). */
export function rerunArgs(input: ConfigurationInput | undefined): string[] {
  return [...(input && 'args' in input ? input.args : []), ...judgedAsArgs(input)];
}

export function noConfigMapMessage(files: readonly string[]): string {
  return `no ${CONFIGMAP_NAME} ConfigMap in ${files.map((p) => (p === '-' ? STDIN_NAME : p)).join(', ')}`;
}
