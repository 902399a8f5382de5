/**
 * What a run did not check, said once each: steps that did not run, reads the API refused or
 * failed, lists read in part, plugins left out. Each says which verdict it leaves open, so the
 * verdict is never `ok` over something unseen.
 */
import { controllerListsReadInPart, unfinishedReads, type ApiProblem, type ClusterFacts, type PermissionFailure, type ReadAccess, type ReadPurpose } from '../cluster/facts.js';
import { permissionText } from '../cluster/read/api.js';
import { CONFIGMAP_NAME } from '../config/sources.js';
import { headersFromRead, type ControllerFeatures } from '../config/version.js';
import type { ParsedEntry, PluginReference } from '../config/types.js';
import { machineFor } from '../handshake/binary-target.js';
import { notExecutable } from '../probe/binary.js';
import { interruptedDuring, summarizeHandshake, type HandshakeFacts } from '../handshake/handshake.js';
import { notOfferedWhy, type KubeconfigOffer } from '../handshake/kubeconfig-offer.js';
import { deadlineRanOut, type DeadlineFlag } from '../core/deadline.js';
import { pluginKey, type PluginRef } from '../core/finding.js';
import type { NotChecked } from '../core/report.js';
import { failedOnlyFromHere, overMaxSize, type FromHereOnly } from '../probe/facts.js';
import { localPathIn } from '../probe/local.js';
import type { ProbeFacts } from '../probe/types.js';
import { launchable } from './handshake-step.js';

type Blinds = NotChecked['blinds'];

/** Helm values judged by the newest release's rules, none being named (`assumed`: judgingRelease's words); no verdict is left open. */
export function assumedReleaseGap(assumed: string): NotChecked {
  return { what: 'the controller release the helm values install', why: assumed, blinds: [] };
}

/**
 * `probe URL`, `checksum URL` and `handshake PATH` read no configuration: whether the controller would start is
 * decided by the ConfigMap it reads (and its release), which they never saw, so the restart verdict stays open even over
 * what they prove broken (verdict.ts): its findings still say so, with their severities.
 */
export function configurationNotReadGap(scope: string): NotChecked {
  return { what: 'the plugin configuration', why: `not read: ${scope}; lint or doctor judge the ConfigMap`, blinds: ['onRestart'] };
}

/** Helm values with controller.createConfigmap: false: the ConfigMap the controller reads is not in them, so nothing here decides a restart. */
export function configMapNotCreatedGap(): NotChecked {
  return {
    what: `the plugin configuration (${CONFIGMAP_NAME})`,
    why: 'the helm values do not create it (controller.createConfigmap: false): the controller reads one applied some other way: lint that one, or run doctor without -f to judge the live one',
    blinds: ['onRestart'],
  };
}

/**
 * The usage step skipped: whether the plugins Rollouts and AnalysisTemplates name are configured (and enabled, and
 * named as they register) was not judged, which decides Now when any of them names a plugin.
 */
export function usageGap(references: readonly PluginReference[]): NotChecked {
  return { what: 'plugin usage by Rollouts and AnalysisTemplates', why: 'the usage step was skipped (--only/--skip)', blinds: references.length > 0 ? ['now'] : [] };
}

/** Which verdict a refused or failed read of this resource, or an item left out of its list, leaves open. */
const BLINDS_BY_RESOURCE: Record<string, Blinds> = {
  pods: ['now'],
  'pods/log': ['now'],
  events: ['now'],
  rollouts: ['now'],
  analysistemplates: ['now'],
  clusteranalysistemplates: ['now'],
  analysisruns: ['now'],
  configmaps: ['onRestart'],
  secrets: ['onRestart'],
  deployments: ['onRestart'],
  // Whether the controller may do what a plugin does: a plugin denied it breaks the Rollouts using it.
  subjectaccessreviews: ['now'],
};

/**
 * The entry of one read (one permission: verb, resource and namespace, whichever object it named),
 * refused or failed, or of a list that came back read in part with the same counts. Each purpose it
 * cost is kept under its cause, and every verdict any of them leaves open.
 */
interface ReadGap {
  what: string;
  /** The purposes each cause cost, in the order met: `403 Forbidden`, `timeout`, `unavailable 503`; one cause '' for a list read in part. */
  causes: Map<string, string[]>;
  blinds: Set<'now' | 'onRestart'>;
  partial?: { leftOut: number; listed: number };
  /** Every read behind it only searched for the controller's namespace. */
  search: boolean;
}

const VERDICTS = ['now', 'onRestart'] as const;
const was = (n: number) => (n === 1 ? 'was' : 'were');

