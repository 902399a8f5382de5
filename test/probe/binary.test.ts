import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BINARY_HEAD_BYTES, inspectBinary, parsePlatform } from '../../src/probe/binary.js';
import { buildGo } from '../support/go-build.js';

/** What the probe sees: the first bytes and the size. */
function inspectFile(path: string) {
  const data = readFileSync(path);
  return inspectBinary(data.subarray(0, BINARY_HEAD_BYTES), data.length, []);
}

const TARGETS = [
  ['linux', 'amd64'],
  ['linux', 'arm64'],
  ['linux', 'arm'],
  ['darwin', 'arm64'],
  ['windows', 'amd64'],
] as const;

let binaries: Record<string, string>;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'probe-binary-'));
  const built = await Promise.all(TARGETS.map(([os, arch]) => buildGo('probe-hello', { GOOS: os, GOARCH: arch, CGO_ENABLED: '0' })));
  binaries = Object.fromEntries(TARGETS.map(([os, arch], i) => [`${os}/${arch}`, built[i]!]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('inspectBinary on real executables', () => {
  it.each([
    ['linux/amd64', { format: 'elf', os: 'linux', arch: ['amd64'], bits: 64, static: true }, 'ELF 64-bit x86-64 (linux/amd64), statically linked'],
    ['linux/arm64', { format: 'elf', os: 'linux', arch: ['arm64'], bits: 64, static: true }, 'ELF 64-bit AArch64 (linux/arm64), statically linked'],
    ['linux/arm', { format: 'elf', os: 'linux', arch: ['arm'], bits: 32, static: true }, 'ELF 32-bit ARM (linux/arm), statically linked'],
    ['darwin/arm64', { format: 'macho', os: 'darwin', arch: ['arm64'], bits: 64 }, 'Mach-O 64-bit (darwin/arm64)'],
    ['windows/amd64', { format: 'pe', os: 'windows', arch: ['amd64'] }, 'PE executable (windows/amd64)'],
  ])('%s built by Go', (platform, expected, summary) => {
    const info = inspectFile(binaries[platform]!);
    expect(info).toMatchObject(expected);
    expect(info.summary).toBe(summary);
  });

  it('finds the dynamic loader of a dynamically linked system binary', () => {
    const info = inspectFile('/bin/ls');
    expect(info).toMatchObject({ format: 'elf', os: 'linux', arch: ['amd64'], static: false, interpreter: '/lib64/ld-linux-x86-64.so.2' });
    expect(info.summary).toContain('dynamically linked (interpreter /lib64/ld-linux-x86-64.so.2)');
  });

  it('reads a Mach-O universal binary', () => {
    // Header of a fat file with an x86_64 and an arm64 slice (big-endian, as on disk).
    const fat = Buffer.alloc(48);
    fat.writeUInt32BE(0xcafebabe, 0);
    fat.writeUInt32BE(2, 4);
    fat.writeUInt32BE(0x01000007, 8);
    fat.writeUInt32BE(0x0100000c, 28);
    expect(inspectBinary(fat, 100_000, [])).toMatchObject({ format: 'macho-fat', os: 'darwin', arch: ['amd64', 'arm64'] });
  });

  it('does not take a Java class file for a Mach-O universal binary', () => {
    const cls = Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0x00, 0x00, 0x00, 0x34, 0, 0]);
    expect(inspectBinary(cls, 10, []).format).not.toBe('macho-fat');
  });
});

describe('inspectBinary on release archives', () => {
  it('recognises gzip, tar and zip made from the real binary', () => {
    const bin = binaries['linux/amd64']!;
    writeFileSync(join(dir, 'plugin'), readFileSync(bin));
    execFileSync('tar', ['-cf', 'plugin.tar', 'plugin'], { cwd: dir });
    execFileSync('tar', ['-czf', 'plugin.tar.gz', 'plugin'], { cwd: dir });
    execFileSync('zip', ['-q', 'plugin.zip', 'plugin'], { cwd: dir });
    expect(inspectFile(join(dir, 'plugin.tar.gz')).format).toBe('gzip');
    expect(inspectFile(join(dir, 'plugin.tar')).format).toBe('tar');
    expect(inspectFile(join(dir, 'plugin.zip')).format).toBe('zip');
    expect(inspectBinary(gzipSync(readFileSync(bin)), 1000, []).summary).toContain('release archive');
  });
});

