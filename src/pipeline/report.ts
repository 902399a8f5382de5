/** Builds the final Report of a run: selection, root-cause folding, the two verdicts, redaction. */
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
  const findings = foldSymptoms(kept.filter((f) => keepFinding(selection, f)));
  yield;
  // What --ignore, --skip/--only of a check or the ignore file hide leaves the list, not the verdicts:
  // a hidden finding still stops the controller. Only --plugin narrows what the verdicts are about.
  // So two folds of two inputs: a symptom whose cause is hidden stands alone in the list, yet is
  // folded into that cause for the verdicts.
  const judged = foldSymptoms([...kept, ...ignored].filter((f) => inFocus(selection, f)));
  const verdict = computeVerdict({
    findings: judged,
    notChecked: parts.notChecked,
    references: parts.references,
    judgesNow: parts.judgesNow,
    logsCurrent: parts.logsCurrent,
    pluginCount: plugins.length,
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
