/**
 * A printed kubectl command reaches the cluster the report is about: pasted into a shell and run by
 * the real kubectl, with the kubeconfig's current context another cluster, in a one-cluster run
 * (--kubeconfig with a space in its path, --context) and in a fleet run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, FIXTURES } from '../cluster/scenarios.js';
import { runProcess } from '../support/cli.js';
import { runDirs, runDoctor, type RunDirs } from '../support/e2e.js';
import { loadScenarioFiles, startFixtureApiServer, type FixtureApiServer } from '../support/fixture-apiserver.js';
import { fleetKubeconfig } from '../support/fleet.js';

const NO_DOWNLOADS = ['--skip', 'probe,binary,handshake'];

interface Findings {
  findings: { id: string; fix: string }[];
}

let dirs: RunDirs;
/** The cluster the runs report on (its ConfigMap changed since the pods started: a restart is due), and the kubeconfig's current context. */
let reported: FixtureApiServer;
let current: FixtureApiServer;
let kubeconfig: string;

beforeAll(async () => {
  dirs = runDirs();
  reported = await startFixtureApiServer({ ...loadScenarioFiles(BASE, join(FIXTURES, 'drift.yaml')), tls: true });
  current = await startFixtureApiServer({ ...loadScenarioFiles(BASE), tls: true });
  mkdirSync(join(dirs.root, 'my configs'));
  kubeconfig = join(dirs.root, 'my configs', 'kube config');
  writeFileSync(kubeconfig, fleetKubeconfig([{ context: 'current', server: current }, { context: 'reported', server: reported }]));
});

afterAll(async () => {
  await Promise.all([reported?.close(), current?.close()]);
  dirs?.remove();
});

/** Runs a printed command line as pasted into a shell, with the real kubectl and no KUBECONFIG of its own. */
async function paste(line: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const home = join(dirs.root, 'home');
  mkdirSync(home, { recursive: true });
  return runProcess('sh', ['-c', line], { env: { PATH: process.env.PATH, HOME: home }, timeoutMs: 30_000 });
}

/** The requests each server got while `action` ran. */
async function requestsDuring(action: () => Promise<unknown>): Promise<{ reported: string[]; current: string[] }> {
  const [r, c] = [reported.requests.length, current.requests.length];
  await action();
  const seen = (server: FixtureApiServer, from: number) => server.requests.slice(from).map((q) => `${q.method} ${q.path}`);
  return { reported: seen(reported, r), current: seen(current, c) };
}

describe('a printed kubectl command, pasted', () => {
  it('one cluster (--kubeconfig with spaces, --context): the way to find the controller lists the reported cluster', async () => {
    const run = await runDoctor(['--kubeconfig', kubeconfig, '--context', 'reported', '-n', 'default', ...NO_DOWNLOADS, '-o', 'json'], dirs.env);
    const fix = (JSON.parse(run.stdout) as Findings).findings.find((f) => f.id === 'controller-not-found')!.fix;
    const command = /`(kubectl [^`]+)`/.exec(fix)![1]!;
    expect(command).toContain("--kubeconfig '" + kubeconfig + "' --context reported");
    expect(fix).not.toContain('scale');

    let pasted = { code: null as number | null, stdout: '', stderr: '' };
    const requests = await requestsDuring(async () => (pasted = await paste(command)));
    expect(pasted.stderr).toBe('');
    expect(pasted.stdout).toMatch(/^argo-rollouts\s+argo-rollouts\s/m);
    expect(requests.reported).toContain('GET /apis/apps/v1/deployments');
    expect(requests.current).toEqual([]);
  });

  it('-n of a namespace with no controller: the header names the namespace, and claims no controller', async () => {
    const run = await runDoctor(['--kubeconfig', kubeconfig, '--context', 'reported', '-n', 'default', ...NO_DOWNLOADS], dirs.env);
    expect(run.stdout).toMatch(/^Namespace: +default \(no controller seen there\)$/m);
    expect(run.stdout).not.toMatch(/^Controller:/m);
  });

  it('a fleet run: the restart printed under a context that is not the current one restarts that cluster', async () => {
    const run = await runDoctor(['--kubeconfig', kubeconfig, '--all-contexts', ...NO_DOWNLOADS, '-o', 'json'], dirs.env);
    const list = JSON.parse(run.stdout) as { items: { context: string; report?: Findings }[] };
    const fixes = list.items.find((i) => i.context === 'reported')!.report!.findings.map((f) => f.fix).join('\n');
    const command = /(kubectl \S.* rollout restart \S+)/.exec(fixes)![1]!;
    expect(command).toContain('--context reported');

    // The fixture API server refuses writes (405): what matters is which cluster the PATCH went to.
    const requests = await requestsDuring(() => paste(command));
    expect(requests.reported).toContain('PATCH /apis/apps/v1/namespaces/argo-rollouts/deployments/argo-rollouts');
    expect(requests.current).toEqual([]);
  });
});
