import { describe, expect, it } from 'vitest';
import { binaryTargetOf, cannotRunReason } from '../../src/handshake/binary-target.js';

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
function pe(machine: number): Buffer {
  const b = Buffer.alloc(0x100);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  b.writeUInt16LE(machine, 0x84);
  return b;
}

describe('binaryTargetOf', () => {
  it.each([
    ['ELF x86-64', elf(0x3e), { format: 'elf', os: 'linux', arch: 'amd64' }],
    ['ELF aarch64', elf(0xb7), { format: 'elf', os: 'linux', arch: 'arm64' }],
    ['ELF FreeBSD amd64', elf(0x3e, 9), { format: 'elf', os: 'freebsd', arch: 'amd64' }],
    ['Mach-O arm64', macho(0x0100000c), { format: 'mach-o', os: 'darwin', arch: 'arm64' }],
    ['Mach-O universal', Buffer.from('cafebabe00000002', 'hex'), { format: 'mach-o', os: 'darwin', arch: 'universal' }],
    ['PE amd64', pe(0x8664), { format: 'pe', os: 'windows', arch: 'amd64' }],
    ['a shell script', Buffer.from('#!/bin/sh\nexec foo\n'), { format: 'script' }],
    ['an HTML error page', Buffer.from('<html><body>404</body></html>'), { format: 'unknown', starts: '"<html><body>404</body></"' }],
    ['an empty file', Buffer.alloc(0), { format: 'unknown', starts: '""' }],
  ])('reads %s', (_label, head, expected) => {
    expect(binaryTargetOf(head)).toEqual(expected);
  });
});

describe('cannotRunReason', () => {
  const linuxAmd64 = { os: 'linux', arch: 'amd64' };
  it.each([
    [{ format: 'elf', os: 'linux', arch: 'amd64' } as const, linuxAmd64, undefined],
    [{ format: 'script' } as const, linuxAmd64, undefined],
    [{ format: 'elf', os: 'linux', arch: 'arm64' } as const, linuxAmd64, 'it is a linux/arm64 binary and this host is linux/amd64'],
    [{ format: 'elf', os: 'linux', arch: 'amd64' } as const, { os: 'darwin', arch: 'arm64' }, 'it is a linux/amd64 binary and this host is darwin/arm64'],
    [{ format: 'mach-o', os: 'darwin', arch: 'amd64' } as const, { os: 'darwin', arch: 'arm64' }, undefined], // Rosetta 2
    [{ format: 'unknown', starts: '"<html>"' } as const, linuxAmd64, 'it is not an executable for any OS: it starts with "<html>"'],
  ])('%j on %j', (target, host, reason) => {
    expect(cannotRunReason(target, host)).toBe(reason);
  });
});
