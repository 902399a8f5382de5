/**
 * What a downloaded plugin file is, read from its first bytes only (pure: no I/O). The controller
 * execs whatever it saved, so an HTML error page, a release archive or a macOS build all "download
 * fine" and fail later; this names the format, OS, architecture and, for ELF, whether it needs a
 * dynamic loader that the distroless controller image does not have.
 */

import { longestSecretForm, maskSecrets } from '../core/redact.js';

/** How many leading bytes `inspectBinary` needs to see everything it reports. */
export const BINARY_HEAD_BYTES = 64 * 1024;

declare const shown: unique symbol;
/** Text of downloaded content that a report may quote: made by `shownText` alone. */
export type ShownText = string & { readonly [shown]: true };

/**
 * The one door from downloaded bytes to text a report quotes (a server may echo the request's
 * headers in any body, a 200 too): the values sent with the download are masked in every form a
 * server may echo them (maskSecrets), then, when the content goes on past `bytes`, its last characters
 * (as many as one encoded value takes) are dropped: a value cut in two there could not be masked.
 */
export function shownText(bytes: Uint8Array, secrets: readonly string[], goesOn: boolean): ShownText {
  const text = maskSecrets(Buffer.from(bytes).toString('utf8'), secrets);
  return (goesOn ? text.slice(0, Math.max(0, text.length - longestSecretForm(secrets))) : text) as ShownText;
}

export type BinaryFormat =
  | 'elf'
  | 'macho'
  | 'macho-fat'
  | 'pe'
  | 'script'
  | 'gzip'
  | 'tar'
  | 'zip'
  | 'xz'
  | 'bzip2'
  | 'zstd'
  | 'html'
  | 'json'
  | 'text'
  | 'empty'
  | 'unknown';

export const ARCHIVE_FORMATS: ReadonlySet<BinaryFormat> = new Set(['gzip', 'tar', 'zip', 'xz', 'bzip2', 'zstd']);

/** A platform in Go's GOOS/GOARCH words, as `--platform linux/arm64` and node labels spell it. */
export interface Platform {
  os: string;
  arch: string;
}

export interface BinaryInfo {
  format: BinaryFormat;
  /** Size of the whole file in bytes. */
  size: number;
  /** GOOS-style OS when the format says it: linux, darwin, windows, freebsd... */
  os?: string;
  /** GOARCH-style architectures (several for a Mach-O universal binary). */
  arch?: string[];
  /** ELF word size. */
  bits?: 32 | 64;
  /** ELF: true when there is no PT_INTERP segment (runs without a libc). */
  static?: boolean;
  /** ELF: the dynamic loader named by PT_INTERP, e.g. /lib64/ld-linux-x86-64.so.2. */
  interpreter?: string;
  /** ELF: why the kernel refuses to execute it (execve fails with ENOEXEC, "exec format error"). */
  notLoadable?: string;
  /** Script: the `#!` line. */
  shebang?: string;
  /** HTML/JSON/text: the start of the content, whitespace collapsed, for evidence. */
  excerpt?: string;
  /** One line for people: `ELF 64-bit x86_64 (linux/amd64), statically linked`. */
  summary: string;
}

const ELF_MACHINES: Record<number, { arch: string; name: string }> = {
  0x03: { arch: '386', name: 'x86' },
  0x08: { arch: 'mips', name: 'MIPS' },
  0x14: { arch: 'ppc', name: 'PowerPC' },
  0x15: { arch: 'ppc64', name: 'PowerPC64' },
  0x16: { arch: 's390x', name: 'S/390' },
  0x28: { arch: 'arm', name: 'ARM' },
  0x3e: { arch: 'amd64', name: 'x86-64' },
  0xb7: { arch: 'arm64', name: 'AArch64' },
  0xf3: { arch: 'riscv64', name: 'RISC-V' },
  0x102: { arch: 'loong64', name: 'LoongArch' },
};

const ELF_OSABI: Record<number, string> = { 0: 'linux', 3: 'linux', 2: 'netbsd', 6: 'solaris', 9: 'freebsd', 12: 'openbsd' };

