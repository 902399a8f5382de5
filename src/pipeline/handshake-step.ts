/**
 * The handshake step: launch each downloaded plugin as the controller would. Only verified
 * binaries run (or unpinned ones, said so; a mismatch runs only with --allow-unverified).
 */
import { checks as handshakeChecks } from '../checks/handshake/index.js';
import { kubeconfigFiles } from '../cluster/kubeconfig-files.js';
import type { ConnectionFlags } from '../cluster/connection-flags.js';
import { kubectlConnection, type ReportedCluster } from '../cluster/kubectl-command.js';
import { runChecks } from '../core/check.js';
import { mapConcurrent } from '../core/concurrency.js';
import { parseDuration } from '../core/duration.js';
import type { Finding } from '../core/finding.js';
import { handshakePlugin, prepareLaunch, type HandshakeFacts, type HandshakeRequest, type LaunchRequest } from '../handshake/handshake.js';
import type { PluginProcess } from '../handshake/process.js';
import { kubeconfigOffer, type KubeconfigOffer } from '../handshake/kubeconfig-offer.js';
import { verificationOf } from '../probe/facts.js';
import type { ProbeFacts } from '../probe/types.js';
import type { PluginEntry } from '../config/types.js';

export interface HandshakeStepOptions {
  timeoutMs?: number;
  allowUnverified: boolean;
  /** Call InitPlugin: --init, unless a flag keeps it from being called (KubeconfigOffer.withheld). */
  init: boolean;
  /** With --init: what the plugin is offered, and which of the run's flags it is not. */
  kubeconfig?: KubeconfigOffer;
  passEnv: string[];
  signal: AbortSignal;
  /** Said before each launch: what is about to be executed. */
  onLaunch?: HandshakeRequest['onLaunch'];
  /** At most this many plugins run at once. */
  concurrency: number;
  /** The cluster the checks' printed commands go to: the one --init offers, or doctor's. */
  reportedCluster?: ReportedCluster;
}

/**
 * `flags`: the run's connection (doctor's, a fleet run's cluster, or handshake's own flags); with
 * --init the plugin is offered the kubeconfig files kubectl reads (client-go merges the list the same
 * way) with the run's context, cluster, user and namespace, and told which of its flags it is not
 * offered (KubeconfigOffer).
 */
export async function handshakeOptionsFromArgs(args: Record<string, unknown>, signal: AbortSignal, onLaunch?: HandshakeRequest['onLaunch'], flags: ConnectionFlags = {}): Promise<HandshakeStepOptions> {
  // The Kubernetes client is loaded only when --cluster, --user, -n or a trust flag make the offer read the files.
  const offer = args.init === true ? await kubeconfigOffer(kubeconfigFiles(flags.kubeconfig), flags, async () => (await import('../cluster/kubeconfig.js')).selectedEntries(flags, signal)) : undefined;
  return {
    timeoutMs: parseDuration(String(args.handshakeTimeout ?? '10s'), 'handshake-timeout'),
    allowUnverified: args.allowUnverified === true,
    // InitPlugin asked of the kubeconfig's server would answer about another cluster than the run's.
    init: offer !== undefined && offer.withheld === undefined,
    ...(offer && { kubeconfig: offer, reportedCluster: { connection: kubectlConnection(flags) } }),
    passEnv: ((args.passEnv as string[] | undefined) ?? []).map(String),
    signal,
    concurrency: 4,
    ...(onLaunch ? { onLaunch } : {}),
  };
}

export interface HandshakeStepResult {
  handshakes: HandshakeFacts[];
  findings: Finding[];
}

/** Which probed plugins can be launched: a cached binary exists and the step plugin is not disabled. */
export function launchable(probe: ProbeFacts): boolean {
  return probe.content?.cachePath !== undefined && probe.entry.disabled !== true;
}

/** What handshakePlugin is asked for a probed plugin. */
function requestFor(probe: ProbeFacts, options: HandshakeStepOptions): HandshakeRequest {
  const content = probe.content!;
  return {
    binaryPath: content.cachePath!,
    ...launchOf(probe.entry, options),
    name: probe.entry.name,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    signal: options.signal,
    verified: verificationOf(probe.sha256.state),
    // The probe read the cached file's header already: not read again before the launch.
    ...(probe.binary ? { binary: probe.binary } : {}),
    allowUnverified: options.allowUnverified,
    // The bytes the probe hashed, and only those, are launched.
    ...(content.cacheIdentity !== undefined && { cached: { sha256: content.sha256, identity: content.cacheIdentity } }),
  };
}

/** How the step launches an entry's binary, known before it is downloaded (what prepareLaunch needs). */
function launchOf(entry: PluginEntry, options: HandshakeStepOptions): Omit<LaunchRequest, 'binaryPath'> {
  return {
    type: entry.type,
    args: entry.args ?? [],
    init: options.init,
    ...(options.kubeconfig && { kubeconfig: options.kubeconfig }),
    passEnv: options.passEnv,
    ...(options.onLaunch && { onLaunch: options.onLaunch }),
  };
}

/**
 * Launches prepared while the plugins download (prepareLaunch): the first `concurrency` plugins the
 * handshake step may run are forked once their downloads have started (each probe's first turn is
 * over, so the requests go out first), and the step releases them with the downloaded file's path
 * instead of forking then. The step releases or ends each; discard() ends what is left.
 */
export class LaunchesAhead {
  private readonly prepared = new Map<PluginEntry, PluginProcess>();
  private readonly waiting: PluginEntry[] = [];
  constructor(private readonly options: HandshakeStepOptions) {}

  /** ProbeOptions.onProbing. */
  readonly onProbing = (entry: PluginEntry): void => {
    if (entry.disabled === true || this.waiting.length + this.prepared.size >= this.options.concurrency) return;
    if (this.waiting.push(entry) === 1) setImmediate(this.prepareWaiting);
  };

  private readonly prepareWaiting = (): void => {
    for (const entry of this.waiting.splice(0)) {
      if (this.options.signal.aborted) return;
      const launch = prepareLaunch(launchOf(entry, this.options));
      if (launch) this.prepared.set(entry, launch);
    }
  };

  take(probe: ProbeFacts): PluginProcess | undefined {
    const launch = this.prepared.get(probe.entry);
    this.prepared.delete(probe.entry);
    return launch;
  }

  async discard(): Promise<void> {
    this.waiting.length = 0;
    const left = [...this.prepared.values()];
    this.prepared.clear();
    await Promise.all(left.map((launch) => launch.stop()));
  }
}

export async function runHandshakeStep(probes: readonly ProbeFacts[], options: HandshakeStepOptions, ahead?: LaunchesAhead): Promise<HandshakeStepResult> {
  const handshakes = await mapConcurrent(probes.filter(launchable), options.concurrency, (probe) => handshakePlugin(requestFor(probe, options), ahead?.take(probe)));
  if (options.reportedCluster) for (const facts of handshakes) facts.reportedCluster = options.reportedCluster;
  return { handshakes, findings: handshakes.flatMap((facts) => runChecks(handshakeChecks, facts)) };
}
