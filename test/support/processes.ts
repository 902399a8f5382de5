import { readdirSync, readFileSync } from 'node:fs';

/** A process's state letter and parent pid from Linux's /proc/PID/stat; undefined once it is gone. */
export function procStat(pid: number | string): { state: string; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name, which may hold spaces and parentheses: "S 1234 ..."
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: state!, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

/** Alive and not a zombie (an orphan's zombie is gone for every purpose but the process table). */
export function alive(pid: number): boolean {
  const stat = procStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

/** The pids of every process, as /proc lists them now. */
export function allPids(): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number);
}

/** The pids whose parent is `pid`. */
export function childrenOf(pid: number): number[] {
  return allPids().filter((child) => procStat(child)?.ppid === pid);
}
