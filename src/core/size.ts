import { UsageError } from './errors.js';

const FACTORS: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9, ki: 1024, mi: 1024 ** 2, gi: 1024 ** 3 };

/** Parses a Kubernetes-style quantity of bytes ("512Mi", "1Gi", "100M", "4096") for a flag. */
export function parseSize(value: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]i?)?b?$/i.exec(value.trim());
  const factor = match ? FACTORS[(match[2] ?? '').toLowerCase()] : undefined;
  if (!match || factor === undefined) throw new UsageError(`invalid value "${value}" for --${flag}: use a size such as 512Mi or 1Gi`);
  return Math.round(Number(match[1]) * factor);
}
