/** A download the run's --timeout cuts: what had arrived, and what cut it. */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

describe('lint --probe with a server slower than --timeout', () => {
  let server: Server;
  let dir: string;
  let config: string;
  beforeAll(async () => {
    // 64 KiB every 50 ms of a 50 MiB body: megabytes arrive, the whole never does.
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
      const timer = setInterval(() => res.write(Buffer.alloc(64 * 1024, 1)), 50);
      req.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    dir = mkdtempSync(join(tmpdir(), 'download-cut-'));
    config = join(dir, 'argo-rollouts-config.yaml');
    writeFileSync(
      config,
      ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: argo-rollouts-config', 'data:', '  trafficRouterPlugins: |-', '    - name: "a/slow"', `      location: "http://127.0.0.1:${port}/p"`, `      sha256: "${'0'.repeat(64)}"`, ''].join('\n'),
    );
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the bytes that had arrived and names --timeout as what cut the download', async () => {
    const run = await runCli(['lint', '-f', config, '--probe', '--timeout', '4s', '-o', 'json', '--no-cache']);
    const report = JSON.parse(run.stdout) as { plugins: { download: { bytes: number } }[]; findings: { id: string; title: string; evidence: string[] }[] };
    const bytes = report.plugins[0]!.download.bytes;
    expect(bytes).toBeGreaterThan(256 * 1024);
    const cut = report.findings.find((f) => f.id === 'download-cancelled')!;
    expect(cut.title).toContain(`cancelled after ${bytes} bytes`);
    expect(cut.evidence).toEqual([expect.stringMatching(/^\d+(\.\d)? (KiB|MiB) arrived in (\d+ ms|\d+(\.\d)? s), then cancelled: the run's --timeout ran out$/)]);
  });
});