/** A list read in part: what was read was judged; only what the left-out items could change stays open. */
function partialWhy({ leftOut, listed }: { leftOut: number; listed: number }, purposes: string, open: boolean, search: boolean, namespace: string | undefined): string {
  const read = listed - leftOut;
  const judged = read === 0 ? 'nothing else was listed to judge' : `the other ${read} ${was(read)} read and judged`;
  const they = leftOut === 1 ? 'the one left out' : 'those left out';
  return (
    `read in part: ${leftOut} of the ${listed} ${listed === 1 ? 'item' : 'items'} listed ${was(leftOut)} left out, being no object with a name (null, a number, a string, an array or a nameless object); ` +
    (open
      ? `${judged}, and what ${they} could change stays open (${purposes})`
      : search
        ? `${judged}; ${they} could only hide another installation: the controller's namespace, ${namespace}, was read directly (${purposes})`
        : `${judged}; what ${they} could change decides no verdict here (${purposes})`)
  );
}

/** A failed read in a few words: `403 Forbidden`, `unavailable 500`, `timeout`, `not attempted (…)`. */
export function readFailureWords(failure: PermissionFailure | ApiProblem): string {
  if (!('kind' in failure)) return failure.status === 401 ? '401 Unauthorized' : failure.status === 404 ? '404 Not Found' : `${failure.status} Forbidden`;
  if (failure.attempts === 0) return `not attempted (${failure.message})`;
  return `${failure.kind}${failure.status ? ` ${failure.status}` : ''}`;
}

/**
 * The reads the API server refused (401/403), could not answer or answered in part. One entry per
 * permission refused and per read failed in one way (their purposes listed together), one per list
 * read in part (the same list read twice with the same answer is one); an entry never replaces another.
 * `platformUnjudged`: the OS/arch of a binary a Rollout uses could not be compared, no platform being
 * known (probe/facts.ts platformNotCompared): then the nodes that could not be read leave Now open, the
 * verdict a binary for the wrong platform decides (it fails when a rollout first needs the plugin).
 */
export function clusterGaps(cluster: ClusterFacts, { platformUnjudged = false }: { platformUnjudged?: boolean } = {}): NotChecked[] {
  // A search for the controller's namespace (discovery) costs nothing once the namespace is known:
  // the controller is read there directly, and its own reads say what they could not see. Until
  // then, what it could not see may be the controller itself. The nodes only give the platform a
  // binary is compared with: unread, they leave open only a comparison that was not made.
  const blindsOf = (read: ReadPurpose & ReadAccess): Blinds =>
    read.search
      ? cluster.namespace !== undefined
        ? []
        : [...VERDICTS]
      : read.resource === 'nodes'
        ? platformUnjudged
          ? ['now']
          : []
        : (BLINDS_BY_RESOURCE[read.resource] ?? []);
  const gaps = new Map<string, ReadGap>();
  const add = (key: string, read: ReadPurpose & ReadAccess, cause: string, partial?: ReadGap['partial']): void => {
    const entry = gaps.get(key) ?? { what: permissionText(read), causes: new Map(), blinds: new Set(), search: true, ...(partial && { partial }) };
    gaps.set(key, entry);
    const purposes = entry.causes.get(cause) ?? [];
    entry.causes.set(cause, purposes);
    if (!purposes.includes(read.skipped)) purposes.push(read.skipped);
    entry.search &&= read.search === true;
    for (const b of blindsOf(read)) entry.blinds.add(b);
  };
  // A refusal and a failure of the same read are one entry: the permission names it, whichever object it read.
  for (const f of cluster.permissionFailures) if (f.status !== 404) add(`read\0${permissionText(f)}`, f, readFailureWords(f));
  for (const p of cluster.apiProblems) add(`read\0${permissionText(p)}`, p, readFailureWords(p));
  for (const p of cluster.partialLists) add(`partial\0${p.request}\0${p.listed}\0${p.leftOut}`, p, '', { leftOut: p.leftOut, listed: p.listed });

  const entries: NotChecked[] = [...gaps.values()].map((g) => {
    const blinds = VERDICTS.filter((b) => g.blinds.has(b));
    if (!g.partial) return { what: g.what, why: [...g.causes].map(([cause, purposes]) => `${cause}: ${purposes.join('; ')}`).join('; '), blinds, failed: true };
    const purposes = [...g.causes.values()].flat().join('; ');
    return { what: g.what, why: partialWhy(g.partial, purposes, blinds.length > 0, g.search, cluster.namespace), blinds, failed: true, partial: g.partial };
  });
  // No namespace found, and a read of the search for one was refused or failed (cut short by the run's end,
  // a timeout...): the controller is neither found nor known to be absent (controller-not-found is not
  // reported). First, so the verdicts give this reason. A search list read in part says so itself.
  const unfinished = cluster.namespace === undefined ? unfinishedSearch(cluster) : undefined;
  if (unfinished) entries.unshift(unfinished);
  // Nothing read is the controller, and a list that could hold it came back read in part: it is neither
  // absent (controller-not-found is not reported) nor looked for another way, by other labels or its image.
  if (cluster.namespace !== undefined && cluster.deployment === undefined && cluster.pods.length === 0 && controllerListsReadInPart(cluster)) {
    entries.push({
      what: `the controller in ${cluster.namespace}`,
      why: 'not identified: no Deployment or pod read is it, and a list of them was read in part (an item left out may be it), so it was not looked for by other labels or by its image',
      blinds: ['now', 'onRestart'],
      failed: true,
    });
  }
  // No label says which Deployment running the controller image is the controller: only the first was inspected.
  for (const other of cluster.controllerFallback?.deployments.slice(1) ?? []) {
    entries.push({ what: `Deployment ${cluster.namespace ?? '?'}/${other.name}`, why: 'it runs the controller image too, and no label says which Deployment is the controller: only the first by name was inspected', blinds: ['now', 'onRestart'], failed: true });
  }
  return entries;
}

