/**
 * The doctor run: cluster → config → probe → handshake, each step as soon as its inputs exist, one
 * deadline for all. A step that cannot run becomes findings; the others still run.
 */
import { checks as clusterChecks } from '../checks/cluster/index.js';
import { findCheck } from '../checks/registry.js';
import type { ClusterClient } from '../cluster/client.js';
import type { ClusterFacts } from '../cluster/facts.js';
import { inspectCluster } from '../cluster/inspect.js';
import { readHeaderSecrets } from '../cluster/secrets.js';
import { lintConfigMapData, lintFiles, type LintResult } from '../config/lint.js';
import { entriesReadByController, parseConfigMapData } from '../config/parse.js';
import type { PluginEntry } from '../config/types.js';
import { runChecks } from '../core/check.js';
import type { Finding, Step } from '../core/finding.js';
import type { ConfigSource, Report } from '../core/report.js';
import type { HandshakeFacts } from '../handshake/handshake.js';
import type { ProbeFacts, ProbeOptions } from '../probe/types.js';
import { runHandshakeStep, type HandshakeStepOptions } from './handshake-step.js';
import { buildReport } from './report.js';
import { mergeRows } from './rows.js';
import { withProbedDigests } from './digests.js';
import { runProbeStep } from './probe-step.js';
import { stepRuns, validatePlugins, type Selection } from './selection.js';
import { computeVerdict, type StartupBlocker } from './verdict.js';

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
  selection: Selection;
  probe: ProbeOptions;
  handshake: HandshakeStepOptions;
  signal: AbortSignal;
  progress: (text: string) => void;
  /** What each step did and how long it took (shown with -v). */
  detail: (text: string) => void;
}

/** Cluster findings that mean the controller, restarted now, would exit at start-up. */
const CLUSTER_STARTUP_BLOCKERS = new Set(['headers-secret-missing', 'readonly-root-no-plugin-bin-mount', 'file-location-not-mounted']);
/** Those of them that hold whatever the configuration (the pod spec): the only ones that apply to -f files. */
const POD_SPEC_BLOCKERS = new Set(['readonly-root-no-plugin-bin-mount']);
/** The controller's own fatal start-up lines: proof, as long as the ConfigMap has not changed since. */
const LOGGED_STARTUP_FAILURES = new Set(['controller-fatal-download', 'controller-fatal-config']);

const stepOf = (id: string): Step | undefined => findCheck(id)?.step;
const ms = (since: number) => `${Math.round(performance.now() - since)} ms`;

