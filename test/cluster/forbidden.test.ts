/** The one reader of the API server's RBAC refusals (apiserver's forbiddenMessage), both its forms. */
import { describe, expect, it } from 'vitest';
import { parseRefusal, refusedUser } from '../../src/cluster/forbidden.js';

const SA = 'system:serviceaccount:argo-rollouts:argo-rollouts';

describe('forbidden.ts', () => {
  it('reads a refusal of a resource: in a namespace, at the cluster scope, or cut short', () => {
    expect(parseRefusal(`httproutes.gateway.networking.k8s.io "checkout" is forbidden: User "${SA}" cannot update resource "httproutes" in API group "gateway.networking.k8s.io" in the namespace "shop"`)).toEqual({
      user: SA,
      verb: 'update',
      resource: 'httproutes',
      group: 'gateway.networking.k8s.io',
      namespace: 'shop',
    });
    expect(parseRefusal(`pods is forbidden: User "dev" cannot list resource "pods/log" in API group "" at the cluster scope`)).toEqual({ user: 'dev', verb: 'list', resource: 'pods/log', group: '', clusterScope: true });
    expect(parseRefusal(`is forbidden: User "${SA}" cannot list resource "httproutes"`)).toEqual({ user: SA, verb: 'list', resource: 'httproutes' });
  });

  it('reads a refusal of a path for its user; it names no resource', () => {
    const path = 'forbidden: User "dev@example.com" cannot get path "/version"';
    expect(refusedUser(path)).toBe('dev@example.com');
    expect(parseRefusal(path)).toBeUndefined();
    expect(refusedUser('forbidden: User "dev@example.com" cannot')).toBe('dev@example.com');
  });

  it('reads back names Go quoted with %q: escaped quotes, backslashes, runes; no escape makes it throw', () => {
    expect(refusedUser(String.raw`User "ci \"deploy\"" cannot get path "/version"`)).toBe('ci "deploy"');
    expect(parseRefusal(String.raw`User "a\\b" cannot get resource "pods" in API group "" in the namespace "x\ty"`)).toMatchObject({ user: String.raw`a\b`, namespace: 'x\ty' });
    expect(refusedUser(String.raw`User "\u00e9\U0001F600\xff\UFFFFFFFF" cannot get path "/"`)).toBe('é😀\ufffd\ufffd');
  });

  it('finds no user where none is named', () => {
    expect(refusedUser('Unauthorized')).toBeUndefined();
    expect(refusedUser('forbidden: User "" cannot get path "/version"')).toBeUndefined();
    expect(refusedUser('SomeUser "x" cannot get path "/"')).toBeUndefined();
  });
});
