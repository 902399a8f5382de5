import { describe, expect, it } from 'vitest';
import { MAX_REPORT_TEXT, maskSecrets, redactDeep, redactText } from '../../src/core/redact.js';

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

describe('redaction under attack is linear and bounded', () => {
  // Before: a 40 KB run took 13 s, 100 KB over 120 s (a backtracking regular expression).
  it.each([
    ['a long run of URL characters', `https://${'a'.repeat(2_000_000)}`],
    ['many schemes without a password', 'a://b:'.repeat(300_000)],
    ['a query of separators', `x?${'&a=b'.repeat(300_000)}`],
    ['trailing punctuation after a token', `?token=${':'.repeat(1_000_000)}x`],
    ['names that never reach "="', `?${'a'.repeat(1_000_000)}`],
  ])('%s: 2 MB in well under a second', (_name, text) => {
    const started = performance.now();
    redactText(text);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('still masks a password and a token deep inside a long text', () => {
    const text = `${'x'.repeat(100_000)} https://u:hunter22@h/p?sig=abcdef ${'y'.repeat(100_000)}`;
    const out = redactText(text);
    expect(out).not.toContain('hunter22');
    expect(out).not.toContain('abcdef');
    expect(out).toContain('https://u:xxxxx@h/p?sig=***');
  });

  it('cuts every report string to MAX_REPORT_TEXT and says how much was cut', () => {
    const report = redactDeep({ evidence: ['z'.repeat(MAX_REPORT_TEXT + 500)] });
    expect(report.evidence[0]).toBe(`${'z'.repeat(MAX_REPORT_TEXT)}… [500 more characters]`);
  });
});

describe('maskSecrets', () => {
  const secret = 'Bearer s3cr3t/t0ken+x';
  it.each([
    ['as sent', `echo: Authorization: ${secret}`],
    ['URL-encoded in a Location', `https://h/x?h=${encodeURIComponent(secret)}`],
    ['form-encoded', `https://h/x?${new URLSearchParams({ h: secret }).toString()}`],
    ['JSON-escaped', JSON.stringify({ headers: { authorization: secret } })],
    ['its credential alone, without the scheme', 'invalid token s3cr3t/t0ken+x'],
    ['its credential alone, URL-encoded', `https://h/x?t=${encodeURIComponent('s3cr3t/t0ken+x')}`],
  ])('masks the exact value %s', (_how, text) => {
    const out = maskSecrets(text, [secret]);
    expect(out).not.toContain('s3cr3t');
    expect(out).toContain('***');
  });

  const base64 = (value: string) => Buffer.from(value).toString('base64');
  const base64url = (value: string) => Buffer.from(value).toString('base64url');
  const credential = 's3cr3t/t0ken+x'; // 14 bytes: its base64 is padded, and has '+' and '/' ('-' and '_' URL-safe)
  it.each([
    ["base64, padded (a Secret's stored data value)", base64(credential)],
    ['base64 without its padding', base64(credential).replace(/=+$/, '')],
    ['base64 URL-safe', base64url(credential)],
    ['base64 URL-safe, padded', base64(credential).replaceAll('+', '-').replaceAll('/', '_')],
    ['base64, URL-encoded in a query', encodeURIComponent(base64(credential))],
    ['base64 of the whole header value', base64(secret)],
  ])('masks the value encoded as %s', (_how, encoded) => {
    expect(maskSecrets(`https://h/landing?b64=${encoded} (you sent ${encoded})`, [secret])).toBe('https://h/landing?b64=*** (you sent ***)');
  });

  it.each([0, 1, 2])('masks it inside a longer base64 text, %i bytes after a 3-byte boundary (a server encoding all it received)', (offset) => {
    const context = `${'h'.repeat(4 + offset)}: `;
    const blob = base64(`${context}${secret}\r\n`);
    const masked = maskSecrets(blob, [secret]);
    expect(masked).toContain('***');
    // What is left is the encoding of the text around it, give or take the two characters each side shares with it.
    expect(masked.replace('***', '').length).toBeLessThanOrEqual(Math.ceil((context.length * 4) / 3) + 2 + 4);
  });

  const hex = (value: string) => Buffer.from(value).toString('hex');
  const mixedCase = 'Bearer Tok3n/MiXed+Case';
  it.each([
    ['uppercased', secret, secret.toUpperCase()],
    ['lowercased', mixedCase, mixedCase.toLowerCase()],
    ['its credential alone, uppercased', secret, credential.toUpperCase()],
    ['its credential alone, lowercased', mixedCase, 'tok3n/mixed+case'],
    ['hex, lower case', secret, hex(secret)],
    ['hex, upper case', secret, hex(secret).toUpperCase()],
    ['its credential alone, hex', secret, hex(credential)],
    ['its credential alone, hex in upper case', secret, hex(credential).toUpperCase()],
    ['uppercased, then URL-encoded', secret, encodeURIComponent(secret.toUpperCase())],
    ['URL-encoded, then lowercased', secret, encodeURIComponent(secret).toLowerCase()],
    ['base64, uppercased', secret, base64(credential).toUpperCase()],
  ])('masks the value echoed %s', (_how, sent, echoed) => {
    expect(maskSecrets(`denied: you sent ${echoed}.`, [sent])).toBe('denied: you sent ***.');
  });

  it('masks it inside a longer hex text (a server hex-encoding all it received), in either case', () => {
    const dump = hex(`authorization: ${secret}\r\naccept: */*\r\n`);
    for (const text of [dump, dump.toUpperCase()]) expect(maskSecrets(text, [secret])).toBe(text.replace(new RegExp(hex(secret), 'i'), '***'));
  });

  it('masks what a Basic credential holds, echoed decoded: user:password and the password, not the user name', () => {
    const basic = `Basic ${base64('alice:pa55-w0rd!')}`;
    expect(maskSecrets('denied for alice:pa55-w0rd! (password pa55-w0rd!, user alice)', [basic])).toBe('denied for *** (password ***, user alice)');
  });

  it('leaves values too short to be credentials, so a report is not garbled', () => {
    expect(maskSecrets('version 1 on', ['1', 'on'])).toBe('version 1 on');
    // Nor their base64: 'on' is b24=, which a report of any size would hold somewhere.
    expect(maskSecrets('b24= MQ==', ['1', 'on'])).toBe('b24= MQ==');
    // Nor in another case or in hex: 'on' is 6f6e, which any hash or id may hold.
    expect(maskSecrets('ON On 6f6e 6F6E 31 version', ['1', 'on'])).toBe('ON On 6f6e 6F6E 31 version');
  });

  it('masks them with the URL credentials in one pass, as the probe shows a Location', () => {
    expect(redactText(`https://u:pw@h/x?token=t&h=${encodeURIComponent(secret)}`, [secret])).toBe('https://u:xxxxx@h/x?token=***&h=***');
  });
});
