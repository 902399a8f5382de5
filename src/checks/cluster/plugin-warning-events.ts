import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';
import { kubectl } from './util.js';

export const pluginWarningEvents: Check<ClusterFacts> = {
  meta: {
    id: 'plugin-warning-events',
    severity: 'error',
    step: 'cluster',
    effect: 'broken-now',
    symptomOf: { effects: ['breaks-users', 'fatal-at-startup'] },
    title: 'Recent Warning events mention a plugin',
    description: 'The controller records plugin failures as Warning events on Rollouts and AnalysisRuns; they show which objects are affected right now.',
    fix: 'Fix the plugin problem the events name (see the other findings); the events stop once rollouts progress again.',
  },
  run(facts, report) {
    const byReason = new Map<string, typeof facts.warningEvents>();
    for (const event of facts.warningEvents) byReason.set(event.reason, [...(byReason.get(event.reason) ?? []), event]);
    for (const [reason, events] of byReason) {
      const plugin = facts.plugins.find((p) => events.some((e) => e.message.includes(p.name)));
      report({
        plugin: plugin ? { name: plugin.name, type: plugin.type } : undefined,
        title: `${events.length} Warning event(s) ${reason}: ${events[0]!.message.slice(0, 160)}`,
        evidence: events.slice(0, 5).map((e) => `${e.object}: ${e.reason} (x${e.count}${e.lastSeen ? `, last ${e.lastSeen}` : ''}): ${e.message}`),
        fix: kubectl(facts, ['describe', events[0]!.object.split(' ')[0]!.toLowerCase(), '-n', events[0]!.object.split(' ')[1]!.split('/')[0]!, events[0]!.object.split('/')[1]!]),
      });
    }
  },
};
