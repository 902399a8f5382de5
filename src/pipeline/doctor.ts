/**
 * The doctor run: cluster → config → probe → handshake, each step as soon as its inputs exist, one
 * deadline for all. A step that cannot run becomes findings; the others still run.
 */
import { checks as clusterChecks } from '../checks/cluster/index.js';
import { findCheck } from '../checks/registry.js';
import type { ClusterClient } from '../cluster/client.js';
import { controllerDownloadOf, unfinishedReads, type ClusterFacts } from '../cluster/facts.js';
import { inspectCluster } from '../cluster/inspect.js';
import type { ReportedCluster } from '../cluster/kubectl-command.js';
import type { HeaderSecretValues } from '../cluster/secrets.js';
import { checkVersionFlags, createsNoConfigMap, filePlace, judgeConfig, livePlace, parseLiveConfigMap, type LintResult } from '../config/lint.js';
import { entriesReadByController, knownRelease, parseConfigMapData, pluginsNotLoaded } from '../config/parse.js';
import { CONFIGMAP_NAME, configurationInput, loadSources } from '../config/sources.js';
import type { ConfigFacts, PluginEntry } from '../config/types.js';
import { headersFromRead, judgingRelease } from '../config/version.js';
import { runChecks } from '../core/check.js';
import { abortCause } from '../core/deadline.js';
import type { Finding, Step } from '../core/finding.js';
import type { ConfigSource, NotChecked, Report } from '../core/report.js';
import type { HandshakeFacts } from '../handshake/handshake.js';
import { platformNotCompared } from '../probe/facts.js';
import type { ProbeFacts, ProbeOptions } from '../probe/types.js';
import { LaunchesAhead, runHandshakeStep, type HandshakeStepOptions } from './handshake-step.js';
import { buildReport } from './report.js';
import { mergeRows } from './rows.js';
import { withProbedDigests } from './digests.js';
import { runProbeStep } from './probe-step.js';
import { stepRuns, validatePlugins, type Selection } from './selection.js';
import { usesPlugin } from './verdict.js';
import { assumedReleaseGap, binaryGaps, configMapNotCreatedGap, clusterGaps, handshakeGaps, nothingRead, probeGaps, readFailureWords, usageGap, type HandshakeStepNotRun } from './coverage.js';
import { humanDuration } from '../core/duration.js';

export interface DoctorInput {
  client: ClusterClient;
  /** -n: the controller namespace; absent: discover it. */
  namespace?: string;
  /** -f: judge these files instead of the live ConfigMap (the cluster is still inspected). */
  files: string[];
  /** Reads stdin, for `-f -`. */
  readStdin?: () => Promise<Buffer>;
  /** -R: read directories given with -f recursively. */
  recursive?: boolean;
  controllerVersion?: string;
  /** --chart-version: the chart release of -f helm values. */
  chartVersion?: string;
  selection: Selection;
  probe: ProbeOptions;
  handshake: HandshakeStepOptions;
  signal: AbortSignal;
  progress: (text: string) => void;
  /** What each step did and how long it took (shown with -v). */
  detail: (text: string) => void;
}

const stepOf = (id: string): Step | undefined => findCheck(id)?.step;
const elapsedSince = (since: number) => humanDuration(performance.now() - since);

