import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';

export const apiUnavailable: Check<ClusterFacts> = {
  meta: {
    id: 'api-unavailable',
    severity: 'warning',
    step: 'cluster',
    title: 'An API request failed (timeout, server error or unreadable answer), so part of the inspection was skipped',
    description:
      'The API server did not answer in time, kept answering 429/5xx after bounded retries, or sent JSON that could not be read. The tool skipped what depended on it and says what; the verdict that depends on it stays UNKNOWN.',
    fix: 'Run again; raise `--request-timeout` for a slow API server; check the API server and any proxy in front of it.',
  },
  run(facts, report) {
    // One finding for every failed request: one cause (the API server or what is in front of it).
    const problems = facts.apiProblems;
    if (problems.length === 0) return;
    const kinds = [...new Set(problems.map((p) => `${p.kind}${p.status ? ` ${p.status}` : ''}`))].join(', ');
    report({
      title: `${problems.length} API request${problems.length === 1 ? '' : 's'} failed (${kinds}): skipped ${[...new Set(problems.map((p) => p.skipped))].join('; ')}`,
      evidence: problems.map((p) => `could not ${p.what}: ${p.path}: ${p.message} (after ${p.attempts} attempt${p.attempts === 1 ? '' : 's'})`),
      fix: problems.some((p) => p.kind === 'timeout')
        ? 'Run again with a longer `--request-timeout` (e.g. `--request-timeout=60s`); if it persists, the API server or a proxy in front of it is overloaded.'
        : problems.some((p) => p.kind === 'malformed' || p.kind === 'network')
          ? 'Run again; a cut-off or malformed answer usually comes from a proxy or load balancer in front of the API server.'
          : 'Run again later: the API server was overloaded or failing (see the statuses above).',
    });
  },
};
