/** --skip usage: whether the Rollouts and AnalysisTemplates find the plugins they name was not judged, so Now is not OK. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE } from '../cluster/scenarios.js';
import { configMapOverlay, runDirs, runDoctor, type RunDirs } from '../support/e2e.js';
import { loadScenario, startFixtureApiServer, type FixtureApiServer } from '../support/fixture-apiserver.js';

/**
 * The base install's Rollout and AnalysisTemplate name plugins a ConfigMap with no plugin lists does not
 * configure (plugin-not-configured: Now BROKEN); with nothing configured, nothing is downloaded or launched.
 */
const NOTHING_CONFIGURED = configMapOverlay({});

describe('doctor --skip usage', () => {
  let api: FixtureApiServer;
  let dirs: RunDirs;
  let kubeconfig: string;
  beforeAll(async () => {
    api = await startFixtureApiServer(loadScenario(readFileSync(BASE, 'utf8'), NOTHING_CONFIGURED));
    dirs = runDirs();
    kubeconfig = join(dirs.root, 'kubeconfig');
    writeFileSync(kubeconfig, api.kubeconfig({ token: 'admin-token' }));
  });
  afterAll(async () => {
    await api.close();
    dirs.remove();
  });

  it('without it, the unconfigured plugin a Rollout uses makes Now BROKEN, exit 1', async () => {
    const run = await runDoctor(['--kubeconfig', kubeconfig], dirs.env);
    expect(run.stdout).toMatch(/^Now {9}BROKEN$/m);
    expect(run.stdout).toMatch(/^ERROR plugin-not-configured$/m);
    expect(run.code).toBe(1);
  });

  it('skipped: Now UNKNOWN, the skipped step under Not checked, exit 0 (a step the user skipped), as --skip binary gives', async () => {
    const run = await runDoctor(['--kubeconfig', kubeconfig, '--skip', 'usage'], dirs.env);
    expect(run.stdout).toMatch(/^Now {9}UNKNOWN\n {12}Cannot tell whether plugins work now: plugin usage by Rollouts and AnalysisTemplates: the usage step was skipped \(--only\/--skip\)/m);
    expect(run.stdout).toContain('\n  - plugin usage by Rollouts and AnalysisTemplates: the usage step was skipped (--only/--skip)\n');
    expect(run.code).toBe(0);
  });
});
