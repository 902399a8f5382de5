import { UsageError } from './errors.js';

const FACTORS: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9, ki: 1024, mi: 1024 ** 2, gi: 1024 ** 3 };

/** Parses a Kubernetes-style quantity of bytes ("512Mi", "1Gi", "100M", "4096") for a flag. */
export function parseSize(value: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]i?)?b?$/i.exec(value.trim());
  const factor = match ? FACTORS[(match[2] ?? '').toLowerCase()] : undefined;
  if (!match || factor === undefined) throw new UsageError(`invalid value "${value}" for --${flag}: use a size such as 512Mi or 1Gi`);
  return Math.round(Number(match[1]) * factor);
}

/** `512 B`, `3.0 KiB`, `45.2 MiB`, `1.0 GiB` (`digits` after the point above 1 KiB). */
export function formatSize(bytes: number, digits = 1): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(digits)} ${units[unit]}`;
}

/** A size with its exact byte count, for evidence: `1.5 MiB (1572864 bytes)`. */
export function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${formatSize(bytes)} (${bytes} bytes)`;
}