export async function runDoctor(input: DoctorInput): Promise<Report> {
  const { selection, signal } = input;
  const runs = (step: Step) => stepRuns(selection, step, stepOf);
  const fromFiles = input.files.length > 0;

  // The configuration under judgment is decided once and parsed once: the -f files, or the live
  // ConfigMap at the controller's version. The cluster step checks its Secrets, mounts and plugin
  // permissions; the probe and handshake take its entries.
  const files = fromFiles ? await parseFileSources(input) : undefined;
  let subject: ConfigFacts | undefined;
  let assumed: string | undefined;
  const decide = (live: { data?: Record<string, string>; controllerVersion?: string }): ConfigFacts => {
    if (subject) return subject;
    // -f helm values say which controller they install (image tag, chart appVersion): that one
    // would run this configuration; unknown from them, the live controller's release is used.
    const release = judgingRelease({ flag: input.controllerVersion, values: files?.controllerVersion, live: live.controllerVersion });
    const controllerVersion = release.controllerVersion;
    assumed = release.assumed;
    // The cluster step reads the controller's pod spec, whichever configuration is judged: what it
    // says about the plugin folder replaces what is guessed from the release.
    const podSpecRead = runs('cluster');
    subject = files
      ? parseConfigMapData(files.data, { source: files.description, inputProblems: files.inputProblems, podSpecRead, ...(controllerVersion && { controllerVersion }) })
      : parseLiveConfigMap(live.data, { source: `${CONFIGMAP_NAME}`, podSpecRead, ...(controllerVersion && { controllerVersion }) });
    return subject;
  };

  input.progress('reading the controller…');
  let began = performance.now();
  // Each headersFrom Secret is read once, by the cluster step: its checks and the download judge the same answer.
  const headerSecrets = new Map<string, HeaderSecretValues>();
  // What the doctor commands the report prints judge again: the same file (or the live ConfigMap) at the same release.
  const judged = files?.chosen || !fromFiles ? configurationInput(files?.chosen && { ...files.chosen, description: files.description }, input) : undefined;
  const cluster = await inspectCluster(input.client, {
    ...(judged && { configurationInput: judged }),
    ...(input.namespace ? { namespace: input.namespace } : {}),
    signal,
    headerSecretValues: (secret) => headerSecrets.set(secret.name, secret),
    subject: (live) => {
      const config = decide(live);
      return { entries: entriesReadByController(config), features: config.features };
    },
  });
  input.detail(
    `cluster: ${cluster.namespace ? `namespace ${cluster.namespace} (${cluster.namespaceFrom})` : 'no controller namespace found'}, ` +
      `${cluster.pods.length} controller pod(s), ConfigMap ${cluster.configMap.exists ? 'found' : 'not found'}, ` +
      `${cluster.permissionFailures.length} permission failure(s), ${cluster.apiProblems.length} API problem(s) in ${elapsedSince(began)}`,
  );
  const config = decide({ ...(cluster.configMap.data && { data: cluster.configMap.data }), ...(cluster.controller.version && { controllerVersion: cluster.controller.version }) });
  if (!fromFiles) config.source = cluster.configMap.source;
  const clusterFindings = runs('cluster') ? runChecks(clusterChecks, cluster) : [];
  // The cluster's own gaps come first; they are listed once the probe says whether a binary's platform was left unjudged.
  const notChecked: NotChecked[] = runs('cluster') ? [] : [{ what: 'the running controller', why: 'the cluster step was skipped', blinds: ['now' as const] }];
  // Without the config step its findings are not in the report: a restart cannot be called safe.
  if (!runs('config')) notChecked.push({ what: 'the plugin configuration', why: 'the config step was skipped (--only/--skip)', blinds: ['onRestart'] });
  if (createsNoConfigMap(config)) notChecked.push(configMapNotCreatedGap());
  if (assumed) notChecked.push(assumedReleaseGap(assumed));

  // Judging the live configuration needs to have seen it: a refused read is not a missing ConfigMap,
  // and with no controller found there is no configuration to speak of.
  const unseenWhy = fromFiles ? undefined : liveConfigUnseen(cluster);
  const liveUnseen = unseenWhy !== undefined;
  const lint: LintResult = judgeConfig(config, cluster.pluginReferences, {
    source: files ? { kind: 'file', description: files.description } : configSource(cluster, unseenWhy),
    resourcesScanned: usageResourcesListed(cluster),
    place: files ? filePlace(files.chosen) : livePlace(cluster.configMap.source, cluster.configMap.exists),
  });
  if (unseenWhy) notChecked.push({ what: `the plugin configuration (${cluster.configMap.source})`, why: unseenWhy, blinds: ['onRestart'] });
  if (!liveUnseen) validatePlugins(selection, config.entries.map((e) => e.name), lint.source.description);
  const entries = liveUnseen ? [] : entriesReadByController(config).filter((e) => selection.plugins.length === 0 || selection.plugins.includes(e.name));

  let probes: ProbeFacts[] | undefined;
  let probeFindings: Finding[] = [];
  // The binary and handshake steps judge the downloaded bytes, so they download even with --only
  // binary; --skip probe asks for no downloads at all, so it skips them too (said under Not checked).
  const probeSkipped = selection.skip.includes('probe');
  const probeRuns = !probeSkipped && (runs('probe') || runs('binary') || runs('handshake'));
  // The handshake step's first launches are forked while the downloads go on (LaunchesAhead).
  const handshakeOptions = { ...input.handshake, reportedCluster: reportedCluster(cluster) };
  const launchesAhead = runs('handshake') && !input.probe.noCache ? new LaunchesAhead(handshakeOptions) : undefined;
  let handshakes: HandshakeFacts[] = [];
  let handshakeFindings: Finding[] = [];
  let handshakeNotRun: HandshakeStepNotRun | undefined;
  try {
    if (probeRuns && !liveUnseen) {
      input.progress(`downloading ${entries.length} plugin${entries.length === 1 ? '' : 's'} like the controller…`);
      began = performance.now();
      // What the controller's pods show of its own downloads (only read by the cluster step) decides whether a failure here is about it.
      const ownDownload = runs('cluster') ? (entry: PluginEntry) => controllerDownloadOf(cluster, entry) : undefined;
      const probeOptions = probeOptionsFor(input, cluster, config, headerSecrets);
      const probed = await runProbeStep(entries, launchesAhead ? { ...probeOptions, onProbing: launchesAhead.onProbing } : probeOptions, {
        controller: knownRelease(config),
        controllerDownloadOf: ownDownload,
        reportedCluster: reportedCluster(cluster),
        ...(judged && { configurationInput: judged }),
      });
      probes = probed.probes;
      probeFindings = probed.findings;
      for (const p of probes) input.detail(`probe: ${p.entry.name}: ${p.download?.outcome ?? p.local?.state ?? p.kind}, sha256 ${p.sha256.state}${p.binary ? `, ${p.binary.summary}` : ''}`);
      input.detail(`probe: ${probes.length} plugin(s) in ${elapsedSince(began)}`);
    }
    handshakeNotRun = handshakeStepNotRun({ selected: runs('handshake'), downloaded: probes !== undefined, probeSkipped, noCache: input.probe.noCache === true }, signal);
    if (handshakeNotRun === undefined) {
      input.progress('launching plugins in a handshake test…');
      began = performance.now();
      const shaken = await runHandshakeStep(probes!, handshakeOptions, launchesAhead);
      handshakes = shaken.handshakes;
      handshakeFindings = shaken.findings;
      for (const h of handshakes) input.detail(`handshake: ${h.plugin.name}: ${h.phases.map((p) => `${p.name} ${humanDuration(p.ms)}`).join(', ')}`);
      input.detail(`handshake: ${handshakes.length} plugin(s) in ${elapsedSince(began)}`);
    }
  } finally {
    await launchesAhead?.discard();
  }
  if (!liveUnseen) notChecked.push(...probeGaps(entriesReadByController(config), probes, probeSkipped ? 'the probe step was skipped (--skip probe: nothing downloaded, so no binary or handshake checks either)' : 'the probe step was skipped (--only/--skip)'));
  const plugins = { all: entries, decidesNow: usesPlugin(lint.references) };
  // Downloaded binaries the binary step did not judge (without downloads, probeGaps says so).
  if (probes && probes.length > 0 && !runs('binary')) notChecked.push(...binaryGaps('the binary step was skipped (--only/--skip)', plugins));
  if (entries.length > 0) notChecked.push(...handshakeGaps(handshakeNotRun, input.handshake, handshakes, plugins, probes));
  if (!runs('usage')) notChecked.push(usageGap(lint.references));

  const configFindings = liveUnseen ? [] : lint.findings;
  const findings = [
    ...clusterFindings,
    ...(runs('config') ? withProbedDigests(configFindings.filter((f) => f.step === 'config'), probes ?? []) : []),
    ...(runs('usage') ? configFindings.filter((f) => f.step === 'usage') : []),
    ...lint.locate(probeFindings),
    ...lint.locate(handshakeFindings),
  ];
  if (runs('cluster')) {
    // Nodes that could not be read matter only when the platform of a binary a Rollout uses was then left uncompared (no --platform).
    const platformUnjudged = runs('binary') && (probes ?? []).some((p) => platformNotCompared(p) && plugins.decidesNow(p.entry));
    notChecked.unshift(...clusterGaps(cluster, { platformUnjudged }));
  }
  const source = lint.source;
  return buildReport({
    command: 'doctor',
    source,
    // A configuration judged at another release than the running one (--controller-version) says so beside its version.
    controller: config.controllerVersion && config.controllerVersion !== cluster.controller.version ? { ...cluster.controller, judgedAs: config.controllerVersion } : cluster.controller,
    plugins: (liveUnseen ? [] : mergeRows(config, lint.plugins, probes, handshakes, { binaryJudged: runs('binary') })).map((row) =>
      // Usage comes from the cluster's Rollouts and templates, with -f too.
      !usageResourcesListed(cluster) ? { ...row, usedByUnknown: true } : row,
    ),
    findings,
    selection,
    notChecked,
    references: lint.references,
    judgesNow: runs('cluster'),
    logsCurrent: !fromFiles && source.changedSincePodsStarted !== true,
    nothingRead: nothingRead(cluster),
    notLoaded: liveUnseen ? [] : pluginsNotLoaded(config),
  });
}

