/**
 * The engine behind `lint`: read the configuration (files or live ConfigMap data), parse it like
 * the controller, cross-check it with the resources that use plugins, and run the config and
 * usage checks. Pure apart from reading the given files; never prints.
 */
import { checks as configChecks } from '../checks/config/index.js';
import { checks as usageChecks } from '../checks/usage/index.js';
import { RESTART_BREAKING_EFFECTS, RESTART_OPENING_EFFECTS, runChecks, runChecksSteps, variantKey, variantOf, type Effect } from '../core/check.js';
import { FAILS_AFTER_RENAME, keyUnknown, UNDECIDED_AFTER_RENAME } from '../checks/config/key-unknown.js';
import { configmapWrongName } from '../checks/config/input-problems.js';
import { declarationOf } from '../checks/registry.js';
import { pluginKey, samePlugin, type Finding, type FindingLocation } from '../core/finding.js';
import type { ConfigSource, PluginRow } from '../core/report.js';
import { redactText } from '../core/redact.js';
import { UsageError } from '../core/errors.js';
import { parseConfigMapData, parseConfigMapDataSteps, unreadConfigMapName } from './parse.js';
import { atOnce, inTurns, type Steps } from '../core/steps.js';
import { configurationInput, loadInputs, noConfigMapMessage, type ConfigurationInput, type EntryPositions, type LoadedConfiguration, type ReadOptions } from './sources.js';
import type { ConfigFacts, FixBeforeRename, ParsedEntry, PluginReference, StartupVerdict, UnknownDataKey, UsageFacts } from './types.js';
import { extractPluginReferences } from './usage.js';
import { judgingRelease, parseControllerVersion } from './version.js';
import { isExactChartVersion } from './helm-chart.js';

export interface LintOptions extends ReadOptions {
  /**
   * `v1.7.2`, an image tag... It wins over what helm values say (controller.image.tag, the chart's
   * appVersion); absent and unknown from the values: the newest release is assumed.
   */
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
  /** Helm values whose controller release is not known: what they were judged for instead, in words. */
  assumed?: string;
  /** How a printed doctor judges this configuration of the -f inputs again (lintInputs); absent: none was found. */
  input?: ConfigurationInput;
}

/** Where a configuration is: its file or live object, and where its entries are in the file. */
export interface ConfigPlace {
  base: FindingLocation;
  positions?: EntryPositions;
}

/**
 * Where each finding is: the configuration's file or object, and for a plugin's finding its data
 * key, entry index and (when `positions` knows it) line and column, as for the entry a finding's
 * location names by key and index; for a finding about a data key (its location's key), that key's line and column. A finding that names its file already has its
 * place (a broken document, a Rollout's reference, perhaps in another input): nothing of the
 * configuration's is added to it.
 */
function locator(config: ConfigFacts, place: ConfigPlace): LintResult['locate'] {
  // Looked up, not searched: a configuration of thousands of entries has as many findings.
  const byPlugin = new Map<string, ParsedEntry>();
  const byPlace = new Map<string, ParsedEntry>();
  const placeKey = (key: string, index: number) => `${key}#${index}`;
  for (const e of config.entries) {
    if (!byPlugin.has(pluginKey(e))) byPlugin.set(pluginKey(e), e);
    if (!byPlace.has(placeKey(e.key, e.index))) byPlace.set(placeKey(e.key, e.index), e);
  }
  return (findings) =>
    findings.map((f) => {
      if (f.location?.file !== undefined) return f;
      const plugin = f.plugin;
      const named = f.location;
      // The finding's plugin's entry, or the one its location names (the plugin is under another type's key: plugin-name-mismatch).
      const entry = (plugin && byPlugin.get(pluginKey(plugin))) ?? (named?.key !== undefined && named.entry !== undefined ? byPlace.get(placeKey(named.key, named.entry)) : undefined);
      const position = entry ? place.positions?.(entry.key, { index: entry.index, lineInValue: entry.line }) : f.location?.key !== undefined ? place.positions?.(f.location.key) : undefined;
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
    usedBy: references.filter((r) => samePlugin(r, e)).map((r) => r.resource),
  }));
}

function* runAll(config: ConfigFacts, references: PluginReference[], resourcesScanned: boolean, place: ConfigPlace): Steps<Finding[]> {
  const misspelt = config.unknownDataKeys.map((k) => judgedOnceRenamed(k, config, references, place));
  // key-unknown's fix names everything that must be fixed before the rename: what is reported for the renamed entries.
  const judged: ConfigFacts = { ...config, unknownDataKeys: misspelt.map(({ k, findings }) => (k.renamed ? { ...k, fixFirst: findings.flatMap(fixBeforeRename) } : k)) };
  const usage: UsageFacts = { config: judged, references, resourcesScanned };
  const findings = [...(yield* runChecksSteps(configChecks, judged)), ...(yield* runChecksSteps(usageChecks, usage)), ...heldInOldHelmShape(config, references, place), ...misspelt.flatMap(({ findings }) => findings)];
  return framedForTheController(config, findings);
}

