import type { ApiProblem, ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';
import { whoseDeadline, type DeadlineFlag } from '../../core/deadline.js';
import { kubectl } from './util.js';

export const apiUnavailable: Check<ClusterFacts> = {
  meta: {
    id: 'api-unavailable',
    severity: 'warning',
    step: 'cluster',
    title: 'An API request failed (timeout, no connection, server error or unreadable answer) or was not attempted, so part of the inspection was skipped',
    description:
      'The API server did not answer in time (it was reached: it accepted the connection, then left the TLS handshake or the request unanswered), could not be reached in time (no TCP connection), kept answering 429/5xx after bounded retries, or sent JSON that could not be read; or the run ended (its `--timeout`, a fleet cluster\'s `--cluster-timeout`, Ctrl-C) before a request was answered or sent. The tool skipped what depended on it and says what; the verdict that depends on it stays UNKNOWN.',
    fix: 'Run again; raise `--request-timeout` for a slow API server (and check its health), `--timeout` (`--cluster-timeout`) when the run ran out of time; check the network, VPN or proxy to a server that could not be reached.',
  },
  run(facts, report) {
    // One finding for every failed request: one cause (the API server or what is in front of it).
    const problems = facts.apiProblems;
    if (problems.length === 0) return;
    const failed = problems.filter((p) => p.attempts > 0);
    const notSent = problems.length - failed.length;
    const kinds = [...new Set(failed.map((p) => (p.kind === 'timeout' && p.reached === false ? 'no connection' : `${p.kind}${p.status ? ` ${p.status}` : ''}`)))].join(', ');
    const counts = [
      ...(failed.length > 0 ? [`${failed.length} API request${failed.length === 1 ? '' : 's'} failed (${kinds})`] : []),
      ...(notSent > 0 ? [`${notSent} ${failed.length > 0 ? '' : `API request${notSent === 1 ? '' : 's'} `}not attempted`] : []),
    ].join(', ');
    report({
      title: `${counts}: skipped ${[...new Set(problems.map((p) => p.skipped))].join('; ')}`,
      evidence: problems.map((p) =>
        p.attempts === 0 ? `did not ${p.what}: ${p.path}: not attempted, ${p.message}` : `could not ${p.what}: ${p.path}: ${p.message} (after ${p.attempts} attempt${p.attempts === 1 ? '' : 's'})`,
      ),
      fix: fixFor(facts, problems),
    });
  },
};

function fixFor(facts: ClusterFacts, problems: readonly ApiProblem[]): string {
  // The run's own end comes first: a longer --request-timeout cannot help a run that had no time left.
  if (problems.some((p) => p.cancelledBy === 'interrupted')) return 'Run again without interrupting it.';
  const ended = problems.map((p) => p.cancelledBy).find((by): by is DeadlineFlag => by !== undefined && by !== 'interrupted');
  if (ended) {
    const waiting = problems.find((p) => p.cancelledBy === ended && p.attempts > 0);
    return `Run again with a longer \`${ended}\`, or a shorter \`--request-timeout\` so that one slow request leaves time for the others: ${whoseDeadline(ended)} deadline ran out while reading the cluster${waiting ? `, waiting for ${waiting.skipped}` : ''}.`;
  }
  // Reached but unanswered: the server (or a proxy in front of it) is slow or hung, not the way to it.
  if (problems.some((p) => p.kind === 'timeout' && p.reached !== false)) {
    return `Run again with a longer \`--request-timeout\` (e.g. \`--request-timeout=60s\`): the API server was reached and did not answer in time; if it persists, it or a proxy in front of it is overloaded or hung. Check its health:\n  ${kubectl(facts, ['get', '--raw', '/readyz?verbose', '--request-timeout=30s'])}`;
  }
  if (problems.some((p) => p.kind === 'timeout')) return 'Check the network, VPN or proxy between this machine and the API server, which could not be reached in time (no connection was made), then run again.';
  if (problems.some((p) => p.kind === 'malformed' || p.kind === 'network')) return 'Run again; a cut-off or malformed answer usually comes from a proxy or load balancer in front of the API server.';
  return 'Run again later: the API server was overloaded or failing (see the statuses above).';
}
