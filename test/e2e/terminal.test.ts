/**
 * The demo, driven through a real terminal as a person would see it: tmux at 80x24 and 200x50,
 * `npm run demo`'s script; the screen and its scrollback are read back with capture-pane.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGo, REPO_ROOT } from '../support/go-build.js';
import { startScenario } from '../cluster/scenarios.js';
import { CLI_BIN } from '../support/cli.js';
import { waitFor } from '../support/e2e.js';
import { reportSchemaErrors } from '../support/report-schema.js';

/**
 * A dir of the test's own under /tmp, whatever TMPDIR says: a tmux socket path must fit in 108 bytes,
 * and the demo's temp dirs (its kubeconfig is in the command it prints) are then of one length and
 * seen by this test alone.
 */
const shortTempDir = (prefix: string) => mkdtempSync(join('/tmp', prefix));

describe.each([
  [80, 24],
  [200, 50],
])('the demo in a %dx%d terminal', (columns, rows) => {
  let dir: string;
  let socket: string;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8', timeout: 10_000 });
  /** The whole scrollback with lines the terminal wrapped joined again (-J), colours as escapes when `escapes`. */
  const scrollback = (escapes = false) => tmux('capture-pane', '-p', '-J', ...(escapes ? ['-e'] : []), '-S', '-', '-t', 'demo');
  let history: string;
  const demoTempDirs = () => demoTempDirsIn(dir);

  beforeAll(async () => {
    // The demo builds these itself; building them here first keeps its run within the test's time.
    await Promise.all([buildGo('plugins/trafficrouter-ok'), buildGo('plugins/metricprovider-ok')]);
    dir = shortTempDir('rp-tty-');
    socket = join(dir, 'tmux.sock');
    tmux(
      '-f', '/dev/null', 'new-session', '-d', '-s', 'demo', '-x', String(columns), '-y', String(rows),
      '-e', 'NO_COLOR=', '-e', 'TERM=xterm-256color', '-e', `TMPDIR=${dir}`,
      `cd ${REPO_ROOT} && ${process.execPath} scripts/demo.mjs; echo "[demo exit $?]"; exec sleep 600`,
    );
    tmux('set-option', '-t', 'demo', 'history-limit', '5000');
    await waitFor('the demo to finish', () => scrollback().includes('[demo exit '), 60_000);
    history = scrollback();
  }, 300_000);

  afterAll(() => {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows header, verdict, plugin table and findings, in that order, and ends cleanly', () => {
    const order = ['Context:    demo (https://127.0.0.1:', 'Controller: argo-rollouts/argo-rollouts v1.8.3', 'Pods:       1/2 ready', 'Now         BROKEN', 'On restart  BROKEN', 'TYPE   NAME', 'Findings: ', 'ERROR sha256-wrong-length', 'also seen: controller-fatal-download', 'doctor exited with 1', '[demo exit 0]'];
    const positions = order.map((text) => history.indexOf(text));
    expect(positions.every((p) => p >= 0), `missing: ${order.filter((_, i) => positions[i]! < 0).join(', ')}`).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // every name and marker whole; at 80 columns the cells are abbreviated, at 200 they are in full
    expect(history).toMatch(columns >= 200 ? /^router +argoproj-labs\/gatewayAPI +200 \S+ +ok +linux\/\S+ +ok [\d.]+ m?s\*? +1$/m : /^router +argoproj-labs\/gatewayAPI +\S+ +ok +linux\/\S+ +ok\*?/m);
    expect(history).toMatch(/^metric +argoproj-labs\/sample-prometheus /m);
    expect(history.split('\n').filter((l) => /^(router|metric|step) /.test(l) && l.includes('…'))).toEqual([]);
  });

  it('no URL, name or command is split: a line wider than the terminal is one that holds a single long piece', () => {
    // -J joined what the terminal soft-wrapped: a wider line is one the tool printed whole.
    // The notice naming the exact command and environment a plugin runs with is one long line by design;
    // a command (the demo's own `$ kubectl …` too) is printed whole, for the terminal to wrap.
    const lines = history.split('\n').filter((line) => !line.startsWith('running plugin: '));
    for (const line of lines.filter((l) => [...l].length > columns)) expect(line).toMatch(/\S{60,}|^(\$ )? *kubectl /);
    const url = /https?:\/\/127\.0\.0\.1:\d+\/argoproj-labs\/sample-rollouts-metric-plugin\/releases\/download\/v0\.0\.4\/metric-plugin-linux-amd64/g;
    expect((history.match(url) ?? []).length).toBe((history.match(/metric-plugin-linux-amd64/g) ?? []).length);
    expect((history.match(url) ?? []).length).toBeGreaterThan(2);
    expect(history.slice(0, history.indexOf('running plugin: '))).toMatch(/^\$ kubectl rollouts-plugins doctor --kubeconfig \S+\/kubeconfig$/m);
  });

  it('uses colour on a terminal, and the progress line leaves no trace in the report', () => {
    const coloured = scrollback(true);
    expect(coloured).toMatch(/\x1b\[[0-9;]*m.*BROKEN/);
    expect(history).not.toMatch(/connecting to the cluster…|reading the controller…/);
  });

  it('removed its temp dir and servers', () => {
    const kubeconfig = /--kubeconfig (\S+)\/kubeconfig$/m.exec(history)?.[1];
    expect(kubeconfig).toBeDefined();
    expect(kubeconfig!.startsWith(`${dir}/rp-demo-`)).toBe(true);
    expect(existsSync(kubeconfig!)).toBe(false);
    expect(demoTempDirs()).toEqual([]);
    const port = /Context: {4}demo \(https:\/\/127\.0\.0\.1:(\d+)\)/.exec(history)?.[1];
    expect(port).toBeDefined();
    expect(() => execFileSync(process.execPath, ['-e', `require('net').connect(${port}, '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(1))`], { timeout: 5_000 })).toThrow();
  });
});

describe('the demo on a machine without Go', () => {
  it('says so, serves stand-ins that the binary checks flag, and still ends with the report', async () => {
    const before = demoTempDirsIn(tmpdir());
    const started = Date.now();
    const child = spawn(process.execPath, ['scripts/demo.mjs', '-o', 'json'], { cwd: REPO_ROOT, env: { ...process.env, DEMO_WITHOUT_GO: '1' }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000); // the demo is meant to be quick (dist/ is built)
    expect(stderr).toContain('Go is not installed: the plugin server holds stand-in scripts');
    const report = JSON.parse(stdout) as { verdict: { onRestart: { state: string } }; findings: { id: string; plugin?: { name: string }; symptoms?: { id: string }[] }[] };
    expect(report.verdict.onRestart.state).toBe('broken');
    expect(report.findings.filter((f) => f.id === 'binary-is-script').map((f) => f.plugin?.name).sort()).toEqual(['argoproj-labs/gatewayAPI', 'argoproj-labs/sample-prometheus']);
    // the controller's fatal line is folded into its cause, the 40-character sha256
    const sha = report.findings.find((f) => f.id === 'sha256-wrong-length');
    expect(sha?.symptoms?.map((s) => s.id)).toEqual(expect.arrayContaining(['controller-fatal-download']));
    expect(report.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['sha256-wrong-length', 'plugin-not-configured', 'config-drift-restart-pending']));
    expect(demoTempDirsIn(tmpdir()).filter((name) => !before.includes(name))).toEqual([]);
  });
});

function demoTempDirsIn(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith('rp-demo-'));
}

