/**
 * Whether this host can run a plugin binary. What the binary is (format, OS, CPU) is read by the
 * one binary reader, src/probe/binary.ts; this only compares it with the host.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { BINARY_HEAD_BYTES, binaryPlatform, inspectBinary, notExecutable, type BinaryInfo } from '../probe/binary.js';

export function readBinaryInfo(path: string): BinaryInfo {
  const head = Buffer.alloc(BINARY_HEAD_BYTES);
  const fd = openSync(path, 'r');
  try {
    const length = readSync(fd, head, 0, head.length, 0);
    const size = length < head.length ? length : Number.MAX_SAFE_INTEGER;
    // A file on this machine, sent with no header.
    return inspectBinary(head.subarray(0, length), size, []);
  } finally {
    closeSync(fd);
  }
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

/** Where a binary this host cannot run can be launched, as `a linux/arm64 machine`: one of its own platform. */
export function machineFor(binary: BinaryInfo): string {
  return `a ${binaryPlatform(binary)} machine`;
}

/** Undefined when the host can run it; otherwise why not. */
export function cannotRunReason(binary: BinaryInfo, host: HostPlatform): string | undefined {
  if (binary.format === 'script') return undefined;
  if (notExecutable(binary)) return `it is not an executable for any OS: it is ${binary.summary}${binary.excerpt ? ` (starts with ${JSON.stringify(binary.excerpt.slice(0, 40))})` : ''}`;
  const platform = binaryPlatform(binary);
  if (binary.os !== host.os) return `it is a ${platform} binary and this host is ${host.os}/${host.arch}`;
  if (!binary.arch?.length || binary.arch.includes(host.arch)) return undefined;
  if (host.os === 'darwin' && host.arch === 'arm64' && binary.arch.includes('amd64')) return undefined; // Rosetta 2
  return `it is a ${platform} binary and this host is ${host.os}/${host.arch}`;
}