/** The search for the controller's namespace, when a read of it was refused or failed: what ended it, the run's end first. */
function unfinishedSearch(cluster: ClusterFacts): NotChecked | undefined {
  const failed = unfinishedReads(cluster).filter((read) => read.search === true);
  if (failed.length === 0) return undefined;
  const cutBy = (read: PermissionFailure | ApiProblem) => ('cancelledBy' in read ? read.cancelledBy : undefined);
  const causes = [...new Set([...failed.flatMap((read) => (cutBy(read) ? [cutWords(cutBy(read))] : [])), ...failed.filter((read) => !cutBy(read)).map(readFailureWords)])];
  return { what: 'the Argo Rollouts controller', why: `not found, nor known to be absent: the search for its namespace did not finish (${causes.join('; ')})`, blinds: [...VERDICTS], failed: true };
}

/** Nothing about the controller could be read: every read that matters was refused, failed or left out the items that could be it. */
export function nothingRead(cluster: ClusterFacts): boolean {
  const found = cluster.pods.length > 0 || cluster.deployment !== undefined || cluster.configMap.exists || cluster.installations.length > 0;
  const refused = cluster.permissionFailures.some((f) => f.status === 401 || f.status === 403) || cluster.apiProblems.length > 0 || controllerListsReadInPart(cluster);
  return !found && refused && !cluster.namespace;
}

/**
 * The headersFrom Secrets the controller reads at start-up at the judged release (none before v1.8.0), when the run
 * reads no cluster: a missing one stops the controller (headers-secret-missing), so each leaves open what a refused
 * read of it does in doctor.
 */
export function headersFromSecretGaps(entries: readonly ParsedEntry[], features: ControllerFeatures, why: string): NotChecked[] {
  const names = [...new Set(entries.flatMap((e) => headersFromRead(e, features)))];
  return names.map((name) => ({ what: `Secret ${name} in the controller's namespace`, why, blinds: [...(BLINDS_BY_RESOURCE.secrets ?? [])] }));
}

/** Downloads that were not checked, and why. */
export function probeGaps(entries: readonly ParsedEntry[], probes: readonly ProbeFacts[] | undefined, notRunWhy: string): NotChecked[] {
  if (entries.length === 0) return [];
  if (!probes) return [{ what: 'downloads, checksums and binaries', why: notRunWhy, blinds: ['onRestart'] }];
  const gaps = unjudgedDownloadGaps(probes);
  const probed = new Set(probes.map((p) => pluginKey(p.entry)));
  const left = entries.filter((e) => !probed.has(pluginKey(e))).map((e) => e.name);
  if (left.length > 0) gaps.push({ what: left.join(', '), why: 'left out by --plugin; the controller still loads them at start-up', blinds: ['onRestart'] });
  return gaps;
}

/** Downloads whose result here says nothing of the controller's: a file inside its pod, a download that failed only from this machine. */
export function unjudgedDownloadGaps(probes: readonly ProbeFacts[]): NotChecked[] {
  const gaps: NotChecked[] = [];
  for (const p of probes) {
    if (p.kind === 'file' && p.local?.state === 'not-checked')
      gaps.push({ what: `${p.entry.name} (${p.local.podPath})`, why: `a file inside the controller pod, not readable from here: ${pluginDirHow(p.local.podPath)} to check it`, blinds: ['onRestart'] });
    const fromHere = failedOnlyFromHere(p);
    if (fromHere) gaps.push({ what: `the download of ${p.entry.name}`, why: fromHereWhy(p, fromHere), blinds: ['onRestart'], failed: true });
  }
  return gaps;
}

