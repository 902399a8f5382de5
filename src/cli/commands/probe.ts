/** `probe [URL|FILE…]` or `probe -f FILE`: download like the controller, verify sha256, inspect binaries. */
import { UsageError } from '../../core/errors.js';
import { runLint } from '../../pipeline/lint-command.js';
import { runProbeTargets } from '../../pipeline/probe-command.js';
import { probeOptionsFromArgs } from '../../pipeline/probe-step.js';
import { NO_SELECTION } from '../../pipeline/selection.js';
import { withIgnoreFile } from '../config-file.js';
import { emitReport } from '../output.js';
import { checkChartVersionHasFiles, runTimeoutMs } from '../options.js';
import { createProgress } from '../progress.js';
import { runSignal } from '../run-context.js';
import { readOptionsFromArgs } from '../stdin.js';

export async function run(args: Record<string, unknown>): Promise<number> {
  const signal = runSignal(runTimeoutMs(args));
  const options = probeOptionsFromArgs(args, signal);
  const targets = ((args.targets as string[] | undefined) ?? []).map(String);
  const files = ((args.filename as string[] | undefined) ?? []).map(String);
  if (targets.length > 0 && files.length > 0) throw new UsageError('give either URLs/files to probe or -f FILE, not both');
  checkChartVersionHasFiles(args, files);
  if (targets.length === 0 && files.length === 0) {
    // The live ConfigMap: doctor's run with only the config, probe and binary steps.
    const doctor = await import('./doctor.js');
    return doctor.run({ ...args, only: ['config', 'probe', 'binary'], skip: [] });
  }
  const progress = createProgress(args.verbose === true);
  const selection = await withIgnoreFile(NO_SELECTION, args, signal);
  try {
    progress.update(targets.length > 0 ? `probing ${targets.length} target${targets.length === 1 ? '' : 's'}…` : 'probing plugin downloads…');
    const report =
      targets.length > 0
        ? await runProbeTargets(targets, options, selection)
        : await runLint({
            command: 'probe',
            files,
            read: readOptionsFromArgs(args, signal),
            probe: options,
            selection,
            progress: (text) => progress.update(text),
          });
    progress.done();
    return await emitReport(report, args);
  } finally {
    progress.done();
  }
}
