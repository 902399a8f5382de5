import { terminalSafeJson } from './terminal-safe.js';

/** A report, a fleet's report list or a command's own answer (checksum's). */
export function renderJson(document: object): string {
  return `${terminalSafeJson(JSON.stringify(document, null, 2))}\n`;
}
