/** `probe URL|FILE…`: each target downloaded or read like the controller, hashed and inspected. */
import { checks as binaryChecks } from '../checks/binary/index.js';
import { checks as probeChecks } from '../checks/probe/index.js';
import { runChecks } from '../core/check.js';
import { mapConcurrent } from '../core/concurrency.js';
import type { Report } from '../core/report.js';
import { probeTarget } from '../probe/probe.js';
import { DEFAULT_CONCURRENCY, type ProbeOptions } from '../probe/types.js';
import { buildReport } from './report.js';
import type { Selection } from './selection.js';
import { targetRow } from './target-rows.js';

export async function runProbeTargets(targets: readonly string[], options: ProbeOptions, selection: Selection): Promise<Report> {
  const probes = await mapConcurrent(targets, options.concurrency ?? DEFAULT_CONCURRENCY, (target) => probeTarget(target, options));
  return buildReport({
    command: 'probe',
    source: { kind: 'none', description: `${targets.length} target${targets.length === 1 ? '' : 's'} on the command line` },
    plugins: probes.map((p) => targetRow(p)),
    findings: probes.flatMap((p) => [...runChecks(probeChecks, p), ...runChecks(binaryChecks, p)]),
    selection,
    notChecked: [{ what: 'the plugin configuration', why: 'probe URL checks downloads only: lint or doctor judge the ConfigMap', blinds: [] }],
    references: [],
    judgesNow: false,
    logsCurrent: false,
  });
}
