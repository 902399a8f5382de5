/** Shared by the benches: run a command under /usr/bin/time for its wall time and peak RSS; the median. */
import { spawn } from 'node:child_process';

/**
 * Wall ms and peak RSS (MiB) of one run. doctor exits 1 when it finds problems: only a crash (or
 * no measurement) is a failed run.
 */
export function measure(command, args, env, timeoutMs) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    // Its own process group: at the timeout the measured command is ended too, not only time(1).
    const child = spawn('/usr/bin/time', ['-f', '%M', command, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    const timer = timeoutMs ? setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch {} }, timeoutMs) : undefined;
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const rssKiB = Number(stderr.trim().split('\n').at(-1));
      if (code !== null && code > 1) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      else if (!Number.isFinite(rssKiB)) reject(new Error(`no RSS measured: ${stderr.slice(-500)}`));
      else resolve({ ms, rssMiB: rssKiB / 1024 });
    });
  });
}

/** The median of some numbers (the mean of the middle two when their count is even). */
export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
