/** `serve`: doctor on an interval, with /metrics, /report, /healthz and /readyz on one port. */
import { scopedSignal } from '../../core/deadline.js';
import { parseDuration } from '../../core/duration.js';
import { UsageError } from '../../core/errors.js';
import { connectCluster } from '../../cluster/client.js';
import type { ChangeState } from '../../core/change-detection.js';
import { controllerToWatch, detectChanges } from '../../serve/changes.js';
import { startServeHttp, parseListen } from '../../serve/http.js';
import { startServeLoop } from '../../serve/loop.js';
import { collectRunGarbage } from '../../serve/memory.js';
import { connectionFlags, runTimeoutMs, singleContext } from '../options.js';
import { createProgress } from '../progress.js';
import { endNormallyOnSigterm, runSignal } from '../run-context.js';
import { doctorReport, selectionOf } from './doctor.js';
import { terminalSafe } from '../../render/terminal-safe.js';

export async function run(args: Record<string, unknown>): Promise<number> {
  const address = parseListen(String(args.listen));
  const intervalMs = parseDuration(String(args.interval), 'interval');
  if (intervalMs < 100) throw new UsageError(`--interval ${String(args.interval)} is too short: use 100ms or more`);
  const jitter = Number(args.jitter);
  if (!(jitter >= 0 && jitter <= 1)) throw new UsageError(`invalid --jitter "${String(args.jitter)}": use a fraction from 0 to 1`);
  const eachRunTimeoutMs = runTimeoutMs(args);
  const changePollMs = parseDuration(String(args.changePoll), 'change-poll');
  const flags = connectionFlags(args, singleContext(args, 'serve'));
  // Ctrl-C / SIGTERM end serve (--timeout bounds each run, not serve), as does a port it cannot listen on.
  endNormallyOnSigterm();
  const stopServing = new AbortController();
  const stop = AbortSignal.any([runSignal(0), stopServing.signal]);
  // A mistyped check id or a bad ignore file is exit 2 now, not a run failing every interval.
  const selection = await selectionOf(args, stop);
  // Lines carry what servers said (a watch's error, a failed run's message): sanitised as all stderr is.
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${terminalSafe(line)}\n`);
  // Runs log one line each; plugin launch notices still go to stderr, -v adds each step's details.
  const progress = createProgress(args.verbose === true);

  const memory: { heapAfterRunBytes?: number } = {};
  const loop = startServeLoop({
    intervalMs,
    jitter,
    signal: stop,
    log,
    afterRun: () => {
      memory.heapAfterRunBytes = collectRunGarbage();
    },
    runOnce: async (signal) => {
      const run = scopedSignal(signal, eachRunTimeoutMs);
      try {
        return await doctorReport(args, flags, selection, run.signal, eachRunTimeoutMs, progress);
      } finally {
        run.dispose();
      }
    },
  });
  const changeState: ChangeState = { mode: 'off', watchFailures: 0 };
  const http = await startServeHttp(address, { state: loop.state, changes: changeState, memory, intervalMs, runTimeoutMs: eachRunTimeoutMs }).catch(async (error: unknown) => {
    stopServing.abort();
    await loop.done;
    throw error;
  });
  log(`serving /metrics, /report, /healthz, /readyz on ${http.url} (every ${String(args.interval)}, jitter ${jitter})`);
  const changes = detectChanges({
    watch: args.watchChanges !== false,
    pollEveryMs: changePollMs,
    controller: () => controllerToWatch(args.namespace ? String(args.namespace) : undefined, loop.state.report?.controller),
    connect: (signal) => connectCluster(flags, { signal }),
    onChange: (what) => loop.trigger(what),
    signal: stop,
    log,
    state: changeState,
  });
  await Promise.all([loop.done, changes]);
  await http.close();
  log('stopped');
  return 0;
}
