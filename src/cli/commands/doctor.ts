/** `doctor` (the default): everything, against the current context. */
import { connectCluster } from '../../cluster/client.js';
import type { ConnectionFlags } from '../../cluster/connection-flags.js';
import { kubeconfigContexts } from '../../cluster/kubeconfig.js';
import { UsageError } from '../../core/errors.js';
import type { Report } from '../../core/report.js';
import { fleetContexts, runFleet } from '../../pipeline/fleet.js';
import { SharedDownloads } from '../../probe/shared.js';
import { parseDuration } from '../../core/duration.js';
import { runDoctor } from '../../pipeline/doctor.js';
import { handshakeOptionsFromArgs } from '../../pipeline/handshake-step.js';
import { probeOptionsFromArgs } from '../../pipeline/probe-step.js';
import { ALL_CHECKS, IGNORABLE_KEYS } from '../../checks/registry.js';
import { selectionFromArgs, validateSelection, type Selection } from '../../pipeline/selection.js';
import { withIgnoreFile } from '../config-file.js';
import { emitReport, emitReportList, fleetFormat } from '../output.js';
import { checkChartVersionHasFiles, connectionFlags, requestedContexts, runTimeoutMs, singleContext } from '../options.js';
import { createProgress, launchNotice, type Progress } from '../progress.js';
import { runSignal } from '../run-context.js';
import { readOptionsFromArgs } from '../stdin.js';

export async function run(args: Record<string, unknown>): Promise<number> {
  checkChartVersionHasFiles(args, (args.filename as string[] | undefined) ?? []);
  const timeoutMs = runTimeoutMs(args);
  const signal = runSignal(timeoutMs);
  const selection = await selectionOf(args, signal);
  const contexts = fleetContexts(requestedContexts(args), args.allContexts === true, () => kubeconfigContexts(connectionFlags(args)));
  if (contexts) return runFleetCommand(args, contexts, { signal, timeoutMs, selection });

  const progress = createProgress(args.verbose === true);
  try {
    const report = await checkCluster(args, connectionFlags(args, singleContext(args, 'doctor')), { signal, timeoutMs, selection, progress });
    progress.done();
    return await emitReport(report, args);
  } finally {
    progress.done();
  }
}

/** --only/--skip/--ignore and the ignore file, checked (a typo is a usage error, exit 2). */
export async function selectionOf(args: Record<string, unknown>, signal: AbortSignal): Promise<Selection> {
  const selection = await withIgnoreFile(selectionFromArgs(args), args, signal);
  validateSelection(selection, ALL_CHECKS.map((c) => c.id), IGNORABLE_KEYS);
  return selection;
}

/** One doctor run of one cluster (`flags`) with the command line's other flags, under `signal`: serve calls it per interval. */
export async function doctorReport(args: Record<string, unknown>, flags: ConnectionFlags, selection: Selection, signal: AbortSignal, timeoutMs: number, progress: Progress): Promise<Report> {
  return checkCluster(args, flags, { signal, timeoutMs, selection, progress });
}

interface ClusterRun {
  signal: AbortSignal;
  timeoutMs: number;
  selection: Selection;
}

/** One cluster, connect to report, under `signal` (the run's, or a fleet cluster's own deadline). */
async function checkCluster(args: Record<string, unknown>, flags: ConnectionFlags, run: ClusterRun & { progress: Progress; shared?: SharedDownloads }): Promise<Report> {
  const { signal, timeoutMs, progress } = run;
  const probe = { ...probeOptionsFromArgs(args, signal), ...(run.shared ? { shared: run.shared } : {}) };
  // With --init the plugin reaches the cluster this run checks, not the kubeconfig's current context.
  // Built per run from the kubeconfig as the connection below reads it: serve's next run sees an
  // edited kubeconfig (a rotated CA, a new namespace), and the offer copies the run's cluster entry.
  const handshake = await handshakeOptionsFromArgs(args, signal, (launch) => progress.notice(launchNotice(launch)), flags);
  progress.update('connecting to the cluster…');
  // The run's deadline also bounds connecting (and Ctrl-C ends it); each request gets a part of it.
  const client = await connectCluster(flags, { signal, onWaiting: (text) => progress.update(text), runTimeoutMs: timeoutMs }).finally(() => progress.done());
  try {
    return await runDoctor({
      client,
      ...(args.namespace ? { namespace: String(args.namespace) } : {}),
      files: ((args.filename as string[] | undefined) ?? []).map(String),
      ...readOptionsFromArgs(args, signal),
      selection: run.selection,
      probe,
      handshake,
      progress: (text) => progress.update(text),
      detail: (text) => progress.detail(text),
    });
  } finally {
    client.close();
  }
}

/** Several clusters at once, each under its own deadline; progress names the ones still running. */
async function runFleetCommand(args: Record<string, unknown>, contexts: string[], run: ClusterRun): Promise<number> {
  fleetFormat(args);
  const progress = createProgress(args.verbose === true);
  const clusterTimeoutMs = parseDuration(String(args.clusterTimeout ?? '1m'), 'cluster-timeout');
  const concurrency = Number(args.clusterConcurrency ?? 4);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`invalid --cluster-concurrency "${String(args.clusterConcurrency)}": use a whole number of at least 1`);
  if (args.filename && (args.filename as string[]).includes('-')) throw new UsageError('-f - (stdin) can be read once: in a fleet run, pass the file by name');
  const shared = new SharedDownloads(run.signal);
  // Each cluster's own steps stay quiet (one progress line says which clusters still run); its notices and -v details name it.
  const quiet = (context: string): Progress => ({
    update: () => undefined,
    notice: (text) => progress.notice(`${context}: ${text}`),
    detail: (text) => progress.detail(`${context}: ${text}`),
    done: () => undefined,
  });
  try {
    const list = await runFleet({
      contexts,
      concurrency,
      // Not cut to the run's --timeout: a cluster ended by the run's deadline is said to be, not by its own.
      clusterTimeoutMs,
      signal: run.signal,
      check: (context, clusterSignal) =>
        checkCluster(args, connectionFlags(args, context), { signal: clusterSignal, timeoutMs: clusterTimeoutMs, selection: run.selection, progress: quiet(context), shared }),
      progress: (running, done, total) => progress.update(`${done}/${total} clusters checked; running: ${running.join(', ')}`),
    });
    progress.done();
    progress.detail(`fleet: ${contexts.length} cluster(s), ${shared.started} download(s) made for all of them`);
    return emitReportList(list, args);
  } finally {
    progress.done();
    await shared.close();
  }
}
