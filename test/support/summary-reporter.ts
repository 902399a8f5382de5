/**
 * Ends the run with the plain line CI reads in any language: `N passed, N failed` (`, N skipped`
 * when any were), alone on a line, after vitest's own summary.
 */
import type { File, Reporter, Task } from 'vitest';

function count(tasks: readonly Task[], totals: { passed: number; failed: number; skipped: number }) {
  for (const task of tasks) {
    if (task.type === 'suite') count(task.tasks, totals);
    else if (task.result?.state === 'pass') totals.passed++;
    else if (task.result?.state === 'fail') totals.failed++;
    else totals.skipped++;
  }
  return totals;
}

export default class SummaryReporter implements Reporter {
  onFinished(files: File[] = []): void {
    const { passed, failed, skipped } = count(files, { passed: 0, failed: 0, skipped: 0 });
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