const MACHO_CPUS: Record<number, string> = {
  7: '386',
  0x01000007: 'amd64',
  12: 'arm',
  0x0100000c: 'arm64',
  18: 'ppc',
  0x01000012: 'ppc64',
};

const PE_MACHINES: Record<number, string> = { 0x14c: '386', 0x8664: 'amd64', 0x1c0: 'arm', 0x1c4: 'arm', 0xaa64: 'arm64' };

const PT_INTERP = 3;

function startsWith(head: Uint8Array, bytes: readonly number[], at = 0): boolean {
  return bytes.every((b, i) => head[at + i] === b);
}

/** Reads a C string, or undefined when it is not entirely inside `head`. */
function cString(head: Uint8Array, offset: number, length: number): string | undefined {
  if (offset < 0 || offset + length > head.length) return undefined;
  const raw = Buffer.from(head.subarray(offset, offset + length)).toString('latin1');
  const nul = raw.indexOf('\0');
  return nul === -1 ? raw : raw.slice(0, nul);
}

const ET_EXEC = 2;
const ET_DYN = 3;

/** What Linux's ELF loader checks before anything else (load_elf_binary), as the reason it would refuse. */
function elfNotLoadable(type: number, bits: 32 | 64, phoff: number, phentsize: number, phnum: number, size: number): string | undefined {
  if (type !== ET_EXEC && type !== ET_DYN) return `it is an ELF file of type ${type}, neither an executable nor a position-independent one`;
  if (phentsize !== (bits === 64 ? 56 : 32) || phnum === 0) return 'its ELF program header table is malformed';
  if (phoff + phnum * phentsize > size) return `its ELF program header table ends at byte ${phoff + phnum * phentsize}, past the end of the ${size}-byte file (cut short?)`;
  return undefined;
}

function inspectElf(head: Uint8Array, size: number, secrets: readonly string[]): BinaryInfo {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const bits = head[4] === 2 ? 64 : 32;
  const little = head[5] !== 2;
  const u16 = (at: number) => (at + 2 <= head.length ? view.getUint16(at, little) : 0);
  const u32 = (at: number) => (at + 4 <= head.length ? view.getUint32(at, little) : 0);
  const word = (at: number) => (bits === 64 ? (at + 8 <= head.length ? Number(view.getBigUint64(at, little)) : 0) : u32(at));
  const machineCode = u16(18);
  const machine = ELF_MACHINES[machineCode];
  let arch = machine?.arch ?? `elf-machine-0x${machineCode.toString(16)}`;
  // PowerPC64 and MIPS name their little-endian flavour separately in GOARCH.
  if (little && (arch === 'ppc64' || arch === 'mips')) arch = `${arch}le`;
  if (bits === 64 && arch === 'mips') arch = little ? 'mips64le' : 'mips64';
  const os = ELF_OSABI[head[7] ?? 0] ?? `elf-osabi-${head[7]}`;

  const phoff = word(bits === 64 ? 32 : 28);
  const phentsize = u16(bits === 64 ? 54 : 42);
  const phnum = u16(bits === 64 ? 56 : 44);
  let interpreter: string | undefined;
  let interpFound = false;
  for (let i = 0; i < phnum && phentsize > 0; i++) {
    const ph = phoff + i * phentsize;
    if (ph + phentsize > head.length) break;
    if (u32(ph) !== PT_INTERP) continue;
    interpFound = true;
    const offset = word(bits === 64 ? ph + 8 : ph + 4);
    const filesz = word(bits === 64 ? ph + 32 : ph + 16);
    const path = cString(head, offset, Math.min(filesz, 4096));
    // Read whole from the file, so a value in it is masked whole.
    interpreter = path === undefined ? undefined : maskSecrets(path, secrets);
  }
  const linkage = interpFound ? `dynamically linked${interpreter ? ` (interpreter ${interpreter})` : ''}` : 'statically linked';
  const notLoadable = elfNotLoadable(u16(16), bits, phoff, phentsize, phnum, size);
  return {
    format: 'elf',
    size,
    os,
    arch: [arch],
    bits,
    static: !interpFound,
    ...(interpreter ? { interpreter } : {}),
    ...(notLoadable ? { notLoadable } : {}),
    summary: `ELF ${bits}-bit ${machine?.name ?? arch} (${os}/${arch}), ${linkage}`,
  };
}

