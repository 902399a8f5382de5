/** Checks over problems of the input itself (the file, the helm values), recorded by src/config/sources.ts. */
import type { Check } from '../../core/check.js';
import { hasKustomizeHashSuffix, type ConfigFacts, type InputProblem } from '../../config/types.js';
import { parseConfigMapData } from '../../config/parse.js';
import { releaseAssetFix } from './location-asset-not-in-release.js';
import { FAILS_AFTER_RENAME, UNDECIDED_AFTER_RENAME } from './key-unknown.js';
import type { FindingLocation } from '../../core/finding.js';

/** Problems whose `key` is the ConfigMap data key they concern (the helm value of the same name renders it). */
const ABOUT_A_DATA_KEY: ReadonlySet<InputProblem['kind']> = new Set(['data-value-not-string', 'helm-values-map-shape', 'helm-values-not-list']);

/** Where a problem found at a line of its input is (a broken document, a helm value): not where its configuration starts. */
function placeOf(p: InputProblem): FindingLocation | undefined {
  if (p.file === undefined || p.line === undefined) return undefined;
  return { file: p.file, ...(p.document !== undefined && { document: p.document }), line: p.line, ...(p.column !== undefined && { column: p.column }) };
}

function inputCheck(
  kind: InputProblem['kind'],
  meta: Omit<Check<ConfigFacts>['meta'], 'step'>,
  fix: (p: InputProblem) => string,
  title: (p: InputProblem, position: string) => string = (p, position) => p.message + position,
): Check<ConfigFacts> {
  return {
    meta: { ...meta, step: 'config' },
    run(facts, report) {
      for (const p of facts.inputProblems) {
        if (p.kind !== kind) continue;
        const position = p.line !== undefined ? ` (line ${p.line}${p.column !== undefined ? `, column ${p.column}` : ''})` : '';
        const place = placeOf(p);
        report({
          ...(p.key && ABOUT_A_DATA_KEY.has(kind) ? { location: { key: p.key } } : place && { location: place }),
          title: title(p, position),
          evidence: [`${p.file && !p.message.startsWith(p.file) ? `${p.file}: ` : ''}${p.message}${position}`],
          fix: fix(p),
        });
      }
    },
  };
}

export const inputYamlSyntax = inputCheck(
  'yaml-syntax',
  {
    id: 'input-yaml-syntax',
    severity: 'error',
    title: 'A document of the input is not valid YAML',
    description: 'One document of the given stream could not be parsed; kubectl/helm would reject it too. The other documents were still linted.',
    fix: 'Fix the YAML at the line and column shown.',
  },
  (p) => `Fix the YAML${p.line !== undefined ? ` at line ${p.line}` : ''} (indent with spaces, close quotes and brackets).`,
);

export const dataValueNotString = inputCheck(
  'data-value-not-string',
  {
    id: 'data-value-not-string',
    severity: 'error',
    effect: 'restart-undecided', // rejected by the API server, like configmap-data-not-mapping
    title: 'A ConfigMap data value is not a string',
    description:
      'ConfigMap data values are strings. Writing the plugin list directly as YAML under `data.trafficRouterPlugins` (without `|`) makes a list, which the API server rejects, so this ConfigMap cannot be applied.',
    fix: 'Make the value a block string with `|`.',
    example: 'data:\n  trafficRouterPlugins:\n    - name: …',
  },
  (p) => `data:\n  ${p.key ?? 'trafficRouterPlugins'}: |\n${(p.detail ?? '- name: "<namespace>/<name>"\n  location: "https://…"').split('\n').map((l) => `    ${l}`).join('\n')}`,
  (p) => `data.${p.key} is not a string: the API server rejects this ConfigMap`,
);

/**
 * The helm value written as the list it holds, each location as location-asset-not-in-release
 * corrects it (a tag without its v, another asset): pasted, the entries download.
 */
function helmListFix(p: InputProblem): string {
  const key = p.key ?? 'trafficRouterPlugins';
  let list = (p.detail ?? '- name: "<namespace>/<name>"\n  location: "https://…"').trim();
  if (p.detail !== undefined) {
    for (const e of parseConfigMapData({ [key]: p.detail }).entries) {
      const corrected = releaseAssetFix(e)?.location;
      if (corrected) list = list.replaceAll(e.location, corrected);
    }
  }
  return `controller:\n  ${key}:\n${list.split('\n').map((l) => `    ${l}`).join('\n')}`;
}

export const helmValuesMapShape = inputCheck(
  'helm-values-map-shape',
  {
    id: 'helm-values-map-shape',
    severity: 'error',
    title: 'Helm values use the old map shape: the chart renders a mapping the controller rejects',
    description:
      'Until argo-helm chart 2.37.7, `controller.trafficRouterPlugins` was a map holding a `trafficRouterPlugins: |` string. From 2.37.8 the chart renders the value itself with toYaml into the ConfigMap, so the old shape becomes a mapping and the controller exits: `cannot unmarshal object into Go value of type []types.PluginItem` (argo-rollouts #4096). The entries the map holds are judged too (their findings say so), since they are what the controller meets once the shape is fixed, and what this fix prints.',
    fix: 'Write the plugins as a list directly under the value.',
  },
  helmListFix,
  (p) => `helm values: controller.${p.key} has the old map shape; the chart renders a mapping the controller rejects`,
);

