/**
 * `lint -f FILE…`: the controller's start-up verdict on each configuration given, offline (and
 * with --probe its downloads). Several configurations make one report: the verdicts follow the
 * worst of them, and every finding names the file it is in.
 */
import { createsNoConfigMap, framedForTheController, lintInputs, type LintOptions, type LintResult } from '../config/lint.js';
import { entriesReadByController, knownRelease, pluginsNotLoaded, unreadConfigMapName, type PluginsNotLoaded } from '../config/parse.js';
import type { Finding } from '../core/finding.js';
import type { ConfigSource, NotChecked, PluginRow, Report } from '../core/report.js';
import { SharedDownloads } from '../probe/shared.js';
import type { ProbeOptions } from '../probe/types.js';
import { assumedReleaseGap, configMapNotCreatedGap, headersFromSecretGaps, probeGaps } from './coverage.js';
import { withProbedDigests } from './digests.js';
import { runProbeStep } from './probe-step.js';
import { buildReportSteps } from './report.js';
import { inTurns } from '../core/steps.js';
import { mergeRows } from './rows.js';
import type { Selection } from './selection.js';

export interface LintCommandInput {
  /** `lint`, or `probe -f` (the same run, always downloading). */
  command: 'lint' | 'probe';
  files: string[];
  read: LintOptions;
  /** --probe: download every plugin like the controller. */
  probe?: ProbeOptions;
  selection: Selection;
  progress: (text: string) => void;
}

/** One configuration judged: its rows, its findings (located in its input) and what was not checked. */
interface Judged {
  plugins: PluginRow[];
  findings: Finding[];
  notChecked: NotChecked[];
  notLoaded: PluginsNotLoaded[];
}

export async function runLint(input: LintCommandInput): Promise<Report> {
  const results = await lintInputs(input.files, input.read);
  // A URL several configurations name (files of one GitOps repository, -R) is downloaded once.
  const probe = input.probe && { ...input.probe, shared: new SharedDownloads(input.probe.signal) };
  const judged: Judged[] = [];
  try {
    for (const lint of results) judged.push(await judge(lint, { ...input, ...(probe && { probe }) }, results.length > 1));
  } finally {
    await probe?.shared.close();
  }
  const source: ConfigSource =
    results.length === 1 ? results[0]!.source : { kind: 'file', description: results.map((r) => r.source.description).join('; ') };
  const report = buildReportSteps({
    command: input.command,
    source,
    plugins: judged.flatMap((j) => j.plugins),
    findings: judged.flatMap((j) => j.findings),
    selection: input.selection,
    notChecked: judged.flatMap((j) => j.notChecked),
    notLoaded: judged.flatMap((j) => j.notLoaded),
    references: results.flatMap((r) => r.references),
    judgesNow: false,
    logsCurrent: false,
  });
  return inTurns(report, input.read.signal);
}

/** One configuration's rows and findings, probed with --probe. */
async function judge(lint: LintResult, input: LintCommandInput, several: boolean): Promise<Judged> {
  let findings = lint.findings;
  let probes;
  const entries = entriesReadByController(lint.config);
  if (input.probe) {
    input.progress(`probing ${entries.length} plugin downloads of ${lint.source.description}…`);
    const probed = await runProbeStep(entries, input.probe, { controller: knownRelease(lint.config), ...(lint.input && { configurationInput: lint.input }) });
    probes = probed.probes;
    findings = [...withProbedDigests(findings, probed.probes), ...framedForTheController(lint.config, lint.locate(probed.findings))];
  }
  // The downloads and Secrets of a ConfigMap the controller does not read decide no restart: it starts without them.
  const unread = unreadConfigMapName(lint.config) !== undefined;
  const readAtStart = [
    ...probeGaps(entries, probes, 'lint does not download: add --probe'),
    ...headersFromSecretGaps(entries, lint.config.features, `not read: ${input.command === 'lint' ? 'lint' : 'probe -f'} reads no cluster; doctor checks it`),
  ];
  const gaps = [
    ...(createsNoConfigMap(lint.config) ? [configMapNotCreatedGap()] : []),
    ...(lint.assumed ? [assumedReleaseGap(lint.assumed)] : []),
    ...readAtStart.map((g) => (unread ? { ...g, blinds: g.blinds.filter((b) => b !== 'onRestart') } : g)),
  ];
  return {
    plugins: mergeRows(lint.config, lint.plugins, probes),
    findings,
    notChecked: several ? gaps.map((g) => ({ ...g, what: `${lint.source.description}: ${g.what}` })) : gaps,
    notLoaded: pluginsNotLoaded(lint.config),
  };
}
