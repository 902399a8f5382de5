/** `lint -f FILE…`: the controller's start-up verdict on a configuration, offline (and --probe). */
import { lintFiles } from '../../config/lint.js';
import { entriesReadByController } from '../../config/parse.js';
import { MAX_INPUT_BYTES } from '../../config/sources.js';
import { readStdin } from '../stdin.js';
import { parseDuration } from '../../core/duration.js';
import { withProbedDigests } from '../../pipeline/digests.js';
import { runProbeStep, probeOptionsFromArgs } from '../../pipeline/probe-step.js';
import { buildReport } from '../../pipeline/report.js';
import { mergeRows } from '../../pipeline/rows.js';
import { NO_SELECTION } from '../../pipeline/selection.js';
import { probeGaps } from '../../pipeline/coverage.js';
import { emitReport } from '../output.js';
import { createProgress } from '../progress.js';
import { runSignal } from '../run-context.js';

export async function run(args: Record<string, unknown>): Promise<number> {
  const signal = runSignal(parseDuration(String(args.timeout), 'timeout'));
  const probeOptions = args.probe ? probeOptionsFromArgs(args, signal) : undefined;
  const progress = createProgress(args.verbose === true);
  const lint = await lintFiles((args.filename as string[]).map(String), {
    ...(args.controllerVersion ? { controllerVersion: String(args.controllerVersion) } : {}),
    readStdin: () => readStdin(MAX_INPUT_BYTES + 1, signal),
  });
  let findings = lint.findings;
  let probes;
  if (probeOptions) {
    const entries = entriesReadByController(lint.config);
    progress.update(`probing ${entries.length} plugin downloads…`);
    const probed = await runProbeStep(entries, probeOptions, lint.config.controllerVersion);
    progress.done();
    probes = probed.probes;
    findings = [...withProbedDigests(findings, probed.probes), ...probed.findings];
  }
  const report = buildReport({
    command: 'lint',
    source: lint.source,
    plugins: mergeRows(lint.config, lint.plugins, probes),
    findings,
    selection: NO_SELECTION,
    notChecked: probeGaps(entriesReadByController(lint.config), probes, 'lint does not download: add --probe'),
    references: lint.references,
    judgesNow: false,
    logsCurrent: false,
  });
  return emitReport(report, args);
}
