/** Chooses the renderer and colour for a report, writes it to stdout and returns the exit code. */
import { exitCodeFor, type Report } from '../core/report.js';
import { renderJson } from '../render/json.js';
import { renderTable } from '../render/table.js';
import { renderYaml } from '../render/yaml.js';
import { failOn, outputFormat } from './options.js';

/** Colour only when asked, NO_COLOR is unset and stdout is a terminal. */
export function useColor(args: Record<string, unknown>): boolean {
  return args.color !== false && !process.env.NO_COLOR && process.stdout.isTTY === true;
}

export function emitReport(report: Report, args: Record<string, unknown>): number {
  const format = outputFormat(args);
  const text =
    format === 'json'
      ? renderJson(report)
      : format === 'yaml'
        ? renderYaml(report)
        : renderTable(report, { color: useColor(args), wide: format === 'wide', width: process.stdout.columns });
  process.stdout.write(text);
  return exitCodeFor(report, failOn(args));
}
