/**
 * Hostile cluster data: what a compromised or broken API server, or a namespace a user controls,
 * can put in front of doctor. Each case ends in a report or a clear error within its deadline,
 * with nothing left behind and nothing raw reaching the terminal.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BASE, FIXTURES } from '../cluster/scenarios.js';
import { loadScenario, startFixtureApiServer, type FixtureApiServer, type FixtureFault } from '../support/fixture-apiserver.js';
import { configMapOverlay, leftovers, runDoctor, runDirs, type RunDirs } from '../support/e2e.js';
import { serve, startServer, type LoopbackServer } from '../support/hostile-http.js';

const NO_DOWNLOADS = ['--skip', 'probe', '--skip', 'binary', '--skip', 'handshake'];

let open: { api: FixtureApiServer; dirs: RunDirs }[] = [];
afterEach(async () => {
  for (const { api, dirs } of open.splice(0)) {
    await api.close();
    dirs.remove();
  }
});

async function cluster(overlay?: string | string[], faults: FixtureFault[] = []): Promise<{ kubeconfig: string; dirs: RunDirs }> {
  const overlays = overlay === undefined ? [] : Array.isArray(overlay) ? overlay : [overlay];
  const api = await startFixtureApiServer({ ...loadScenario(readFileSync(BASE, 'utf8'), ...overlays), faults });
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
    const report = JSON.parse(run.stdout) as { verdict: Record<'now' | 'onRestart', { state: string; summary: string }>; findings: { id: string; variant?: string; evidence: string[] }[] };
    // One cause (items that are no pod with a name: null, 7, 'x', a null and a numeric name), one
    // finding: what stood there may be a crashing controller pod, so "now" is not OK.
    const unread = report.findings.filter((f) => f.id === 'api-unavailable' || f.id === 'cluster-data-unreadable');
    expect(unread).toEqual([
      expect.objectContaining({
        id: 'cluster-data-unreadable',
        variant: 'items-left-out',
        evidence: ['list pods in argo-rollouts: /api/v1/namespaces/argo-rollouts/pods?labelSelector=app.kubernetes.io/name=argo-rollouts,app.kubernetes.io/component!=rollouts-dashboard: 5 of the 5 items listed left out'],
      }),
    ]);
    expect(report.verdict.now.state).toBe('unknown');
    expect(report.verdict.now.summary).toContain('list pods in argo-rollouts: read in part: 5 of the 5 items listed were left out');
    expect(run.code).toBe(1);
    expect(leftovers(dirs.tmp)).toEqual([]);
  });
});

describe('a list read in part is said as such, and never OK', () => {
  /** A 200 list at `path` whose items are `items`, as a broken proxy or aggregated API could send. */
  const listed = (path: string, kind: string, items: unknown[]): FixtureFault[] => [{ path, kind: 'body', body: JSON.stringify({ kind, apiVersion: 'v1', metadata: {}, items }) }];
  const BASE_OBJECTS = loadScenario(readFileSync(BASE, 'utf8')).objects;
  const PROBE_SKIPPED = 'Cannot tell whether a restart would start: downloads, checksums and binaries: the probe step was skipped (--skip probe: nothing downloaded, so no binary or handshake checks either).';
  /** The Rollouts' plugins were not launched either: Now stays open for them too. */
  const HANDSHAKES_SKIPPED = 'go-plugin handshakes: the handshake step was skipped (--only/--skip)';
  type Gap = { what: string; why: string; blinds: string[]; failed?: true; partial?: { leftOut: number; listed: number } };
  type Json = {
    verdict: Record<'now' | 'onRestart', { state: string; summary: string }>;
    controller: { pods: { name: string }[] };
    findings: { id: string; variant?: string; evidence: string[] }[];
    notChecked: Gap[];
    plugins: { name: string; usedBy: string[]; usedByUnknown?: boolean }[];
  };
  const doctor = async (faults: FixtureFault[]) => {
    const { kubeconfig, dirs } = await cluster(undefined, faults);
    const json = await runDoctor(['--kubeconfig', kubeconfig, ...NO_DOWNLOADS, '-o', 'json', '--timeout', '30s'], dirs.env);
    const table = await runDoctor(['--kubeconfig', kubeconfig, ...NO_DOWNLOADS, '--timeout', '30s'], dirs.env);
    return { report: JSON.parse(json.stdout) as Json, code: json.code, table: table.stdout, tableCode: table.code };
  };

  it('a pod list with one item that is no object beside the controller pods: those pods are judged, only "now" stays open, and the report says 1 of 3 was left out', async () => {
    const pods = BASE_OBJECTS.filter((o) => o.kind === 'Pod' && (o.metadata as { name: string }).name.startsWith('argo-rollouts-6d9f7c8b5-'));
    expect(pods).toHaveLength(2);
    const { report, code, table, tableCode } = await doctor(listed('/api/v1/namespaces/argo-rollouts/pods$', 'PodList', [...pods, 42]));
    const why =
      'read in part: 1 of the 3 items listed was left out, being no object with a name (null, a number, a string, an array or a nameless object); ' +
      'the other 2 were read and judged, and what the one left out could change stays open (controller pods, their state and logs)';
    expect(report.notChecked).toContainEqual({ what: 'list pods in argo-rollouts', why, blinds: ['now'], failed: true, partial: { leftOut: 1, listed: 3 } });
    expect(table).toContain(`  - list pods in argo-rollouts: ${why}\n`);
    // What was read was judged: both pods are in the report, and the verdict on restart is open only for the skipped download.
    expect(report.controller.pods.map((p) => p.name)).toEqual(['argo-rollouts-6d9f7c8b5-k2x7p', 'argo-rollouts-6d9f7c8b5-w9qzt']);
    expect(report.verdict.onRestart.summary).toBe(PROBE_SKIPPED);
    // The one left out may be a crashing controller pod.
    expect(report.verdict.now).toEqual({ state: 'unknown', summary: `Cannot tell whether plugins work now: list pods in argo-rollouts: ${why} (and 1 more).`, reasons: [{ text: `list pods in argo-rollouts: ${why}` }, { text: HANDSHAKES_SKIPPED }] });
    expect(report.findings.filter((f) => f.id === 'api-unavailable' || f.id === 'cluster-data-unreadable')).toEqual([
      expect.objectContaining({ id: 'cluster-data-unreadable', variant: 'items-left-out', evidence: ['list pods in argo-rollouts: /api/v1/namespaces/argo-rollouts/pods?labelSelector=app.kubernetes.io/name=argo-rollouts,app.kubernetes.io/component!=rollouts-dashboard: 1 of the 3 items listed left out, the other 2 read and judged'] }),
    ]);
    expect([code, tableCode]).toEqual([1, 1]);
  });

  it('a Rollout list with an item left out: a plugin no listed Rollout uses may be used by the missing one (USED 0?, never "unused")', async () => {
    // The base scenario's only user of argoproj-labs/gatewayAPI is replaced by a Rollout using no plugin and a null.
    const web = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'web', namespace: 'shop' }, spec: { strategy: { canary: {} } } };
    const { report, code, table } = await doctor(listed('/apis/argoproj.io/v1alpha1/rollouts$', 'RolloutList', [web, null]));
    const why =
      'read in part: 1 of the 2 items listed was left out, being no object with a name (null, a number, a string, an array or a nameless object); ' +
      'the other 1 was read and judged, and what the one left out could change stays open (which rollouts use which plugin)';
    expect(report.notChecked).toContainEqual({ what: 'list rollouts.argoproj.io in all namespaces', why, blinds: ['now'], failed: true, partial: { leftOut: 1, listed: 2 } });
    expect(table).toContain(`  - list rollouts.argoproj.io in all namespaces: ${why}\n`);
    expect(report.plugins.find((p) => p.name === 'argoproj-labs/gatewayAPI')).toMatchObject({ usedBy: [], usedByUnknown: true });
    expect(table).toMatch(/^router +argoproj-labs\/gatewayAPI .* 0\?$/m);
    expect(report.findings.map((f) => f.id)).not.toContain('plugin-unused');
    expect(report.verdict.onRestart.summary).toBe(PROBE_SKIPPED);
    expect(report.verdict.now).toMatchObject({ state: 'unknown', summary: `Cannot tell whether plugins work now: list rollouts.argoproj.io in all namespaces: ${why} (and 1 more).` });
    expect(code).toBe(1);

    // With -f the configuration comes from the file and usage still from the cluster's Rollouts: still 0?, not 0.
    const { kubeconfig, dirs } = await cluster(undefined, listed('/apis/argoproj.io/v1alpha1/rollouts$', 'RolloutList', [web, null]));
    const file = join(dirs.root, 'argo-rollouts-config.yaml');
    writeFileSync(file, configMapOverlay({ trafficRouterPlugins: '- name: argoproj-labs/gatewayAPI\n  location: https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.4.0/gatewayapi-plugin-linux-amd64' }));
    const fromFile = await runDoctor(['--kubeconfig', kubeconfig, '-f', file, ...NO_DOWNLOADS, '-o', 'json', '--timeout', '30s'], dirs.env);
    expect((JSON.parse(fromFile.stdout) as Json).plugins.find((p) => p.name === 'argoproj-labs/gatewayAPI')).toMatchObject({ usedBy: [], usedByUnknown: true });
  });

  it('AnalysisTemplates listed as null, a number and a string beside the real one: now is UNKNOWN, and the report says how many and from which list', async () => {
    // The template the base scenario holds, so the list differs from the real one only by its odd items.
    const template = BASE_OBJECTS.find((o) => o.kind === 'AnalysisTemplate');
    const whole = await doctor(listed('/apis/argoproj.io/v1alpha1/analysistemplates$', 'AnalysisTemplateList', [template]));
    // Whole, only the handshakes left unrun keep Now open.
    expect(whole.report.verdict.now).toMatchObject({ state: 'unknown', reasons: [{ text: HANDSHAKES_SKIPPED }] });
    expect(whole.code).toBe(0);

    const { report, code } = await doctor(listed('/apis/argoproj.io/v1alpha1/analysistemplates$', 'AnalysisTemplateList', [null, 42, 'success-rate', template]));
    expect(report.findings.find((f) => f.id === 'cluster-data-unreadable')?.evidence).toEqual([
      'list analysistemplates in all namespaces: /apis/argoproj.io/v1alpha1/analysistemplates: 3 of the 4 items listed left out, the other 1 read and judged',
    ]);
    expect(report.notChecked).toContainEqual(expect.objectContaining({ what: 'list analysistemplates.argoproj.io in all namespaces', partial: { leftOut: 3, listed: 4 } }));
    expect(report.verdict.now.state).toBe('unknown');
    expect(code).toBe(1);
  });

  it('the controller\'s pods and Deployments listed as items that are no objects: never "not running", now is UNKNOWN', async () => {
    const junk = [null, 42, { metadata: { labels: { 'app.kubernetes.io/name': 'argo-rollouts' } } }];
    const { report, code, table } = await doctor([
      ...listed('/api/v1/namespaces/argo-rollouts/pods$', 'PodList', junk),
      ...listed('/apis/apps/v1/namespaces/argo-rollouts/deployments$', 'DeploymentList', junk),
    ]);
    // Before: "Plugins are configured for a controller that is not running" (error), though all it saw was junk.
    expect(report.findings.map((f) => f.id)).not.toContain('controller-not-found');
    expect(table).not.toContain('not running');
    expect(report.notChecked).toContainEqual(expect.objectContaining({ what: 'list pods in argo-rollouts', partial: { leftOut: 3, listed: 3 } }));
    expect(report.verdict.now.state).toBe('unknown');
    expect(code).toBe(1);
  });

  it('a node list with an item left out: its one platform is not taken as the controller\'s (no "built for amd64, the controller runs on arm64")', async () => {
    // An ELF header for x86-64: the plugin is amd64; the one node listed is arm64, the node left out may be amd64.
    const elf = Buffer.alloc(4096);
    elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
    elf.writeUInt16LE(2, 16);
    elf.writeUInt16LE(0x3e, 18);
    elf.writeUInt32LE(1, 20);
    const plugin: LoopbackServer = await startServer(serve(elf));
    try {
      const nodeB = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-b', labels: { 'kubernetes.io/arch': 'arm64', 'kubernetes.io/os': 'linux' } }, status: { nodeInfo: { architecture: 'arm64', operatingSystem: 'linux' } } };
      const overlay = configMapOverlay({ trafficRouterPlugins: `- name: argoproj-labs/gatewayAPI\n  location: ${plugin.origin}/gatewayapi-plugin-linux-amd64` });
      const run = async (items: unknown[] | FixtureFault[], flags: string[] = []) => {
        // The controller pods' own nodes cannot be read: the platform comes from the list of all nodes.
        const nodeList = items.every((i) => i && typeof i === 'object' && 'path' in i) ? (items as FixtureFault[]) : listed('/api/v1/nodes$', 'NodeList', items);
        const { kubeconfig, dirs } = await cluster(overlay, [{ path: '/api/v1/nodes/.+$', kind: 'status', status: 404 }, ...nodeList]);
        const json = await runDoctor(['--kubeconfig', kubeconfig, '--skip', 'handshake', ...flags, '-o', 'json', '--timeout', '30s'], dirs.env);
        return JSON.parse(json.stdout) as Json;
      };
      // The whole list: arm64 is the controller's platform, and the amd64 plugin is wrong for it.
      expect((await run([nodeB])).findings.map((f) => f.id)).toContain('binary-wrong-arch');
      const partial = await run([nodeB, null]);
      expect(partial.findings.map((f) => f.id)).not.toContain('binary-wrong-arch');
      // The binary's platform could not be judged: the list leaves Now open, the verdict a wrong-arch binary
      // decides (as the whole list's binary-wrong-arch above; this fixture's Now is BROKEN for another reason),
      // and not On restart, which a binary for another platform does not stop.
      expect(partial.notChecked).toContainEqual(expect.objectContaining({ what: 'list nodes', blinds: ['now'], partial: { leftOut: 1, listed: 2 } }));
      expect(partial.verdict.onRestart.summary).not.toContain('list nodes');
      // --platform says it: the nodes are not needed, and the binary is judged against it.
      const given = await run([nodeB, null], ['--platform', 'linux/arm64']);
      expect(given.findings.map((f) => f.id)).toContain('binary-wrong-arch');
      expect(given.notChecked).toContainEqual(expect.objectContaining({ what: 'list nodes', blinds: [], partial: { leftOut: 1, listed: 2 } }));
      // Refused or failed, the list of nodes leaves the same open, naming the read.
      for (const [status, cause] of [[403, '403 Forbidden'], [500, 'unavailable 500']] as const) {
        const unseen = await run([{ path: '/api/v1/nodes$', kind: 'status', status }]);
        expect(unseen.findings.map((f) => f.id)).toContain('binary-platform-unknown');
        expect(unseen.notChecked).toContainEqual({ what: 'list nodes', why: `${cause}: the OS/arch of the nodes`, blinds: ['now'], failed: true });
        expect(unseen.verdict.onRestart.summary).not.toContain('list nodes');
      }
    } finally {
      await plugin.close();
    }
  });

  it('a Rollout list read in part in a cluster with no controller: "no controller was found" (exit 1), not "nothing could be read" (exit 3)', async () => {
    const { kubeconfig, dirs } = await cluster(undefined, [
      ...listed('/api/v1/configmaps$', 'ConfigMapList', []),
      ...listed('/api/v1/pods$', 'PodList', []),
      ...listed('/apis/apps/v1/deployments$', 'DeploymentList', []),
      ...listed('/apis/argoproj.io/v1alpha1/rollouts$', 'RolloutList', [null, 42]),
    ]);
    const run = await runDoctor(['--kubeconfig', kubeconfig, ...NO_DOWNLOADS, '-o', 'json', '--timeout', '30s'], dirs.env);
    const report = JSON.parse(run.stdout) as Json;
    expect(report.findings.map((f) => f.id)).toContain('controller-not-found');
    expect(run.code).toBe(1);
  });

  it('the labelled controller lists read in part: no fallback to other labels, and no "nothing is labelled" claim', async () => {
    // Only the first (labelled) lists hold junk; the chart-label lists the fallback would read are whole.
    const once = (faults: FixtureFault[]) => faults.map((f) => ({ ...f, times: 1 }));
    const { kubeconfig, dirs } = await cluster(undefined, [
      ...once(listed('/api/v1/namespaces/argo-rollouts/pods$', 'PodList', [null])),
      ...once(listed('/apis/apps/v1/namespaces/argo-rollouts/deployments$', 'DeploymentList', [null])),
    ]);
    const run = await runDoctor(['--kubeconfig', kubeconfig, '-n', 'argo-rollouts', ...NO_DOWNLOADS, '-o', 'json', '--timeout', '30s'], dirs.env);
    const report = JSON.parse(run.stdout) as Json;
    // Before: 'controller-found-by-fallback: no Deployment or pod in argo-rollouts is labelled app.kubernetes.io/name=argo-rollouts'.
    expect(report.findings.map((f) => f.id)).not.toContain('controller-found-by-fallback');
    expect(report.notChecked).toContainEqual(expect.objectContaining({ what: 'list pods in argo-rollouts', partial: { leftOut: 1, listed: 1 } }));
    expect(report.verdict.now.state).toBe('unknown');
  });

  it('the chart-label lists read in part after the labelled ones came back empty: no search by image, and the controller is not identified (both verdicts UNKNOWN)', async () => {
    // In order: the labelled lists (empty), the chart's component-label lists (the Deployments' holds junk); the search by image would then find the Deployment.
    const { kubeconfig, dirs } = await cluster(undefined, [
      ...listed('/apis/apps/v1/namespaces/argo-rollouts/deployments$', 'DeploymentList', []).map((f) => ({ ...f, times: 1 })),
      ...listed('/apis/apps/v1/namespaces/argo-rollouts/deployments$', 'DeploymentList', [null]).map((f) => ({ ...f, times: 1 })),
      ...listed('/api/v1/namespaces/argo-rollouts/pods$', 'PodList', []).map((f) => ({ ...f, times: 2 })),
    ]);
    const run = await runDoctor(['--kubeconfig', kubeconfig, '-n', 'argo-rollouts', ...NO_DOWNLOADS, '-o', 'json', '--timeout', '30s'], dirs.env);
    const report = JSON.parse(run.stdout) as Json;
    // Before: 'controller-found-by-fallback' by its image, the Deployment taken for the controller although the item left out may be it.
    expect(report.findings.map((f) => f.id)).not.toContain('controller-found-by-fallback');
    expect(report.notChecked).toContainEqual({
      what: 'the controller in argo-rollouts',
      why: 'not identified: no Deployment or pod read is it, and a list of them was read in part (an item left out may be it), so it was not looked for by other labels or by its image',
      blinds: ['now', 'onRestart'],
      failed: true,
    });
    expect([report.verdict.now.state, report.verdict.onRestart.state]).toEqual(['unknown', 'unknown']);
    expect(report.verdict.now.summary).toContain('the controller in argo-rollouts: not identified');
  });

  it('a search across namespaces whose lists hold only items that are no objects: never "no controller in this cluster", and nothing could be read (exit 3)', async () => {
    const junk = [null, 'argo-rollouts'];
    const { kubeconfig, dirs } = await cluster(undefined, [
      ...listed('/api/v1/configmaps$', 'ConfigMapList', junk),
      ...listed('/api/v1/pods$', 'PodList', junk),
      ...listed('/apis/apps/v1/deployments$', 'DeploymentList', junk),
    ]);
    const run = await runDoctor(['--kubeconfig', kubeconfig, ...NO_DOWNLOADS, '-o', 'json', '--timeout', '30s'], dirs.env);
    const report = JSON.parse(run.stdout) as Json;
    // Before: "No Argo Rollouts controller was found in this cluster", "... in any namespace", exit 1.
    expect(report.findings.map((f) => f.id)).not.toContain('controller-not-found');
    // Each request once, with its own selector: the one kubectl get --raw reads again (Deployments by label, then by image).
    expect(report.findings.find((f) => f.id === 'cluster-data-unreadable')?.evidence).toEqual([
      'list configmaps in all namespaces: /api/v1/configmaps?fieldSelector=metadata.name=argo-rollouts-config: 2 of the 2 items listed left out',
      'list pods in all namespaces: /api/v1/pods?labelSelector=app.kubernetes.io/name=argo-rollouts,app.kubernetes.io/component!=rollouts-dashboard: 2 of the 2 items listed left out',
      'list deployments in all namespaces: /apis/apps/v1/deployments?labelSelector=app.kubernetes.io/name=argo-rollouts,app.kubernetes.io/component!=rollouts-dashboard: 2 of the 2 items listed left out',
      'list deployments in all namespaces: /apis/apps/v1/deployments: 2 of the 2 items listed left out',
    ]);
    expect(report.verdict.now.state).toBe('unknown');
    expect(run.code).toBe(3);
  });

  describe('the search across namespaces for the ConfigMap, read in part', () => {
    const CONFIGMAPS = '/api/v1/configmaps$';
    const searchWhy = (tail: string) =>
      'read in part: 1 of the 2 items listed was left out, being no object with a name (null, a number, a string, an array or a nameless object); ' +
      `the other 1 was read and judged${tail} (finding the controller namespace in all namespaces)`;

    it("the controller's namespace known and its ConfigMap read by name: the item left out could only hide another installation, so On restart is OK", async () => {
      // A controller with no plugin configured: On restart is OK when nothing else is unknown.
      const objects = loadScenario(readFileSync(BASE, 'utf8'), configMapOverlay({})).objects;
      const configMap = objects.find((o) => o.kind === 'ConfigMap' && (o.metadata as { name: string }).name === 'argo-rollouts-config');
      const { kubeconfig, dirs } = await cluster(configMapOverlay({}), listed(CONFIGMAPS, 'ConfigMapList', [configMap, null]));
      const json = await runDoctor(['--kubeconfig', kubeconfig, ...NO_DOWNLOADS, '-o', 'json', '--timeout', '30s'], dirs.env);
      const table = await runDoctor(['--kubeconfig', kubeconfig, ...NO_DOWNLOADS, '--timeout', '30s'], dirs.env);
      const report = JSON.parse(json.stdout) as Json;
      // The base scenario's Rollouts use plugins this ConfigMap no longer configures: Now is about them.
      expect(report.verdict.now.state).toBe('broken');
      const why = searchWhy("; the one left out could only hide another installation: the controller's namespace, argo-rollouts, was read directly");
      expect(report.notChecked).toEqual([{ what: 'list configmaps in all namespaces', why, blinds: [], failed: true, partial: { leftOut: 1, listed: 2 } }]);
      expect(table.stdout).toContain(`  - list configmaps in all namespaces: ${why}\n`);
      // Before: On restart UNKNOWN over this list.
      expect(report.verdict.onRestart).toMatchObject({ state: 'ok', summary: 'The controller would start: no plugin is configured.' });
      // Still said as a finding: something in front of the API server changed its answer.
      expect(report.findings.map((f) => `${f.id}/${f.variant}`)).toContain('cluster-data-unreadable/items-left-out');
    });

    it('no namespace known: the item left out may be the controller\'s ConfigMap, and with it the controller: both verdicts stay UNKNOWN', async () => {
      const { report, code } = await doctor([
        ...listed(CONFIGMAPS, 'ConfigMapList', [null]),
        ...listed('/api/v1/pods$', 'PodList', []),
        ...listed('/apis/apps/v1/deployments$', 'DeploymentList', []),
      ]);
      const gap = report.notChecked.find((g) => g.what === 'list configmaps in all namespaces');
      expect(gap).toMatchObject({ blinds: ['now', 'onRestart'], partial: { leftOut: 1, listed: 1 } });
      expect(gap?.why).toContain('what the one left out could change stays open (finding the controller namespace in all namespaces)');
      expect(report.verdict.onRestart.state).toBe('unknown');
      expect(report.verdict.onRestart.summary).toContain('list configmaps in all namespaces: read in part');
      // Before: "Now OK: The controller is running…", with no controller seen at all.
      expect(report.verdict.now.state).toBe('unknown');
      expect(report.verdict.now.summary).toContain('list configmaps in all namespaces: read in part');
      expect(code).toBe(3);
    });
  });
});

