/** The ready-to-paste plugin entry with its sha256 pinned: the fix of sha256 findings and `checksum`'s output. */
import { stringify } from 'yaml';
import type { PluginEntry } from '../config/types.js';

export interface PinnedEntryInput {
  name: string;
  location: string;
  sha256: string;
  key?: PluginEntry['key'];
  args?: string[];
  headersFrom?: string[];
  disabled?: boolean;
}

/** A YAML list item under its ConfigMap key, e.g. `trafficRouterPlugins: |-` + `- name: ...`. */
export function pinnedEntryYaml(input: PinnedEntryInput): string {
  const item: Record<string, unknown> = { name: input.name, location: input.location, sha256: input.sha256 };
  if (input.args?.length) item.args = input.args;
  if (input.headersFrom?.length) item.headersFrom = input.headersFrom.map((name) => ({ secretRef: { name } }));
  if (input.disabled !== undefined) item.disabled = input.disabled;
  const list = stringify([item], { lineWidth: 0 }).trimEnd();
  const key = input.key ?? 'trafficRouterPlugins';
  return `${key}: |-\n${list.replace(/^/gm, '  ')}`;
}
