/** Builds the final Report of a run from the steps' results. */
import type { Finding } from '../core/finding.js';
import { finalizeReport, type ConfigSource, type ControllerInfo, type PluginRow, type Report, type Verdict } from '../core/report.js';
import { redactDeep } from '../core/redact.js';
import { TOOL_VERSION } from '../core/version.js';
import { applyIgnoreFile } from './ignore-file.js';
import { keepFinding, type Selection } from './selection.js';

export interface ReportParts {
  command: string;
  source: ConfigSource;
  controller?: ControllerInfo;
  verdict: Verdict;
  plugins: PluginRow[];
  findings: Finding[];
  selection: Selection;
}

const today = () => new Date().toISOString().slice(0, 10);

/** The last step before rendering: no credential in a location or a quoted log line gets out. */
export function buildReport(parts: ReportParts): Report {
  const { selection } = parts;
  const plugins = selection.plugins.length > 0 ? parts.plugins.filter((p) => selection.plugins.includes(p.name)) : parts.plugins;
  return redactDeep(finalizeReport({
    metadata: { command: parts.command, generatedAt: new Date().toISOString(), toolVersion: TOOL_VERSION },
    source: parts.source,
    ...(parts.controller ? { controller: parts.controller } : {}),
    verdict: parts.verdict,
    plugins,
    findings: (selection.ignoreFile ? applyIgnoreFile(parts.findings, selection.ignoreFile, today()) : parts.findings).filter((f) => keepFinding(selection, f)),
  }));
}
