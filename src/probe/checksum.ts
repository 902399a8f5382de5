/** The engine of `checksum URL|FILE`: the sha256 of what the controller would get, and the entry to paste. */
import { resolve } from 'node:path';
import { keyOfType, PLUGIN_KEY_NAMES } from '../config/types.js';
import { isFileLocation, pinnedEntryYaml } from './pin.js';
import { isPage } from './binary.js';
import { probeTarget, type TargetOptions } from './probe.js';
import type { ProbeFacts } from './types.js';

export interface ChecksumResult {
  /** Everything the probe saw; run the probe and binary checks over it to explain a failure. */
  facts: ProbeFacts;
  /** Lower-case hex, absent when the download or read failed. */
  sha256?: string;
  /** The plugin entry, under its ConfigMap key when the type is known, ready to paste. */
  yaml?: string;
  /** What the user still has to decide about the entry, one sentence each. */
  notes: string[];
}

/** The name printed when none is given: the entry is not valid until it is replaced. */
export const NAME_PLACEHOLDER = '<namespace>/<name>';

/**
 * Downloads (like the controller) or reads `target` and hashes it. For a local path the entry's
 * location is `file://<absolute path>`: replace it with where the pod will find the file.
 */
export async function checksum(target: string, options: TargetOptions = {}): Promise<ChecksumResult> {
  // Findings about a failed download name the plugin as probeTarget does when no --name is given.
  const facts = await probeTarget(target, options);
  const sha256 = facts.content?.sha256;
  // A page (binary-is-json/-html/-text) is never offered as a pin: its sha256 is that of the error, not of a plugin.
  if (!sha256 || isPage(facts.binary)) return { facts, notes: [] };
  const location = /^(https?|file):/i.test(target) ? target : `file://${resolve(target)}`;
  const notes: string[] = [];
  if (!options.type) notes.push(`Put the entry under the key of the plugin's type (${PLUGIN_KEY_NAMES.join(', ')}), or pass --type to get it there.`);
  if (!options.name) notes.push(`Replace ${NAME_PLACEHOLDER} with the name Rollouts and AnalysisTemplates use for this plugin (--name).`);
  if (isFileLocation(location)) {
    notes.push('No sha256 in the entry: the controller does not verify file:// locations. Pin this sha256 where the file is hosted over http(s).');
    if (location !== target) notes.push('The location is this path on this machine: change it to where the controller pod finds the file.');
  }
  const yaml = pinnedEntryYaml({ name: options.name ?? NAME_PLACEHOLDER, location, sha256, ...(options.type ? { key: keyOfType(options.type) } : {}) });
  return { facts, sha256, yaml, notes };
}
