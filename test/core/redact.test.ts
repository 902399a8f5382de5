import { describe, expect, it } from 'vitest';
import { redactDeep, redactText } from '../../src/core/redact.js';

describe('redactText', () => {
  it.each([
    ['https://ci:s3cr3t@artifacts.example.com/p', 'https://ci:xxxxx@artifacts.example.com/p'],
    ['Get "http://u:p%40ss@proxy:3128/x": EOF', 'Get "http://u:xxxxx@proxy:3128/x": EOF'],
    [
      'https://objects.githubusercontent.com/a?X-Amz-Algorithm=AWS4&X-Amz-Credential=AKIA%2F2026&X-Amz-Signature=deadbeef&response-content-type=application%2Foctet-stream',
      'https://objects.githubusercontent.com/a?X-Amz-Algorithm=AWS4&X-Amz-Credential=***&X-Amz-Signature=***&response-content-type=application%2Foctet-stream',
    ],
    ['https://blob.core.windows.net/c/p?sv=2024&sig=abc%3D&se=2026', 'https://blob.core.windows.net/c/p?sv=2024&sig=***&se=2026'],
    ['level=fatal msg="failed to download plugin from https://x.example/p?token=t0k3n: response code Not Found"', 'level=fatal msg="failed to download plugin from https://x.example/p?token=***: response code Not Found"'],
  ])('%s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('leaves ordinary URLs and text alone', () => {
    const text = 'https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/v0.4.0/gatewayapi-plugin-linux-amd64 sha256 a1b2';
    expect(redactText(text)).toBe(text);
  });
});

describe('redactDeep', () => {
  it('redacts every string of a report-shaped value and keeps the rest', () => {
    const value = { a: ['https://u:p@h/x', 1, true, null], b: { c: 'ok', d: 'https://h/x?signature=zz' } };
    expect(redactDeep(value)).toEqual({ a: ['https://u:xxxxx@h/x', 1, true, null], b: { c: 'ok', d: 'https://h/x?signature=***' } });
  });
});
