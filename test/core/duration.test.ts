import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/go-build.js';
import { UsageError } from '../../src/core/errors.js';
import { MAX_TIMER_MS, formatDuration, humanDuration, parseDuration, parseOptionalDuration } from '../../src/core/duration.js';

describe('parseDuration: Go / kubectl syntax', () => {
  it.each([
    ['30s', 30_000],
    ['2m', 120_000],
    ['1m30s', 90_000],
    ['1.5h', 5_400_000],
    ['500ms', 500],
    ['250us', 0.25],
    ['10', 10_000], // a bare number is seconds, as kubectl's --request-timeout reads it
    ['0', 0],
    ['596h', 596 * 3_600_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text, 'timeout')).toBe(ms);
  });

  it.each(['soon', '', '10x', '1m30', '-5s', 's', '1.2.3s', `${'9'.repeat(100)}s`])('rejects %j as a usage error naming the flag', (text) => {
    expect(() => parseDuration(text, 'timeout')).toThrow(UsageError);
    expect(() => parseDuration(text, 'timeout')).toThrow('for --timeout');
  });

  // Node fires a timer longer than 2^31-1 ms after 1 ms: `--timeout 597h` used to end every wait at once.
  it.each(['597h', '600h', '9999999999', `${MAX_TIMER_MS + 1}ms`, '1e400'])('rejects %s: longer than a timer can hold', (text) => {
    expect(() => parseDuration(text, 'request-timeout')).toThrow(/invalid value .* for --request-timeout/);
  });

  it('accepts exactly the longest timer', () => {
    expect(parseDuration(`${MAX_TIMER_MS}ms`, 'timeout')).toBe(MAX_TIMER_MS);
  });

  it('parseOptionalDuration reads 0 and nothing as "no limit of its own"', () => {
    expect(parseOptionalDuration('0', 'request-timeout')).toBeUndefined();
    expect(parseOptionalDuration(undefined, 'request-timeout')).toBeUndefined();
    expect(parseOptionalDuration('5s', 'request-timeout')).toBe(5000);
  });
});

describe('formatDuration: the flag form, pasted into a duration flag', () => {
  it.each([
    [500, '500ms'],
    [1000, '1s'],
    [1500, '1.5s'], // before: 2s, a --handshake-timeout other than the one given
    [90_000, '1m30s'],
    [240_000, '4m'],
    [3_630_250, '1h30.25s'],
  ])('%d ms is %s, and parseDuration reads it back', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text, 'timeout')).toBe(ms);
  });
});

describe('humanDuration: the prose form, read in a sentence', () => {
  it.each([
    [0, '0 ms'],
    [12.4, '12 ms'],
    [850, '850 ms'],
    [1000, '1 s'],
    [1234, '1.2 s'],
    [10_000, '10 s'],
    [59_940, '59.9 s'],
    [59_960, '1 min'],
    [90_000, '1 min 30 s'],
    [600_000, '10 min'],
    [7_500_000, '2 h 5 min'],
  ])('%d ms is %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('the one renderer of durations', () => {
  it('no module of src but core/duration.ts writes a number of milliseconds, seconds or minutes with its unit itself', () => {
    const src = join(REPO_ROOT, 'src');
    const own = /\$\{[^}]*\}(?:ms| ms| s| min)\b/;
    const offenders = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && file !== join('core', 'duration.ts'))
      .flatMap((file) => readFileSync(join(src, file), 'utf8').split('\n').filter((line) => own.test(line)).map((line) => `${relative(REPO_ROOT, join(src, file))}: ${line.trim()}`));
    expect(offenders).toEqual([]);
  });
});
