import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';
import { restartCommand } from './util.js';

export const runningPluginsDifferFromConfig: Check<ClusterFacts> = {
  meta: {
    id: 'running-plugins-differ-from-config',
    severity: 'warning',
    step: 'cluster',
    symptomOf: { ids: ['config-drift-restart-pending'] },
    title: 'The plugins the running controller loaded differ from the ConfigMap now',
    description:
      'Each start-up logs "Downloading plugin NAME from: LOCATION" or "Copied plugin from SRC to DST". Comparing them with the ConfigMap now shows what the next restart will change: added, removed or moved plugins.',
    fix: 'Review the difference; restart the controller to apply it once this report is clean.',
  },
  run(facts, report) {
    if (!facts.configMap.exists || facts.plugins.length === 0 && !facts.configMap.data) return;
    for (const { pod, plugins } of facts.loadedPlugins.filter((l) => !l.previous)) {
      const differences: string[] = [];
      for (const entry of facts.plugins) {
        const loaded = plugins.find((p) => p.name === entry.name);
        if (!loaded) differences.push(`${entry.name}: in the ConfigMap, not loaded by ${pod}`);
        else if (loaded.how === 'downloaded' && loaded.location !== entry.location) differences.push(`${entry.name}: loaded from ${loaded.location}, ConfigMap now says ${entry.location}`);
      }
      for (const loaded of plugins) {
        if (!facts.plugins.some((e) => e.name === loaded.name)) differences.push(`${loaded.name}: loaded by ${pod} from ${loaded.location}, no longer in the ConfigMap`);
      }
      if (differences.length === 0) continue;
      report({
        title: `Controller pod ${pod} runs with a different plugin set than ${facts.configMap.source} now`,
        evidence: differences,
        fix: `The next restart applies the ConfigMap as it is now; once this report has no error for it: ${restartCommand(facts)}`,
      });
    }
  },
};
