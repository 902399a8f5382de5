/** Rows for plugins given on the command line (`probe URL|FILE`, `handshake PATH`), not from a ConfigMap. */
import type { PluginRow } from '../core/report.js';
import { summarizeHandshake, type HandshakeFacts } from '../handshake/handshake.js';
import { probeRowFields } from '../probe/row.js';
import type { ProbeFacts } from '../probe/types.js';

export function targetRow(probe: ProbeFacts, handshake?: HandshakeFacts): PluginRow {
  return {
    type: probe.entry.type,
    name: probe.entry.name,
    location: probe.entry.location,
    ...probeRowFields(probe),
    ...(handshake ? { handshake: summarizeHandshake(handshake) } : {}),
    usedBy: [],
  };
}
