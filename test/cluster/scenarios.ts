/** Shared test helpers for the cluster step: scenario servers, kubeconfigs, the config parser as inspect uses it. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfigMapData } from '../../src/config/parse.js';
import type { Subject } from '../../src/cluster/inspect.js';
import { afterAll, beforeAll } from 'vitest';
import { runDirs, type RunDirs } from '../support/e2e.js';
import { loadScenarioFiles, startFixtureApiServer, type FixtureApiServer, type FixtureOptions } from '../support/fixture-apiserver.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'cluster');
export const BASE = join(FIXTURES, 'helm-ha-healthy.yaml');

/** The live ConfigMap as the subject under judgment, parsed as doctor does. */
export function pluginsOf(live: { data?: Record<string, string>; controllerVersion?: string }): Subject {
  const config = parseConfigMapData(live.data, live.controllerVersion ? { controllerVersion: live.controllerVersion } : {});
  return { entries: live.data ? config.entries : [], features: config.features };
}

export interface ScenarioHandle {
  server: FixtureApiServer;
  dir: string;
  /** Writes a kubeconfig for `token` and returns its path. */
  kubeconfig(token?: string, extra?: { namespace?: string; exec?: Record<string, unknown>; file?: string }): string;
  close(): Promise<void>;
}

/** Starts the fixture API server on the base scenario plus overlays (file names under test/fixtures/cluster). */
export async function startScenario(overlays: string[] = [], options: FixtureOptions = {}): Promise<ScenarioHandle> {
  const scenario = loadScenarioFiles(BASE, ...overlays.map((o) => join(FIXTURES, o)));
  const server = await startFixtureApiServer({ ...scenario, ...options });
  const dir = mkdtempSync(join(tmpdir(), 'cluster-test-'));
  return {
    server,
    dir,
    kubeconfig(token = 'admin-token', extra = {}) {
      const path = join(dir, extra.file ?? `kubeconfig-${token}`);
      writeFileSync(path, server.kubeconfig({ token, namespace: extra.namespace, exec: extra.exec }));
      return path;
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fixture cluster (and the run directories of `doctor`) for the tests of one describe block. */
export function useScenario(overlays: string[] = []): { scenario: () => ScenarioHandle; dirs: () => RunDirs } {
  let scenario: ScenarioHandle | undefined;
  let dirs: RunDirs | undefined;
  beforeAll(async () => {
    scenario = await startScenario(overlays);
    dirs = runDirs();
  });
  afterAll(async () => {
    await scenario?.close();
    dirs?.remove();
  });
  return { scenario: () => scenario!, dirs: () => dirs! };
}
