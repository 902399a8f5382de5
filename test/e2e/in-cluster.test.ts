/**
 * In a pod: no kubeconfig, the service account's files under /var/run/secrets/kubernetes.io/
 * serviceaccount and KUBERNETES_SERVICE_HOST/PORT. The executable runs in its own user and mount
 * namespace (unshare) with those files mounted where a pod has them, against the fixture API server,
 * as a service account holding exactly the rules `rbac` prints (what deploy/ grants).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOL_PERMISSIONS } from '../../src/cluster/rbac.js';
import { startScenario, type ScenarioHandle } from '../cluster/scenarios.js';
import { CLI_BIN, runProcess } from '../support/cli.js';
import { runDirs, type RunDirs } from '../support/e2e.js';

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const SA_USER = 'system:serviceaccount:argo-rollouts:kubectl-rollouts-plugins';

/** Runs the CLI as in a pod: a private /run (so /var/run/secrets/...) holding the service-account files. */
function runInPod(args: string[], files: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = `set -e; mount -t tmpfs tmpfs /run; mkdir -p ${SA_DIR}; cp "$SA_FILES"/* ${SA_DIR}/; exec "$NODE" "$CLI" "$@"`;
  return runProcess('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', script, 'sh', ...args], {
    // nothing of this shell's kubeconfig: only what a pod has
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', SA_FILES: files, NODE: process.execPath, CLI: CLI_BIN, NO_COLOR: '1', ...env },
  });
}

describe('doctor in a pod, with the service account', () => {
  let scenario: ScenarioHandle;
  let dirs: RunDirs;
  let files: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    scenario = await startScenario([], {
      users: [
        {
          name: SA_USER,
          token: 'sa-token',
          rules: TOOL_PERMISSIONS.map((p) => ({ verbs: p.verbs, apiGroups: [p.group], resources: [p.resource], ...(p.scope === 'namespace' ? { namespaces: ['argo-rollouts'] } : {}) })),
        },
      ],
    });
    dirs = runDirs();
    files = join(dirs.root, 'sa');
    mkdirSync(files);
    writeFileSync(join(files, 'token'), 'sa-token');
    writeFileSync(join(files, 'ca.crt'), scenario.server.caPem!);
    writeFileSync(join(files, 'namespace'), 'argo-rollouts');
    const url = new URL(scenario.server.url);
    env = { ...dirs.env, HOME: dirs.root, KUBERNETES_SERVICE_HOST: url.hostname, KUBERNETES_SERVICE_PORT: url.port };
  });
  afterAll(async () => {
    await scenario.close();
    dirs.remove();
  });

  it("authenticates with the token file, trusts ca.crt, reads everything the deploy/ RBAC grants and nothing is refused", async () => {
    const result = await runInPod(['doctor', '-o', 'json', '--skip', 'probe'], files, env);
    const report = JSON.parse(result.stdout) as { controller?: { server?: string; namespace?: string }; findings: { id: string }[]; notChecked: { what: string; why: string }[] };
    expect(report.controller?.server).toBe(scenario.server.url);
    expect(report.controller?.namespace).toBe('argo-rollouts');
    expect(report.findings.map((f) => f.id).filter((id) => id.includes('denied') || id.includes('unauthorized'))).toEqual([]);
    expect(report.notChecked.filter((n) => /refused|could not be read|denied/.test(n.why))).toEqual([]);
    const seen = scenario.server.requests.filter((r) => r.user === SA_USER);
    expect(seen.length).toBeGreaterThan(3);
    expect(scenario.server.requests.filter((r) => r.status === 401 || r.status === 403)).toEqual([]);
  });

  it('with no service-account token and no kubeconfig it cannot run (exit 3), saying why', async () => {
    const empty = join(dirs.root, 'no-sa');
    mkdirSync(empty);
    writeFileSync(join(empty, 'namespace'), 'argo-rollouts');
    const result = await runInPod(['doctor'], empty, env);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/no kubeconfig found .* not running in a cluster/);
  });
});
