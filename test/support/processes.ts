import { readFileSync } from 'node:fs';

/** Alive and not a zombie (an orphan's zombie is gone for every purpose but the process table). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
