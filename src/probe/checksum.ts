/** The engine of `checksum URL|FILE`: the sha256 of what the controller would get, and the entry to paste. */
import { basename, resolve } from 'node:path';
import { pinnedEntryYaml } from './pin.js';
import { probeTarget, type TargetOptions } from './probe.js';
import type { ProbeFacts } from './types.js';

export interface ChecksumResult {
  /** Everything the probe saw; run the probe and binary checks over it to explain a failure. */
  facts: ProbeFacts;
  /** Lower-case hex, absent when the download or read failed. */
  sha256?: string;
  /** The plugin entry with `sha256` pinned, under its ConfigMap key, ready to paste. */
  yaml?: string;
}

const PLATFORM_SUFFIX = /[-_](linux|darwin|windows)[-_](amd64|arm64|arm|386|ppc64le|s390x)(\.exe)?$/;

/** A `<namespace>/<name>` guess from the asset name, e.g. `gatewayapi-plugin-linux-amd64` -> `argoproj-labs/gatewayapi-plugin`. */
export function suggestedName(target: string): string {
  const file = basename(/^[a-z]+:/i.test(target) && URL.canParse(target) ? new URL(target).pathname : target) || 'plugin';
  const name = file.replace(PLATFORM_SUFFIX, '').replace(/[^a-zA-Z0-9_.-]/g, '-') || 'plugin';
  return `argoproj-labs/${name}`;
}

/**
 * Downloads (like the controller) or reads `target` and hashes it. For a local path the entry's
 * location is `file://<absolute path>`: replace it with where the pod will find the file.
 */
export async function checksum(target: string, options: TargetOptions = {}): Promise<ChecksumResult> {
  const name = options.name ?? suggestedName(target);
  const facts = await probeTarget(target, { ...options, name });
  const sha256 = facts.content?.sha256;
  if (!sha256) return { facts };
  const location = /^(https?|file):/i.test(target) ? target : `file://${resolve(target)}`;
  return { facts, sha256, yaml: pinnedEntryYaml({ name, location, sha256, key: facts.entry.key }) };
}
