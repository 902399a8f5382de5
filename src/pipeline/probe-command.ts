/** `probe URL|FILE…`: each target downloaded or read like the controller, hashed and inspected. */
import { stringify } from 'yaml';
import { checks as binaryChecks } from '../checks/binary/index.js';
import { locationHttpNoHost } from '../checks/config/location-http-no-host.js';
import { locationUnparseable } from '../checks/config/location-unparseable.js';
import { checks as probeChecks } from '../checks/probe/index.js';
import { parseConfigMapData } from '../config/parse.js';
import type { ConfigFacts } from '../config/types.js';
import { runChecks, type Check } from '../core/check.js';
import { mapConcurrent } from '../core/concurrency.js';
import type { Finding } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { probeTarget } from '../probe/probe.js';
import { DEFAULT_CONCURRENCY, type ProbeFacts, type ProbeOptions } from '../probe/types.js';
import { configurationNotReadGap, unjudgedDownloadGaps } from './coverage.js';
import { buildReport } from './report.js';
import type { Selection } from './selection.js';
import { targetRow } from './target-rows.js';

export async function runProbeTargets(targets: readonly string[], options: ProbeOptions, selection: Selection): Promise<Report> {
  const probes = await mapConcurrent(targets, options.concurrency ?? DEFAULT_CONCURRENCY, (target) => probeTarget(target, options));
  return buildReport({
    command: 'probe',
    source: { kind: 'none', description: `${targets.length} target${targets.length === 1 ? '' : 's'} on the command line` },
    plugins: probes.map((p) => targetRow(p)),
    findings: probes.flatMap((p) => [...unfetchableFindings(p), ...runChecks(probeChecks, p), ...runChecks(binaryChecks, p)]),
    selection,
    notChecked: [...unjudgedDownloadGaps(probes), configurationNotReadGap('probe URL checks downloads only')],
    references: [],
    judgesNow: false,
    logsCurrent: false,
  });
}

/** The config checks that say why the controller cannot fetch a location at all (nothing was downloaded for it). */
const UNFETCHABLE: readonly Check<ConfigFacts>[] = [locationUnparseable, locationHttpNoHost];

/** What lint says of a target the controller could not fetch: the same checks, over the target as a one-entry configuration. */
function unfetchableFindings(p: ProbeFacts): Finding[] {
  if (p.kind !== 'unsupported') return [];
  const { key, name, location } = p.entry;
  const config = parseConfigMapData({ [key]: stringify([{ name, location }]) }, { source: 'the command line' });
  // The target is on the command line: no line of a value the user wrote.
  for (const e of config.entries) delete e.line;
  return runChecks(UNFETCHABLE, config);
}
