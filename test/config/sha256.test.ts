/** The controller's sha256 comparison (checkShaOfPlugin), on the controller's own unit-test case. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { controllerComparedDigest, EMPTY_SHA256, onlyFileMatching } from '../../src/config/sha256.js';
import { lintConfigMapData } from '../../src/config/lint.js';

// utils/plugin/downloader_test.go: the mocked download is the 4 bytes "test", pinned with this 72-character value.
const UNIT_TEST_MOCK = Buffer.from('test');
const UNIT_TEST_SHA = '74657374e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const A_PLUGIN = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(4096, 0x90)]);

describe('the controller compares a sha256 that is not 64 characters with hex(file) + SHA-256 of nothing', () => {
  it('the 72-character value of its unit test matches its 4-byte mock', () => {
    expect(EMPTY_SHA256).toBe(createHash('sha256').digest('hex'));
    expect(controllerComparedDigest(UNIT_TEST_SHA, UNIT_TEST_MOCK)).toBe(UNIT_TEST_SHA);
    expect(onlyFileMatching(UNIT_TEST_SHA)).toEqual(UNIT_TEST_MOCK);
  });

  it('and matches nothing else: another 4 bytes, a plugin binary, the file\'s real SHA-256', () => {
    expect(controllerComparedDigest(UNIT_TEST_SHA, Buffer.from('tesT'))).not.toBe(UNIT_TEST_SHA);
    expect(controllerComparedDigest(UNIT_TEST_SHA, A_PLUGIN)).not.toBe(UNIT_TEST_SHA);
    const real = createHash('sha256').update(A_PLUGIN).digest('hex');
    expect(controllerComparedDigest(`${real}00`, A_PLUGIN)).not.toBe(`${real}00`);
    // A 64-character value is the file's SHA-256, compared exactly.
    expect(controllerComparedDigest(real, A_PLUGIN)).toBe(real);
  });

  it('no file matches a value that does not end with the SHA-256 of nothing, is shorter, or is in uppercase', () => {
    expect(onlyFileMatching('08f588b1c799a37bbe8d0fc74cc1b1492dd70b2c')).toBeUndefined();
    expect(onlyFileMatching(UNIT_TEST_SHA.toUpperCase())).toBeUndefined();
    expect(onlyFileMatching(`7${EMPTY_SHA256}`)).toBeUndefined();
  });

  it('sha256-wrong-length says which one file the value matches, and that no plugin binary does', () => {
    const data = { metricProviderPlugins: `- name: argoproj-labs/http-sha\n  location: https://test/plugin\n  sha256: ${UNIT_TEST_SHA}\n` };
    const finding = lintConfigMapData(data, []).findings.find((f) => f.id === 'sha256-wrong-length');
    expect(finding?.evidence.join('\n')).toContain('matches only a file of exactly 4 bytes whose hex is 74657374 (the text "test"), so no real plugin binary ever matches it');
  });
});
