/** `doctor` (the default): everything, against the current context. */
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { connectCluster } from '../../cluster/client.js';
import type { ConnectionFlags } from '../../cluster/kubeconfig.js';
import { MAX_INPUT_BYTES } from '../../config/sources.js';
import { parseDuration } from '../../core/duration.js';
import { runDoctor } from '../../pipeline/doctor.js';
import { handshakeOptionsFromArgs } from '../../pipeline/handshake-step.js';
import { probeOptionsFromArgs } from '../../pipeline/probe-step.js';
import { ALL_CHECKS, IGNORABLE_KEYS } from '../../checks/registry.js';
import { selectionFromArgs, validateSelection } from '../../pipeline/selection.js';
import { withIgnoreFile } from '../config-file.js';
import { emitReport } from '../output.js';
import { createProgress, launchNotice } from '../progress.js';
import { runSignal } from '../run-context.js';
import { readStdin } from '../stdin.js';

export function connectionFlags(args: Record<string, unknown>): ConnectionFlags {
  const flags: ConnectionFlags = {};
  for (const key of ['kubeconfig', 'context', 'cluster', 'user', 'namespace', 'requestTimeout', 'server', 'token', 'as', 'certificateAuthority', 'clientCertificate', 'clientKey', 'tlsServerName'] as const) {
    if (args[key] !== undefined) flags[key] = String(args[key]);
  }
  if (args.asGroup) flags.asGroup = (args.asGroup as unknown[]).map(String);
  if (args.insecureSkipTlsVerify === true) flags.insecureSkipTlsVerify = true;
  return flags;
}

/** The kubeconfig file offered to a plugin with --init: the one kubectl would use first. */
function kubeconfigPath(args: Record<string, unknown>): string {
  if (args.kubeconfig) return String(args.kubeconfig);
  return process.env.KUBECONFIG?.split(delimiter).find(Boolean) ?? join(homedir(), '.kube', 'config');
}

export async function run(args: Record<string, unknown>): Promise<number> {
  const timeoutMs = parseDuration(String(args.timeout), 'timeout');
  const signal = runSignal(timeoutMs);
  const progress = createProgress(args.verbose === true);
  const probe = probeOptionsFromArgs(args, signal);
  const handshake = handshakeOptionsFromArgs(args, signal, (launch) => progress.notice(launchNotice(launch)));
  if (handshake.init) handshake.kubeconfig = kubeconfigPath(args);
  const selection = await withIgnoreFile(selectionFromArgs(args), args);
  validateSelection(selection, ALL_CHECKS.map((c) => c.id), IGNORABLE_KEYS);
  progress.update('connecting to the cluster…');
  // --request-timeout 0 means the run's deadline, which also bounds connecting (and Ctrl-C ends it).
  const client = await connectCluster(connectionFlags(args), { signal, onWaiting: (text) => progress.update(text), ...(timeoutMs > 0 ? { defaultTimeoutMs: timeoutMs } : {}) }).finally(() => progress.done());
  try {
    const report = await runDoctor({
      client,
      ...(args.namespace ? { namespace: String(args.namespace) } : {}),
      files: ((args.filename as string[] | undefined) ?? []).map(String),
      ...(args.recursive === true && { recursive: true }),
      readStdin: () => readStdin(MAX_INPUT_BYTES + 1, signal),
      ...(args.controllerVersion ? { controllerVersion: String(args.controllerVersion) } : {}),
      selection,
      probe,
      handshake,
      signal,
      progress: (text) => progress.update(text),
      detail: (text) => progress.detail(text),
    });
    progress.done();
    return emitReport(report, args);
  } finally {
    progress.done();
    client.close();
  }
}