/** Why a download that failed on this machine's network was not checked, and how to check it. */
function fromHereWhy(p: ProbeFacts, fromHere: FromHereOnly): string {
  const error = p.download?.error?.message ?? p.download?.outcome;
  const how = "check it from the controller's network (serve in the cluster) or with --proxy";
  if (fromHere.kind === 'controller-proxy') return `it goes through the controller's own proxy ${fromHere.proxy}, which this machine cannot reach (${error}); ${how}`;
  const own =
    fromHere.own.result === 'loaded'
      ? `controller pod ${fromHere.own.pod} downloaded it at its start`
      : `the controller's own download failed as its log says (controller-fatal-download, ${fromHere.own.pod})`;
  return `it failed on this machine's network (${error}), while ${own}; ${how}`;
}

/** A verdict a plugin's unjudged step leaves open: Now, when `decides` (a Rollout or AnalysisTemplate uses the plugin). */
const nowIf = (decides: boolean): Blinds => (decides ? ['now'] : []);

/**
 * The binary step not run over downloaded plugins. Its checks judge what the controller meets when it
 * starts a plugin (file format, OS/arch): a wrong one breaks the Rollouts that use it ('breaks-users'),
 * so unjudged, such a plugin leaves Now open, as a handshake not run does.
 */
export function binaryGaps(notRunWhy: string, plugins: { all: readonly PluginRef[]; decidesNow: (plugin: PluginRef) => boolean }): NotChecked[] {
  return [{ what: 'plugin binaries (file format, OS/arch)', why: notRunWhy, blinds: nowIf(plugins.all.some(plugins.decidesNow)) }];
}

/** Why the handshake step did not run: a choice of the user's (`why` names the flag), or the run's end before it (`cutBy`: abortCause's). */
export type HandshakeStepNotRun = { why: string } | { cutBy: DeadlineFlag | 'interrupted' };

/**
 * Handshakes that were not run or were interrupted, InitPlugin not called, or called without a kubeconfig or some of
 * the run's flags. A plugin's handshake not run (the step skipped or the run's end before it, its download failed, its file is
 * over --max-size or inside the controller pod without --plugin-dir: nothing to launch, noBinaryWhy; or not launched: notLaunchedWhy), or cut short by the run's end (Ctrl-C, its --timeout), leaves Now open when `decidesNow` says
 * its handshake could change it: the controller runs that handshake when a rollout first needs the
 * plugin, and a failed one breaks the Rollouts that use it.
 * Cut short, left without a download or not launched for its file, it is no choice of the user's (`failed`: exit 1), like a download
 * cut short; a file inside the pod is (a flag not given, as a skipped step). The failed download or the skip keeps its own finding (or entry): this entry says only what it left unseen.
 * InitPlugin's gaps leave no verdict open (it is not called when its answer would be about another
 * cluster: the same as without --init).
 */
export function handshakeGaps(
  notRun: HandshakeStepNotRun | undefined,
  handshake: { kubeconfig?: KubeconfigOffer },
  handshakes: readonly HandshakeFacts[],
  plugins: { all: readonly PluginRef[]; decidesNow: (plugin: PluginRef) => boolean },
  probes: readonly ProbeFacts[] = [],
): NotChecked[] {
  if (notRun !== undefined) {
    const blinds = nowIf(plugins.all.some(plugins.decidesNow));
    return [{ what: 'go-plugin handshakes', ...('why' in notRun ? { why: notRun.why, blinds } : { why: `${cutWords(notRun.cutBy)} before the handshake step: no plugin was launched`, blinds, failed: true as const }) }];
  }
  const withoutBinary = probes.flatMap((p) => {
    const gap = launchable(p) || p.entry.disabled === true ? undefined : noBinaryWhy(p);
    if (!gap) return [];
    const why = `not run: ${gap.why}, so there was no binary to launch${gap.how ? `; ${gap.how}` : ''}`;
    return [{ what: `the go-plugin handshake of ${p.entry.name}`, why, blinds: nowIf(plugins.decidesNow(p.entry)), ...(gap.failed && { failed: true as const }) }];
  });
  const interrupted = handshakes.flatMap((h) => {
    const at = interruptedDuring(h);
    return at ? [{ what: `the go-plugin handshake of ${h.plugin.name}`, why: `${cutWords(h.cutBy)} during ${at}: nothing is known about it`, blinds: nowIf(plugins.decidesNow(h.plugin)), failed: true as const }] : [];
  });
  const notLaunched = handshakes.flatMap((h) => {
    const gap = notLaunchedWhy(h);
    return gap ? [{ what: `the go-plugin handshake of ${h.plugin.name}`, why: gap.why, blinds: nowIf(plugins.decidesNow(h.plugin)), ...(gap.failed && { failed: true as const }) }] : [];
  });
  return [...withoutBinary, ...notLaunched, ...interrupted, ...initGaps(handshake.kubeconfig)];
}

