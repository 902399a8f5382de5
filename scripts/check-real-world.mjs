// Lints every YAML file of a directory as a user would (`kubectl rollouts-plugins lint -f FILE`) and
// prints one row per file: exit code, the on-restart verdict, and the errors and warnings found.
// A file may name its extra flags on a `# lint-args: --controller-version v1.7.0` line.
// Usage: npm run check:real-world -- DIR   (builds first; reads the files, never the network)
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const dir = process.argv[2];
if (!dir || !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
  console.error('usage: npm run check:real-world -- DIR   (a directory of ConfigMaps, manifests or helm values)');
  process.exit(2);
}
const cli = new URL('../bin/kubectl-rollouts_plugins', import.meta.url).pathname;
const TIMEOUT_MS = 30_000;

function yamlFiles(root) {
  return readdirSync(root, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? yamlFiles(join(root, e.name)) : /\.ya?ml$/i.test(e.name) ? [join(root, e.name)] : []))
    .sort();
}

/** Only flags, split on blanks: the line is data, never run by a shell. */
function lintArgs(file) {
  const line = /^#\s*lint-args:(.*)$/m.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
  return line.split(/\s+/).filter(Boolean);
}

function lint(file, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'lint', '-f', file, ...args, '-o', 'json', '--no-color'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: signal ? `killed (${signal})` : code, stdout, stderr });
    });
  });
}

const rows = [];
for (const file of yamlFiles(dir)) {
  const args = lintArgs(file);
  const { code, stdout, stderr } = await lint(file, args);
  let verdict = '-';
  let findings = stderr.trim().split('\n')[0] ?? '';
  try {
    const report = JSON.parse(stdout);
    verdict = report.verdict?.onRestart?.state ?? '-';
    findings = (report.findings ?? [])
      .filter((f) => f.severity === 'error' || f.severity === 'warning')
      .map((f) => `${f.severity === 'error' ? 'E' : 'W'}:${f.variant ? `${f.id}/${f.variant}` : f.id}`)
      .join(' ') || '(no errors or warnings)';
  } catch {
    // Not a report: a usage error (exit 2) or no run at all; its message is the first stderr line.
  }
  rows.push([relative(dir, file) + (args.length ? ` [${args.join(' ')}]` : ''), String(code), verdict, findings]);
}

const header = ['FILE', 'EXIT', 'ON RESTART', 'ERRORS (E) AND WARNINGS (W)'];
const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i].length))));
const line = (cells) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
console.log(line(header));
for (const r of rows) console.log(line(r));
const byExit = rows.reduce((m, r) => m.set(r[1], (m.get(r[1]) ?? 0) + 1), new Map());
console.log(`\n${rows.length} files; exit codes: ${[...byExit].sort(([a], [b]) => a.localeCompare(b)).map(([c, n]) => `${c}: ${n}`).join(', ')}`);
