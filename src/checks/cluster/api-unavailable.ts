import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';

export const apiUnavailable: Check<ClusterFacts> = {
  meta: {
    id: 'api-unavailable',
    severity: 'warning',
    step: 'cluster',
    title: 'An API request failed (timeout, server error or unreadable answer), so part of the inspection was skipped',
    description:
      'The API server did not answer in time, kept answering 429/5xx after bounded retries, or sent JSON that could not be read. The tool skipped what depended on it and says what.',
    fix: 'Run again; raise `--request-timeout` for a slow API server; check the API server and any proxy in front of it.',
  },
  run(facts, report) {
    for (const problem of facts.apiProblems) {
      report({
        title: `Could not ${problem.what} (${problem.kind}${problem.status ? ` ${problem.status}` : ''}): skipped ${problem.skipped}`,
        evidence: [`GET ${problem.path}: ${problem.message}`, `after ${problem.attempts} attempt${problem.attempts === 1 ? '' : 's'}`],
        fix:
          problem.kind === 'timeout'
            ? 'Run again with a longer `--request-timeout` (e.g. `--request-timeout=60s`); if it persists, the API server or a proxy in front of it is overloaded.'
            : problem.kind === 'malformed' || problem.kind === 'network'
              ? 'Run again; a cut-off or malformed answer usually comes from a proxy or load balancer in front of the API server.'
              : 'Run again later: the API server was overloaded or failing (see the status above).',
      });
    }
  },
};
