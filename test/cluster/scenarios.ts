/** Shared test helpers for the cluster step: scenario servers, kubeconfigs, a minimal plugin list reader. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { PluginEntry, PluginKey } from '../../src/config/types.js';
import { PLUGIN_KEYS } from '../../src/config/types.js';
import { loadScenarioFiles, startFixtureApiServer, type FixtureApiServer, type FixtureOptions } from '../support/fixture-apiserver.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'cluster');
export const BASE = join(FIXTURES, 'helm-ha-healthy.yaml');

/**
 * Reads name/location/headersFrom of each entry, for tests only: the real parser (config step)
 * decodes like the controller; inspect just needs the names, locations and Secrets.
 */
export function pluginsOf(data: Record<string, string>): PluginEntry[] {
  const entries: PluginEntry[] = [];
  for (const key of Object.keys(PLUGIN_KEYS) as PluginKey[]) {
    const list = data[key] ? (parse(data[key]) as Record<string, unknown>[]) : [];
    list.forEach((item, index) => {
      const headersFrom = Array.isArray(item.headersFrom)
        ? item.headersFrom.map((h: { secretRef?: { name?: string } }) => String(h.secretRef?.name))
        : undefined;
      entries.push({ type: PLUGIN_KEYS[key], key, index, name: String(item.name), location: String(item.location), ...(headersFrom ? { headersFrom } : {}) });
    });
  }
  return entries;
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
