/** serve's port: what each path answers before and after the first report, and --listen parsing. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { parseListen, startServeHttp } from '../../src/serve/http.js';
import type { ServeState } from '../../src/serve/loop.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serveState(state: ServeState) {
  const server = await startServeHttp({ host: '127.0.0.1', port: 0 }, { state, intervalMs: 60_000, runTimeoutMs: 120_000 });
  close = server.close;
  const get = async (path: string, method = 'GET') => {
    const response = await fetch(`${server.url}${path}`, { method });
    return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
  };
  return get;
}

describe('serve endpoints', () => {
  it('before the first report: not ready (with the last error), alive, /report 503, /metrics has only serve health', async () => {
    const get = await serveState({ runs: { succeeded: 0, failed: 1 }, running: false, lastRunAt: Date.now(), lastRunOk: false, lastError: 'cannot reach https://10.0.0.1:443' });
    expect(await get('/readyz')).toMatchObject({ status: 503, body: 'no report yet: cannot reach https://10.0.0.1:443\n' });
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/report')).status).toBe(503);
    const metrics = await get('/metrics');
    expect(metrics.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(metrics.body).toContain('rollouts_plugins_last_run_success 0\n');
    expect(metrics.body).toContain('rollouts_plugins_runs_total{result="failed"} 1\n');
    expect(metrics.body).not.toContain('rollouts_plugins_verdict');
    expect(metrics.body).not.toContain('rollouts_plugins_last_success_timestamp_seconds ');
  });

  it('a run going past --timeout + 30 s makes /healthz fail (the liveness probe restarts the pod)', async () => {
    const get = await serveState({ runs: { succeeded: 3, failed: 0 }, running: true, lastRunAt: Date.now() - 200_000, report: { verdict: {} } as unknown as Report });
    // Said as every other duration is (before: 200 s).
    expect(await get('/healthz')).toMatchObject({ status: 503, body: 'a run has been going for 3 min 20 s\n' });
    expect((await get('/readyz')).status).toBe(200);
  });

  it('with --timeout 0 (no run deadline) a long run never makes /healthz fail', async () => {
    const server = await startServeHttp({ host: '127.0.0.1', port: 0 }, { state: { runs: { succeeded: 3, failed: 0 }, running: true, lastRunAt: Date.now() - 200_000 }, intervalMs: 60_000, runTimeoutMs: 0 });
    close = server.close;
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('answers only GET and HEAD, and names its paths on a 404', async () => {
    const get = await serveState({ runs: { succeeded: 0, failed: 0 }, running: true });
    expect((await get('/metrics', 'POST')).status).toBe(405);
    expect(await get('/nope')).toMatchObject({ status: 404, body: 'not found: try /metrics, /report, /healthz, /readyz\n' });
    expect(await get('/healthz', 'HEAD')).toMatchObject({ status: 200, body: '' });
  });

  it('--listen takes :PORT, HOST:PORT and [IPv6]:PORT', () => {
    expect(parseListen(':8080')).toEqual({ host: '', port: 8080 });
    expect(parseListen('127.0.0.1:0')).toEqual({ host: '127.0.0.1', port: 0 });
    expect(parseListen('[::1]:9500')).toEqual({ host: '::1', port: 9500 });
    expect(() => parseListen('8080')).toThrow(/invalid --listen "8080"/);
    expect(() => parseListen(':70000')).toThrow(/invalid --listen/);
  });
});
