/**
 * The ready-to-paste plugin entry with its sha256 pinned: the fix of sha256 findings and
 * `checksum`'s output. Written by hand (no YAML library) so the check registry stays light.
 */
import { isSha256Hex } from '../config/sha256.js';
import type { PluginEntry } from '../config/types.js';

export interface PinnedEntryInput {
  name: string;
  location: string;
  /** Absent: no sha256 line, for a file not yet checked (the fix says how to get its digest). */
  sha256?: string;
  /** Absent: the bare list item, for the user to put under the right key. */
  key?: PluginEntry['key'];
  args?: string[];
  headersFrom?: string[];
  disabled?: boolean;
}

/** A hex digest is never a number in YAML 1.1 or 1.2 once it has a letter other than e. */
function isDigest(value: string): boolean {
  return isSha256Hex(value) && /[a-df]/.test(value);
}

/** A plain YAML scalar when it reads back as the same string (YAML 1.1 and 1.2), else double-quoted. */
export function yamlString(value: string): string {
  const plain =
    isDigest(value) ||
    (/^[A-Za-z_/][A-Za-z0-9_./:%+=~@?&,-]*$/.test(value) &&
      !/^(true|false|yes|no|on|off|null|y|n|\.inf|\.nan)$/i.test(value));
  return plain ? value : JSON.stringify(value);
}

/**
 * A YAML list item under its ConfigMap key, e.g. `trafficRouterPlugins: |-` + `- name: ...`. A
 * file:// location gets no sha256: the controller never verifies one there (sha256-on-file-location).
 */
export function pinnedEntryYaml(input: PinnedEntryInput): string {
  const lines = [`- name: ${yamlString(input.name)}`, `  location: ${yamlString(input.location)}`];
  if (input.sha256 !== undefined && !isFileLocation(input.location)) lines.push(`  sha256: ${yamlString(input.sha256)}`);
  if (input.args?.length) lines.push('  args:', ...input.args.map((arg) => `    - ${yamlString(arg)}`));
  if (input.headersFrom?.length) lines.push('  headersFrom:', ...input.headersFrom.map((name) => `    - secretRef:\n        name: ${yamlString(name)}`));
  if (input.disabled !== undefined) lines.push(`  disabled: ${input.disabled}`);
  if (!input.key) return lines.join('\n');
  return `${input.key}: |-\n${lines.join('\n').replace(/^/gm, '  ')}`;
}

export function isFileLocation(location: string): boolean {
  return /^file:/i.test(location);
}