describe('-o json in a terminal', () => {
  it('shows progress on the terminal while the redirected stdout gets nothing but the JSON document', async () => {
    const scenario = await startScenario(['crashloop-fatal-download.yaml']);
    const dir = shortTempDir('rp-tty-json-');
    const socket = join(dir, 'tmux.sock');
    const tmux = (...args: string[]) => execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8', timeout: 10_000 });
    try {
      const out = join(dir, 'report.json');
      const raw = join(dir, 'terminal.log');
      const command = `${process.execPath} ${CLI_BIN} --kubeconfig ${scenario.kubeconfig()} --skip probe --skip binary --skip handshake -o json > ${out}`;
      // the pause lets pipe-pane attach before the first byte
      tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'json', '-x', '80', '-y', '24', '-e', 'NO_COLOR=', `sleep 0.5; ${command}; echo "[exit $?]"; exec sleep 600`);
      tmux('pipe-pane', '-o', '-t', 'json', `cat >> ${raw}`);
      await waitFor('doctor to finish', () => tmux('capture-pane', '-p', '-t', 'json').includes('[exit '), 30_000);
      expect(tmux('capture-pane', '-p', '-t', 'json')).toContain('[exit 1]');
      const report: unknown = JSON.parse(readFileSync(out, 'utf8'));
      expect(reportSchemaErrors(report)).toEqual([]);
      const terminal = readFileSync(raw, 'utf8');
      expect(terminal).toContain('reading the controller…'); // progress was shown, on the terminal only
      expect(terminal).not.toContain('"findings"');
    } finally {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
      await scenario.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