/** Helm values that create no ConfigMap (controller.createConfigmap: false): the controller reads one applied some other way, which the input does not hold. */
export function createsNoConfigMap(config: ConfigFacts): boolean {
  return config.inputProblems.some((p) => p.kind === 'no-configmap' && p.key === 'createConfigmap');
}

/** A configuration's findings (its probe's too) as the controller meets them: in a ConfigMap it does not read, only once that is named argo-rollouts-config. */
export function framedForTheController(config: ConfigFacts, findings: Finding[]): Finding[] {
  const name = unreadConfigMapName(config);
  if (name === undefined) return findings;
  const framed = findings.map((f) => (f.id === configmapWrongName.meta.id ? f : onceNamed(f, name)));
  const first = fixFirstWhenNamed(framed);
  // Named as it is, the controller would meet these: configmap-wrong-name's fix is never the rename alone then.
  return first ? framed.map((f) => (f.id === configmapWrongName.meta.id && f.variant === undefined ? { ...f, fix: `First fix ${first}; then name it argo-rollouts-config:\n${f.fix}` } : f)) : framed;
}

/** `a, b (configmap-wrong-name/fails-after-rename) and c (…/undecided-after-rename)`: each plugin once, under the worst it would do. */
function fixFirstWhenNamed(findings: readonly Finding[]): string | undefined {
  const named = (variant: string) => [...new Set(findings.filter((f) => f.id === configmapWrongName.meta.id && f.variant === variant).map((f) => f.plugin?.name ?? f.title))];
  const fails = named(FAILS_AFTER_RENAME);
  const undecided = named(UNDECIDED_AFTER_RENAME).filter((n) => !fails.includes(n));
  const parts = [
    ...(fails.length > 0 ? [`${fails.join(', ')} (${variantKey(configmapWrongName.meta.id, FAILS_AFTER_RENAME)})`] : []),
    ...(undecided.length > 0 ? [`${undecided.join(', ')} (${variantKey(configmapWrongName.meta.id, UNDECIDED_AFTER_RENAME)})`] : []),
  ];
  return parts.length > 0 ? parts.join(' and ') : undefined;
}

/**
 * A finding about a ConfigMap the controller does not read (configmap-wrong-name): today it starts without
 * it, so nothing in it decides the restart verdict. What would stop the controller, or leave its start
 * unconfirmed, once the ConfigMap is named argo-rollouts-config is said as configmap-wrong-name/fails-after-rename
 * or /undecided-after-rename; every other finding says it is about that ConfigMap.
 */
function onceNamed(f: Finding, name: string): Finding {
  const effect = declarationOf(f)?.effect;
  const today = `in ConfigMap ${name}, which the controller does not read (it reads argo-rollouts-config): today it starts without it`;
  if (!RESTART_EFFECTS.has(effect)) return { ...f, evidence: [...f.evidence, `${today}; this is what it meets once the ConfigMap is named argo-rollouts-config`] };
  const fails = breaksRestart(effect);
  const variant = fails ? FAILS_AFTER_RENAME : UNDECIDED_AFTER_RENAME;
  const outcome = fails ? 'the controller would not start' : 'whether the controller starts could not be confirmed';
  return {
    ...f,
    id: configmapWrongName.meta.id,
    variant,
    severity: variantOf(configmapWrongName.meta, variant)!.severity,
    title: `Once ConfigMap ${name} is named argo-rollouts-config, ${outcome}: ${f.title}`,
    evidence: [...f.evidence, `${today}; named argo-rollouts-config as it is, ${fails ? 'it would exit at start-up' : 'whether it starts could not be decided from here'} (then reported as ${variantKey(f.id, f.variant)})`],
  };
}

/** Every effect that decides the verdict on restart, broken or open. */
const RESTART_EFFECTS: ReadonlySet<Effect | undefined> = new Set<Effect>([...RESTART_BREAKING_EFFECTS, ...RESTART_OPENING_EFFECTS]);
const breaksRestart = (effect: Effect | undefined) => (RESTART_BREAKING_EFFECTS as readonly (Effect | undefined)[]).includes(effect);

/**
 * A value the controller does not reach because of another finding, parsed and judged as it would
 * meet it once that finding's fix is applied: the list old map-shaped helm values hold, and a key the
 * controller does not read renamed as suggested. Parsed here only, where it is judged (not by every
 * parse: doctor's, serve's). What breaks there (errors and warnings) is a cause of its own, and the
 * first fix alone would not make the plugin work; `meantEntry` is the entry a finding is about, if any.
 */
