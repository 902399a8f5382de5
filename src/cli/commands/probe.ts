/** `probe [URL|FILE…]` or `probe -f FILE`: download like the controller, verify sha256, inspect binaries. */
import { checks as binaryChecks } from '../../checks/binary/index.js';
import { checks as probeChecks } from '../../checks/probe/index.js';
import { lintFiles } from '../../config/lint.js';
import { MAX_INPUT_BYTES } from '../../config/sources.js';
import { entriesReadByController } from '../../config/parse.js';
import { runChecks } from '../../core/check.js';
import { mapConcurrent } from '../../core/concurrency.js';
import { parseDuration } from '../../core/duration.js';
import { UsageError } from '../../core/errors.js';
import { probeTarget } from '../../probe/probe.js';
import { DEFAULT_CONCURRENCY } from '../../probe/types.js';
import { withProbedDigests } from '../../pipeline/digests.js';
import { probeOptionsFromArgs, runProbeStep } from '../../pipeline/probe-step.js';
import { buildReport } from '../../pipeline/report.js';
import { mergeRows } from '../../pipeline/rows.js';
import { NO_SELECTION } from '../../pipeline/selection.js';
import { targetRow } from '../../pipeline/target-rows.js';
import { probeGaps } from '../../pipeline/coverage.js';
import { withIgnoreFile } from '../config-file.js';
import { emitReport } from '../output.js';
import { createProgress } from '../progress.js';
import { runSignal } from '../run-context.js';
import { readStdin } from '../stdin.js';

export async function run(args: Record<string, unknown>): Promise<number> {
  const signal = runSignal(parseDuration(String(args.timeout), 'timeout'));
  const options = probeOptionsFromArgs(args, signal);
  const targets = ((args.targets as string[] | undefined) ?? []).map(String);
  const files = ((args.filename as string[] | undefined) ?? []).map(String);
  const progress = createProgress(args.verbose === true);
  if (targets.length > 0 && files.length > 0) throw new UsageError('give either URLs/files to probe or -f FILE, not both');
  const selection = await withIgnoreFile(NO_SELECTION, args);

  if (targets.length > 0) {
    progress.update(`probing ${targets.length} target${targets.length === 1 ? '' : 's'}…`);
    const probes = await mapConcurrent(targets, options.concurrency ?? DEFAULT_CONCURRENCY, (target) => probeTarget(target, options));
    progress.done();
    const findings = probes.flatMap((p) => [...runChecks(probeChecks, p), ...runChecks(binaryChecks, p)]);
    const report = buildReport({
      command: 'probe',
      source: { kind: 'none', description: `${targets.length} target${targets.length === 1 ? '' : 's'} on the command line` },
      plugins: probes.map((p) => targetRow(p)),
      findings,
      selection,
      notChecked: [{ what: 'the plugin configuration', why: 'probe URL checks downloads only: lint or doctor judge the ConfigMap', blinds: [] }],
      references: [],
      judgesNow: false,
      logsCurrent: false,
    });
    return emitReport(report, args);
  }

  if (files.length === 0) {
    // The live ConfigMap: doctor's run with only the config, probe and binary steps.
    const doctor = await import('./doctor.js');
    return doctor.run({ ...args, only: ['config', 'probe', 'binary'], skip: [] });
  }
  const lint = await lintFiles(files, {
    ...(args.controllerVersion ? { controllerVersion: String(args.controllerVersion) } : {}),
    ...(args.recursive === true && { recursive: true }),
    readStdin: () => readStdin(MAX_INPUT_BYTES + 1, signal),
    signal,
  });
  const entries = entriesReadByController(lint.config);
  progress.update(`probing ${entries.length} plugin downloads…`);
  const probed = await runProbeStep(entries, options, lint.config.controllerVersion);
  progress.done();
  const findings = [...withProbedDigests(lint.findings, probed.probes), ...lint.locate(probed.findings)];
  const report = buildReport({
    command: 'probe',
    source: lint.source,
    plugins: mergeRows(lint.config, lint.plugins, probed.probes),
    findings,
    selection,
    notChecked: probeGaps(entries, probed.probes, ''),
    references: lint.references,
    judgesNow: false,
    logsCurrent: false,
  });
  return emitReport(report, args);
}
