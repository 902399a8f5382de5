/**
 * Why doctor's handshake step did not run, and what that leaves open: a step the user skipped is
 * said as such (exit 0), the run's end before it (its --timeout during the downloads) is no choice of
 * theirs and never passes green. Decided from an already-aborted signal, so the timing is exact.
 */
import { describe, expect, it } from 'vitest';
import { lintConfigMapData } from '../../src/config/lint.js';
import { entriesReadByController } from '../../src/config/parse.js';
import { scopedSignal, sleep } from '../../src/core/deadline.js';
import { exitCodeFor, type NotChecked, type Report } from '../../src/core/report.js';
import { handshakeGaps } from '../../src/pipeline/coverage.js';
import { handshakeStepNotRun } from '../../src/pipeline/doctor.js';
import { buildReport } from '../../src/pipeline/report.js';
import { NO_SELECTION } from '../../src/pipeline/selection.js';
import { usesPlugin } from '../../src/pipeline/verdict.js';
import { ROLLOUT_USING_ROUTER, ROUTER } from '../support/used-router.js';

const rollout = ROLLOUT_USING_ROUTER;

/** A signal the run's --timeout has ended, as doctor's is once that deadline passes. */
async function timedOut(): Promise<AbortSignal> {
  const run = scopedSignal(new AbortController().signal, 1, '--timeout');
  await sleep(60_000, run.signal);
  run.dispose();
  return run.signal;
}

/** doctor's report over a Rollout's plugin that downloaded fine, when the handshake step decides as `signal` and the flags say. */
function doctorReport(signal: AbortSignal, step: { selected: boolean } = { selected: true }): Report {
  const lint = lintConfigMapData({ trafficRouterPlugins: ROUTER }, [rollout]);
  const entries = entriesReadByController(lint.config);
  const notRun = handshakeStepNotRun({ selected: step.selected, downloaded: true, probeSkipped: false, noCache: false }, signal);
  const notChecked: NotChecked[] = handshakeGaps(notRun, {}, [], { all: entries, decidesNow: usesPlugin(lint.references) }).filter((g) => g.what !== 'InitPlugin');
  return buildReport({ command: 'doctor', source: lint.source, plugins: lint.plugins, findings: [], selection: NO_SELECTION, notChecked, references: lint.references, judgesNow: true, logsCurrent: true });
}

describe('the handshake step not run', () => {
  it("the run's --timeout ran out after the downloads: Not checked says so, Now is UNKNOWN and the run fails (exit 1)", async () => {
    const report = doctorReport(await timedOut());
    expect(report.notChecked).toEqual([{ what: 'go-plugin handshakes', why: "the run's --timeout ran out before the handshake step: no plugin was launched", blinds: ['now'], failed: true }]);
    expect(report.verdict.now.state).toBe('unknown');
    expect(report.verdict.now.summary).toBe("Cannot tell whether plugins work now: go-plugin handshakes: the run's --timeout ran out before the handshake step: no plugin was launched.");
    expect(exitCodeFor(report, 'error')).toBe(1);
  });

  it('--skip handshake is said as the user\'s choice, even when the --timeout ran out too: Now UNKNOWN, exit 0', async () => {
    const report = doctorReport(await timedOut(), { selected: false });
    expect(report.notChecked).toEqual([{ what: 'go-plugin handshakes', why: 'the handshake step was skipped (--only/--skip)', blinds: ['now'] }]);
    expect(report.verdict.now.state).toBe('unknown');
    expect(exitCodeFor(report, 'error')).toBe(0);
  });
});