/**
 * Whether the handshake step runs, or why not: a choice of the user's first (--no-cache, --skip probe,
 * --only/--skip), then the run's end before it (its --timeout or Ctrl-C during the downloads), which
 * no flag chose.
 */
export function handshakeStepNotRun(step: { selected: boolean; downloaded: boolean; probeSkipped: boolean; noCache: boolean }, signal: AbortSignal): HandshakeStepNotRun | undefined {
  if (step.noCache) return { why: '--no-cache keeps no binary to launch' };
  if (step.probeSkipped && step.selected) return { why: 'nothing was downloaded to launch (--skip probe)' };
  if (!step.selected || !step.downloaded) return { why: 'the handshake step was skipped (--only/--skip)' };
  return signal.aborted ? { cutBy: abortCause(signal) } : undefined;
}

/** The cluster read, as the probe and handshake checks print commands for it: the controller's namespace and service account where known. */
function reportedCluster(cluster: ClusterFacts): ReportedCluster {
  return {
    connection: cluster.kubectlConnection,
    ...(cluster.namespace !== undefined && { namespace: cluster.namespace }),
    ...(cluster.podSpec && { serviceAccount: cluster.podSpec.serviceAccount }),
  };
}

async function parseFileSources(input: DoctorInput) {
  checkVersionFlags(input);
  return loadSources(input.files, {
    ...(input.readStdin && { readStdin: input.readStdin }),
    ...(input.recursive && { recursive: true }),
    ...(input.chartVersion !== undefined && { chartVersion: input.chartVersion }),
    signal: input.signal,
  });
}