describe('hostile text in the ConfigMap and the controller logs', () => {
  const ESCAPES = '\x1b[2J\x1b[H\x1b[32mVerdict  OK\x1b]0;pwned\x07\x9b1m\u202e';
  const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

  it.each(['table', 'wide', 'json', 'yaml'])('-o %s: escapes in plugin names, locations and a 200 KB fatal log line are escaped, in bounded time', async (output) => {
    const crash = readFileSync(join(FIXTURES, 'crashloop-fatal-download.yaml'), 'utf8');
    const fatal = `time="2026-11-26T08:05:11Z" level=fatal msg="Failed to download plugins: failed to download plugin from https://u:hunter22@x.example/p${ESCAPES}${'x'.repeat(200_000)}: response code Not Found"`;
    const logs = JSON.stringify({
      apiVersion: 'fixture.rollouts-plugins.test/v1',
      kind: 'PodLogs',
      namespace: 'argo-rollouts',
      pod: 'argo-rollouts-6d9f7c8b5-k2x7p',
      container: 'argo-rollouts',
      current: '',
      previous: `time="2026-11-26T08:05:10Z" level=info msg="Argo Rollouts starting" version=v1.8.3\n${fatal}\n`,
    });
    const configMap = configMapOverlay({ trafficRouterPlugins: `- name: "acme/${ESCAPES.replaceAll('\x1b', '\\e').replaceAll('\x07', '\\a').replaceAll('\x9b', '\\x9b').replaceAll('\u202e', '\\u202e')}"\n  location: "https://x.example/p\\e]0;title\\a"` });
    const { kubeconfig, dirs } = await cluster([crash, configMap, logs]);
    const run = await runDoctor(['--kubeconfig', kubeconfig, ...NO_DOWNLOADS, '-o', output, '--timeout', '60s'], dirs.env, 90_000);
    expect(run.code, run.stderr).toBeLessThan(2);
    expect(run.ms).toBeLessThan(30_000); // before: 74 s for one such line
    expect(run.stdout).toContain('pwned');
    expect(run.stdout).not.toContain('hunter22');
    for (const line of `${run.stdout}\n${run.stderr}`.split('\n')) expect(line, JSON.stringify(line.slice(0, 200))).not.toMatch(RAW_CONTROL);
  }, 120_000);
});

