/**
 * Every config check, ESLint style: for each id, inputs that must not produce it and inputs that
 * must, with the evidence a user would read. Inputs go through the real engine (lintInputs, as `lint -f`, for
 * whole files, lintConfigMapData for ConfigMap data), so parsing and checks are tested together.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testChecks } from '../../support/check-tester.js';
import { checks } from '../../../src/checks/config/index.js';
import { filePlace, judgeConfig, lintConfigMapData } from '../../../src/config/lint.js';
import { parseConfigMapData } from '../../../src/config/parse.js';
import { loadSources } from '../../../src/config/sources.js';
import { lintOne } from '../../support/lint.js';
import type { Finding } from '../../../src/core/finding.js';

interface Case {
  name: string;
  /** ConfigMap data (live); `null` = no ConfigMap. */
  data?: Record<string, string> | null;
  /** Or a whole input file, read as `lint -f` does (each configuration on its own). */
  file?: string;
  /** Read the file as `doctor -f` does instead: the one configuration a controller would read. */
  doctor?: boolean;
  version?: string;
}
interface Invalid extends Case {
  /** Text that must appear in the finding's evidence (or title). */
  says: string;
  /** The declared variant it reports (default: the check's own). */
  variant?: string;
  /** How many findings of this id (default 1). */
  count?: number;
  /** Text that must be part of its fix. */
  fix?: string[];
}

const SHA = 'a3f1c0e0b8d2c6f4e9a7b5d3c1e0f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4e6';
const GW = 'https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.4.0/gatewayapi-plugin-linux-amd64';
const entry = (fields: string) => `- ${fields.trim().split('\n').join('\n  ')}\n`;
/** A location as plugin docs write it, before the user fills it in. */
const PLACEHOLDER_URL = 'https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/<version>/gatewayapi-plugin-<arch>';
const ok = (extra = '') => entry(`name: argoproj-labs/gatewayAPI\nlocation: ${GW}\nsha256: ${SHA}${extra ? `\n${extra}` : ''}`);

const CM_FILE = `kind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  trafficRouterPlugins: |\n    ${ok().trim().split('\n').join('\n    ')}\n`;

