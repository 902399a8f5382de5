import { stringify } from 'yaml';
import { terminalSafeDeep } from './terminal-safe.js';

/** A report, a fleet's report list or a command's own answer (checksum's), as -o json prints it but in YAML. */
export function renderYaml(document: object): string {
  // The JSON round trip drops undefined fields exactly as the JSON output does. YAML escapes C0
  // itself but prints C1 and bidi controls raw, hence the sanitiser.
  return stringify(terminalSafeDeep(JSON.parse(JSON.stringify(document)) as unknown), { lineWidth: 0 });
}
