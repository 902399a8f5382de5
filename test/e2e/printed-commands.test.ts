/**
 * A printed kubectl command reaches the cluster the report is about: pasted into a shell and run by
 * the real kubectl, with the kubeconfig's current context another cluster, in a one-cluster run
 * (--kubeconfig with a space in its path, --context) and in a fleet run; the probe's and the
 * handshake's commands too, with the controller's namespace and service account.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, FIXTURES } from '../cluster/scenarios.js';
import { configMapOverlay, pasteLine, runDirs, runDoctor, startPluginServer, type PluginServer, type RunDirs } from '../support/e2e.js';
import { loadScenario, loadScenarioFiles, startFixtureApiServer, type FixtureApiServer } from '../support/fixture-apiserver.js';
import { fleetKubeconfig } from '../support/fleet.js';
import { buildGo } from '../support/go-build.js';

const NO_DOWNLOADS = ['--skip', 'probe,binary,handshake'];

interface Findings {
  findings: { id: string; fix: string }[];
}

let dirs: RunDirs;
/** The cluster the runs report on (its ConfigMap changed since the pods started: a restart is due), and the kubeconfig's current context. */
let reported: FixtureApiServer;
let current: FixtureApiServer;
/**
 * A cluster whose headersFrom Secret value ends with a newline, whose router plugin's InitPlugin is
 * refused by RBAC, and whose other router (env-report, asking the cluster it is offered in InitPlugin) is pinned to another sha256.
 */
let brokenPlugins: FixtureApiServer;
let plugins: PluginServer;
let kubeconfig: string;
/** The env-report plugin, as downloaded into the run's cache. */
let envReportCachePath: string;