describe('a ConfigMap read that fails is never "OK, no plugin is configured"', () => {
  const CONFIGMAP = '/api/v1/namespaces/argo-rollouts/configmaps/argo-rollouts-config$';
  it.each<[string, FixtureFault[]]>([
    ['malformed JSON', [{ path: CONFIGMAP, kind: 'malformed' }]],
    ['a 429 storm past the retries', [{ path: CONFIGMAP, kind: 'status', status: 429, retryAfter: 0 }]],
    ['an API that hangs after /version', [{ path: '^/api/v1/namespaces/', kind: 'hang' }]],
  ])('%s', async (_name, faults) => {
    const { kubeconfig, dirs } = await cluster(undefined, faults);
    const run = await runDoctor(['--kubeconfig', kubeconfig, ...NO_DOWNLOADS, '-o', 'json', '--timeout', '20s', '--request-timeout', '2s'], dirs.env, 60_000);
    // The exit code of an UNKNOWN verdict is issue 10's (the lead's) decision; the verdict is asserted here.
    {
      const report = JSON.parse(run.stdout) as { verdict: { onRestart: { state: string; summary: string } } };
      expect(report.verdict.onRestart.state).not.toBe('ok');
      expect(report.verdict.onRestart.summary).not.toContain('no plugin is configured');
      expect(report.verdict.onRestart.summary).toContain('get configmaps in argo-rollouts: ');
    }
    expect(leftovers(dirs.tmp)).toEqual([]);
  }, 90_000);
});

