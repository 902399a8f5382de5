import { describe, expect, it } from 'vitest';
import { stderrHint } from '../../src/cluster/exec-credential.js';

describe('stderrHint: an exec credential plugin that echoes secrets on stderr', () => {
  it.each([
    ['a short token after a credential word', 'error: token: abc123 expired', 'error: token: [redacted] expired'],
    ['a password pair', 'login failed: password=hunter2', 'login failed: password=[redacted]'],
    ['a bearer header', 'sent Authorization: Bearer s3cr3t', 'sent Authorization: Bearer [redacted]'],
    ['a bare bearer value', 'rejected Bearer s3cr3t', 'rejected Bearer [redacted]'],
    ['a URL password', 'GET https://ci:pa55@idp.example/token failed', 'GET https://ci:xxxxx@idp.example/token failed'],
    ['a long token-like run', `error: ${'A'.repeat(40)} rejected`, 'error: [redacted] rejected'],
  ])('%s', (_name, stderr, hint) => {
    expect(stderrHint(`first line\n${stderr}\n`)).toBe(hint);
  });

  it("masks the kubeconfig's own exec.env values exactly, however short", () => {
    expect(stderrHint('using key qz7x for tenant acme', ['qz7x'])).toBe('using key *** for tenant acme');
  });

  it('bounds the line', () => {
    expect(stderrHint(`x `.repeat(10_000)).length).toBeLessThanOrEqual(300);
  });
});
