/**
 * serve's one port: /metrics (Prometheus text), /report (the latest report as JSON), /healthz (the
 * loop is alive) and /readyz (a first report exists). Bounded: GET and HEAD only, no request body
 * read, idle connections closed.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChangeState } from '../core/change-detection.js';
import { UsageError } from '../core/errors.js';
import { renderJson } from '../render/json.js';
import { renderServeMetrics } from '../render/prometheus.js';
import type { ServeState } from './loop.js';
import { humanDuration } from '../core/duration.js';

export interface ListenAddress {
  host: string;
  port: number;
}

/** `:8080`, `127.0.0.1:8080`, `[::1]:8080`; an empty host listens on every interface. */
export function parseListen(value: string): ListenAddress {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new UsageError(`invalid --listen "${value}": use HOST:PORT or :PORT, e.g. :8080 or 127.0.0.1:8080`);
  return { host: m[1] ?? m[2] ?? '', port };
}

export interface ServeEndpoints {
  state: ServeState;
  /** How changes are detected (watch, poll); absent: not shown. */
  changes?: ChangeState;
  /** The heap in use after the last run's collection; absent before the first run ends. */
  memory?: { heapAfterRunBytes?: number };
  intervalMs: number;
  /** How long a run may take (--timeout): a run older than this plus the interval means the loop is stuck. */
  runTimeoutMs: number;
}

const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export async function startServeHttp(address: ListenAddress, endpoints: ServeEndpoints): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'only GET and HEAD\n');
    const { state } = endpoints;
    const path = new URL(req.url ?? '/', 'http://serve').pathname;
    switch (path) {
      case '/metrics':
        return send(200, renderServeMetrics(state.report, {
          succeeded: state.runs.succeeded,
          failed: state.runs.failed,
          ...(state.lastRunOk !== undefined ? { lastRunOk: state.lastRunOk } : {}),
          ...(state.lastSuccessAt !== undefined ? { lastSuccessAt: state.lastSuccessAt } : {}),
          ...(state.lastRunMs !== undefined ? { lastRunMs: state.lastRunMs } : {}),
          intervalMs: endpoints.intervalMs,
          residentBytes: process.memoryUsage.rss(),
          heapUsedBytes: process.memoryUsage().heapUsed,
          ...(endpoints.changes ? { changes: endpoints.changes } : {}),
          ...(endpoints.memory?.heapAfterRunBytes !== undefined ? { heapAfterRunBytes: endpoints.memory.heapAfterRunBytes } : {}),
        }), PROMETHEUS_CONTENT_TYPE);
      case '/report':
        return state.report
          ? send(200, renderJson(state.report), 'application/json')
          : send(503, `${JSON.stringify({ error: state.lastError ?? 'the first run has not finished yet' })}\n`, 'application/json');
      case '/healthz': {
        const stuck = endpoints.runTimeoutMs > 0 && state.running && state.lastRunAt !== undefined && Date.now() - state.lastRunAt > endpoints.runTimeoutMs + 30_000;
        return stuck ? send(503, `a run has been going for ${humanDuration(Date.now() - state.lastRunAt!)}\n`) : send(200, 'ok\n');
      }
      case '/readyz':
        return state.report ? send(200, 'ok\n') : send(503, `no report yet${state.lastError ? `: ${state.lastError}` : ''}\n`);
      default:
        return send(404, 'not found: try /metrics, /report, /healthz, /readyz\n');
    }
  });
  server.keepAliveTimeout = 5_000;
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host || undefined, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return {
    url: `http://${host}:${bound.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
