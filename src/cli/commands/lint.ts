/** `lint -f FILE…`: the controller's start-up verdict on each configuration given, offline (and --probe). */
import { runLint } from '../../pipeline/lint-command.js';
import { probeOptionsFromArgs } from '../../pipeline/probe-step.js';
import { NO_SELECTION } from '../../pipeline/selection.js';
import { withIgnoreFile } from '../config-file.js';
import { runTimeoutMs } from '../options.js';
import { emitReport } from '../output.js';
import { createProgress } from '../progress.js';
import { runSignal } from '../run-context.js';
import { readOptionsFromArgs } from '../stdin.js';

export async function run(args: Record<string, unknown>): Promise<number> {
  const signal = runSignal(runTimeoutMs(args));
  const progress = createProgress(args.verbose === true);
  try {
    const report = await runLint({
      command: 'lint',
      files: (args.filename as string[]).map(String),
      read: readOptionsFromArgs(args, signal),
      ...(args.probe ? { probe: probeOptionsFromArgs(args, signal) } : {}),
      selection: await withIgnoreFile(NO_SELECTION, args, signal),
      progress: (text) => progress.update(text),
    });
    progress.done();
    return await emitReport(report, args, signal);
  } finally {
    progress.done();
  }
}
