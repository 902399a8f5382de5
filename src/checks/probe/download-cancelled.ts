import { downloadEvidence, downloadOutcomeCheck } from './support.js';

export const downloadCancelled = downloadOutcomeCheck(
  {
    id: 'download-cancelled',
    severity: 'warning',
    step: 'probe',
    effect: 'restart-undecided',
    title: 'The download was cancelled before it finished',
    description: 'The run was interrupted (Ctrl-C or the overall `--timeout`), so this plugin was not verified.',
    fix: 'Run again with a longer `--timeout`.',
  },
  'aborted',
  (facts, d) => ({
    title: `download of ${d.url} cancelled after ${d.bytes} bytes`,
    evidence: downloadEvidence(facts),
    fix: 'Run again without interrupting, or with a longer `--timeout`.',
  }),
);
