/**
 * The engine behind `lint`: read the configuration (files or live ConfigMap data), parse it like
 * the controller, cross-check it with the resources that use plugins, and run the config and
 * usage checks. Pure apart from reading the given files; never prints.
 */
import { checks as configChecks } from '../checks/config/index.js';
import { checks as usageChecks } from '../checks/usage/index.js';
import { runChecks } from '../core/check.js';
import type { Finding, FindingLocation } from '../core/finding.js';
import type { ConfigSource, PluginRow } from '../core/report.js';
import { redactText } from '../core/redact.js';
import { UsageError } from '../core/errors.js';
import { parseConfigMapData } from './parse.js';
import { loadInputs, noConfigMapMessage, type EntryPositions, type LoadedConfiguration, type ReadOptions } from './sources.js';
import type { ConfigFacts, ParsedEntry, PluginReference, StartupVerdict, UsageFacts } from './types.js';
import { extractPluginReferences } from './usage.js';
import { parseControllerVersion } from './version.js';

export interface LintOptions extends ReadOptions {
  /** `v1.7.2`, an image tag...; absent: the newest release is assumed. */
  controllerVersion?: string;
}

export interface LintResult {
  source: ConfigSource;
  /** What the controller would do at start-up with this configuration. */
  verdict: StartupVerdict;
  /** One row per entry: type, name, location, resolved target, sha256 state, disabled, users. */
  plugins: PluginRow[];
  findings: Finding[];
  /** Everything the checks saw, for later steps (probe, handshake) and -v output. */
  config: ConfigFacts;
  references: PluginReference[];
  /** Gives findings of this configuration (the probe's too) their location: file, key, entry, line. */
  locate(findings: readonly Finding[]): Finding[];
}

/** Where a configuration is: its file or live object, and where its entries are in the file. */
export interface ConfigPlace {
  base: FindingLocation;
  positions?: EntryPositions;
}

/**
 * Where each finding is: the configuration's file or object, and for a plugin's finding its data
 * key, entry index and (when `positions` knows it) line and column.
 */
function locator(config: ConfigFacts, place: ConfigPlace): LintResult['locate'] {
  return (findings) =>
    findings.map((f) => {
      const plugin = f.plugin;
      const entry = plugin && config.entries.find((e) => e.type === plugin.type && e.name === plugin.name);
      const position = entry && place.positions?.(entry.key, entry.index, entry.line);
      const location: FindingLocation = { ...place.base, ...(entry && { key: entry.key, entry: entry.index }), ...position, ...f.location };
      return Object.keys(location).length > 0 ? { ...f, location } : f;
    });
}

function sha256Column(e: ParsedEntry): PluginRow['sha256'] {
  switch (e.sha256State) {
    case 'pinned':
      return 'not-verified';
    case 'unpinned':
      return 'unpinned';
    case 'cannot-match':
      return 'cannot-match';
    case 'unchecked':
      return 'unchecked';
  }
}

/** The per-entry rows; `target` is the absolute path or URL the controller reads the plugin from. */
export function pluginRows(config: ConfigFacts, references: readonly PluginReference[]): PluginRow[] {
  return config.entries.map((e) => ({
    type: e.type,
    name: e.name,
    location: redactText(e.location),
    ...(e.locationFacts.target !== undefined && { target: redactText(e.locationFacts.target) }),
    sha256: sha256Column(e),
    ...(e.disabled && { disabled: true }),
    usedBy: references.filter((r) => r.type === e.type && r.name === e.name).map((r) => r.resource),
  }));
}

function runAll(config: ConfigFacts, references: PluginReference[], resourcesScanned: boolean): Finding[] {
  const usage: UsageFacts = { config, references, resourcesScanned };
  return [...runChecks(configChecks, config), ...runChecks(usageChecks, usage)];
}

export interface JudgeOptions {
  source: ConfigSource;
  /** False when Rollouts/AnalysisTemplates could not be listed (then "unused" is not reported). */
  resourcesScanned: boolean;
  /** Where the configuration is, for the findings' locations. */
  place?: ConfigPlace;
}

/** Runs the config and usage checks over a configuration parsed once (by the caller) and the plugin references of the objects that use plugins. */
export function judgeConfig(config: ConfigFacts, references: PluginReference[], opts: JudgeOptions): LintResult {
  const locate = locator(config, opts.place ?? { base: {} });
  return {
    source: opts.source,
    verdict: config.verdict,
    plugins: pluginRows(config, references),
    findings: locate(runAll(config, references, opts.resourcesScanned)),
    config,
    references,
    locate,
  };
}

