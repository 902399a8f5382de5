/** What lint says about each file in docs/examples (shared by the engine and CLI tests). */
import { join } from 'node:path';
import { REPO_ROOT } from '../support/go-build.js';

export const EXAMPLES = join(REPO_ROOT, 'docs/examples');

export const EXPECTED: Record<string, { ids: string[]; starts: boolean }> = {
  'good-configmap.yaml': { ids: [], starts: true },
  // v0.0.3 of the sample plugin looks itself up as "prometheus", which no controller accepts (docs/known-plugins.md).
  'upstream-docs-sha256.yaml': { ids: ['plugin-registered-name-mismatch', 'sha256-wrong-length'], starts: false },
  'helm-values-old-shape.yaml': { ids: ['helm-values-map-shape', 'sha256-missing', 'value-not-a-list'], starts: false },
  'helm-values-current.yaml': { ids: [], starts: true },
  'kustomize-build.yaml': {
    ids: ['field-unknown', 'key-unknown', 'location-file-host-segment', 'name-invalid-format', 'plugin-name-mismatch', 'plugin-not-configured', 'plugin-unused', 'sha256-missing'],
    starts: false,
  },
  'tab-in-plugin-list.yaml': { ids: ['config-unmarshal-error'], starts: false },
  'data-not-a-string.yaml': { ids: ['data-value-not-string'], starts: true },
  'step-plugin-disabled.yaml': { ids: ['disabled-step-still-downloaded', 'sha256-missing', 'step-plugin-disabled-in-use'], starts: true },
};