export const helmValuesNotList = inputCheck(
  'helm-values-not-list',
  {
    id: 'helm-values-not-list',
    severity: 'error',
    title: 'A helm plugin value is a string, not a list',
    description: 'The argo-rollouts chart renders the value with toYaml; a string (`trafficRouterPlugins: |`) becomes a YAML string in the ConfigMap and the controller exits: `cannot unmarshal string into Go value of type []types.PluginItem`.',
    fix: 'Write the plugins as a YAML list under the value, without `|`.',
  },
  helmListFix,
  (p) => `helm values: controller.${p.key} is a string, not a list; the chart renders a YAML string the controller rejects`,
);

export const configmapSeveral = inputCheck(
  'several-configmaps',
  {
    id: 'configmap-several',
    severity: 'warning',
    title: 'The input holds more than one plugin configuration',
    description: 'Several argo-rollouts-config ConfigMaps (or helm values) were found; only one can be in the controller namespace. The first one was linted.',
    fix: 'Lint each configuration on its own, or remove the duplicate.',
  },
  () => 'Keep one argo-rollouts-config per controller namespace.',
);

export const configmapWrongName = inputCheck(
  'configmap-wrong-name',
  {
    id: 'configmap-wrong-name',
    severity: 'error',
    title: 'The plugin ConfigMap has another name than argo-rollouts-config: the controller never reads it',
    description:
      'The controller reads exactly `argo-rollouts-config` in its own namespace; any other name is ignored and the controller runs with no plugins (every Rollout using one fails with `plugin … not configured in configmap`), so this ConfigMap never stops it: a restart starts. kustomize configMapGenerator adds a content hash to the name unless told not to. The entries are judged as the controller would meet them once the ConfigMap is named argo-rollouts-config: what would then stop it is `configmap-wrong-name/fails-after-rename`, what would leave its start unconfirmed `configmap-wrong-name/undecided-after-rename`; neither decides the restart verdict today.',
    fix: 'Name it argo-rollouts-config; with kustomize set `options: {disableNameSuffixHash: true}` on the generator. Fix first what would stop the controller once it is named so.',
    variants: {
      // Reported by config/lint.ts over the entries' findings. No effect: the controller does not read this ConfigMap today and starts.
      [FAILS_AFTER_RENAME]: {
        severity: 'error',
        title: 'What a ConfigMap the controller does not read holds would stop the controller once it is named argo-rollouts-config',
      },
      [UNDECIDED_AFTER_RENAME]: {
        severity: 'error',
        title: 'What a ConfigMap the controller does not read holds would leave the controller\'s start unconfirmed once it is named argo-rollouts-config',
      },
    },
  },
  // The generator's option only where kustomize named it; a plain manifest is renamed where it is written.
  (p) => (p.key !== undefined && hasKustomizeHashSuffix(p.key) ? 'configMapGenerator:\n  - name: argo-rollouts-config\n    options:\n      disableNameSuffixHash: true' : 'metadata:\n  name: argo-rollouts-config'),
  (p) => `ConfigMap ${p.key} is not read by the controller (it reads argo-rollouts-config)`,
);

export const configmapDataNotMapping = inputCheck(
  'configmap-data-not-mapping',
  {
    id: 'configmap-data-not-mapping',
    severity: 'error',
    // The controller never sees this ConfigMap: it keeps the one it has, which is not in the input.
    effect: 'restart-undecided',
    title: 'The ConfigMap\'s data is a list, not a mapping: the API server rejects it',
    description:
      'A ConfigMap\'s `data` maps keys to strings. A list under `data:` (what argo-helm charts up to 2.37.7 render from list-shaped values, argo-helm #2957) is rejected by the API server, so the ConfigMap is never created and the controller runs with the ConfigMap it had, or none.',
    fix: 'Put the list under the key of its type, as a block string.',
    example: 'data:\n  - name: argoproj-labs/gatewayAPI\n    location: https://…',
  },
  (p) => {
    const entries = (p.detail ?? '- name: "<namespace>/<name>"\n  location: "https://…"').split('\n');
    // From helm values (p.key): the shape that chart release renders into a valid ConfigMap.
    if (p.key) return `Upgrade the chart to 2.38.0 or later, or with this chart use the map shape:\ncontroller:\n  ${p.key}:\n    ${p.key}: |-\n${entries.map((l) => `      ${l}`).join('\n')}`;
    return `data:\n  trafficRouterPlugins: |\n${entries.map((l) => `    ${l}`).join('\n')}`;
  },
  (p) => (p.key ? `helm values: this chart renders controller.${p.key} as the ConfigMap's whole data, which the API server rejects` : 'data is a list, not a mapping: the API server rejects this ConfigMap'),
);

export const helmPluginsNotRendered = inputCheck(
  'helm-plugins-not-rendered',
  {
    id: 'helm-plugins-not-rendered',
    severity: 'warning',
    title: 'Helm values list plugins the chart does not render',
    description:
      'With `controller.createConfigmap: false` (argo-helm chart 2.40.7 and later) the chart creates no argo-rollouts-config, and the plugin lists in the values are silently dropped; the controller reads whatever argo-rollouts-config exists in its namespace, created some other way, or runs with no plugins. Charts before 2.39.1 do not render `controller.stepPlugins` at all (the chart version is read from the Chart.yaml beside the values).',
    fix: 'Set controller.createConfigmap: true (the default) or put the plugins into the ConfigMap you create yourself; for stepPlugins use chart 2.39.1 or later.',
  },
  (p) => (p.key === 'stepPlugins' && !p.message.includes('createConfigmap') ? 'Use argo-rollouts chart 2.39.1 or later (Chart.yaml dependency version).' : 'controller:\n  createConfigmap: true'),
  (p) => (p.message.includes('createConfigmap') ? `helm values: ${p.key} listed, but controller.createConfigmap: false renders no ConfigMap` : `helm values: ${p.message}`),
);
