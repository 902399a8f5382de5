/**
 * The verdict a person reads first: would the controller start if it were restarted now (the
 * "restart risk"), and which Rollouts/AnalysisTemplates depend on a broken plugin.
 */
import type { ConfigFacts, PluginReference } from '../config/types.js';
import type { Finding, PluginRef } from '../core/finding.js';
import type { Verdict } from '../core/report.js';
import { controllerFatal } from '../checks/probe/support.js';
import type { ProbeFacts } from '../probe/types.js';

/** Something that makes the controller exit at start-up, found outside the configuration itself. */
export interface StartupBlocker {
  plugin?: PluginRef;
  reason: string;
}

/** Start-up failures the probe proves: a failed download, a sha256 mismatch, a missing file://. */
export function probeBlockers(probes: readonly ProbeFacts[]): StartupBlocker[] {
  const blockers: StartupBlocker[] = [];
  for (const probe of probes) {
    const plugin = { name: probe.entry.name, type: probe.entry.type };
    const fatal = controllerFatal(probe);
    if (fatal) blockers.push({ plugin, reason: `its download fails (${probe.download?.outcome === 'http-status' ? `HTTP ${probe.download.status}` : probe.download?.outcome})` });
    else if (probe.download && probe.download.outcome !== 'ok') blockers.push({ plugin, reason: `its download fails (${probe.download.outcome})` });
    else if (probe.sha256.state === 'mismatch') blockers.push({ plugin, reason: 'its sha256 does not match the download' });
    else if (probe.local && (probe.local.state === 'missing' || probe.local.state === 'not-regular')) {
      blockers.push({ plugin, reason: `${probe.local.podPath} is ${probe.local.state === 'missing' ? 'missing' : 'not a regular file'}` });
    }
  }
  return blockers;
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
}

const pluginLabel = (p?: PluginRef) => (p ? `${p.name}` : 'the configuration');

export function computeVerdict(input: VerdictInput): Verdict {
  const affectedResources = affected(input.findings, input.references);
  const tail = affectedResources.length > 0 ? ` ${affectedResources.length} resource${affectedResources.length === 1 ? '' : 's'} depend on a broken plugin.` : '';
  const fatal = input.config.verdict.fatal;
  if (input.config.verdict.outcome === 'rejected') {
    const who = fatal?.name ? ` (${fatal.name})` : '';
    return {
      restartSafe: 'no',
      summary: `A restart now would fail: the controller would exit at start-up${who} with "${fatal?.message ?? 'a configuration error'}".${tail}`,
      affectedResources,
    };
  }
  const blockers = [...(input.probes ? probeBlockers(input.probes) : []), ...(input.clusterBlockers ?? [])];
  if (blockers.length > 0) {
    const reasons = blockers.map((b) => `${pluginLabel(b.plugin)}: ${b.reason}`).join('; ');
    return { restartSafe: 'no', summary: `A restart now would fail: the controller would exit at start-up because ${reasons}.${tail}`, affectedResources };
  }
  const entries = input.config.entries;
  if (entries.length === 0) {
    return { restartSafe: 'yes', summary: `The controller would start: no plugin is configured.${tail}`, affectedResources };
  }
  const unchecked = input.probes
    ? input.probes.filter((p) => (p.kind === 'file' && p.local?.state === 'not-checked') || p.kind === 'unsupported').map((p) => p.entry.name)
    : entries.map((e) => e.name);
  if (unchecked.length > 0) {
    const what = input.probes
      ? `the files of ${unchecked.join(', ')} were not checked (they live in the pod; give --plugin-dir)`
      : 'downloads were not checked (add --probe, or run doctor)';
    return { restartSafe: 'unknown', summary: `The controller accepts this configuration; ${what}.${tail}`, affectedResources };
  }
  return {
    restartSafe: 'yes',
    summary: `The controller would start: every plugin downloads${entries.some((e) => e.sha256State === 'pinned') ? ' and matches its sha256' : ''}.${tail}`,
    affectedResources,
  };
}

/** Resources that use a plugin with an error finding, configured or not. */
function affected(findings: readonly Finding[], references: readonly PluginReference[]): string[] {
  const broken = new Set(findings.filter((f) => f.severity === 'error' && f.plugin).map((f) => `${f.plugin!.type}/${f.plugin!.name}`));
  return [...new Set(references.filter((r) => broken.has(`${r.type}/${r.name}`)).map((r) => r.resource))].sort();
}
