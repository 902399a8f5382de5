/**
 * Which OS and CPU a binary is for, from the first bytes of its header (ELF, Mach-O, PE), and
 * whether this host can run it. Only what deciding "can we launch it here" needs.
 */
import { openSync, readSync, closeSync } from 'node:fs';

export interface BinaryTarget {
  format: 'elf' | 'mach-o' | 'pe' | 'script' | 'unknown';
  /** Go's GOOS spelling: linux, darwin, windows, freebsd... */
  os?: string;
  /** Go's GOARCH spelling: amd64, arm64, 386, arm... */
  arch?: string;
  /** For `unknown`: what the file starts with, e.g. `<!DOCTYPE html>`. */
  starts?: string;
}

const ELF_MACHINES: Record<number, string> = { 0x03: '386', 0x28: 'arm', 0x3e: 'amd64', 0xb7: 'arm64', 0xf3: 'riscv64', 0x16: 's390x', 0x15: 'ppc64' };
const ELF_OSABI: Record<number, string> = { 0: 'linux', 3: 'linux', 9: 'freebsd', 12: 'openbsd', 2: 'netbsd' };
const MACHO_CPUS: Record<number, string> = { 0x01000007: 'amd64', 0x0100000c: 'arm64', 7: '386' };
const PE_MACHINES: Record<number, string> = { 0x8664: 'amd64', 0xaa64: 'arm64', 0x14c: '386' };

export function readBinaryTarget(path: string): BinaryTarget {
  const head = Buffer.alloc(4096);
  const fd = openSync(path, 'r');
  let length: number;
  try {
    length = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return binaryTargetOf(head.subarray(0, length));
}

export function binaryTargetOf(head: Buffer): BinaryTarget {
  if (head.length >= 20 && head.readUInt32BE(0) === 0x7f454c46) {
    const littleEndian = head[5] === 1;
    const machine = littleEndian ? head.readUInt16LE(18) : head.readUInt16BE(18);
    let arch = ELF_MACHINES[machine];
    if (arch === 'ppc64' && littleEndian) arch = 'ppc64le';
    return { format: 'elf', os: ELF_OSABI[head[7] ?? 0] ?? `elf-osabi-${head[7]}`, arch: arch ?? `elf-machine-0x${machine.toString(16)}` };
  }
  if (head.length >= 8) {
    const magicLE = head.readUInt32LE(0);
    if (magicLE === 0xfeedfacf || magicLE === 0xfeedface) {
      const cpu = head.readUInt32LE(4);
      return { format: 'mach-o', os: 'darwin', arch: MACHO_CPUS[cpu] ?? `mach-o-cpu-0x${cpu.toString(16)}` };
    }
    if (head.readUInt32BE(0) === 0xcafebabe) return { format: 'mach-o', os: 'darwin', arch: 'universal' };
  }
  if (head.length >= 0x40 && head.toString('latin1', 0, 2) === 'MZ') {
    const peOffset = head.readUInt32LE(0x3c);
    if (peOffset + 6 <= head.length && head.toString('latin1', peOffset, peOffset + 4) === 'PE\0\0') {
      const machine = head.readUInt16LE(peOffset + 4);
      return { format: 'pe', os: 'windows', arch: PE_MACHINES[machine] ?? `pe-machine-0x${machine.toString(16)}` };
    }
    return { format: 'pe', os: 'windows' };
  }
  if (head.toString('latin1', 0, 2) === '#!') return { format: 'script' };
  return { format: 'unknown', starts: JSON.stringify(head.toString('latin1', 0, 24)) };
}

export interface HostPlatform {
  os: string;
  arch: string;
}

export function hostPlatform(): HostPlatform {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const arch = ({ x64: 'amd64', ia32: '386' } as Record<string, string>)[process.arch] ?? process.arch;
  return { os, arch };
}

/** Undefined when the host can run it; otherwise why not. */
export function cannotRunReason(target: BinaryTarget, host: HostPlatform): string | undefined {
  if (target.format === 'script') return undefined;
  if (target.format === 'unknown') return `it is not an executable for any OS: it starts with ${target.starts}`;
  if (target.os !== host.os) return `it is a ${target.os}/${target.arch ?? '?'} binary and this host is ${host.os}/${host.arch}`;
  if (target.arch === undefined || target.arch === host.arch || target.arch === 'universal') return undefined;
  if (host.os === 'darwin' && host.arch === 'arm64' && target.arch === 'amd64') return undefined; // Rosetta 2
  return `it is a ${target.os}/${target.arch} binary and this host is ${host.os}/${host.arch}`;
}
