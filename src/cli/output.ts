/** Chooses the renderer and colour for a report, writes it to stdout and returns the exit code. */
import { UsageError } from '../core/errors.js';
import { exitCodeForList, type ReportList } from '../core/report-list.js';
import { exitCodeFor, type Report } from '../core/report.js';
import { renderFleetTable } from '../render/fleet-table.js';
import { ALL_CHECKS } from '../checks/registry.js';
import { renderGithub } from '../render/github.js';
import { renderJson } from '../render/json.js';
import { renderJunit } from '../render/junit.js';
import { renderPrometheus } from '../render/prometheus.js';
import { renderSarif } from '../render/sarif.js';
import { renderTable } from '../render/table.js';
import { renderYaml } from '../render/yaml.js';
import { colorMode, failOn, outputFormat } from './options.js';

/**
 * --color=always or never decides; auto is colour on a terminal, off when NO_COLOR is set
 * (no-color.org) and on when FORCE_COLOR asks for it (other than 0 or false), even in a pipe.
 */
export function useColor(args: Record<string, unknown>): boolean {
  const mode = colorMode(args);
  if (mode !== 'auto') return mode === 'always';
  if (process.env.NO_COLOR) return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force !== 'false') return true;
  return process.stdout.isTTY === true;
}

/** The terminal's width, or nothing when stdout is not a terminal: then no line wraps (docs/output.md). */
export function terminalWidth(): { width?: number } {
  return process.stdout.isTTY === true ? { width: process.stdout.columns || 80 } : {};
}

function render(report: Report, args: Record<string, unknown>): string {
  const format = outputFormat(args);
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'yaml':
      return renderYaml(report);
    case 'sarif':
      return renderSarif(report, ALL_CHECKS);
    case 'junit':
      return renderJunit(report, ALL_CHECKS, failOn(args));
    case 'github':
      return renderGithub(report);
    case 'prometheus':
      return renderPrometheus(report);
    case 'table':
    case 'wide':
      return renderTable(report, { color: useColor(args), wide: format === 'wide', ...terminalWidth() });
  }
}

export function emitReport(report: Report, args: Record<string, unknown>): number {
  process.stdout.write(render(report, args));
  return exitCodeFor(report, failOn(args));
}

/** A fleet run: table, wide, json or yaml (a PluginReportList); the worst exit code of all clusters. */
export function emitReportList(list: ReportList, args: Record<string, unknown>): number {
  const format = outputFormat(args);
  let text: string;
  if (format === 'json') text = renderJson(list);
  else if (format === 'yaml') text = renderYaml(list);
  else if (format === 'table' || format === 'wide') text = renderFleetTable(list, { color: useColor(args), wide: format === 'wide', ...terminalWidth() });
  else throw new UsageError(`-o ${format} reports one cluster: a run over several contexts prints table, wide, json or yaml`);
  process.stdout.write(text);
  return exitCodeForList(list, failOn(args));
}
