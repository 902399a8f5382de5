/** `lint -f FILE…`: the controller's start-up verdict on each configuration given, offline (and --probe). */
import { lintInputs, type LintResult } from '../../config/lint.js';
import { entriesReadByController } from '../../config/parse.js';
import { MAX_INPUT_BYTES } from '../../config/sources.js';
import { readStdin } from '../stdin.js';
import { parseDuration } from '../../core/duration.js';
import type { Finding } from '../../core/finding.js';
import type { ConfigSource, NotChecked, PluginRow } from '../../core/report.js';
import { withProbedDigests } from '../../pipeline/digests.js';
import { runProbeStep, probeOptionsFromArgs } from '../../pipeline/probe-step.js';
import { buildReport } from '../../pipeline/report.js';
import { mergeRows } from '../../pipeline/rows.js';
import { NO_SELECTION } from '../../pipeline/selection.js';
import { probeGaps } from '../../pipeline/coverage.js';
import type { ProbeOptions } from '../../probe/types.js';
import { withIgnoreFile } from '../config-file.js';
import { emitReport } from '../output.js';
import { createProgress } from '../progress.js';
import { runSignal } from '../run-context.js';

/** One configuration judged: its rows, its findings (located in its input) and what was not checked. */
interface Judged {
  plugins: PluginRow[];
  findings: Finding[];
  notChecked: NotChecked[];
}

export async function run(args: Record<string, unknown>): Promise<number> {
  const signal = runSignal(parseDuration(String(args.timeout), 'timeout'));
  const probeOptions = args.probe ? probeOptionsFromArgs(args, signal) : undefined;
  const progress = createProgress(args.verbose === true);
  const selection = await withIgnoreFile(NO_SELECTION, args);
  const results = await lintInputs((args.filename as string[]).map(String), {
    ...(args.controllerVersion ? { controllerVersion: String(args.controllerVersion) } : {}),
    ...(args.recursive === true && { recursive: true }),
    readStdin: () => readStdin(MAX_INPUT_BYTES + 1, signal),
    signal,
  });
  const judged: Judged[] = [];
  for (const lint of results) judged.push(await judge(lint, probeOptions, progress, results.length > 1));
  // Several configurations make one report: the verdicts follow the worst of them, and every
  // finding names the file it is in.
  const source: ConfigSource =
    results.length === 1 ? results[0]!.source : { kind: 'file', description: results.map((r) => r.source.description).join('; ') };
  const report = buildReport({
    command: 'lint',
    source,
    plugins: judged.flatMap((j) => j.plugins),
    findings: judged.flatMap((j) => j.findings),
    selection,
    notChecked: judged.flatMap((j) => j.notChecked),
    references: results.flatMap((r) => r.references),
    judgesNow: false,
    logsCurrent: false,
  });
  return emitReport(report, args);
}

/** One configuration's rows and findings, probed with --probe. */
async function judge(lint: LintResult, probeOptions: ProbeOptions | undefined, progress: ReturnType<typeof createProgress>, several: boolean): Promise<Judged> {
  let findings = lint.findings;
  let probes;
  const entries = entriesReadByController(lint.config);
  if (probeOptions) {
    progress.update(`probing ${entries.length} plugin downloads of ${lint.source.description}…`);
    const probed = await runProbeStep(entries, probeOptions, lint.config.controllerVersion);
    progress.done();
    probes = probed.probes;
    findings = [...withProbedDigests(findings, probed.probes), ...lint.locate(probed.findings)];
  }
  const gaps = probeGaps(entries, probes, 'lint does not download: add --probe');
  return {
    plugins: mergeRows(lint.config, lint.plugins, probes),
    findings,
    notChecked: several ? gaps.map((g) => ({ ...g, what: `${lint.source.description}: ${g.what}` })) : gaps,
  };
}
