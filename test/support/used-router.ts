/** One router plugin and the Rollout that uses it: the smallest configuration whose Now verdict a plugin decides. */
export const ROUTER = '- name: acme/router\n  location: https://plugins.example.com/router-linux-amd64\n';

export const ROLLOUT_USING_ROUTER = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { namespace: 'shop', name: 'checkout' },
  spec: { strategy: { canary: { trafficRouting: { plugins: { 'acme/router': {} } } } } },
};
