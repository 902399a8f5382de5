/** Controller release gates (src/config/version.ts) where a release boundary decides what the user is told. */
import { describe, expect, it } from 'vitest';
import { featuresOf, startFailureLoops } from '../../src/config/version.js';

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
    expect(startFailureLoops(type, featuresOf(version))).toBe(loops);
  });
});