const tmp = mkdtempSync(join(tmpdir(), 'config-checks-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let fileCounter = 0;

async function findings(c: Case): Promise<Finding[]> {
  if (c.file !== undefined) {
    const path = join(tmp, `input-${fileCounter++}.yaml`);
    writeFileSync(path, c.file);
    if (c.doctor) {
      // doctor's composition (src/pipeline/doctor.ts) without its cluster: its reader, the parser, the judge.
      const loaded = await loadSources([path]);
      const config = parseConfigMapData(loaded.data, { source: loaded.description, inputProblems: loaded.inputProblems, ...(c.version && { controllerVersion: c.version }) });
      return judgeConfig(config, [], { source: { kind: 'file', description: loaded.description }, resourcesScanned: false, place: filePlace(loaded.chosen) }).findings;
    }
    return (await lintOne([path], c.version ? { controllerVersion: c.version } : {})).findings;
  }
  return lintConfigMapData(c.data === null ? undefined : c.data, [], c.version ? { controllerVersion: c.version } : {}).findings;
}

const TABLE: Record<string, { valid: Case[]; invalid: Invalid[] }> = {
  'input-yaml-syntax': {
    valid: [{ name: 'clean stream', file: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata: {}\n` }],
    invalid: [{
      name: 'second document broken',
      file: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata: {}\n---\nkind: [oops\n`,
      says: '(document 2)',
    }],
  },
  'data-value-not-string': {
    valid: [{ name: 'block string', file: `kind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  trafficRouterPlugins: |\n    ${ok().trim().split('\n').join('\n    ')}\n` }],
    invalid: [{
      name: 'list written directly under data',
      file: `kind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  trafficRouterPlugins:\n    - name: a/b\n      location: file:///p\n`,
      says: 'data.trafficRouterPlugins is a YAML list',
      // The user's own entries as the block string the controller reads: pasted, it works.
      fix: ['data:\n  trafficRouterPlugins: |\n    - name: a/b\n      location: file:///p'],
    }],
  },
  'helm-values-map-shape': {
    valid: [{ name: 'current list shape', file: `controller:\n  trafficRouterPlugins:\n    - name: a/b\n      location: file:///p\n` }],
    invalid: [{
      name: 'chart < 2.38 map shape',
      file: `controller:\n  trafficRouterPlugins:\n    trafficRouterPlugins: |-\n      - name: a/b\n        location: file:///p\n`,
      says: 'controller.trafficRouterPlugins is a map',
    }],
  },
  'helm-values-not-list': {
    valid: [{ name: 'empty list', file: `controller:\n  trafficRouterPlugins: []\n  metricProviderPlugins: []\n` }],
    invalid: [{ name: 'block string', file: `controller:\n  metricProviderPlugins: |\n    - name: a/b\n      location: file:///p\n`, says: 'controller.metricProviderPlugins is a string' }],
  },
  'helm-plugins-not-rendered': {
    valid: [
      { name: 'createConfigmap false, no plugins', file: `controller:\n  createConfigmap: false\n  trafficRouterPlugins: []\n` },
      { name: 'createConfigmap true', file: `controller:\n  createConfigmap: true\n  trafficRouterPlugins:\n    - name: a/b\n      location: file:///p\n` },
    ],
    invalid: [{
      name: 'createConfigmap false with plugins',
      file: `controller:\n  createConfigmap: false\n  trafficRouterPlugins:\n    - name: a/b\n      location: file:///p\n`,
      says: 'controller.trafficRouterPlugins is set, but with controller.createConfigmap: false the chart renders no ConfigMap',
    }],
  },
  'configmap-data-not-mapping': {
    valid: [{ name: 'data is a mapping', file: `kind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata: {}\n` }],
    invalid: [{
      name: 'what chart 2.37.7 rendered from list-shaped values',
      file: `kind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  - location: https://example.com/p\n    name: a/b\n`,
      says: 'data is a list, but a ConfigMap\'s data must be a mapping',
    }],
  },
  'configmap-several': {
    valid: [{ name: 'one ConfigMap', file: `kind: ConfigMap\nmetadata: {name: argo-rollouts-config}\n` }],
    invalid: [{ name: 'two ConfigMaps (doctor -f)', file: `kind: ConfigMap\nmetadata: {name: argo-rollouts-config}\n---\nkind: ConfigMap\nmetadata: {name: argo-rollouts-config}\n`, doctor: true, says: '2 configurations found' }],
  },
  'configmap-wrong-name': {
    valid: [{ name: 'exact name', file: `kind: ConfigMap\nmetadata: {name: argo-rollouts-config}\n` }],
    invalid: [{ name: 'kustomize hash suffix', file: `kind: ConfigMap\nmetadata: {name: argo-rollouts-config-7h2k9g5m4b}\ndata: {}\n`, says: 'configMapGenerator' }],
  },
  'configmap-missing': {
    valid: [{ name: 'ConfigMap present', data: {} }],
    invalid: [
      { name: 'no ConfigMap (live)', data: null, says: 'not found' },
      { name: 'only a Rollout in the file', file: `kind: Rollout\nmetadata: {name: web}\nspec: {}\n`, says: 'no argo-rollouts-config ConfigMap in' },
    ],
  },
  'no-plugins-configured': {
    valid: [
      { name: 'one plugin', data: { trafficRouterPlugins: ok() } },
      { name: 'no ConfigMap at all', data: null },
      { name: 'data is a list (configmap-data-not-mapping says it)', file: `kind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  - name: a/b\n`, },
      { name: 'a key written as a YAML list (data-value-not-string says it: the key is there, just not a string)', file: `kind: ConfigMap\nmetadata: {name: argo-rollouts-config}\ndata:\n  trafficRouterPlugins:\n    - name: a/b\n      location: https://x/y\n` },
    ],
    invalid: [
      { name: 'all keys empty', data: { trafficRouterPlugins: '', metricProviderPlugins: '[]' }, says: 'trafficRouterPlugins: empty' },
      { name: 'chart values that set no plugin (the chart\'s CI values)', file: `installCRDs: false\ndashboard:\n  enabled: true\n`, says: 'trafficRouterPlugins: absent' },
    ],
  },
  'key-unknown': {
    valid: [{ name: 'the three keys', data: { trafficRouterPlugins: ok(), metricProviderPlugins: '', stepPlugins: '' } }, { name: 'unrelated key', data: { logLevel: 'debug' } }],
    invalid: [
      { name: 'metricPlugins', data: { metricPlugins: ok() }, says: 'found "metricPlugins"' },
      { name: 'singular', data: { trafficRouterPlugin: ok() }, says: 'trafficRouterPlugin' },
      { name: 'lower case', data: { stepplugins: ok() }, says: 'stepplugins' },
      { name: 'a prefix before the real key', data: { canaryStepPlugins: ok() }, says: 'did you mean stepPlugins?' },
    ],
  },
  'value-not-a-list': {
    valid: [{ name: 'list', data: { trafficRouterPlugins: ok() } }],
    invalid: [
      { name: 'helm map rendered', data: { trafficRouterPlugins: `trafficRouterPlugins:\n  ${ok().trim().split('\n').join('\n  ')}\n` }, says: 'json: cannot unmarshal object into Go value of type []types.PluginItem' },
      { name: 'a string', data: { metricProviderPlugins: 'argoproj-labs/sample-prometheus' }, says: 'cannot unmarshal string into Go value of type []types.PluginItem' },
    ],
  },
  'config-unmarshal-error': {
    valid: [{ name: 'valid', data: { trafficRouterPlugins: ok() } }],
    invalid: [
      { name: 'tab indentation', data: { trafficRouterPlugins: '- name: a/b\n\tlocation: file:///p\n' }, says: 'found a tab character that violates indentation' },
      { name: 'object as name', data: { trafficRouterPlugins: '- name: {a: b}\n  location: file:///p\n' }, says: 'cannot unmarshal object into Go struct field PluginItem.name of type string' },
      { name: 'NaN in an unknown field', data: { trafficRouterPlugins: ok('timeout: .nan') }, says: 'json: unsupported value: NaN' },
      { name: 'unclosed quote', data: { trafficRouterPlugins: '- name: "a/b\n  location: x\n' }, says: 'error converting YAML to JSON: yaml: line 3: Missing closing "quote' },
    ],
  },
  'args-not-string-list': {
    valid: [{ name: 'list of flags', data: { trafficRouterPlugins: ok('args: ["--debug", 8080]') } }, { name: 'v1.6 ignores args', data: { trafficRouterPlugins: ok('args: --debug') }, version: 'v1.6.4' }],
    invalid: [{ name: 'a string', data: { trafficRouterPlugins: ok('args: --debug') }, says: 'cannot unmarshal string into Go struct field PluginItem.args of type []string' }],
  },
  'disabled-not-boolean': {
    valid: [{ name: 'yes is a boolean in YAML 1.1', data: { stepPlugins: entry('name: a/b\nlocation: file:///p\ndisabled: yes') } }],
    invalid: [{ name: 'quoted', data: { stepPlugins: entry('name: a/b\nlocation: file:///p\ndisabled: "true"') }, says: 'cannot unmarshal string into Go struct field PluginItem.disabled of type bool' }],
  },
  'headers-from-malformed': {
    valid: [
      { name: 'secretRef with name', data: { trafficRouterPlugins: ok('headersFrom:\n  - secretRef:\n      name: gh') } },
      // Before v1.8.0 the controller ignores headersFrom (feature-needs-newer-controller says so): no Secret is looked up.
      { name: 'no name, at v1.7.2', data: { trafficRouterPlugins: ok('headersFrom:\n  - secretRef: {}') }, version: 'v1.7.2' },
    ],
    invalid: [
      { name: 'a string', data: { trafficRouterPlugins: ok('headersFrom: gh') }, says: 'of type []types.HeadersFrom' },
      { name: 'secretRef as string', data: { trafficRouterPlugins: ok('headersFrom:\n  - secretRef: gh') }, says: 'Go struct field HeadersFrom.headersFrom.secretRef of type types.SecretRef' },
      { name: 'no name', data: { trafficRouterPlugins: ok('headersFrom:\n  - secretRef: {}') }, says: 'failed to get secret in secretRef: resource name may not be empty' },
    ],
  },
  'field-unknown': {
    valid: [{ name: 'case-insensitive names are known', data: { trafficRouterPlugins: entry(`Name: a/b\nLOCATION: ${GW}\nSha256: ${SHA}\nheadersfrom: [{SecretRef: {NAME: x}}]`) } }],
    invalid: [
      { name: 'sha265', data: { trafficRouterPlugins: entry(`name: a/b\nlocation: ${GW}\nsha265: ${SHA}`) }, says: 'sha265' },
      { name: 'header_from', data: { trafficRouterPlugins: ok('header_from: []') }, says: 'header_from' },
      { name: 'nested secret', data: { trafficRouterPlugins: ok('headersFrom: [{secretRef: {name: x}, secret: y}]') }, says: 'headersFrom[0].secret' },
      { name: 'unrelated', data: { trafficRouterPlugins: ok('description: my plugin') }, says: 'description' },
    ],
  },
  'scalar-coerced-to-string': {
    valid: [{ name: 'numeric arg stays', data: { trafficRouterPlugins: ok('args: [--port, 8080]') } }],
    invalid: [
      { name: 'hex number as name', data: { trafficRouterPlugins: entry('name: 0x1F\nlocation: file:///p') }, says: '"31"' },
      { name: 'float sha', data: { trafficRouterPlugins: entry('name: a/b\nlocation: file:///p\nsha256: 1e10') }, says: '"1e+10"' },
      { name: 'yes as arg', data: { trafficRouterPlugins: ok('args: [--verbose, yes]') }, says: '"true"' },
    ],
  },
  'name-invalid-format': {
    valid: [{ name: 'dots and underscores', data: { trafficRouterPlugins: entry('name: my-org/my_plugin.v2\nlocation: file:///p') } }],
    invalid: [
      { name: 'the OpenShift plugin as argo-rollouts-manager once named it', data: { trafficRouterPlugins: entry('name: openshift-route-plugin\nlocation: file:/plugins/rollouts-trafficrouter-openshift/openshift-route-plugin') }, says: 'which reads its settings under "argoproj-labs/openshift"' },
      { name: 'no namespace', data: { trafficRouterPlugins: entry('name: openshift-route-plugin\nlocation: file:///p') }, says: 'plugin repository (openshift-route-plugin) must be in the format of <namespace>/<name>' },
      { name: 'three segments', data: { metricProviderPlugins: entry('name: a/b/c\nlocation: file:///p') }, says: '"a/b/c"' },
      { name: 'null item', data: { trafficRouterPlugins: '- ~\n' }, says: 'plugin repository () must be' },
    ],
  },
  'name-duplicate': {
    valid: [{ name: 'distinct', data: { trafficRouterPlugins: entry('name: a/b\nlocation: file:///p') + entry('name: a/c\nlocation: file:///q') } }],
    invalid: [{ name: 'twice', data: { trafficRouterPlugins: entry('name: a/b\nlocation: file:///p') + entry('name: a/b\nlocation: file:///q') }, says: '/home/argo-rollouts/plugin-bin/a/b' }],
  },
  'name-in-two-lists': {
    valid: [{ name: 'different names', data: { trafficRouterPlugins: entry('name: a/b\nlocation: file:///p'), metricProviderPlugins: entry('name: a/c\nlocation: file:///q') } }],
    invalid: [
      { name: 'same name, two binaries', data: { trafficRouterPlugins: entry('name: a/b\nlocation: file:///p'), metricProviderPlugins: entry('name: a/b\nlocation: file:///q') }, says: 'overwrites' },
      { name: 'same binary', data: { trafficRouterPlugins: entry('name: a/b\nlocation: file:///p'), stepPlugins: entry('name: a/b\nlocation: file:///p') }, says: 'overwrites', variant: 'same-binary' },
    ],
  },
  'location-unparseable': {
    valid: [{ name: 'https', data: { trafficRouterPlugins: ok() } }],
    invalid: [
      { name: 'relative path', data: { trafficRouterPlugins: entry('name: a/b\nlocation: plugins/x') }, says: 'parse "plugins/x": invalid URI for request' },
      { name: 'bad port', data: { trafficRouterPlugins: entry('name: a/b\nlocation: https://h:port/x') }, says: 'invalid port ":port" after host' },
      { name: 'empty', data: { trafficRouterPlugins: entry('name: a/b\nlocation: ""') }, says: 'empty url' },
    ],
  },
  'location-bad-scheme': {
    valid: [{ name: 'upper-case HTTPS', data: { trafficRouterPlugins: entry('name: a/b\nlocation: HTTPS://example.com/p') } }],
    invalid: [
      { name: 's3', data: { trafficRouterPlugins: entry('name: a/b\nlocation: s3://bucket/p') }, says: 'plugin location must be of http(s) or file scheme' },
      { name: 'absolute path without file://', data: { trafficRouterPlugins: entry('name: a/b\nlocation: /plugins/x') }, says: '"/plugins/x" has no scheme' },
    ],
  },
  'location-http-no-host': {
    valid: [{ name: 'two slashes', data: { trafficRouterPlugins: ok() } }],
    invalid: [{ name: 'https:host', data: { trafficRouterPlugins: entry('name: a/b\nlocation: https:example.com/p') }, says: 'http: no Host in request URL' }],
  },
  'location-file-host-segment': {
    valid: [
      { name: 'three slashes', data: { trafficRouterPlugins: entry('name: a/b\nlocation: file:///plugins/x') } },
      { name: 'dot', data: { trafficRouterPlugins: entry('name: a/b\nlocation: file://./x') } },
      { name: 'a README placeholder as the host (location-placeholder says it)', data: { trafficRouterPlugins: entry('name: a/b\nlocation: file://CHANGE-ME/x') } },
      // The controller's own end-to-end configuration: plugin-bin is its folder under the working directory, read where it was meant.
      { name: 'the controller\'s plugin-bin, relative', data: { stepPlugins: entry('name: step/e2e\nlocation: "file://plugin-bin/e2e-step-plugin"') } },
    ],
    invalid: [
      { name: 'two slashes', data: { trafficRouterPlugins: entry('name: a/b\nlocation: file://plugins/x') }, says: '/home/argo-rollouts/plugins/x' },
      { name: 'an absolute path missing its slash', data: { trafficRouterPlugins: entry('name: a/b\nlocation: file://home/argo-rollouts/plugin-bin/x') }, says: '/home/argo-rollouts/home/argo-rollouts/plugin-bin/x' },
      { name: 'plugin-bin below another directory is not the controller\'s', data: { trafficRouterPlugins: entry('name: a/b\nlocation: file://opt/plugin-bin/x') }, says: '/home/argo-rollouts/opt/plugin-bin/x' },
    ],
  },
  'location-file-is-destination': {
    valid: [
      { name: 'another path of the volume', data: { trafficRouterPlugins: entry('name: acme/router\nlocation: file:///home/argo-rollouts/plugin-bin/source/router') } },
      { name: 'another plugin\'s place', data: { trafficRouterPlugins: entry('name: acme/router\nlocation: file://plugin-bin/acme/other') } },
    ],
    invalid: [
      { name: 'relative, as an init container would fill it', data: { trafficRouterPlugins: entry('name: acme/router\nlocation: file://plugin-bin/acme/router') }, says: 'copies 0 bytes' },
      { name: 'absolute', data: { stepPlugins: entry('name: acme/step\nlocation: file:///home/argo-rollouts/plugin-bin/acme/step') }, says: 'resolves to /home/argo-rollouts/plugin-bin/acme/step, the destination of acme/step' },
    ],
  },
  'location-file-is-directory': {
    valid: [{ name: 'a file', data: { trafficRouterPlugins: entry('name: a/b\nlocation: file:///plugins/x') } }],
    invalid: [{ name: 'file: alone', data: { trafficRouterPlugins: entry('name: a/b\nlocation: "file:"') }, says: '/home/argo-rollouts is not a regular file' }],
  },
  'location-plain-http': {
    valid: [
      { name: 'https', data: { trafficRouterPlugins: ok() } },
      // unpinned: sha256-missing/plain-http says it, one fact one finding
      { name: 'http unpinned', data: { trafficRouterPlugins: entry('name: a/b\nlocation: http://10.0.0.1/p') } },
    ],
    invalid: [
      { name: 'http pinned', data: { trafficRouterPlugins: entry(`name: a/b\nlocation: http://10.0.0.1/p\nsha256: ${SHA}`) }, says: 'http://10.0.0.1/p' },
      {
        // sha256-missing leaves it to location-placeholder, so the plain-http risk is said here; no line for the placeholder URL.
        name: 'http unpinned with a placeholder',
        data: { trafficRouterPlugins: entry('name: a/b\nlocation: "http://10.0.0.1/<version>/p"') },
        says: 'a/b is downloaded over plain http',
        fix: ['Use https in the location once its placeholder is filled in (location-placeholder)'],
      },
    ],
  },
  'location-credentials-in-url': {
    valid: [{ name: 'no userinfo', data: { trafficRouterPlugins: ok() } }],
    invalid: [{ name: 'user:password', data: { trafficRouterPlugins: entry(`name: a/b\nlocation: https://bob:hunter2@example.com/p\nsha256: ${SHA}`) }, says: 'value not shown' }],
  },
  'location-placeholder': {
    valid: [
      { name: 'a filled-in release URL', data: { trafficRouterPlugins: ok() } },
      { name: 'a file path', data: { trafficRouterPlugins: entry('name: a/b\nlocation: file:///plugins/b') } },
    ],
    invalid: [
      {
        name: 'the Gateway API docs placeholders, unpinned: the fix ends with the pin, for the real URL',
        data: { trafficRouterPlugins: entry(`name: argoproj-labs/gatewayAPI\nlocation: "${PLACEHOLDER_URL}"`) },
        says: 'the placeholder <version>',
        fix: ['# the real tag and asset\nthen run kubectl rollouts-plugins checksum URL with the real URL: it prints the sha256 to pin'],
      },
      {
        name: 'unpinned with headersFrom (v1.8+ sends its headers, checksum none): the pin comes from doctor\'s download',
        data: { trafficRouterPlugins: entry(`name: argoproj-labs/gatewayAPI\nlocation: "${PLACEHOLDER_URL}"\nheadersFrom:\n  - secretRef:\n      name: github-token`) },
        version: 'v1.8.3',
        says: 'the placeholder <version>',
        fix: ['# the real tag and asset\nthen take the sha256 to pin from a download made with the headersFrom headers the controller sends (Secret github-token): `kubectl rollouts-plugins doctor`'],
      },
      {
        name: 'GitHub\'s answer for a release that does not exist, fatal from v1.8.0',
        data: { trafficRouterPlugins: entry(`name: argoproj-labs/gatewayAPI\nlocation: "${PLACEHOLDER_URL}"`) },
        says: 'GitHub answers 404 Not Found for a release download whose tag or asset does not exist, as one named by a placeholder does not, and from v1.8.0 the controller exits at start-up on it (response code Not Found)',
      },
      {
        name: 'GitHub\'s answer before v1.8.0: the error page is saved as the plugin',
        version: 'v1.7.2',
        data: { trafficRouterPlugins: entry(`name: argoproj-labs/gatewayAPI\nlocation: "${PLACEHOLDER_URL}"`) },
        says: 'before v1.8.0 the controller saves that error page as the plugin, which fails when a rollout first uses it',
      },
      {
        name: 'an unrendered helm template on a server that is not GitHub: its answer is not known, and the fix is no GitHub URL',
        data: { metricProviderPlugins: entry(`name: a/b\nlocation: "https://example.com/{{ .Values.version }}/p"\nsha256: ${SHA}`) },
        says: 'what its server answers for a URL naming a placeholder is not known from here (lint --probe asks it): from v1.8.0 a status outside 200–399 makes the controller exit at start-up',
        fix: ['Fill in {{ .Values.version }} in the location: the URL the plugin binary is published at'],
      },
      { name: 'CHANGE-ME in a file path', data: { trafficRouterPlugins: entry('name: a/b\nlocation: file:///CHANGE-ME/plugin') }, says: 'the controller copies /CHANGE-ME/plugin as written' },
    ],
  },
  'location-asset-other-platform': {
    valid: [
      { name: 'linux-arm64 asset', data: { trafficRouterPlugins: entry(`name: argoproj-labs/gatewayAPI\nlocation: ${GW.replace('amd64', 'arm64')}\nsha256: ${SHA}`) } },
      { name: 'a file path naming darwin is not a release asset', data: { trafficRouterPlugins: entry('name: a/b\nlocation: file:///plugins/darwin-tools/p') } },
    ],
    invalid: [
      { name: 'darwin asset (gatewayapi #29)', data: { trafficRouterPlugins: entry(`name: argoproj-labs/gatewayAPI\nlocation: https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.0.1/gateway-api-plugin-darwin-arm64`) }, says: 'gateway-api-plugin-darwin-arm64 is a darwin build' },
      { name: 'windows .exe', data: { metricProviderPlugins: entry(`name: a/b\nlocation: https://example.com/v1/plugin-windows-amd64.exe\nsha256: ${SHA}`) }, says: 'a windows build' },
    ],
  },
  'location-asset-not-in-release': {
    valid: [
      { name: 'v0.4.0 with the new name', data: { trafficRouterPlugins: ok() } },
      { name: 'v0.2.0 with the old name', data: { trafficRouterPlugins: entry(`name: argoproj-labs/gatewayAPI\nlocation: https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.2.0/gateway-api-plugin-linux-amd64`) } },
      { name: 'a mirror of the asset is not judged by the catalogue', data: { trafficRouterPlugins: entry(`name: argoproj-labs/gatewayAPI\nlocation: https://mirror.example.com/rollouts-plugin-trafficrouter-gatewayapi/releases/download/0.4.0/gateway-api-plugin-linux-amd64`) } },
      { name: 'OpenShift commit tags', data: { trafficRouterPlugins: entry(`name: argoproj-labs/openshift\nlocation: https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-openshift/releases/download/commit-2749e0ac/rollouts-plugin-trafficrouter-openshift-linux-amd64`) } },
    ],
    invalid: [
      { name: 'v0.2.0 with the name from v0.4.0', data: { trafficRouterPlugins: entry(`name: argoproj-labs/gatewayAPI\nlocation: https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.2.0/gatewayapi-plugin-linux-amd64`) }, says: 'its assets are named gateway-api-plugin-<os>-<arch>' },
      { name: 'tag without v (argo-rollouts #3708)', data: { trafficRouterPlugins: entry(`name: argoproj-labs/gatewayAPI\nlocation: https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/0.3.0/gateway-api-plugin-linux-amd64`) }, says: 'the release tag 0.3.0 has no v', variant: 'tag-without-v' },
      {
        name: 'the old name of a darwin asset at v0.4.0: the fix is the Linux asset of that release',
        data: { trafficRouterPlugins: entry(`name: argoproj-labs/gatewayAPI\nlocation: https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.4.0/gateway-api-plugin-darwin-arm64`) },
        says: 'has no asset gateway-api-plugin-darwin-arm64',
        fix: ['/download/v0.4.0/gatewayapi-plugin-linux-arm64"'],
      },
      {
        name: 'a query after the asset: the fix changes the asset, keeps the query',
        data: { trafficRouterPlugins: entry(`name: argoproj-labs/gatewayAPI\nlocation: https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.4.0/gateway-api-plugin-linux-amd64?raw=1`) },
        says: 'has no asset gateway-api-plugin-linux-amd64',
        fix: ['/download/v0.4.0/gatewayapi-plugin-linux-amd64?raw=1"'],
      },
    ],
  },
  'sha256-missing': {
    valid: [
      { name: 'pinned', data: { trafficRouterPlugins: ok() } },
      { name: 'file location', data: { trafficRouterPlugins: entry('name: a/b\nlocation: file:///p') } },
      // location-placeholder says it, pin included: there is no URL to hash until it is filled in.
      { name: 'a placeholder location', data: { trafficRouterPlugins: entry(`name: a/b\nlocation: "${PLACEHOLDER_URL}"`) } },
    ],
    invalid: [
      { name: 'https without sha', data: { trafficRouterPlugins: entry(`name: a/b\nlocation: ${GW}`) }, says: 'no sha256' },
      { name: 'plain http without sha', data: { trafficRouterPlugins: entry('name: a/b\nlocation: http://10.0.0.1/p') }, says: 'over plain http without a sha256', variant: 'plain-http' },
      {
        name: 'a release tag without its v: the checksum command hashes the corrected location, not the 404',
        data: { trafficRouterPlugins: entry('name: argoproj-labs/gatewayAPI\nlocation: https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/0.4.0/gatewayapi-plugin-linux-amd64') },
        says: 'no sha256',
        fix: ['Add the digest: kubectl rollouts-plugins checksum "https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.4.0/gatewayapi-plugin-linux-amd64" (the corrected location: location-asset-not-in-release)'],
      },
    ],
  },
  'sha256-wrong-length': {
    valid: [{ name: '64 lowercase', data: { trafficRouterPlugins: ok() } }],
    invalid: [
      { name: 'the docs 40-char example', data: { metricProviderPlugins: entry(`name: a/b\nlocation: ${GW}\nsha256: 08f588b1c799a37bbe8d0fc74cc1b1492dd70b2c`) }, says: '(40 characters)' },
      { name: 'number read by YAML', data: { metricProviderPlugins: entry(`name: a/b\nlocation: ${GW}\nsha256: 1e10`) }, says: 'quote it' },
      {
        name: 'an asset the release does not publish: the checksum command hashes the corrected asset',
        data: { trafficRouterPlugins: entry('name: argoproj-labs/gatewayAPI\nlocation: https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.2.0/gatewayapi-plugin-linux-amd64\nsha256: 08f588b1c799a37bbe8d0fc74cc1b1492dd70b2c') },
        says: '(40 characters)',
        fix: ['kubectl rollouts-plugins checksum "https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.2.0/gateway-api-plugin-linux-amd64" (the corrected location'],
      },
      {
        name: 'with a placeholder location: the digest comes once the location is filled in, never from the placeholder URL',
        data: { metricProviderPlugins: entry(`name: a/b\nlocation: "${PLACEHOLDER_URL}"\nsha256: 08f588b1c799a37bbe8d0fc74cc1b1492dd70b2c`) },
        says: '(40 characters)',
        fix: ["Replace it with the binary's digest: fill in the location first (location-placeholder), then run kubectl rollouts-plugins checksum URL with the real URL"],
      },
      {
        name: 'with a GitHub placeholder release URL at v1.8.0: the exit line is the download GitHub answers 404',
        version: 'v1.8.0',
        data: { metricProviderPlugins: entry(`name: a/b\nlocation: "${PLACEHOLDER_URL}"\nsha256: 08f588b1c799a37bbe8d0fc74cc1b1492dd70b2c`) },
        says: 'failed to download file from https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/%3Cversion%3E/gatewayapi-plugin-%3Carch%3E: response code Not Found"',
      },
      {
        name: 'with a placeholder URL on another server: both exit lines, by what it answers',
        data: { metricProviderPlugins: entry(`name: a/b\nlocation: "https://example.com/{{ .Values.version }}/p"\nsha256: 08f588b1c799a37bbe8d0fc74cc1b1492dd70b2c`) },
        says: 'response code …" if the server answers the placeholder URL with an error status (from v1.8.0 a failed download stops it before the sha256 is compared), or with: level=fatal msg="Failed to download plugins: sha256 hash of downloaded plugin (https://example.com/{{ .Values.version }}/p) does not match expected hash" if it serves a file',
      },
      { name: 'a README placeholder left as the sha256', data: { metricProviderPlugins: entry(`name: a/b\nlocation: ${GW}\nsha256: "<SHA256_FROM_CHECKSUMS_TXT>"`) }, says: 'it is still the placeholder <SHA256_FROM_CHECKSUMS_TXT>' },
      { name: 'shorter than 64: never matches', data: { metricProviderPlugins: entry(`name: a/b\nlocation: ${GW}\nsha256: 08f588b1c799a37bbe8d0fc74cc1b1492dd70b2c`) }, says: 'a 40-character value never matches' },
      // As in the controller's unit test: a 4-byte file ("test" here) in hex, then the SHA-256 of nothing.
      { name: '72 characters of the form the controller computes', data: { metricProviderPlugins: entry(`name: a/b\nlocation: ${GW}\nsha256: 74657374e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855`) }, says: 'matches only a file of exactly 4 bytes whose hex is 74657374 (the text "test"), so no real plugin binary ever matches it' },
    ],
  },
  'sha256-uppercase': {
    valid: [{ name: 'lowercase', data: { trafficRouterPlugins: ok() } }],
    invalid: [{ name: 'uppercase', data: { trafficRouterPlugins: entry(`name: a/b\nlocation: ${GW}\nsha256: ${SHA.toUpperCase()}`) }, says: 'does not match expected hash' }],
  },
  'sha256-prefixed': {
    valid: [{ name: 'bare', data: { trafficRouterPlugins: ok() } }],
    invalid: [{ name: 'sha256: prefix', data: { trafficRouterPlugins: entry(`name: a/b\nlocation: ${GW}\nsha256: "sha256:${SHA}"`) }, says: 'sha256:' }],
  },
  'sha256-not-hex': {
    valid: [{ name: 'hex', data: { trafficRouterPlugins: ok() } }],
    invalid: [{ name: 'a g', data: { trafficRouterPlugins: entry(`name: a/b\nlocation: ${GW}\nsha256: ${SHA.slice(0, 63)}g`) }, says: '(64 characters)' }],
  },
  'sha256-on-file-location': {
    valid: [{ name: 'https', data: { trafficRouterPlugins: ok() } }],
    invalid: [{ name: 'file', data: { trafficRouterPlugins: entry(`name: a/b\nlocation: file:///p\nsha256: ${SHA}`) }, says: 'file:///p (file)' }],
  },
  'disabled-not-step': {
    valid: [
      { name: 'step plugin', data: { stepPlugins: entry('name: a/b\nlocation: file:///p\ndisabled: true') } },
      // Before v1.8.0 no plugin reads disabled: feature-needs-newer-controller is the one finding.
      { name: 'traffic router at v1.7.2', data: { trafficRouterPlugins: entry('name: a/b\nlocation: file:///p\ndisabled: true') }, version: 'v1.7.2' },
    ],
    invalid: [{ name: 'traffic router', data: { trafficRouterPlugins: entry('name: a/b\nlocation: file:///p\ndisabled: true') }, says: 'disabled: true under trafficRouterPlugins' }],
  },
  'disabled-step-still-downloaded': {
    valid: [{ name: 'enabled', data: { stepPlugins: entry('name: a/b\nlocation: file:///p') } }],
    invalid: [
      { name: 'disabled, fine location', data: { stepPlugins: entry('name: a/b\nlocation: file:///p\ndisabled: true') }, says: 'disabled: true' },
      { name: 'disabled, broken location', data: { stepPlugins: entry('name: a/b\nlocation: ftp://x/p\ndisabled: true') }, says: 'plugin location must be of http(s) or file scheme', variant: 'stops-start' },
    ],
  },
  'feature-needs-newer-controller': {
    valid: [
      { name: 'no version given', data: { stepPlugins: ok('args: [x]') } },
      { name: 'v1.8 uses all', data: { stepPlugins: ok('args: [x]\ndisabled: true') }, version: 'v1.8.0' },
      { name: 'v1.7.0 live: the pod spec is judged by the cluster step', data: { trafficRouterPlugins: ok() }, version: 'v1.7.0' },
      { name: 'v1.7.1 file: the stock install has plugin-bin', file: CM_FILE, version: 'v1.7.1' },
    ],
    invalid: [
      { name: 'sha256 on v1.6', data: { trafficRouterPlugins: ok() }, version: 'v1.6.6', says: 'fails start-up on any sha256', variant: 'sha256-always-fails' },
      { name: 'args on v1.6', data: { trafficRouterPlugins: entry('name: a/b\nlocation: file:///p\nargs: [x]') }, version: 'v1.6.6', says: 'ignores args' },
      { name: 'stepPlugins on v1.7', data: { stepPlugins: entry('name: a/b\nlocation: file:///p') }, version: 'quay.io/argoproj/argo-rollouts:v1.7.2', says: 'does not read data.stepPlugins', variant: 'key-ignored' },
      { name: 'v1.7.0 file (argo-rollouts #3642)', file: CM_FILE, version: 'v1.7.0', says: 'without a writable plugin-bin', variant: 'stock-install-no-plugin-bin' },
      { name: 'breaks on upgrade', data: { trafficRouterPlugins: entry('name: a/b\nlocation: file:///p\ndisabled: "yes"') }, version: 'v1.7.2', says: 'stops newer controllers', variant: 'breaks-on-upgrade' },
    ],
  },
};

testChecks('config', checks, TABLE, (c) => findings(c), (c) => Array.from({ length: c.count ?? 1 }, () => ({ says: c.says, ...(c.variant && { variant: c.variant }), ...(c.fix && { fix: c.fix }) })));

describe('config checks', () => {
  it('location-file-is-destination: the fix moves the binary to a path the copy does not empty, and the controller still starts', () => {
    const r = lintConfigMapData({ trafficRouterPlugins: '- name: acme/router\n  location: file://plugin-bin/acme/router\n' }, []);
    const f = r.findings.find((x) => x.id === 'location-file-is-destination');
    expect(f?.fix).toBe('Copy the binary to another path in the init container, e.g. /home/argo-rollouts/plugin-bin/source/router, and write location: "file:///home/argo-rollouts/plugin-bin/source/router"');
    const fixed = lintConfigMapData({ trafficRouterPlugins: '- name: acme/router\n  location: "file:///home/argo-rollouts/plugin-bin/source/router"\n' }, []);
    expect(fixed.findings.map((x) => x.id)).not.toContain('location-file-is-destination');
    expect(r.verdict.outcome).toBe('accepted');
  });

  it('a bad name and a bad scheme on one entry: each finding quotes its own controller error; the verdict is the name\'s, which config validation meets before any download', () => {
    const r = lintConfigMapData({ trafficRouterPlugins: entry('name: bad name\nlocation: ftp://x/y') }, []);
    const evidence = (id: string) => r.findings.find((f) => f.id === id)?.evidence.join('\n');
    expect(evidence('name-invalid-format')).toContain('the controller would exit with: level=fatal msg="Failed to init config: validation of config due to (plugin repository (bad name) must be in the format of <namespace>/<name>)"');
    expect(evidence('location-bad-scheme')).toContain('once the name is fixed, the controller would exit with: level=fatal msg="Failed to download plugins: plugin location must be of http(s) or file scheme"');
    expect(evidence('location-bad-scheme')).not.toContain('must be in the format');
    expect(r.verdict.fatal?.message).toMatch(/^Failed to init config: validation of config/);
  });

  // The controller fails once, decoding the key; Go leaves the field empty, and that is not what was written.
  it.each([
    ['location as a list', `name: a/b\nlocation: [a, b]\nsha256: ${SHA}`, 'config-unmarshal-error'],
    ['location as a mapping', `name: a/b\nlocation: {url: x}\nsha256: ${SHA}`, 'config-unmarshal-error'],
    ['name as a list', `name: [a, b]\nlocation: ${GW}`, 'config-unmarshal-error'],
    ['name as a list, beside a bad scheme', 'name: [a, b]\nlocation: ftp://x/y', 'config-unmarshal-error'],
    ['sha256 as a list', `name: a/b\nlocation: ${GW}\nsha256: [${SHA}]`, 'config-unmarshal-error'],
    ['args as a string', `name: a/b\nlocation: ${GW}\nsha256: ${SHA}\nargs: --debug`, 'args-not-string-list'],
    ['headersFrom as a string', `name: a/b\nlocation: ${GW}\nsha256: ${SHA}\nheadersFrom: my-secret`, 'headers-from-malformed'],
    ['disabled as a string', `name: a/b\nlocation: ${GW}\nsha256: ${SHA}\ndisabled: "yes"`, 'disabled-not-boolean'],
  ])('a field of the wrong type (%s): one finding, the key\'s decoding error; the verdict is that error', (_name, fields, id) => {
    const r = lintConfigMapData({ stepPlugins: entry(fields) }, []);
    expect(r.findings.filter((f) => f.severity !== 'info').map((f) => f.id)).toEqual([id]);
    expect(r.verdict.fatal?.message).toMatch(/^Failed to init config: failed to unmarshal step plugins while initializing: /);
  });

  it('a list item that is a string: one finding, the key\'s decoding error; another entry\'s own problem is still its own finding', () => {
    const r = lintConfigMapData({ trafficRouterPlugins: `- argoproj-labs/gatewayAPI\n${entry('name: a/b\nlocation: plugins/b')}` }, []);
    expect(r.findings.map((f) => `${f.id} ${f.plugin?.name ?? ''}`.trim())).toEqual(['config-unmarshal-error', 'location-unparseable a/b', 'plugin-unused a/b']);
  });

  it('never prints a URL password', async () => {
    const all = await findings({ name: 'credentials', data: { trafficRouterPlugins: entry('name: a/b\nlocation: http://bob:hunter2@example.com/p\nsha256: ABC') } });
    expect(all.length).toBeGreaterThan(2);
    expect(JSON.stringify(all)).not.toContain('hunter2');
  });
});
