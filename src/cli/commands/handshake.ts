/** `handshake PATH --type T [-- ARGS]`: launch a plugin binary as the controller would. */
import { PLUGIN_TYPES } from '../../config/types.js';
import { parseSize } from '../../core/size.js';
import { runHandshakeCommand } from '../../pipeline/handshake-command.js';
import { handshakeOptionsFromArgs } from '../../pipeline/handshake-step.js';
import { connectionFlags, oneOf, runTimeoutMs, singleContext } from '../options.js';
import { emitReport } from '../output.js';
import { createProgress, launchNotice } from '../progress.js';
import { runSignal } from '../run-context.js';

export async function run(args: Record<string, unknown>): Promise<number> {
  const type = oneOf(String(args.type), 'type', PLUGIN_TYPES);
  // The flags --init offers the plugin (the others are refused: CommandSpec.kubernetes).
  const flags = connectionFlags(args, singleContext(args, 'handshake'));
  const signal = runSignal(runTimeoutMs(args));
  const progress = createProgress(args.verbose === true);
  const report = await runHandshakeCommand({
    path: String(args.path),
    type,
    args: ((args['--'] as string[] | undefined) ?? []).map(String),
    ...(args.sha256 ? { sha256: String(args.sha256) } : {}),
    maxSize: parseSize(String(args.maxSize ?? '512Mi'), 'max-size'),
    options: await handshakeOptionsFromArgs(args, signal, (launch) => progress.notice(launchNotice(launch)), flags),
    signal,
  });
  return await emitReport(report, args);
}
