/**
 * The engine behind `lint`: read the configuration (files or live ConfigMap data), parse it like
 * the controller, cross-check it with the resources that use plugins, and run the config and
 * usage checks. Pure apart from reading the given files; never prints.
 */
import { checks as configChecks } from '../checks/config/index.js';
import { checks as usageChecks } from '../checks/usage/index.js';
import { runChecks } from '../core/check.js';
import type { Finding } from '../core/finding.js';
import type { ConfigSource, PluginRow } from '../core/report.js';
import { redactText } from '../core/redact.js';
import { UsageError } from '../core/errors.js';
import { parseConfigMapData } from './parse.js';
import { loadSources, type ReadOptions } from './sources.js';
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
}

/** Runs the config and usage checks over a configuration parsed once (by the caller) and the objects that use plugins. */
export function judgeConfig(config: ConfigFacts, objects: readonly unknown[], opts: JudgeOptions): LintResult {
  const references = extractPluginReferences(objects);
  return {
    source: opts.source,
    verdict: config.verdict,
    plugins: pluginRows(config, references),
    findings: runAll(config, references, opts.resourcesScanned),
    config,
    references,
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

/**
 * Lints ConfigMap data read from the cluster. `data` undefined: the ConfigMap does not exist.
 * `objects`: Rollouts, AnalysisTemplates, ClusterAnalysisTemplates, AnalysisRuns as listed.
 */
export function lintConfigMapData(data: Record<string, unknown> | undefined, objects: readonly unknown[], opts: LiveLintOptions = {}): LintResult {
  const source = opts.source ?? 'argo-rollouts-config';
  const config = parseLiveConfigMap(data, { source, ...(opts.controllerVersion && { controllerVersion: opts.controllerVersion }) });
  return judgeConfig(config, objects, { source: { kind: 'cluster', description: source }, resourcesScanned: opts.resourcesScanned ?? true });
}

/** Reads `-f` inputs (`-` is stdin) and parses them like the controller. Throws UsageError (exit 2) when an input cannot be read at all. */
export async function parseFiles(paths: readonly string[], opts: LintOptions = {}): Promise<{ config: ConfigFacts; objects: unknown[]; source: ConfigSource }> {
  if (opts.controllerVersion !== undefined && !parseControllerVersion(opts.controllerVersion))
    throw new UsageError(`invalid --controller-version "${opts.controllerVersion}": use a release such as v1.7.2`);
  const loaded = await loadSources(paths, opts.readStdin ? { readStdin: opts.readStdin } : {});
  const config = parseConfigMapData(loaded.data, {
    source: loaded.description,
    inputProblems: loaded.inputProblems,
    ...(opts.controllerVersion && { controllerVersion: opts.controllerVersion }),
  });
  return { config, objects: loaded.objects, source: { kind: 'file', description: loaded.description } };
}

/** Lints `-f` inputs (`-` is stdin). Throws UsageError (exit 2) when an input cannot be linted at all. */
export async function lintFiles(paths: readonly string[], opts: LintOptions = {}): Promise<LintResult> {
  const parsed = await parseFiles(paths, opts);
  return judgeConfig(parsed.config, parsed.objects, { source: parsed.source, resourcesScanned: parsed.objects.length > 0 });
}