function inspectMachO(head: Uint8Array, size: number): BinaryInfo | undefined {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const magicBE = view.getUint32(0, false);
  if (magicBE === 0xcafebabe || magicBE === 0xcafebabf) {
    // Java class files share 0xCAFEBABE; their next word (the class version) is always >= 45.
    const count = head.length >= 8 ? view.getUint32(4, false) : 0;
    if (count === 0 || count >= 20) return undefined;
    const entry = magicBE === 0xcafebabf ? 32 : 20;
    const arch: string[] = [];
    for (let i = 0; i < count && 8 + (i + 1) * entry <= head.length; i++) {
      const cpu = view.getUint32(8 + i * entry, false);
      arch.push(MACHO_CPUS[cpu] ?? `macho-cpu-0x${cpu.toString(16)}`);
    }
    return { format: 'macho-fat', size, os: 'darwin', arch, summary: `Mach-O universal binary (${arch.map((a) => `darwin/${a}`).join(', ')})` };
  }
  const magicLE = view.getUint32(0, true);
  const kinds: Record<number, { little: boolean; bits: 32 | 64 }> = {
    0xfeedface: { little: true, bits: 32 },
    0xfeedfacf: { little: true, bits: 64 },
  };
  const kind = kinds[magicLE] ?? (magicBE === 0xfeedface || magicBE === 0xfeedfacf ? { little: false, bits: magicBE === 0xfeedfacf ? 64 : 32 } : undefined);
  if (!kind || head.length < 8) return undefined;
  const cpu = view.getUint32(4, kind.little);
  const arch = MACHO_CPUS[cpu] ?? `macho-cpu-0x${cpu.toString(16)}`;
  return { format: 'macho', size, os: 'darwin', arch: [arch], bits: kind.bits, summary: `Mach-O ${kind.bits}-bit (darwin/${arch})` };
}

function inspectPe(head: Uint8Array, size: number): BinaryInfo | undefined {
  if (head.length < 0x40) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const peOffset = view.getUint32(0x3c, true);
  if (peOffset + 6 > head.length || !startsWith(head, [0x50, 0x45, 0, 0], peOffset)) return undefined;
  const machine = view.getUint16(peOffset + 4, true);
  const arch = PE_MACHINES[machine] ?? `pe-machine-0x${machine.toString(16)}`;
  return { format: 'pe', size, os: 'windows', arch: [arch], summary: `PE executable (windows/${arch})` };
}

const ARCHIVE_MAGICS: { format: BinaryFormat; bytes: number[]; at?: number; name: string }[] = [
  { format: 'gzip', bytes: [0x1f, 0x8b], name: 'gzip-compressed data (a .tar.gz / .gz release archive)' },
  { format: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04], name: 'Zip archive' },
  { format: 'zip', bytes: [0x50, 0x4b, 0x05, 0x06], name: 'Zip archive (empty)' },
  { format: 'xz', bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], name: 'xz-compressed data' },
  { format: 'bzip2', bytes: [0x42, 0x5a, 0x68], name: 'bzip2-compressed data' },
  { format: 'zstd', bytes: [0x28, 0xb5, 0x2f, 0xfd], name: 'Zstandard-compressed data' },
  { format: 'tar', bytes: [...Buffer.from('ustar')], at: 257, name: 'tar archive' },
];

/** Collapses whitespace (in the first `within` characters) and cuts, so an error page reads as one evidence line. */
export function excerptOf(text: ShownText, max = 200, within = text.length): string {
  const oneLine = text.slice(0, within).replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

function isMostlyText(head: Uint8Array): boolean {
  const sample = head.subarray(0, 4096);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return false;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control++;
  }
  return control <= sample.length / 100;
}

