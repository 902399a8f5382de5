/** A stand-in for doctor's report in serve's loop: what the loop reads of it (verdicts, summary, nothingRead), nothing more. */
import type { Report } from '../../src/core/report.js';

export const serveReport = (state: 'ok' | 'broken', nothingRead = false) =>
  ({
    verdict: { now: { state, summary: 'x', reasons: [] }, onRestart: { state, summary: 'x', reasons: [] }, affectedResources: [] },
    summary: { errors: 0, warnings: 0, infos: 0 },
    ...(nothingRead && { nothingRead }),
  }) as unknown as Report;
