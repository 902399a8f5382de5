/**
 * `handshake PATH`: one local binary, read and hashed first (a binary whose sha256 differs from
 * the one given is never executed), then launched as the controller would.
 */
import { checks as binaryChecks } from '../checks/binary/index.js';
import { checks as handshakeChecks } from '../checks/handshake/index.js';
import { downloadTooLarge } from '../checks/probe/download-too-large.js';
import type { PluginType } from '../core/finding.js';
import { runChecks } from '../core/check.js';
import { UsageError } from '../core/errors.js';
import type { Report } from '../core/report.js';
import { handshakePlugin, prepareLaunch } from '../handshake/handshake.js';
import { overMaxSize, verificationOf } from '../probe/facts.js';
import { probeTarget } from '../probe/probe.js';
import type { ProbeFacts } from '../probe/types.js';
import { configurationNotReadGap, handshakeGaps } from './coverage.js';
import type { HandshakeStepOptions } from './handshake-step.js';
import { buildReport } from './report.js';
import { NO_SELECTION } from './selection.js';
import { targetRow } from './target-rows.js';

export interface HandshakeCommandInput {
  path: string;
  type: PluginType;
  /** The arguments after `--`, passed to the plugin as the controller passes `args`. */
  args: string[];
  sha256?: string;
  /** --max-size: a larger file is not read (download-too-large), nor launched. */
  maxSize?: number;
  options: HandshakeStepOptions;
  signal: AbortSignal;
}

export async function runHandshakeCommand(input: HandshakeCommandInput): Promise<Report> {
  const { path, type, options, signal } = input;
  const request = {
    binaryPath: path,
    type,
    standalone: true as const,
    args: input.args,
    init: options.init,
    ...(options.kubeconfig && { kubeconfig: options.kubeconfig }),
    passEnv: options.passEnv,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    signal,
    allowUnverified: options.allowUnverified,
    ...(options.onLaunch && { onLaunch: options.onLaunch }),
  };
  // Forked while the binary is hashed; executed only once handshakePlugin has checked it.
  const prepared = prepareLaunch(request);
  let probe: ProbeFacts;
  try {
    probe = await probeTarget(path, { type, noCache: true, standalone: true, signal, ...(input.sha256 ? { sha256: input.sha256 } : {}), ...(input.maxSize !== undefined && { maxSize: input.maxSize }) });
    if (probe.local?.state === 'missing') throw new UsageError(`${path}: no such file`);
    // A directory or a FIFO is no binary to run: no verdict on it, only the input to correct.
    if (probe.local?.state === 'not-regular') throw new UsageError(probe.local.error ?? `${path} is not a regular file`);
  } catch (error) {
    await prepared?.stop();
    throw error;
  }
  const overLimit = overMaxSize(probe);
  const facts = await handshakePlugin(
    {
      ...request,
      name: probe.entry.name,
      verified: verificationOf(probe.sha256.state),
      ...(overLimit !== undefined && { notVerifiedWhy: overLimit }),
      // The probe read the binary's header already.
      ...(probe.binary && { binary: probe.binary }),
    },
    prepared,
  );
  if (options.reportedCluster) facts.reportedCluster = options.reportedCluster;
  return buildReport({
    command: 'handshake',
    source: { kind: 'none', description: path },
    plugins: [targetRow(probe, facts)],
    findings: [...runChecks([downloadTooLarge], probe), ...runChecks(binaryChecks, probe), ...runChecks(handshakeChecks, facts)],
    selection: NO_SELECTION,
    // The binary is this command's whole subject: its handshake decides what it reports.
    notChecked: [configurationNotReadGap('handshake PATH checks one binary'), ...handshakeGaps(undefined, options, [facts], { all: [facts.plugin], decidesNow: () => true })],
    references: [],
    judgesNow: false,
    logsCurrent: false,
  });
}
