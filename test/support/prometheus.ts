/**
 * Debian's real Prometheus on loopback for end-to-end tests: a temp config and storage dir, a free
 * port, killed and removed by stop().
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './e2e.js';

export interface PrometheusServer {
  url: string;
  /** The value of an instant query's single result, or undefined when it has none. */
  query(expr: string): Promise<number | undefined>;
  /** Label sets and values of an instant query. */
  queryAll(expr: string): Promise<{ metric: Record<string, string>; value: number }[]>;
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts prometheus scraping `target` (host:port) every `scrapeInterval`; resolves once it is ready. */
export async function startPrometheus(target: string, scrapeInterval = '1s'): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'prometheus-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    `global:\n  scrape_interval: ${scrapeInterval}\n  evaluation_interval: ${scrapeInterval}\nscrape_configs:\n  - job_name: rollouts-plugins\n    static_configs:\n      - targets: ['${target}']\n`,
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn('prometheus', [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  };
  const queryAll = async (expr: string) => {
    const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`, { signal: AbortSignal.timeout(5_000) });
    const body = (await response.json()) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    if (body.status !== 'success') throw new Error(`query ${expr} failed: ${JSON.stringify(body)}`);
    return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  };
  let ready = false;
  const poll = setInterval(() => {
    fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) }).then((r) => (ready ||= r.ok), () => undefined);
  }, 100);
  try {
    await waitFor('prometheus to be ready', () => ready || child.exitCode !== null, 30_000);
  } finally {
    clearInterval(poll);
  }
  if (!ready) {
    await stop();
    throw new Error(`prometheus exited: ${output}`);
  }
  return {
    url,
    queryAll,
    query: async (expr) => (await queryAll(expr))[0]?.value,
    output: () => output,
    stop,
  };
}