/**
 * Why the live configuration was not seen, in a few words (the header, the JSON source and "Not
 * checked" say it alike); undefined when it was read, or is known to be missing. A refused or
 * failed read is not a missing ConfigMap, and with no controller found there is none to speak of.
 */
function liveConfigUnseen(cluster: ClusterFacts): string | undefined {
  if (cluster.configMap.exists) return undefined;
  // A search across namespaces is not the controller's ConfigMap once its namespace is known: that one was then read by name.
  const theControllers = (read: { search?: true }) => !(read.search && cluster.namespace !== undefined);
  // Refused or failed alike: a read of ConfigMaps that could have been the controller's.
  const unread = unfinishedReads(cluster).filter((f) => f.resource === 'configmaps' && theControllers(f));
  // The GET of the ConfigMap itself says most; else the search in all namespaces that should have found it.
  const failed = unread.find((f) => f.name === CONFIGMAP_NAME) ?? unread[0];
  if (failed) return `could not be read: ${readFailureWords(failed)}`;
  const controllerFound = cluster.pods.length > 0 || cluster.deployment !== undefined;
  return controllerFound ? undefined : 'not read: no controller was found to read it from';
}

/**
 * The probe downloads as the controller would: its proxy, its headersFrom Secrets (as the cluster
 * step read them), its nodes' platform. The probe masks the Secret values exactly wherever a server echoes them (probe/http.ts);
 * the report is not masked with them as a whole, where a value such as "argo-rollouts" would hide
 * every namespace name.
 */
