import type { ApiProblem, ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';

export const apiUnavailable: Check<ClusterFacts> = {
  meta: {
    id: 'api-unavailable',
    severity: 'warning',
    step: 'cluster',
    title: 'An API request failed (timeout, server error or unreadable answer) or was not attempted, so part of the inspection was skipped',
    description:
      'The API server did not answer in time, kept answering 429/5xx after bounded retries, or sent JSON that could not be read; or the run ended (its `--timeout`, Ctrl-C) before a request was answered or sent. The tool skipped what depended on it and says what; the verdict that depends on it stays UNKNOWN.',
    fix: 'Run again; raise `--request-timeout` for a slow API server, `--timeout` when the run ran out of time; check the API server and any proxy in front of it.',
  },
  run(facts, report) {
    // One finding for every failed request: one cause (the API server or what is in front of it).
    const problems = facts.apiProblems;
    if (problems.length === 0) return;
    const failed = problems.filter((p) => p.attempts > 0);
    const notSent = problems.length - failed.length;
    const kinds = [...new Set(failed.map((p) => `${p.kind}${p.status ? ` ${p.status}` : ''}`))].join(', ');
    const counts = [
      ...(failed.length > 0 ? [`${failed.length} API request${failed.length === 1 ? '' : 's'} failed (${kinds})`] : []),
      ...(notSent > 0 ? [`${notSent} ${failed.length > 0 ? '' : `API request${notSent === 1 ? '' : 's'} `}not attempted`] : []),
    ].join(', ');
    report({
      title: `${counts}: skipped ${[...new Set(problems.map((p) => p.skipped))].join('; ')}`,
      evidence: problems.map((p) =>
        p.attempts === 0 ? `did not ${p.what}: ${p.path}: not attempted, ${p.message}` : `could not ${p.what}: ${p.path}: ${p.message} (after ${p.attempts} attempt${p.attempts === 1 ? '' : 's'})`,
      ),
      fix: fixFor(problems),
    });
  },
};

function fixFor(problems: readonly ApiProblem[]): string {
  // The run's own end comes first: a longer --request-timeout cannot help a run that had no time left.
  if (problems.some((p) => p.cancelledBy === 'interrupted')) return 'Run again without interrupting it.';
  if (problems.some((p) => p.cancelledBy === 'deadline')) {
    const waiting = problems.find((p) => p.cancelledBy === 'deadline' && p.attempts > 0);
    return `The run's \`--timeout\` ran out while reading the cluster${waiting ? `, waiting for ${waiting.skipped}` : ''}: run again with a longer \`--timeout\`, or a shorter \`--request-timeout\` so that one slow request leaves time for the others.`;
  }
  if (problems.some((p) => p.kind === 'timeout')) return 'Run again with a longer `--request-timeout` (e.g. `--request-timeout=60s`); if it persists, the API server or a proxy in front of it is overloaded.';
  if (problems.some((p) => p.kind === 'malformed' || p.kind === 'network')) return 'Run again; a cut-off or malformed answer usually comes from a proxy or load balancer in front of the API server.';
  return 'Run again later: the API server was overloaded or failing (see the statuses above).';
}
