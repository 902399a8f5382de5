/**
 * A fleet run: several kubeconfig contexts checked concurrently (a bounded number at once), each
 * under its own deadline, so one unreachable or slow cluster never holds the others or the run.
 */
import { ClusterConnectionError } from '../cluster/errors.js';
import { mapConcurrent } from '../core/concurrency.js';
import { CannotRunError, UsageError } from '../core/errors.js';
import { scopedSignal } from '../core/deadline.js';
import type { Report } from '../core/report.js';
import { REPORT_LIST_KIND, type ClusterResult, type ReportList } from '../core/report-list.js';
import { REPORT_API_VERSION } from '../core/report.js';
import { closest } from '../core/suggest.js';
import { TOOL_VERSION } from '../core/version.js';
import { formatDuration } from '../core/duration.js';

export interface FleetInput {
  contexts: readonly string[];
  /** Clusters checked at once. */
  concurrency: number;
  /** Each cluster's own deadline, connecting included. */
  clusterTimeoutMs: number;
  /** The run's: Ctrl-C and --timeout end every cluster. */
  signal: AbortSignal;
  /** Checks one cluster under `signal`; throws a CannotRunError when it cannot be checked at all. */
  check(context: string, signal: AbortSignal): Promise<Report>;
  /** Which clusters are still running, after each start and end. */
  progress(running: readonly string[], done: number, total: number): void;
}

export async function runFleet(input: FleetInput): Promise<ReportList> {
  const running: string[] = [];
  let done = 0;
  const items = await mapConcurrent(input.contexts, input.concurrency, async (context): Promise<ClusterResult> => {
    running.push(context);
    input.progress(running, done, input.contexts.length);
    const deadline = scopedSignal(input.signal, input.clusterTimeoutMs, '--cluster-timeout');
    try {
      const report = await input.check(context, deadline.signal);
      return { context, ...(report.controller?.server ? { server: report.controller.server } : {}), report };
    } catch (error) {
      if (!(error instanceof CannotRunError)) throw error;
      const timedOut = deadline.signal.aborted && !input.signal.aborted;
      return {
        context,
        ...(error instanceof ClusterConnectionError && error.server ? { server: error.server } : {}),
        error: timedOut
          ? { reason: 'timeout', message: `no answer within its own deadline (--cluster-timeout ${formatDuration(input.clusterTimeoutMs)})` }
          : { reason: error instanceof ClusterConnectionError ? error.reason : 'cannot-run', message: error.message },
      };
    } finally {
      deadline.dispose();
      running.splice(running.indexOf(context), 1);
      done++;
      input.progress(running, done, input.contexts.length);
    }
  });
  return { apiVersion: REPORT_API_VERSION, kind: REPORT_LIST_KIND, metadata: { generatedAt: new Date().toISOString(), toolVersion: TOOL_VERSION }, items };
}

const GLOB = /[*?[]/;

/** A kubectl-style glob (`*`, `?`, `[abc]`) as an anchored regular expression. */
function globPattern(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) source += '\\[';
      else {
        source += `[${glob.slice(i + 1, end).replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else source += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * The contexts a run checks, or undefined for an ordinary single-cluster run (one plain --context
 * or none). --all-contexts takes every context of the kubeconfig; a --context with * ? [ ] is a
 * pattern over them. Each context once, in the order asked (patterns: kubeconfig order).
 */
export function fleetContexts(requested: readonly string[], all: boolean, available: () => { names: string[]; origin: string }): string[] | undefined {
  if (!all && requested.length <= 1 && !requested.some((r) => GLOB.test(r))) return undefined;
  const { names, origin } = available();
  if (all) {
    if (names.length === 0) throw new UsageError(`--all-contexts: ${origin} defines no context`);
    return names;
  }
  const chosen: string[] = [];
  for (const wanted of requested) {
    if (GLOB.test(wanted)) {
      const pattern = globPattern(wanted);
      const matched = names.filter((n) => pattern.test(n));
      if (matched.length === 0) throw new UsageError(`--context "${wanted}" matches no context of ${origin} (${names.join(', ') || 'none'})`);
      chosen.push(...matched);
    } else {
      if (!names.includes(wanted)) {
        const hint = closest(wanted, names);
        throw new UsageError(`context "${wanted}" does not exist in ${origin}${hint ? ` (did you mean "${hint}"?)` : ''}`);
      }
      chosen.push(wanted);
    }
  }
  return [...new Set(chosen)];
}