/**
 * Why this run had no binary of a plugin to launch, when that is its own limit: a file over --max-size (in
 * download-too-large's words), a file of --plugin-dir it cannot read, or a download that failed (`failed`:
 * exit 1, like a download cut short); or a file:// plugin's file inside the controller pod, without
 * --plugin-dir to read it from (no failure: a flag not given, `how` says which). Not a file:// path that is
 * missing or no regular file: their findings say the controller has no binary either.
 */
function noBinaryWhy(p: ProbeFacts): { why: string; failed: boolean; how?: string } | undefined {
  const over = overMaxSize(p);
  if (over !== undefined) return { why: over, failed: true };
  if (p.local?.state === 'unreadable') return { why: `cannot read ${p.local.localPath ?? p.local.podPath}: ${p.local.error ?? 'unreadable'}`, failed: true };
  if (p.local?.state === 'not-checked') return { why: `${p.local.podPath} is a file inside the controller pod, not readable from here`, failed: false, how: `${pluginDirHow(p.local.podPath)} to launch it` };
  const failed = p.download?.outcome !== 'ok' ? p.download : undefined;
  return failed && { why: `its download failed (${failed.outcome === 'http-status' ? `HTTP ${failed.status}` : failed.outcome})`, failed: true };
}

/** How this machine reads a file:// plugin's file, which is inside the controller pod: --plugin-dir stands in for the pod's root. */
function pluginDirHow(podPath: string): string {
  return `give --plugin-dir DIR holding a copy of it at ${localPathIn('DIR', podPath)}`;
}

/**
 * Why a plugin was not launched (HandshakeFacts.skipped), when that leaves its handshake unseen: in the
 * HANDSHAKE cell's words. Its sha256 (On restart's), a cached file changed after it was verified or one
 * that cannot be read kept this run from testing what the controller runs: `failed`. A binary for another
 * platform is a step this machine cannot take, which no run here could: the entry says where it can be.
 * Neither a file no OS can execute (its finding says the controller cannot run it either: known, not
 * unseen) nor a launch cancelled by the run's end (interruptedDuring's entry) is one.
 */
function notLaunchedWhy(h: HandshakeFacts): { why: string; failed: boolean } | undefined {
  const skipped = h.skipped?.reason;
  if (skipped === undefined || skipped === 'aborted') return undefined;
  const { summary } = summarizeHandshake(h);
  if (skipped !== 'cannot-run-on-host') return { why: summary, failed: true };
  if (!h.binary || notExecutable(h.binary)) return undefined;
  return { why: `${summary}: test it on ${machineFor(h.binary)}${h.standalone ? '' : ' (doctor there, or serve in the cluster)'}`, failed: false };
}

/** What cut a handshake short: `the run's --timeout ran out`, `the run was interrupted (Ctrl-C or SIGTERM)`. */
function cutWords(by: HandshakeFacts['cutBy']): string {
  return by === undefined || by === 'interrupted' ? 'the run was interrupted (Ctrl-C or SIGTERM)' : deadlineRanOut(by);
}

/** InitPlugin not called, or called without a kubeconfig or some of the run's flags. */
function initGaps(offer: KubeconfigOffer | undefined): NotChecked[] {
  if (!offer) return [{ what: 'InitPlugin', why: 'not called: add --init to call it with your kubeconfig (* in the HANDSHAKE column)', blinds: [] }];
  if (offer.withheld) return [{ what: 'InitPlugin', why: `not called: ${offer.withheld.why} (* in the HANDSHAKE column)`, blinds: [] }];
  const why = notOfferedWhy(offer.files !== undefined);
  if (offer.files === undefined) return [{ what: 'InitPlugin', why: `called with no kubeconfig: none found${offer.notOffered.length > 0 ? `; ${offer.notOffered.join(', ')} not offered either (${why})` : ''}`, blinds: [] }];
  return offer.notOffered.length === 0 ? [] : [{ what: `InitPlugin with ${offer.notOffered.join(', ')}`, why: `not offered: ${why}`, blinds: [] }];
}