function judgedAsMeant(config: ConfigFacts, key: string, value: string, references: PluginReference[]) {
  const meant = parseConfigMapData({ [key]: value }, { source: config.source, ...(config.controllerVersion && { controllerVersion: config.controllerVersion }) });
  const byName = new Map(meant.entries.map((e) => [pluginKey(e), e]));
  const findings = [...runChecks(configChecks, meant), ...runChecks(usageChecks, { config: meant, references, resourcesScanned: false })].filter((f) => f.severity !== 'info');
  const meantEntry = (f: Finding) => (f.plugin ? byName.get(pluginKey(f.plugin)) : undefined);
  return { meant, findings, meantEntry };
}

/** Where a finding about a meant entry is in the file: under `key` as written, at its entry (the value itself for the others). */
function placedUnder(f: Finding, key: string, e: ParsedEntry | undefined, place: ConfigPlace): Finding {
  const position = place.positions?.(key, e && { index: e.index, lineInValue: e.line });
  return { ...f, location: { ...f.location, key, ...(e && { entry: e.index }), ...position } };
}

/** The entries the list old map-shaped helm values hold, as the controller meets them once that shape is fixed. */
function heldInOldHelmShape(config: ConfigFacts, references: PluginReference[], place: ConfigPlace): Finding[] {
  return config.inputProblems.flatMap((p) => {
    if (p.kind !== 'helm-values-map-shape' || !p.key || !p.detail) return [];
    const key = p.key;
    const { findings, meantEntry } = judgedAsMeant(config, key, p.detail, references);
    const where = `in the list controller.${key} holds in the old map shape: what the controller meets once that shape is fixed`;
    return findings.flatMap((f) => {
      const e = meantEntry(f);
      return e ? [{ ...placedUnder(f, key, e, place), evidence: [...f.evidence, where] }] : [];
    });
  });
}

/**
 * The entries under a misspelt key, as the controller meets them once the key is renamed as suggested,
 * and the value itself when that would stop the controller or leave its start unconfirmed (it is no list).
 * Not when the suggested key is set too (renaming would then clash): `k` as it is, nothing judged.
 */
function judgedOnceRenamed(unknown: UnknownDataKey, config: ConfigFacts, references: PluginReference[], place: ConfigPlace): { k: UnknownDataKey; findings: Finding[] } {
  const suggestion = unknown.suggestion;
  if (!suggestion || unknown.value === undefined || config.keys.some((key) => key.key === suggestion && key.present)) return { k: unknown, findings: [] };
  const { meant, findings: meantFindings, meantEntry } = judgedAsMeant(config, suggestion, unknown.value, references);
  const k = { ...unknown, renamed: meant };
  return {
    k,
    findings: meantFindings.flatMap((meantFinding) => {
      const f = placedUnder(meantFinding, unknown.key, meantEntry(meantFinding), place);
      const effect = declarationOf(f)?.effect;
      if (f.plugin ? !meantEntry(f) : !RESTART_EFFECTS.has(effect)) return [];
      if (!RESTART_EFFECTS.has(effect)) return [{ ...f, evidence: [...f.evidence, `under data.${k.key}, which the controller does not read: what it meets once that key is renamed to ${k.suggestion}`] }];
      // A controller that ignores the key starts whatever the entries hold: nothing about them may decide its
      // restart verdict. What would stop it, or leave its start unconfirmed, once renamed is a cause of its own, said beside key-unknown.
      return [afterRename(f, k, breaksRestart(effect))];
    }),
  };
}

/**
 * A finding that would decide the restart verdict once a misspelt key is renamed, as
 * key-unknown/fails-after-rename (it would stop the controller) or key-unknown/undecided-after-rename
 * (its start could not be confirmed); no effect: today the key is ignored.
 */
function afterRename(f: Finding, k: UnknownDataKey, fails: boolean): Finding {
  const variant = fails ? FAILS_AFTER_RENAME : UNDECIDED_AFTER_RENAME;
  const declared = variantOf(keyUnknown.meta, variant)!;
  const outcome = fails ? 'the controller would not start' : 'whether the controller starts could not be confirmed';
  return {
    ...f,
    id: keyUnknown.meta.id,
    variant,
    severity: declared.severity,
    title: `Once data.${k.key} is renamed to ${k.suggestion}, ${outcome}: ${f.title}`,
    evidence: [
      ...f.evidence,
      `under data.${k.key}, which the controller does not read: today it ignores the key and starts; renamed to ${k.suggestion} as it is, ${fails ? 'it would exit at start-up' : 'whether it starts could not be decided from here'} (then reported as ${variantKey(f.id, f.variant)})`,
    ],
  };
}

