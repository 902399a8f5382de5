/** `handshake PATH --type T [-- ARGS]`: launch a plugin binary as the controller would. */
import { handshakeGaps } from '../../pipeline/coverage.js';
import { verificationOf } from '../../probe/facts.js';
import { checks as handshakeChecks } from '../../checks/handshake/index.js';
import { checks as binaryChecks } from '../../checks/binary/index.js';
import { runChecks } from '../../core/check.js';
import { PLUGIN_TYPES } from '../../config/types.js';
import { parseDuration } from '../../core/duration.js';
import { UsageError } from '../../core/errors.js';
import { handshakePlugin } from '../../handshake/handshake.js';
import { probeTarget } from '../../probe/probe.js';
import { handshakeOptionsFromArgs } from '../../pipeline/handshake-step.js';
import { buildReport } from '../../pipeline/report.js';
import { NO_SELECTION } from '../../pipeline/selection.js';
import { targetRow } from '../../pipeline/target-rows.js';
import { oneOf } from '../options.js';
import { emitReport } from '../output.js';
import { createProgress, launchNotice } from '../progress.js';
import { runSignal } from '../run-context.js';

export async function run(args: Record<string, unknown>): Promise<number> {
  const type = oneOf(String(args.type), 'type', PLUGIN_TYPES);
  const signal = runSignal(parseDuration(String(args.timeout), 'timeout'));
  const progress = createProgress(args.verbose === true);
  const path = String(args.path);
  const pluginArgs = ((args['--'] as string[] | undefined) ?? []).map(String);
  // Read and hash it first: a binary whose sha256 differs from --sha256 is never executed.
  const probe = await probeTarget(path, {
    type: type,
    noCache: true,
    signal,
    ...(args.sha256 ? { sha256: String(args.sha256) } : {}),
  });
  if (probe.local?.state === 'missing') throw new UsageError(`${path}: no such file`);
  const options = handshakeOptionsFromArgs(args, signal, (launch) => progress.notice(launchNotice(launch)));
  const state = probe.sha256.state;
  const facts = await handshakePlugin({
    binaryPath: path,
    type: type,
    name: probe.entry.name,
    args: pluginArgs,
    init: options.init,
    passEnv: options.passEnv,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    signal,
    verified: verificationOf(state),
    allowUnverified: options.allowUnverified,
    onLaunch: options.onLaunch!,
  });
  const findings = [...runChecks(binaryChecks, probe), ...runChecks(handshakeChecks, facts)];
  const report = buildReport({
    command: 'handshake',
    source: { kind: 'none', description: path },
    plugins: [targetRow(probe, facts)],
    findings,
    selection: NO_SELECTION,
    notChecked: handshakeGaps(true, '', options.init),
    references: [],
    judgesNow: false,
    logsCurrent: false,
  });
  return emitReport(report, args);
}