export async function runDoctor(input: DoctorInput): Promise<Report> {
  const { selection, signal } = input;
  const runs = (step: Step) => stepRuns(selection, step, stepOf);

  input.progress('reading the controller…');
  let began = performance.now();
  const cluster = await inspectCluster(input.client, {
    ...(input.namespace ? { namespace: input.namespace } : {}),
    signal,
    parsePlugins: (data) => parseConfigMapData(data).entries,
  });
  input.detail(
    `cluster: ${cluster.namespace ? `namespace ${cluster.namespace} (${cluster.namespaceFrom})` : 'no controller namespace found'}, ` +
      `${cluster.pods.length} controller pod(s), ConfigMap ${cluster.configMap.exists ? 'found' : 'not found'}, ` +
      `${cluster.permissionFailures.length} permission failure(s), ${cluster.apiProblems.length} API problem(s) in ${ms(began)}`,
  );
  const clusterFindings = runs('cluster') ? runChecks(clusterChecks, cluster) : [];

  const controllerVersion = input.controllerVersion ?? cluster.controller.version;
  const lint: LintResult =
    input.files.length > 0
      ? await lintFiles(input.files, {
          ...(controllerVersion ? { controllerVersion } : {}),
          ...(input.readStdin ? { readStdin: input.readStdin } : {}),
          ...(input.recursive && { recursive: true }),
        })
      : lintConfigMapData(cluster.configMap.exists ? cluster.configMap.data : undefined, cluster.usageObjects, {
          source: cluster.configMap.source,
          resourcesScanned: usageResourcesListed(cluster),
          ...(controllerVersion ? { controllerVersion } : {}),
        });
  validatePlugins(selection, lint.config.entries.map((e) => e.name), lint.source.description);
  const entries = entriesReadByController(lint.config).filter((e) => selection.plugins.length === 0 || selection.plugins.includes(e.name));

  let probes: ProbeFacts[] | undefined;
  let probeFindings: Finding[] = [];
  if (runs('probe') || runs('binary') || runs('handshake')) {
    input.progress(`downloading ${entries.length} plugin${entries.length === 1 ? '' : 's'} like the controller…`);
    began = performance.now();
    const probed = await runProbeStep(entries, await probeOptionsFor(input, cluster, entries), lint.config.controllerVersion);
    probes = probed.probes;
    probeFindings = probed.findings;
    for (const p of probes) input.detail(`probe: ${p.entry.name}: ${p.download?.outcome ?? p.local?.state ?? p.kind}, sha256 ${p.sha256.state}${p.binary ? `, ${p.binary.summary}` : ''}`);
    input.detail(`probe: ${probes.length} plugin(s) in ${ms(began)}`);
  }

  let handshakes: HandshakeFacts[] = [];
  let handshakeFindings: Finding[] = [];
  if (probes && runs('handshake') && !signal.aborted) {
    input.progress('launching plugins in a handshake test…');
    began = performance.now();
    const shaken = await runHandshakeStep(probes, input.handshake);
    handshakes = shaken.handshakes;
    handshakeFindings = shaken.findings;
    for (const h of handshakes) input.detail(`handshake: ${h.plugin.name}: ${h.phases.map((p) => `${p.name} ${Math.round(p.ms)} ms`).join(', ')}`);
    input.detail(`handshake: ${handshakes.length} plugin(s) in ${ms(began)}`);
  }

  const findings = [
    ...clusterFindings,
    ...(runs('config') ? withProbedDigests(lint.findings.filter((f) => f.step === 'config'), probes ?? []) : []),
    ...(runs('usage') ? lint.findings.filter((f) => f.step === 'usage') : []),
    ...probeFindings,
    ...handshakeFindings,
  ];
  const source = input.files.length > 0 ? lint.source : configSource(cluster);
  const logsStillApply = input.files.length === 0 && source.changedSincePodsStarted !== true;
  // With -f the cluster's findings about the live ConfigMap's plugins say nothing about the files.
  const blockerIds = input.files.length > 0 ? POD_SPEC_BLOCKERS : CLUSTER_STARTUP_BLOCKERS;
  const clusterBlockers: StartupBlocker[] = clusterFindings
    .filter((f) => f.severity === 'error' && (blockerIds.has(f.id) || (logsStillApply && LOGGED_STARTUP_FAILURES.has(f.id))))
    .map((f) => ({ ...(f.plugin ? { plugin: f.plugin } : {}), reason: LOGGED_STARTUP_FAILURES.has(f.id) ? `${asClause(f.title)} (from its log)` : asClause(f.title) }));
  return buildReport({
    command: 'doctor',
    source,
    controller: cluster.controller,
    verdict: computeVerdict({ config: lint.config, ...(probes ? { probes } : {}), clusterBlockers, findings, references: lint.references, probeNotRun: 'the probe step was skipped' }),
    plugins: mergeRows(lint.config, lint.plugins, probes, handshakes).map((row) =>
      input.files.length === 0 && !usageResourcesListed(cluster) ? { ...row, usedByUnknown: true } : row,
    ),
    findings,
    selection,
  });
}

/** The probe downloads as the controller would: its proxy, its headersFrom Secrets, its nodes' platform. */
async function probeOptionsFor(input: DoctorInput, cluster: ClusterFacts, entries: readonly PluginEntry[]): Promise<ProbeOptions> {
  const options: ProbeOptions = { ...input.probe };
  if (!options.proxy && Object.keys(cluster.proxyEnv).length > 0) options.proxyEnv = cluster.proxyEnv;
  const platforms = new Set(cluster.nodePlatforms.map((p) => `${p.os}/${p.arch}`));
  if (!options.expectedPlatform && platforms.size === 1) {
    const [platform] = cluster.nodePlatforms;
    options.expectedPlatform = { os: platform!.os, arch: platform!.arch };
    options.expectedPlatformSource = platform!.from;
  }
  const secretNames = entries.flatMap((e) => e.headersFrom ?? []);
  if (secretNames.length > 0 && cluster.namespace) {
    const secrets = await readHeaderSecrets(input.client, cluster.namespace, secretNames, input.signal);
    options.headersFor = (entry) =>
      Object.assign({}, ...(entry.headersFrom ?? []).map((name) => secrets.find((s) => s.name === name)?.headers ?? {})) as Record<string, string>;
  }
  return options;
}

/** A finding's title inside the verdict's sentence: "The controller…" becomes "the controller…" (a kind such as "Secret" stays). */
function asClause(title: string): string {
  return title.startsWith('The ') ? `the ${title.slice(4)}` : title;
}

function usageResourcesListed(cluster: ClusterFacts): boolean {
  return !cluster.permissionFailures.some((p) => ['rollouts', 'analysistemplates', 'clusteranalysistemplates'].includes(p.resource));
}

function configSource(cluster: ClusterFacts): ConfigSource {
  const { configMap } = cluster;
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
