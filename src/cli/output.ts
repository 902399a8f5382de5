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
import { renderTableSteps } from '../render/table.js';
import { renderYaml } from '../render/yaml.js';
import { colorMode, failOn, outputFormat } from './options.js';
import { inTurns, type Steps } from '../core/steps.js';

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

function* render(report: Report, args: Record<string, unknown>): Steps<string> {
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
      return yield* renderTableSteps(report, { color: useColor(args), wide: format === 'wide', ...terminalWidth() });
  }
}

/**
 * Writes the report, rendered in steps (core/steps.ts): given the run's `signal`, an interruption
 * while it renders stops it before anything is written, never halfway through a document.
 */
export async function emitReport(report: Report, args: Record<string, unknown>, signal?: AbortSignal): Promise<number> {
  process.stdout.write(await inTurns(render(report, args), signal));
  return exitCodeFor(report, failOn(args));
}

/** What a fleet run can print: -o sarif, junit, github and prometheus describe one cluster. */
const FLEET_FORMATS = ['table', 'wide', 'json', 'yaml'] as const;
type FleetFormat = (typeof FLEET_FORMATS)[number];
const isFleetFormat = (format: string): format is FleetFormat => (FLEET_FORMATS as readonly string[]).includes(format);

/** -o of a fleet run, checked before any cluster is contacted (a usage error, exit 2). */
export function fleetFormat(args: Record<string, unknown>): FleetFormat {
  const format = outputFormat(args);
  if (!isFleetFormat(format)) throw new UsageError(`-o ${format} reports one cluster: a run over several contexts prints table, wide, json or yaml`);
  return format;
}

/** A fleet run: table, wide, json or yaml (a PluginReportList); the worst exit code of all clusters. */
export function emitReportList(list: ReportList, args: Record<string, unknown>): number {
  const format = fleetFormat(args);
  let text: string;
  if (format === 'json') text = renderJson(list);
  else if (format === 'yaml') text = renderYaml(list);
  else text = renderFleetTable(list, { color: useColor(args), wide: format === 'wide', ...terminalWidth() });
  process.stdout.write(text);
  return exitCodeForList(list, failOn(args));
}