const ROUTER_PATH = '/releases/v1.0.0/init-forbidden-linux-amd64';
const METRIC_PATH = '/releases/v0.0.4/metric-plugin-linux-amd64';
const ENV_REPORT_PATH = '/releases/v1.0.0/env-report-linux-amd64';
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  dirs = runDirs();
  reported = await startFixtureApiServer({ ...loadScenarioFiles(BASE, join(FIXTURES, 'drift.yaml')), tls: true });
  current = await startFixtureApiServer({ ...loadScenarioFiles(BASE), tls: true });
  const envReport = readFileSync(await buildGo('plugins/env-report'));
  envReportCachePath = join(dirs.cache, 'kubectl-rollouts-plugins', sha256(envReport));
  plugins = await startPluginServer({ [ROUTER_PATH]: { body: readFileSync(await buildGo('plugins/init-forbidden')) }, [METRIC_PATH]: { body: Buffer.from('never sent') }, [ENV_REPORT_PATH]: { body: envReport } });
  const overlay = configMapOverlay({
    trafficRouterPlugins: `- name: argoproj-labs/gatewayAPI\n  location: ${plugins.url}${ROUTER_PATH}\n- name: acme/env-report\n  location: ${plugins.url}${ENV_REPORT_PATH}\n  sha256: ${sha256('another build')}\n  args: ["--request"]\n`,
    metricProviderPlugins: `- name: argoproj-labs/sample-prometheus\n  location: ${plugins.url}${METRIC_PATH}\n  headersFrom:\n    - secretRef:\n        name: plugin-download-auth\n`,
  });
  // `echo 'Bearer s3cr3t' | base64`: the value ends with a newline.
  const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: plugin-download-auth\n  namespace: argo-rollouts\ntype: Opaque\ndata:\n  Authorization: ${Buffer.from('Bearer s3cr3t\n').toString('base64')}\n`;
  brokenPlugins = await startFixtureApiServer({ ...loadScenario(readFileSync(BASE, 'utf8'), overlay, secret), tls: true });
  mkdirSync(join(dirs.root, 'my configs'));
  kubeconfig = join(dirs.root, 'my configs', 'kube config');
  writeFileSync(
    kubeconfig,
    fleetKubeconfig([
      { context: 'current', server: current },
      { context: 'reported', server: reported },
      { context: 'broken-plugins', server: brokenPlugins },
    ]),
  );
});

afterAll(async () => {
  await Promise.all([reported?.close(), current?.close(), brokenPlugins?.close(), plugins?.close()]);
  dirs?.remove();
});

/** A printed command line, pasted into a shell (see pasteLine). */
const paste = (line: string) => pasteLine(dirs, line);

/** The requests each server got while `action` ran. */
async function requestsDuring(action: () => Promise<unknown>): Promise<{ reported: string[]; current: string[]; brokenPlugins: string[] }> {
  const [r, c, b] = [reported.requests.length, current.requests.length, brokenPlugins.requests.length];
  await action();
  const seen = (server: FixtureApiServer, from: number) => server.requests.slice(from).map((q) => `${q.method} ${q.path}`);
  return { reported: seen(reported, r), current: seen(current, c), brokenPlugins: seen(brokenPlugins, b) };
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

  describe("the probe's and the handshake's fixes (doctor --init)", () => {
    let fixes: Map<string, string>;
    beforeAll(async () => {
      // --ignore sha256-mismatch: the skipped handshake of env-report is folded into that finding (one cause, one
      // finding); with its cause hidden it stands alone in the list, with its re-run command.
      const run = await runDoctor(['--kubeconfig', kubeconfig, '--context', 'broken-plugins', '--init', '--ignore', 'sha256-mismatch', '-o', 'json'], dirs.env);
      fixes = new Map((JSON.parse(run.stdout) as Findings).findings.map((f) => [f.id, f.fix]));
    });

    it("download-invalid-header: the Secret is recreated in the controller's namespace of the reported cluster", async () => {
      const command = /`(kubectl [^`]+ \| kubectl [^`]+)`/.exec(fixes.get('download-invalid-header')!)![1]!;
      expect(command).toBe(
        `kubectl --kubeconfig '${kubeconfig}' --context broken-plugins -n argo-rollouts create secret generic plugin-download-auth '--from-literal=Authorization=Bearer …' --dry-run=client -o yaml | kubectl --kubeconfig '${kubeconfig}' --context broken-plugins apply -f -`,
      );
      // The Secret made is in the controller's namespace.
      const made = await paste(command.split(' | ')[0]!);
      expect(made.stdout).toMatch(/^  namespace: argo-rollouts$/m);
      expect(made.stdout).toMatch(/^  name: plugin-download-auth$/m);
      // The fixture API server serves no OpenAPI, so apply stops at its validation: what matters is which cluster it asked.
      const requests = await requestsDuring(() => paste(command));
      expect(requests.brokenPlugins).toContain('GET /openapi/v2');
      expect(requests.current).toEqual([]);
    });

    it("handshake-init-failed: auth can-i asks the reported cluster as the controller's service account", async () => {
      const fix = fixes.get('handshake-init-failed')!;
      const command = /`(kubectl [^`]+auth can-i[^`]+)`/.exec(fix)![1]!;
      // The pods run as argo-rollouts (their spec), whoever the plugin's error names.
      expect(command).toBe(`kubectl --kubeconfig '${kubeconfig}' --context broken-plugins auth can-i list httproutes.gateway.networking.k8s.io --all-namespaces --as=system:serviceaccount:argo-rollouts:argo-rollouts`);
      const requests = await requestsDuring(() => paste(command));
      expect(requests.brokenPlugins).toContain('POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
      expect(requests.current).toEqual([]);
    });

    it("handshake-skipped-unverified: the re-run offers the plugin the reported cluster, as the run did (--init with its --kubeconfig and --context), with the entry's args", async () => {
      const command = /: (kubectl rollouts-plugins handshake .*)$/.exec(fixes.get('handshake-skipped-unverified')!)![1]!;
      expect(command).toBe(`kubectl rollouts-plugins handshake ${envReportCachePath} --type trafficrouter --init --kubeconfig '${kubeconfig}' --context broken-plugins --allow-unverified -- --request`);
      // Pasted, the plugin's InitPlugin asks the reported cluster, not the kubeconfig's current one.
      let pasted = { code: null as number | null, stdout: '', stderr: '' };
      const requests = await requestsDuring(async () => (pasted = await paste(command)));
      expect(pasted.stdout).toContain('Findings: 0 errors, 0 warnings, 0 info');
      expect(pasted.code).toBe(0);
      expect(requests.brokenPlugins).toContain('GET /version');
      expect(requests.current).toEqual([]);
    });
  });
});
