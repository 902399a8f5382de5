/** IP addresses as Go's net package reads them: one parser, and the one loopback rule. */
import { isIP } from 'node:net';

/**
 * An address as a number. An IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, or `::ffff:7f00:1` as
 * WHATWG URLs write it) is IPv4, as Go's net.IP.To4 makes it; undefined for a name.
 */
export function parseIp(ip: string): { value: bigint; bits: 32 | 128 } | undefined {
  const version = isIP(ip);
  if (version === 4) return { value: ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n), bits: 32 };
  if (version !== 6) return undefined;
  const [left = '', right = ''] = ip.split('::');
  const leftParts = left ? left.split(':') : [];
  const rightParts = ip.includes('::') ? (right ? right.split(':') : []) : [];
  const expandV4 = (parts: string[]): string[] =>
    parts.flatMap((p) => {
      if (!p.includes('.')) return [p];
      const n = p.split('.').map(Number);
      return [((n[0]! << 8) | n[1]!).toString(16), ((n[2]! << 8) | n[3]!).toString(16)];
    });
  const l = expandV4(leftParts);
  const r = expandV4(rightParts);
  const groups = [...l, ...Array<string>(8 - l.length - r.length).fill('0'), ...r];
  const value = groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
  return value >> 32n === 0xffffn ? { value: value & 0xffffffffn, bits: 32 } : { value, bits: 128 };
}

/**
 * A loopback host as Go's httpproxy and net.IP.IsLoopback judge it: the name `localhost`, IPv4
 * 127.0.0.0/8 (mapped into IPv6 too) and ::1 in any spelling. Brackets are the caller's to strip.
 */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  const ip = parseIp(host);
  if (!ip) return false;
  return ip.bits === 32 ? ip.value >> 24n === 127n : ip.value === 1n;
}