/** The bytes whose text an HTML, JSON or text file's evidence is read from. */
const TEXT_WINDOW_BYTES = 4096;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** `bytes` of content of `size` bytes as text a report may quote. */
function shownPart(bytes: Uint8Array, size: number, secrets: readonly string[]): ShownText {
  return shownText(bytes, secrets, size > bytes.length);
}

/**
 * Identifies a file from its first bytes (`BINARY_HEAD_BYTES` are enough) and its total size.
 * `secrets`: the values sent with its download, masked in every text it quotes (none for a local file).
 * Never throws: anything unrecognised is `unknown`.
 */
export function inspectBinary(head: Uint8Array, size: number, secrets: readonly string[]): BinaryInfo {
  if (size === 0 || head.length === 0) return { format: 'empty', size, summary: 'empty file (0 bytes)' };
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46]) && head.length >= 20) return inspectElf(head, size, secrets);
  if (head.length >= 4) {
    const macho = inspectMachO(head, size);
    if (macho) return macho;
  }
  if (startsWith(head, [0x4d, 0x5a])) {
    const pe = inspectPe(head, size);
    if (pe) return pe;
  }
  for (const magic of ARCHIVE_MAGICS) {
    if (startsWith(head, magic.bytes, magic.at ?? 0)) return { format: magic.format, size, summary: magic.name };
  }
  if (startsWith(head, [0x23, 0x21])) {
    const firstLine = (shownPart(head.subarray(0, 256), size, secrets).split('\n')[0] ?? '').trim();
    return { format: 'script', size, shebang: firstLine, summary: `script (${firstLine})` };
  }
  if (isMostlyText(head)) {
    const bom = startsWith(head, UTF8_BOM) ? UTF8_BOM.length : 0;
    const text = shownPart(head.subarray(bom, TEXT_WINDOW_BYTES), size - bom, secrets);
    const trimmed = text.trimStart();
    const excerpt = excerptOf(text);
    if (/^<!doctype html|^<html|<html[\s>]|<head[\s>]|<body[\s>]/i.test(trimmed.slice(0, 1024))) {
      // A part of shown text: masked with the whole.
      const title = /<title[^>]*>([^<]*)</i.exec(text)?.[1]?.trim() as ShownText | undefined;
      return { format: 'html', size, excerpt, summary: `HTML document${title ? ` ("${excerptOf(title, 80)}")` : ''}` };
    }
    if (/^[[{]/.test(trimmed)) return { format: 'json', size, excerpt, summary: 'JSON document' };
    return { format: 'text', size, excerpt, summary: 'text' };
  }
  return { format: 'unknown', size, summary: 'unrecognised data' };
}

/** Formats a binary check judges no plugin binary at all (binary-is-json, -html, -text): an error or API page, whose sha256 is never a pin. */
const PAGE_FORMATS: ReadonlySet<BinaryFormat> = new Set(['json', 'html', 'text']);

export function isPage(binary: BinaryInfo | undefined): binary is BinaryInfo {
  return binary !== undefined && PAGE_FORMATS.has(binary.format);
}

const EXECUTABLE_FORMATS: ReadonlySet<BinaryFormat> = new Set(['elf', 'macho', 'macho-fat', 'pe', 'script']);

/** True when no OS could execute it (a web page, an archive, an empty file...): nothing the handshake can launch. */
export function notExecutable(binary: BinaryInfo): boolean {
  return !EXECUTABLE_FORMATS.has(binary.format);
}

/** Parses `linux/arm64`; undefined for anything else. */
export function parsePlatform(text: string): Platform | undefined {
  const match = /^([a-z0-9]+)\/([a-z0-9]+)$/.exec(text.trim());
  return match ? { os: match[1]!, arch: match[2]! } : undefined;
}

/** What a binary is built for, in --platform's words: `linux/amd64`, `darwin/amd64+arm64` (a universal binary), `?` where its header does not say. */
export function binaryPlatform(binary: BinaryInfo): string {
  return `${binary.os ?? '?'}/${binary.arch?.join('+') ?? '?'}`;
}

export function formatPlatform(platform: Platform): string {
  return `${platform.os}/${platform.arch}`;
}