function probeOptionsFor(input: DoctorInput, cluster: ClusterFacts, config: ConfigFacts, headerSecrets: ReadonlyMap<string, HeaderSecretValues>): ProbeOptions {
  const options: ProbeOptions = { ...input.probe };
  if (!options.proxy && Object.keys(cluster.proxyEnv).length > 0) options.proxyEnv = cluster.proxyEnv;
  const platforms = new Set(cluster.nodePlatforms.map((p) => `${p.os}/${p.arch}`));
  if (!options.expectedPlatform && platforms.size === 1) {
    const [platform] = cluster.nodePlatforms;
    options.expectedPlatform = { os: platform!.os, arch: platform!.arch };
    options.expectedPlatformSource = platform!.from;
  }
  if (headerSecrets.size > 0) {
    // The Secrets the controller reads (none before v1.8.0), as the cluster step read them.
    options.headersFor = (entry) => Object.assign({}, ...headersFromRead(entry, config.features).map((name) => headerSecrets.get(name)?.headers ?? {})) as Record<string, string>;
    options.headerSecretUnread = (name) => headerSecrets.get(name)?.unread;
  }
  return options;
}

const USAGE_RESOURCES = ['rollouts', 'analysistemplates', 'clusteranalysistemplates'];

/**
 * Every kind was listed whole: a 403 anywhere, a list that failed (5xx, timeout, expired), or an
 * item left out of one (it may be the one using a plugin) leaves usage unknown.
 */
function usageResourcesListed(cluster: ClusterFacts): boolean {
  const { Rollout, AnalysisTemplate, ClusterAnalysisTemplate } = cluster.usageListed;
  const allRead = Rollout !== undefined && AnalysisTemplate !== undefined && ClusterAnalysisTemplate !== undefined;
  return allRead && ![...cluster.permissionFailures, ...cluster.partialLists].some((p) => USAGE_RESOURCES.includes(p.resource));
}

function configSource(cluster: ClusterFacts, unseenWhy: string | undefined): ConfigSource {
  const { configMap } = cluster;
  if (unseenWhy) return { kind: 'cluster', description: `${configMap.source} (${unseenWhy})` };
  if (!configMap.exists) return { kind: 'cluster', description: `${configMap.source} (not found: the controller runs with no plugins)` };
  const changed = configMap.lastChanged;
  const startTimes = cluster.pods.map((p) => p.controller?.startedAt).filter((t): t is string => t !== undefined);
  return {
    kind: 'cluster',
    description: configMap.source,
    ...(changed ? { lastChanged: changed } : {}),
    ...(changed && startTimes.length > 0 ? { changedSincePodsStarted: startTimes.some((t) => Date.parse(t) < Date.parse(changed)) } : {}),
  };
}
