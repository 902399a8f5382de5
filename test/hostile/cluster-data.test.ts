/**
 * Hostile cluster data: what a compromised or broken API server, or a namespace a user controls,
 * can put in front of doctor. Each case ends in a report or a clear error within its deadline,
 * with nothing left behind and nothing raw reaching the terminal.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BASE } from '../cluster/scenarios.js';
import { loadScenario, startFixtureApiServer, type FixtureApiServer, type FixtureFault } from '../support/fixture-apiserver.js';
import { leftovers, runDoctor, runDirs, type RunDirs } from '../support/e2e.js';

const NO_DOWNLOADS = ['--skip', 'probe', '--skip', 'binary', '--skip', 'handshake'];

let open: { api: FixtureApiServer; dirs: RunDirs }[] = [];
afterEach(async () => {
  for (const { api, dirs } of open.splice(0)) {
    await api.close();
    dirs.remove();
  }
});

async function cluster(overlay?: string, faults: FixtureFault[] = []): Promise<{ kubeconfig: string; dirs: RunDirs }> {
  const api = await startFixtureApiServer({ ...loadScenario(readFileSync(BASE, 'utf8'), ...(overlay ? [overlay] : [])), faults });
  const dirs = runDirs();
  const kubeconfig = join(dirs.root, 'kubeconfig');
  writeFileSync(kubeconfig, api.kubeconfig({ token: 'admin-token' }));
  open.push({ api, dirs });
  return { kubeconfig, dirs };
}

describe('hostile cluster data', () => {
  it('a pod list with null items and fields of the wrong type is a report, not a crash', async () => {
    const pods = JSON.stringify({
      kind: 'PodList',
      apiVersion: 'v1',
      metadata: {},
      items: [null, 7, 'x', { metadata: null, spec: null, status: null }, { metadata: { name: 5, labels: null }, spec: { containers: [null, { name: null, args: [null, 3] }] }, status: { containerStatuses: [null, { name: 'argo-rollouts', state: null, lastState: 3 }] } }],
    });
    const { kubeconfig, dirs } = await cluster(undefined, [{ path: '/api/v1/namespaces/argo-rollouts/pods$', kind: 'body', body: pods }]);
    const run = await runDoctor(['--kubeconfig', kubeconfig, ...NO_DOWNLOADS, '-o', 'json', '--timeout', '30s', '-v'], dirs.env);
    expect(run.stderr, run.stderr).not.toMatch(/TypeError|Cannot read/);
    expect(run.code, run.stderr).not.toBe(3);
    expect(JSON.parse(run.stdout).verdict.restartSafe).toBeDefined();
    expect(leftovers(dirs.tmp)).toEqual([]);
  });
});
