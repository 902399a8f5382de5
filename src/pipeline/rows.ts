/** One row per configured plugin: the config's columns, then what the probe and handshake found. */
import type { ConfigFacts } from '../config/types.js';
import { samePlugin } from '../core/finding.js';
import type { PluginRow } from '../core/report.js';
import { summarizeHandshake, type HandshakeFacts } from '../handshake/handshake.js';
import { probeRowFields } from '../probe/row.js';
import type { ProbeFacts } from '../probe/types.js';

const sameEntry = (a: { key: string; index: number }, b: { key: string; index: number }) => a.key === b.key && a.index === b.index;

/**
 * `rows` come from the config step in `config.entries` order; probes and handshakes are matched by entry.
 * `binaryJudged` false: the binary step did not run (--skip binary, --only), so the row has no binary
 * cell, as a step not run has none: the platform the probe read, shown, would read as judged.
 */
export function mergeRows(
  config: ConfigFacts,
  rows: readonly PluginRow[],
  probes: readonly ProbeFacts[] = [],
  handshakes: readonly HandshakeFacts[] = [],
  { binaryJudged = true }: { binaryJudged?: boolean } = {},
): PluginRow[] {
  return rows.map((row, i) => {
    const entry = config.entries[i];
    const probe = entry && probes.find((p) => sameEntry(p.entry, entry));
    const merged: PluginRow = { ...row, ...(probe ? probeRowFields(probe) : {}) };
    if (!binaryJudged) delete merged.binary;
    const handshake = probe?.content?.cachePath && handshakes.find((h) => h.binaryPath === probe.content!.cachePath && samePlugin(h.plugin, row));
    if (handshake) merged.handshake = summarizeHandshake(handshake);
    return merged;
  });
}
