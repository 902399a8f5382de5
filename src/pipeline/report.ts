/** Builds the final Report of a run: selection, root-cause folding, the two verdicts, redaction. */
import type { PluginsNotLoaded } from '../config/parse.js';
import type { PluginReference } from '../config/types.js';
import type { Finding } from '../core/finding.js';
import { finalizeReport, type ConfigSource, type ControllerInfo, type NotChecked, type PluginRow, type Report } from '../core/report.js';
import { redactDeep } from '../core/redact.js';
import { atOnce, mapValuesInSteps, type Steps } from '../core/steps.js';
import { TOOL_VERSION } from '../core/version.js';
import { foldSymptoms } from './fold.js';
import { applyIgnoreFile } from './ignore-file.js';
import { inFocus, keepFinding, type Selection } from './selection.js';
import { computeVerdict } from './verdict.js';

export interface ReportParts {
  command: string;
  source: ConfigSource;
  controller?: ControllerInfo;
  plugins: PluginRow[];
  /** Every finding of every step that ran, before selection and folding. */
  findings: Finding[];
  selection: Selection;
  notChecked: NotChecked[];
  references: readonly PluginReference[];
  /** Whether the running controller is this command's question (doctor), or only configurations and binaries. */
  judgesNow: boolean;
  /** The controller's fatal log lines still describe the configuration judged. */
  logsCurrent: boolean;
  nothingRead?: boolean;
  /** Configured plugins (rows) the controller does not load: a ConfigMap it does not read, keys its release ignores. */
  notLoaded?: readonly PluginsNotLoaded[];
}

/** Of the rows in focus, how many plugins the controller loads, and the ones it does not load, with why. */
function loadedPlugins(rows: number, notLoaded: readonly PluginsNotLoaded[], selection: Selection) {
  const inFocus = (name: string) => selection.plugins.length === 0 || selection.plugins.includes(name);
  const groups = notLoaded.map((g) => ({ count: g.plugins.filter(inFocus).length, why: g.why })).filter((g) => g.count > 0);
  return { pluginCount: rows - groups.reduce((sum, g) => sum + g.count, 0), notLoaded: groups };
}

const today = () => new Date().toISOString().slice(0, 10);

/** The last step before rendering: no credential in a location, a quoted log line or a server's echo gets out. */
export function buildReport(parts: ReportParts): Report {
  return atOnce(buildReportSteps(parts));
}

/** buildReport in steps (core/steps.ts). */
export function* buildReportSteps(parts: ReportParts): Steps<Report> {
  const { selection } = parts;
  const plugins = selection.plugins.length > 0 ? parts.plugins.filter((p) => selection.plugins.includes(p.name)) : parts.plugins;
  // The plugins of the configurations judged, before --plugin: an ignore may be for any of them.
  const configured = parts.source.kind === 'none' ? undefined : parts.plugins.map((p) => p.name);
  const { kept, ignored } = selection.ignoreFile ? applyIgnoreFile(parts.findings, selection.ignoreFile, today(), configured) : { kept: parts.findings, ignored: [] };
  yield;
  // The rows are the configured entries in the controller's order: the order it downloads them in.
  const findings = foldSymptoms(kept.filter((f) => keepFinding(selection, f)), parts.plugins);
  yield;
  // What --ignore, --skip/--only of a check or the ignore file hide leaves the list, not the verdicts:
  // a hidden finding still stops the controller. Only --plugin narrows what the verdicts are about.
  // So two folds of two inputs: a symptom whose cause is hidden stands alone in the list, yet is
  // folded into that cause for the verdicts.
  const judged = foldSymptoms([...kept, ...ignored].filter((f) => inFocus(selection, f)), parts.plugins);
  const verdict = computeVerdict({
    findings: judged,
    notChecked: parts.notChecked,
    references: parts.references,
    judgesNow: parts.judgesNow,
    logsCurrent: parts.logsCurrent,
    configurationRead: parts.source.kind !== 'none',
    ...loadedPlugins(plugins.length, parts.notLoaded ?? [], selection),
    downloadOrder: parts.plugins,
  });
  yield;
  const report = finalizeReport({
    metadata: { command: parts.command, generatedAt: new Date().toISOString(), toolVersion: TOOL_VERSION },
    source: parts.source,
    ...(parts.controller ? { controller: parts.controller } : {}),
    verdict,
    notChecked: parts.notChecked,
    ...(parts.nothingRead && { nothingRead: true }),
    plugins,
    findings,
  });
  yield;
  return yield* mapValuesInSteps(report, ['plugins', 'findings'], redactDeep);
}