describe('Not checked says every read it could not see, each its own entry', () => {
  type Json = { verdict: Record<'now' | 'onRestart', { state: string; summary: string }>; notChecked: { what: string; why: string; blinds: string[]; failed?: true; partial?: object }[] };
  /** Each output from a server of its own: a fault that answers a number of times starts afresh. */
  const run = async (overlay: string | undefined, faults: FixtureFault[], token?: string) => {
    const doctor = async (output: string[]) => {
      const { kubeconfig, dirs } = await cluster(overlay, faults);
      if (token) writeFileSync(kubeconfig, readFileSync(kubeconfig, 'utf8').replace('admin-token', token));
      return (await runDoctor(['--kubeconfig', kubeconfig, ...NO_DOWNLOADS, ...output, '--timeout', '30s'], dirs.env)).stdout;
    };
    return { report: JSON.parse(await doctor(['-o', 'json'])) as Json, table: await doctor([]) };
  };

  it('the pods of argo-rollouts: a search that failed (500) and the controller\'s list refused (403), one read "list pods in argo-rollouts" naming both', async () => {
    // Lists nothing across namespaces, nor pods anywhere: discovery looks in argo-rollouts, finds the ConfigMap.
    const ops = [
      'apiVersion: fixture.rollouts-plugins.test/v1',
      'kind: User',
      'name: ops@example.com',
      'token: ops-token',
      'rules:',
      '  - { verbs: [get, list], apiGroups: [""], resources: [configmaps, secrets], namespaces: [argo-rollouts] }',
      '  - { verbs: [get, list], apiGroups: [apps], resources: [deployments], namespaces: [argo-rollouts] }',
      '  - { verbs: [get, list], apiGroups: ["", argoproj.io, coordination.k8s.io], resources: [events, nodes, rollouts, analysistemplates, clusteranalysistemplates, leases] }',
      '  - { verbs: [create], apiGroups: [authorization.k8s.io], resources: [subjectaccessreviews] }',
      '',
    ].join('\n');
    // The search's list, every attempt of it, answers 500; the controller's list, made later, is refused.
    const { report, table } = await run(ops, [{ path: '/api/v1/namespaces/argo-rollouts/pods$', kind: 'status', status: 500, times: 4 }], 'ops-token');
    // One read, one entry, each cause with what it cost; the failed search (the namespace was then found and read) opens nothing, the refusal Now.
    const pods = {
      what: 'list pods in argo-rollouts',
      why: '403 Forbidden: controller pods, their state and logs; unavailable 500: looking for the controller in argo-rollouts',
      blinds: ['now'],
      failed: true,
    };
    // Before (s7): the failed search replaced the refusal; then two entries of the one read.
    expect(report.notChecked.filter((g) => g.what === 'list pods in argo-rollouts')).toEqual([pods]);
    expect(table).toContain(`  - ${pods.what}: ${pods.why}\n`);
    expect(report.verdict.now.summary).toContain(`${pods.what}: ${pods.why}`);
  });

  it('the Deployments of all namespaces: the search by label read in part and the search by image failed (500)', async () => {
    const { report, table } = await run(undefined, [
      { path: '/api/v1/configmaps$', kind: 'body', body: JSON.stringify({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: {}, items: [] }) },
      { path: '/api/v1/pods$', kind: 'body', body: JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [] }) },
      // The first is the search by label, then the search by image.
      { path: '/apis/apps/v1/deployments$', kind: 'body', body: JSON.stringify({ kind: 'DeploymentList', apiVersion: 'apps/v1', metadata: {}, items: [null] }), times: 1 },
      { path: '/apis/apps/v1/deployments$', kind: 'status', status: 500 },
    ]);
    // No namespace known: what either search could not see may be the controller, so both verdicts stay open.
    const partial = {
      what: 'list deployments.apps in all namespaces',
      why:
        'read in part: 1 of the 1 item listed was left out, being no object with a name (null, a number, a string, an array or a nameless object); ' +
        'nothing else was listed to judge, and what the one left out could change stays open (finding the controller namespace in all namespaces)',
      blinds: ['now', 'onRestart'],
      failed: true,
      partial: { leftOut: 1, listed: 1 },
    };
    const failed = { what: 'list deployments.apps in all namespaces', why: 'unavailable 500: finding the controller by its image in all namespaces', blinds: ['now', 'onRestart'], failed: true };
    // Before: one entry, the list read in part, and the failed search by image unsaid. A list read in part is its own entry (its counts).
    expect(report.notChecked.filter((g) => g.what === 'list deployments.apps in all namespaces')).toEqual([failed, partial]);
    expect(table).toContain(`  - ${partial.what}: ${partial.why}\n`);
    expect(table).toContain(`  - ${failed.what}: ${failed.why}\n`);
  });

  it('the access reviews failed (500): whether the controller may do what its plugins do is unseen, so Now is UNKNOWN', async () => {
    const { report } = await run(undefined, [{ path: '/apis/authorization.k8s.io/v1/subjectaccessreviews$', kind: 'status', status: 500 }]);
    const gap = report.notChecked.find((g) => g.what === 'create subjectaccessreviews.authorization.k8s.io');
    expect(gap?.blinds).toEqual(['now']);
    expect(gap?.why).toMatch(/^unavailable 500: whether argoproj-labs\/gatewayAPI may get httproutes; /);
    // Before: "Now OK", though a denied HTTPRoute update would stall every Rollout routed through the plugin.
    expect(report.verdict.now.state).toBe('unknown');
    expect(report.verdict.now.summary).toContain('create subjectaccessreviews.authorization.k8s.io: unavailable 500');
  });

  it('the logs of one pod refused (403) and of the other failed (500): one read, "get pods/log in argo-rollouts", naming both', async () => {
    const logOf = (pod: string, status: number): FixtureFault => ({ path: `/api/v1/namespaces/argo-rollouts/pods/${pod}/log$`, kind: 'status', status });
    const { report, table } = await run(undefined, [logOf('argo-rollouts-6d9f7c8b5-k2x7p', 403), logOf('argo-rollouts-6d9f7c8b5-w9qzt', 500)]);
    const logs = {
      what: 'get pods/log in argo-rollouts',
      why: '403 Forbidden: current logs of argo-rollouts-6d9f7c8b5-k2x7p; unavailable 500: current logs of argo-rollouts-6d9f7c8b5-w9qzt',
      blinds: ['now'],
      failed: true,
    };
    // Before: 'get pods/log in argo-rollouts: 403 Forbidden: …' and 'get pods/log argo-rollouts-6d9f7c8b5-w9qzt in argo-rollouts: unavailable 500: …'.
    expect(report.notChecked.filter((g) => g.what.startsWith('get pods/log'))).toEqual([logs]);
    expect(table).toContain(`  - ${logs.what}: ${logs.why}\n`);
  });

  it('no namespace found, the search for argo-rollouts-config refused (403) or failed (500): the configuration "could not be read" either way', async () => {
    type Source = { source: { description: string } };
    for (const [status, cause] of [[403, '403 Forbidden'], [500, 'unavailable 500']] as const) {
      const { kubeconfig, dirs } = await cluster(undefined, [
        { path: '/api/v1/configmaps$', kind: 'status', status },
        { path: '/api/v1/pods$', kind: 'body', body: JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [] }) },
        { path: '/apis/apps/v1/deployments$', kind: 'body', body: JSON.stringify({ kind: 'DeploymentList', apiVersion: 'apps/v1', metadata: {}, items: [] }) },
      ]);
      const report = JSON.parse((await runDoctor(['--kubeconfig', kubeconfig, ...NO_DOWNLOADS, '-o', 'json', '--timeout', '30s'], dirs.env)).stdout) as Json & Source;
      // Before, the failed search (matched by a path with '/configmaps/', which a list across namespaces has not) said 'not read: no controller was found to read it from'.
      expect(report.source.description).toBe(`?/argo-rollouts-config (could not be read: ${cause})`);
      expect(report.notChecked).toContainEqual({ what: 'the plugin configuration (?/argo-rollouts-config)', why: `could not be read: ${cause}`, blinds: ['onRestart'] });
    }
  });

  it('a user who may not list ConfigMaps across namespaces, on a controller with none: "no plugins", not "the plugin configuration could not be read"', async () => {
    // The controller's ConfigMap is read by name and is not there: the controller runs with no plugins.
    const { report } = await run(readFileSync(join(FIXTURES, 'rbac-limited.yaml'), 'utf8'), [{ path: '/api/v1/namespaces/argo-rollouts/configmaps/argo-rollouts-config$', kind: 'status', status: 404 }], 'dev-token');
    expect(report.notChecked).toContainEqual({ what: 'list configmaps in all namespaces', why: '403 Forbidden: finding the controller namespace in all namespaces', blinds: [], failed: true });
    // Before: 'the plugin configuration (argo-rollouts/argo-rollouts-config): it could not be read', On restart UNKNOWN over it.
    expect(report.notChecked.map((g) => g.what)).not.toContain('the plugin configuration (argo-rollouts/argo-rollouts-config)');
    expect(report.verdict.onRestart).toMatchObject({ state: 'ok', summary: 'The controller would start: no plugin is configured.' });
  });
});
