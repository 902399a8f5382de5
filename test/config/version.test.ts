/** Controller release gates (src/config/version.ts) where a release boundary decides what the user is told. */
import { describe, expect, it } from 'vitest';
import { controllerFeatures, judgingRelease, parseControllerVersion, startFailureLoops } from '../../src/config/version.js';

describe('v1.10.0-rc1: the traffic-router client is cached, ending the "Stdout already set" loop', () => {
  it.each([
    ['v1.9.1', 'trafficrouter', true],
    ['v1.9.9', 'trafficrouter', true],
    ['v1.10.0-rc1', 'trafficrouter', false],
    ['v1.10.0', 'trafficrouter', false],
    ['quay.io/argoproj/argo-rollouts:v1.10.2', 'trafficrouter', false],
    ['v1.10.0', 'metricprovider', true],
    ['v1.10.0', 'step', true],
    ['v1.8.3', 'metricprovider', true],
  ] as const)('controller %s, a %s plugin: a failed start loops: %s', (version, type, loops) => {
    expect(startFailureLoops(type, controllerFeatures(parseControllerVersion(version)))).toBe(loops);
  });
});

describe('which release judges a configuration (docs/versions.md): --controller-version, helm values, the live controller', () => {
  const chart = { version: 'v1.7.2', from: 'the appVersion of argo-rollouts chart 2.38.2, from Chart.yaml' };
  const unnamed = { from: 'controller.image.tag latest names no release: judged as the newest' };
  it.each([
    ['the flag wins over the values and the live controller', { flag: 'v1.6.0', values: chart, live: 'v1.8.3' }, { controllerVersion: 'v1.6.0' }],
    ['values naming a release win over the live controller', { values: chart, live: 'v1.8.3' }, { controllerVersion: 'v1.7.2' }],
    ['values naming none: the live controller, nothing assumed', { values: unnamed, live: 'v1.8.3' }, { controllerVersion: 'v1.8.3' }],
    ['values naming none, no live controller (lint): the assumption is said', { values: unnamed }, { assumed: unnamed.from }],
    ['values naming none, a live controller without a release (a digest): the assumption is said', { values: unnamed, live: 'sha256:0123abcd' }, { controllerVersion: 'sha256:0123abcd', assumed: unnamed.from }],
    ['no values, nothing known: the newest, not said (a ConfigMap has no release to name)', {}, {}],
  ])('%s', (_, from, expected) => {
    expect(judgingRelease(from)).toEqual(expected);
  });
});
