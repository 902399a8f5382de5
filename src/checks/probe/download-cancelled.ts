import { whoseDeadline } from '../../core/deadline.js';
import { formatSize } from '../../core/size.js';
import { downloadEvidence, downloadOutcomeCheck } from './support.js';
import { humanDuration } from '../../core/duration.js';

export const downloadCancelled = downloadOutcomeCheck(
  {
    id: 'download-cancelled',
    severity: 'warning',
    step: 'probe',
    effect: 'restart-undecided',
    title: 'The download was cancelled before it finished',
    description: 'The run ended (its `--timeout`, a fleet cluster\'s `--cluster-timeout`, or Ctrl-C) before the download finished, so this plugin was not verified.',
    fix: 'Run again with a longer `--timeout` (`--cluster-timeout` when a fleet cluster\'s ran out).',
  },
  'aborted',
  (facts, d) => ({
    title: `download of ${d.url} cancelled after ${d.bytes} bytes`,
    // What had arrived and what cut it: a slow server and a short --timeout read the same otherwise.
    evidence: downloadEvidence(facts, `${formatSize(d.bytes)} arrived in ${humanDuration(d.totalMs)}, then ${d.error?.message ?? 'cancelled'}`),
    fix:
      d.error?.cancelledBy === undefined || d.error.cancelledBy === 'interrupted'
        ? 'Run again without interrupting it.'
        : `Run again with a longer \`${d.error.cancelledBy}\`: ${whoseDeadline(d.error.cancelledBy)} deadline ran out before this download finished.`,
  }),
);
