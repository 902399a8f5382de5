/** `lint -f FILE…`: the controller's start-up verdict on each configuration given, offline (and --probe). */
import { MAX_INPUT_BYTES } from '../../config/sources.js';
import { parseDuration } from '../../core/duration.js';
import { runLint } from '../../pipeline/lint-command.js';
import { probeOptionsFromArgs } from '../../pipeline/probe-step.js';
import { NO_SELECTION } from '../../pipeline/selection.js';
import { withIgnoreFile } from '../config-file.js';
import { emitReport } from '../output.js';
import { createProgress } from '../progress.js';
import { runSignal } from '../run-context.js';
import { readStdin } from '../stdin.js';

export async function run(args: Record<string, unknown>): Promise<number> {
  const signal = runSignal(parseDuration(String(args.timeout), 'timeout'));
  const progress = createProgress(args.verbose === true);
  try {
    const report = await runLint({
      command: 'lint',
      files: (args.filename as string[]).map(String),
      read: {
        ...(args.controllerVersion ? { controllerVersion: String(args.controllerVersion) } : {}),
        ...(args.chartVersion !== undefined ? { chartVersion: String(args.chartVersion) } : {}),
        ...(args.recursive === true && { recursive: true }),
        readStdin: () => readStdin(MAX_INPUT_BYTES + 1, signal),
        signal,
      },
      ...(args.probe ? { probe: probeOptionsFromArgs(args, signal) } : {}),
      selection: await withIgnoreFile(NO_SELECTION, args),
      progress: (text) => progress.update(text),
    });
    progress.done();
    return emitReport(report, args);
  } finally {
    progress.done();
  }
}
