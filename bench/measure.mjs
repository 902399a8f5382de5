/** Shared by the benches: run a command under /usr/bin/time for its wall time and peak RSS. */
import { spawn } from 'node:child_process';

/**
 * Wall ms and peak RSS (MiB) of one run. doctor exits 1 when it finds problems: only a crash (or
 * no measurement) is a failed run.
 */
export function measure(command, args, env, timeoutMs) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%M', command, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'], timeout: timeoutMs });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const rssKiB = Number(stderr.trim().split('\n').at(-1));
      if (code !== null && code > 1) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      else if (!Number.isFinite(rssKiB)) reject(new Error(`no RSS measured: ${stderr.slice(-500)}`));
      else resolve({ ms, rssMiB: rssKiB / 1024 });
    });
  });
}
