import type { Check } from '../../core/check.js';
import type { ConfigFacts } from '../../config/types.js';

export const configmapMissing: Check<ConfigFacts> = {
  meta: {
    id: 'configmap-missing',
    severity: 'info',
    step: 'config',
    title: 'There is no argo-rollouts-config ConfigMap: the controller runs with no plugins',
    description:
      'Without the ConfigMap (wrong name, wrong namespace, or not applied) the controller starts with no plugins and no warning. That is fine unless a Rollout or AnalysisTemplate uses a plugin (see plugin-not-configured).',
    fix: 'Create `argo-rollouts-config` in the controller namespace if plugins are needed.',
  },
  run(facts, report) {
    if (facts.configMapFound) return;
    if (facts.inputProblems.some((p) => p.kind === 'helm-plugins-not-rendered')) return; // that finding says why, and what is lost
    const problem = facts.inputProblems.find((p) => p.kind === 'no-configmap');
    report({
      title: 'no argo-rollouts-config ConfigMap: no plugins are loaded',
      evidence: [problem?.message ?? `${facts.source}: ConfigMap argo-rollouts-config not found`],
      fix: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argo-rollouts-config\n  namespace: <controller namespace>\ndata:\n  trafficRouterPlugins: |\n    - name: "<namespace>/<name>"\n      location: "https://…"',
    });
  },
};