describe('inspectBinary on pages and scripts', () => {
  it.each([
    ['<!DOCTYPE html>\n<html><head><title>Page not found · GitHub</title></head><body>404</body></html>', 'html', 'HTML document ("Page not found · GitHub")'],
    ['\n\n  <html lang="en"><body>Sign in</body></html>', 'html', 'HTML document'],
    ['{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}', 'json', 'JSON document'],
    ['Not Found', 'text', 'text'],
    ['#!/bin/sh\nexec /plugin "$@"\n', 'script', 'script (#!/bin/sh)'],
  ])('%j', (content, format, summary) => {
    const data = Buffer.from(content);
    const info = inspectBinary(data, data.length, []);
    expect(info.format).toBe(format);
    expect(info.summary).toBe(summary);
    if (format !== 'script') expect(info.excerpt).toBe(content.replace(/\s+/g, ' ').trim());
  });

  it('says a zero-byte file is empty', () => {
    expect(inspectBinary(Buffer.alloc(0), 0, [])).toEqual({ format: 'empty', size: 0, summary: 'empty file (0 bytes)' });
  });

  it('calls random bytes unknown', () => {
    const data = Buffer.from([0x00, 0x01, 0x02, 0x03, 0xff, 0xfe, 0x00, 0x10]);
    expect(inspectBinary(data, data.length, []).format).toBe('unknown');
  });

  it('survives a truncated ELF header', () => {
    const data = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0, 1]);
    expect(inspectBinary(data, data.length, [])).toMatchObject({ format: 'elf', arch: ['amd64'], static: true });
  });
});

describe('inspectBinary on content downloaded with a header value: masked in what it quotes', () => {
  const SENT = ['Bearer s3cr3t-token'];

  it('masks it in a script\'s #! line', () => {
    const data = Buffer.from('#!/bin/sh -c "echo Bearer s3cr3t-token"\nexit 1\n');
    const info = inspectBinary(data, data.length, SENT);
    expect(info.summary).toBe('script (#!/bin/sh -c "echo ***")');
    expect(info.shebang).toBe('#!/bin/sh -c "echo ***"');
  });

  it('masks it in an ELF interpreter path', () => {
    const head = Buffer.from(readFileSync('/bin/ls').subarray(0, BINARY_HEAD_BYTES));
    head.write('s3cr3t-token', head.indexOf('/lib64/ld-linux') + '/lib64/'.length, 'latin1');
    const info = inspectBinary(head, 200_000, SENT);
    expect(info.interpreter).toBe('/lib64/***-64.so.2');
    expect(info.summary).not.toContain('s3cr3t');
  });

  it('masks it in an HTML title and excerpt', () => {
    const data = Buffer.from('<html><head><title>token Bearer s3cr3t-token</title></head><body>S3CR3T-TOKEN</body></html>');
    const info = inspectBinary(data, data.length, SENT);
    expect(info.summary).toBe('HTML document ("token ***")');
    expect(info.excerpt).toBe('<html><head><title>token ***</title></head><body>***</body></html>');
  });

  it('quotes no part of one cut in two where the text read ends', () => {
    const data = Buffer.from(`${' '.repeat(4090)}s3cr3t-token and more`);
    const info = inspectBinary(data, data.length, SENT);
    expect(info.format).toBe('text');
    expect(info.excerpt).toBe('');
  });
});

describe('parsePlatform', () => {
  it.each([
    ['linux/arm64', { os: 'linux', arch: 'arm64' }],
    [' linux/amd64 ', { os: 'linux', arch: 'amd64' }],
    ['linux', undefined],
    ['linux/arm64/v8', undefined],
    ['Linux/AMD64', undefined],
  ])('%j', (text, expected) => expect(parsePlatform(text)).toEqual(expected));
});