/** What key-unknown's fix names for a finding about the renamed entries. */
function fixBeforeRename(f: Finding): FixBeforeRename[] {
  if (f.id !== keyUnknown.meta.id) return [];
  return [{ ...(f.plugin && { plugin: f.plugin.name }), restart: f.variant === FAILS_AFTER_RENAME ? 'fails' : 'undecided' }];
}

export interface JudgeOptions {
  source: ConfigSource;
  /** False when Rollouts/AnalysisTemplates could not be listed whole (then "unused" is not reported). */
  resourcesScanned: boolean;
  /** Where the configuration is, for the findings' locations. */
  place?: ConfigPlace;
}

/** Runs the config and usage checks over a configuration parsed once (by the caller) and the plugin references of the objects that use plugins. */
export function judgeConfig(config: ConfigFacts, references: PluginReference[], opts: JudgeOptions): LintResult {
  return atOnce(judgeConfigSteps(config, references, opts));
}

/** judgeConfig in steps (core/steps.ts). */
export function* judgeConfigSteps(config: ConfigFacts, references: PluginReference[], opts: JudgeOptions): Steps<LintResult> {
  const place = opts.place ?? { base: {} };
  const locate = locator(config, place);
  const findings = yield* runAll(config, references, opts.resourcesScanned, place);
  return {
    source: opts.source,
    verdict: config.verdict,
    plugins: pluginRows(config, references),
    findings: locate(findings),
    config,
    references,
    locate,
  };
}

export interface LiveLintOptions {
  controllerVersion?: string;
  /** e.g. `argo-rollouts/argo-rollouts-config`. */
  source?: string;
  /** False when Rollouts/AnalysisTemplates could not be listed whole (then "unused" is not reported). */
  resourcesScanned?: boolean;
}

/** How the live ConfigMap's data is parsed; `data` undefined: the ConfigMap does not exist. */
export function parseLiveConfigMap(data: Record<string, unknown> | undefined, opts: { source: string; controllerVersion?: string; podSpecRead: boolean }): ConfigFacts {
  return parseConfigMapData(data, {
    source: opts.source,
    ...(opts.podSpecRead && { podSpecRead: true }),
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
  const config = parseLiveConfigMap(data, { source, podSpecRead: true, ...(opts.controllerVersion && { controllerVersion: opts.controllerVersion }) });
  return judgeConfig(config, extractPluginReferences(objects), { source: { kind: 'cluster', description: source }, resourcesScanned: opts.resourcesScanned ?? true, place: livePlace(source, data !== undefined) });
}

/** Usage errors (exit 2) for a --controller-version or --chart-version that names no release. */
export function checkVersionFlags(opts: Pick<LintOptions, 'controllerVersion' | 'chartVersion'>): void {
  if (opts.controllerVersion !== undefined && !parseControllerVersion(opts.controllerVersion))
    throw new UsageError(`invalid --controller-version "${opts.controllerVersion}": use a release such as v1.7.2`);
  if (opts.chartVersion !== undefined && !isExactChartVersion(opts.chartVersion))
    throw new UsageError(`invalid --chart-version "${opts.chartVersion}": use an argo-rollouts chart release such as 2.37.7`);
}

const readOptions = (opts: LintOptions): ReadOptions => ({
  ...(opts.readStdin && { readStdin: opts.readStdin }),
  ...(opts.chartVersion !== undefined && { chartVersion: opts.chartVersion }),
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
  checkVersionFlags(opts);
  const loaded = await loadInputs(paths, readOptions(opts));
  const configurations: LoadedConfiguration[] =
    loaded.configurations.length > 0
      ? loaded.configurations
      : [{ description: loaded.files.join(', '), file: loaded.files.join(', '), objects: loaded.objects, inputProblems: [{ kind: 'no-configmap', message: noConfigMapMessage(loaded.files) }] }];
  const results: LintResult[] = [];
  for (const [i, c] of configurations.entries()) {
    const { controllerVersion, assumed } = judgingRelease({ flag: opts.controllerVersion, values: c.controllerVersion });
    const steps = parseConfigMapDataSteps(c.data, {
      source: c.description,
      // Problems of inputs without a configuration of their own are told once, with the first.
      inputProblems: i === 0 ? [...c.inputProblems, ...loaded.inputProblems] : c.inputProblems,
      ...(controllerVersion && { controllerVersion }),
    });
    const config = await inTurns(steps, opts.signal);
    const judged = judgeConfigSteps(config, extractPluginReferences(c.objects, loaded.objectPlaces), {
      source: { kind: 'file', description: c.description },
      resourcesScanned: c.objects.length > 0,
      place: filePlace(loaded.configurations.length > 0 ? c : undefined),
    });
    const result = await inTurns(judged, opts.signal);
    results.push({ ...result, ...(assumed && { assumed }), ...(loaded.configurations.length > 0 && { input: configurationInput(c, opts) }) });
  }
  return results;
}
