/** Can this host run it? Judged from what the one binary reader (src/probe/binary.ts) reads in real header bytes. */
import { describe, expect, it } from 'vitest';
import { cannotRunReason } from '../../src/handshake/binary-target.js';
import { inspectBinary } from '../../src/probe/binary.js';

function elf(machine: number, osabi = 0): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt32BE(0x7f454c46, 0);
  b[4] = 2; // 64-bit
  b[5] = 1; // little-endian
  b[7] = osabi;
  b.writeUInt16LE(machine, 18);
  return b;
}
function macho(cpu: number): Buffer {
  const b = Buffer.alloc(32);
  b.writeUInt32LE(0xfeedfacf, 0);
  b.writeUInt32LE(cpu, 4);
  return b;
}

const read = (head: Buffer) => inspectBinary(head, head.length, []);
const linuxAmd64 = { os: 'linux', arch: 'amd64' };

describe('cannotRunReason', () => {
  it.each([
    ['ELF x86-64 on linux/amd64', read(elf(0x3e)), linuxAmd64, undefined],
    ['a shell script', read(Buffer.from('#!/bin/sh\nexec foo\n')), linuxAmd64, undefined],
    ['ELF aarch64 on linux/amd64', read(elf(0xb7)), linuxAmd64, 'it is a linux/arm64 binary and this host is linux/amd64'],
    ['ELF x86-64 on darwin/arm64', read(elf(0x3e)), { os: 'darwin', arch: 'arm64' }, 'it is a linux/amd64 binary and this host is darwin/arm64'],
    ['Mach-O x86-64 on darwin/arm64 (Rosetta 2)', read(macho(0x01000007)), { os: 'darwin', arch: 'arm64' }, undefined],
  ])('%s', (_label, binary, host, reason) => {
    expect(cannotRunReason(binary, host)).toBe(reason);
  });

  it.each([
    ['an HTML error page', Buffer.from('<html><body>404</body></html>'), /not an executable for any OS: it is HTML document/],
    ['an empty file', Buffer.alloc(0), /not an executable for any OS: it is empty file/],
  ])('%s is no executable for any host', (_label, head, reason) => {
    expect(cannotRunReason(read(head), linuxAmd64)).toMatch(reason);
  });
});
