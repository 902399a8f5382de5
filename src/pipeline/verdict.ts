/**
 * The verdict a person reads first: would the controller start if it were restarted now (the
 * "restart risk"), and which Rollouts/AnalysisTemplates depend on a broken plugin.
 */
import type { ConfigFacts, PluginReference } from '../config/types.js';
import type { Finding, PluginRef } from '../core/finding.js';
import type { Verdict } from '../core/report.js';
import { deniedWithoutHeaders } from '../probe/facts.js';
import type { ProbeFacts } from '../probe/types.js';

/** Something that makes the controller exit at start-up, found outside the configuration itself. */
export interface StartupBlocker {
  plugin?: PluginRef;
  reason: string;
}

/**
 * Download outcomes that depend on where the probe runs (a laptop, CI) or on the probe's own
 * limits rather than on the configuration: they make the verdict unknown, not broken, because the
 * controller's network may differ (and the controller has no size limit).
 */
const VANTAGE_DEPENDENT = new Set([
  'dns-failure',
  'connection-refused',
  'connection-reset',
  'tls-error',
  'timeout',
  'network-error',
  'proxy-error',
  'aborted',
  'truncated',
  'too-large',
]);

/**
 * Start-up failures the probe proves: an HTTP error status, a bad redirect, a header Go rejects,
 * a sha256 mismatch, a missing file://. A body the controller saves (a 3xx without Location, an
 * error page before v1.8) is not a failure by itself: then the sha256 decides.
 */
export function probeBlockers(probes: readonly ProbeFacts[]): StartupBlocker[] {
  const blockers: StartupBlocker[] = [];
  for (const probe of probes) {
    const plugin = { name: probe.entry.name, type: probe.entry.type };
    const d = probe.download;
    if (deniedWithoutHeaders(probe)) continue;
    if (d && d.outcome !== 'ok' && !VANTAGE_DEPENDENT.has(d.outcome) && !probe.content) {
      blockers.push({ plugin, reason: `its download fails (${d.outcome === 'http-status' ? `HTTP ${d.status}` : d.outcome})` });
    } else if (probe.sha256.state === 'mismatch') blockers.push({ plugin, reason: 'its sha256 does not match the download' });
    else if (probe.local && (probe.local.state === 'missing' || probe.local.state === 'not-regular')) {
      blockers.push({ plugin, reason: `${probe.local.podPath} is ${probe.local.state === 'missing' ? 'missing' : 'not a regular file'}` });
    }
  }
  return blockers;
}

/** Why a plugin's download could not be judged from here, or undefined when it could. */
function undecidedReason(p: ProbeFacts): string | undefined {
  if (p.download && VANTAGE_DEPENDENT.has(p.download.outcome)) return `${p.download.outcome} from here`;
  if (deniedWithoutHeaders(p)) return `HTTP ${p.download!.status} without headers: headersFrom Secret ${p.headersNotSent!.join(', ')} not read`;
  if (p.kind === 'file' && p.local?.state === 'not-checked') return 'file in the pod; give --plugin-dir';
  if (p.kind === 'unsupported') return '';
  return undefined;
}

/** Plugins whose download could not be judged from here (network trouble on this side, Secrets not read). */
function undecided(probes: readonly ProbeFacts[]): string[] {
  return probes.flatMap((p) => {
    const reason = undecidedReason(p);
    return reason === undefined ? [] : [`${p.entry.name}${reason ? ` (${reason})` : ''}`];
  });
}

/** Configured plugins the probe left out (--plugin): the controller still loads them at start-up. */
function notProbed(entries: ConfigFacts['entries'], probes: readonly ProbeFacts[]): string[] {
  const probed = new Set(probes.map((p) => `${p.entry.type}/${p.entry.name}`));
  return entries.filter((e) => !probed.has(`${e.type}/${e.name}`)).map((e) => `${e.name} (not probed)`);
}

export interface VerdictInput {
  config: ConfigFacts;
  /** Undefined when the probe step did not run: downloads are then unknown. */
  probes?: readonly ProbeFacts[];
  /** From the cluster step: a missing headersFrom Secret, a read-only plugin-bin... */
  clusterBlockers?: readonly StartupBlocker[];
  findings: readonly Finding[];
  /** Where Rollouts and AnalysisTemplates name plugins. */
  references: readonly PluginReference[];
  /** Why downloads were not checked when `probes` is undefined (default: lint's hint). */
  probeNotRun?: string;
}

const reasonOf = (b: StartupBlocker) => (b.plugin ? `${b.plugin.name}: ${b.reason}` : b.reason);

export function computeVerdict(input: VerdictInput): Verdict {
  const affectedResources = affected(input.findings, input.references);
  const fatal = input.config.verdict.fatal;
  if (input.config.verdict.outcome === 'rejected') {
    const who = fatal?.name ? ` (${fatal.name})` : '';
    return {
      restartSafe: 'no',
      summary: `A restart now would fail: the controller would exit at start-up${who} with "${fatal?.message ?? 'a configuration error'}".`,
      affectedResources,
    };
  }
  const blockers = [...(input.probes ? probeBlockers(input.probes) : []), ...(input.clusterBlockers ?? [])];
  if (blockers.length > 0) {
    const reasons = blockers.map(reasonOf).join('; ');
    return { restartSafe: 'no', summary: `A restart now would fail: the controller would exit at start-up because ${reasons}.`, affectedResources };
  }
  const entries = input.config.entries;
  if (entries.length === 0) {
    return { restartSafe: 'yes', summary: `The controller would start: no plugin is configured.`, affectedResources };
  }
  const unchecked = input.probes ? [...undecided(input.probes), ...notProbed(entries, input.probes)] : entries.map((e) => e.name);
  if (unchecked.length > 0) {
    const what = input.probes ? `these could not be checked: ${unchecked.join(', ')}` : `downloads were not checked (${input.probeNotRun ?? 'add --probe, or run doctor'})`;
    return { restartSafe: 'unknown', summary: `The controller accepts this configuration; ${what}.`, affectedResources };
  }
  return {
    restartSafe: 'yes',
    summary: `The controller would start: every plugin downloads${entries.some((e) => e.sha256State === 'pinned') ? ' and matches its sha256' : ''}.`,
    affectedResources,
  };
}

/** Resources that use a plugin with an error finding, configured or not. */
function affected(findings: readonly Finding[], references: readonly PluginReference[]): string[] {
  const broken = new Set(findings.filter((f) => f.severity === 'error' && f.plugin).map((f) => `${f.plugin!.type}/${f.plugin!.name}`));
  return [...new Set(references.filter((r) => broken.has(`${r.type}/${r.name}`)).map((r) => r.resource))].sort();
}

const RESTART_RANK = { yes: 0, unknown: 1, no: 2 } as const;

/**
 * One verdict over several configurations judged on their own (`lint -f a.yaml -f b.yaml`): the
 * worst of them, each summary named by its input, broken ones first.
 */
export function combineVerdicts(parts: ReadonlyArray<{ input: string; verdict: Verdict }>): Verdict {
  if (parts.length === 1) return parts[0]!.verdict;
  const ordered = [...parts].sort((a, b) => RESTART_RANK[b.verdict.restartSafe] - RESTART_RANK[a.verdict.restartSafe]);
  return {
    restartSafe: ordered[0]?.verdict.restartSafe ?? 'unknown',
    summary: ordered.map((p) => `${p.input}: ${p.verdict.summary}`).join(' '),
    affectedResources: [...new Set(parts.flatMap((p) => p.verdict.affectedResources))].sort(),
  };
}