export interface LiveLintOptions {
  controllerVersion?: string;
  /** e.g. `argo-rollouts/argo-rollouts-config`. */
  source?: string;
  /** False when Rollouts/AnalysisTemplates could not be listed (then "unused" is not reported). */
  resourcesScanned?: boolean;
}

/** How the live ConfigMap's data is parsed; `data` undefined: the ConfigMap does not exist. */
export function parseLiveConfigMap(data: Record<string, unknown> | undefined, opts: { source: string; controllerVersion?: string }): ConfigFacts {
  return parseConfigMapData(data, {
    source: opts.source,
    podSpecRead: true,
    ...(opts.controllerVersion && { controllerVersion: opts.controllerVersion }),
    ...(data === undefined && { inputProblems: [{ kind: 'no-configmap' as const, message: `ConfigMap ${opts.source} not found` }] }),
  });
}

/** Where the findings about a configuration read from a file point: its file, document, line, and each entry's line. */
export function filePlace(at: Pick<LoadedConfiguration, 'file' | 'document' | 'line' | 'positions'> | undefined): ConfigPlace {
  if (!at) return { base: {} };
  return {
    base: { file: at.file, ...(at.document !== undefined && { document: at.document }), ...(at.line !== undefined && { line: at.line, column: 1 }) },
    ...(at.positions && { positions: at.positions }),
  };
}

/** Where the findings about the live ConfigMap point: the object (and each entry's key and index). */
export function livePlace(source: string, exists: boolean): ConfigPlace {
  return { base: exists ? { object: `ConfigMap ${source}` } : {} };
}

/**
 * Lints ConfigMap data read from the cluster. `data` undefined: the ConfigMap does not exist.
 * `objects`: Rollouts, AnalysisTemplates, ClusterAnalysisTemplates, AnalysisRuns as listed.
 */
export function lintConfigMapData(data: Record<string, unknown> | undefined, objects: readonly unknown[], opts: LiveLintOptions = {}): LintResult {
  const source = opts.source ?? 'argo-rollouts-config';
  const config = parseLiveConfigMap(data, { source, ...(opts.controllerVersion && { controllerVersion: opts.controllerVersion }) });
  return judgeConfig(config, extractPluginReferences(objects), { source: { kind: 'cluster', description: source }, resourcesScanned: opts.resourcesScanned ?? true, place: livePlace(source, data !== undefined) });
}

function checkControllerVersion(opts: LintOptions): void {
  if (opts.controllerVersion !== undefined && !parseControllerVersion(opts.controllerVersion))
    throw new UsageError(`invalid --controller-version "${opts.controllerVersion}": use a release such as v1.7.2`);
}

const readOptions = (opts: LintOptions): ReadOptions => ({
  ...(opts.readStdin && { readStdin: opts.readStdin }),
  ...(opts.recursive && { recursive: true }),
  ...(opts.signal && { signal: opts.signal }),
});

/**
 * Lints every configuration in the `-f` inputs (`-` is stdin, a directory its manifests), each on
 * its own: one result per configuration, its findings located in its file. A configuration is
 * cross-checked with the Rollouts and AnalysisTemplates of its own input and of the inputs that
 * hold none. Throws UsageError (exit 2) when an input cannot be linted at all.
 */
export async function lintInputs(paths: readonly string[], opts: LintOptions = {}): Promise<LintResult[]> {
  checkControllerVersion(opts);
  const loaded = await loadInputs(paths, readOptions(opts));
  const configurations: LoadedConfiguration[] =
    loaded.configurations.length > 0
      ? loaded.configurations
      : [{ description: loaded.files.join(', '), file: loaded.files.join(', '), objects: loaded.objects, inputProblems: [{ kind: 'no-configmap', message: noConfigMapMessage(loaded.files) }] }];
  return configurations.map((c, i) => {
    const config = parseConfigMapData(c.data, {
      source: c.description,
      // Problems of inputs without a configuration of their own are told once, with the first.
      inputProblems: i === 0 ? [...c.inputProblems, ...loaded.inputProblems] : c.inputProblems,
      ...(opts.controllerVersion && { controllerVersion: opts.controllerVersion }),
    });
    return judgeConfig(config, extractPluginReferences(c.objects), {
      source: { kind: 'file', description: c.description },
      resourcesScanned: c.objects.length > 0,
      place: filePlace(loaded.configurations.length > 0 ? c : undefined),
    });
  });
}
