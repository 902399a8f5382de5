/**
 * The report for people: header, verdict in words, one row per plugin, findings grouped by plugin
 * (errors first). Fits 80 columns; `wide` adds full locations. It only renders.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Finding, Severity } from '../core/finding.js';
import type { PluginRow, Report, VerdictState } from '../core/report.js';
import { formatSize } from '../core/size.js';

export interface TableOptions {
  color: boolean;
  wide: boolean;
  /** Terminal width; the table fits 80 columns by default. */
  width?: number;
}

const TYPE_LABEL = { trafficrouter: 'router', metricprovider: 'metric', step: 'step' } as const;

export function renderTable(report: Report, options: TableOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = options.wide ? Math.max(options.width ?? 160, 80) : 80;
  const out: string[] = [];
  out.push(...header(report, c));
  out.push('', ...verdict(report, c, width));
  if (report.plugins.length > 0) out.push('', ...pluginTable(report.plugins, c, options.wide));
  out.push('', ...findings(report.findings, c, width));
  return `${out.join('\n')}\n`;
}

function header(report: Report, c: ChalkInstance): string[] {
  const lines: string[] = [];
  const ctl = report.controller;
  const field = (label: string, value: string) =>
    lines.push(...wrap(value, 68).map((l, i) => `${i === 0 ? c.bold(label.padEnd(12)) : ' '.repeat(12)}${l}`));
  if (ctl?.context || ctl?.server) field('Context:', [ctl.context, ctl.server && `(${ctl.server})`].filter(Boolean).join(' '));
  if (ctl?.namespace) {
    const where = ctl.deployment ? `${ctl.namespace}/${ctl.deployment}` : ctl.namespace;
    field('Controller:', [where, ctl.version].filter(Boolean).join('  '));
    if (ctl.pods.length > 0) {
      const ready = ctl.pods.filter((p) => p.ready).length;
      field('Pods:', `${ready}/${ctl.pods.length} ready`);
      for (const pod of ctl.pods) {
        const state = pod.ready ? c.green(pod.state) : c.red(pod.state);
        const extras = [`restarts ${pod.restarts}`, pod.leader ? 'leader' : undefined].filter(Boolean).join(', ');
        lines.push(`${' '.repeat(12)}${pod.name}  ${state}  ${c.dim(extras)}`);
      }
    }
  }
  const src = report.source;
  let config = src.kind === 'none' ? 'none read' : src.description;
  if (src.changedSincePodsStarted) config += `, changed ${src.lastChanged ?? ''} after the pods started`;
  field('Config:', config);
  return lines;
}

const STATE_LABEL: Record<VerdictState, string> = { ok: 'OK', broken: 'BROKEN', unknown: 'UNKNOWN', 'not-checked': 'NOT CHECKED' };

function verdict(report: Report, c: ChalkInstance, width: number): string[] {
  const paint = (state: VerdictState) => (state === 'ok' ? c.green.bold : state === 'broken' ? c.red.bold : c.yellow.bold);
  const indent = ' '.repeat(12);
  const lines: string[] = [];
  for (const [label, part] of [['Now', report.verdict.now], ['On restart', report.verdict.onRestart]] as const) {
    lines.push(`${c.bold(label.padEnd(12))}${paint(part.state)(STATE_LABEL[part.state])}`);
    lines.push(...wrap(part.summary, width - indent.length).map((l) => `${indent}${l}`));
  }
  const { affectedResources } = report.verdict;
  if (affectedResources.length > 0) {
    lines.push(...wrap(`Depend on a broken plugin: ${affectedResources.join(', ')}`, width - indent.length).map((l) => `${indent}${l}`));
  }
  if (report.notChecked.length > 0) {
    lines.push(c.bold('Not checked'));
    for (const gap of report.notChecked) lines.push(...wrap(`${gap.what}: ${gap.why}`, width - 4).map((l, i) => `${i === 0 ? '  - ' : '    '}${l}`));
  }
  return lines;
}

/** Six columns of 76 characters plus USED (4 wide once trailing padding is trimmed) fit 80. */
const COLUMN_WIDTHS = [7, 26, 10, 11, 12, 10, 5];

/** Short cell labels for the sha256 states, so the column stays narrow. */
const SHA_LABEL: Record<NonNullable<PluginRow['sha256']>, string> = {
  ok: 'ok',
  mismatch: 'mismatch',
  unpinned: 'unpinned',
  'cannot-match': 'invalid',
  unchecked: 'unchecked',
  'not-verified': 'unverified',
};

function pluginTable(rows: PluginRow[], c: ChalkInstance, wide: boolean): string[] {
  const head = ['TYPE', 'NAME', 'DOWNLOAD', 'SHA256', 'BINARY', 'HANDSHAKE', 'USED'];
  if (wide) head.push('LOCATION', 'TARGET');
  const table = new Table({
    head: head.map((h) => c.bold(h)),
    chars: BORDERLESS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 1 },
    colWidths: wide ? [] : COLUMN_WIDTHS,
    wordWrap: false,
  });
  for (const row of rows) {
    const cells = [
      TYPE_LABEL[row.type],
      row.disabled ? `${row.name} (disabled)` : row.name,
      status(row.download, wide ? row.download?.summary : downloadCell(row), c),
      sha(row.sha256, c),
      status(row.binary, wide ? row.binary?.summary : binaryCell(row), c),
      status(row.handshake, wide ? row.handshake?.summary : handshakeCell(row), c),
      row.usedByUnknown ? `${row.usedBy.length}?` : String(row.usedBy.length),
    ];
    if (wide) cells.push(row.location, row.download?.finalUrl ?? row.target ?? '');
    table.push(cells.map((cell, i) => (wide ? cell : truncate(cell, COLUMN_WIDTHS[i]! - 1))));
  }
  return table.toString().split('\n').map((l) => l.trimEnd());
}

function status(cell: { ok: boolean } | undefined, text: string | undefined, c: ChalkInstance): string {
  if (!cell || text === undefined) return c.dim('-');
  return cell.ok ? c.green(text) : c.red(text);
}

/** Compact cells for 80 columns; `-o wide` shows each step's full summary instead. */
function downloadCell({ download: d }: PluginRow): string | undefined {
  if (!d) return undefined;
  const size = d.bytes !== undefined ? formatSize(d.bytes, 0).replace(' ', '') : '';
  if (d.ok) return d.status !== undefined ? `${d.status} ${size}` : size;
  return d.status !== undefined && d.status >= 400 ? `HTTP ${d.status}` : (d.summary.split(/[ (]/)[0] ?? 'failed');
}

function binaryCell({ binary: b }: PluginRow): string | undefined {
  if (!b) return undefined;
  if (b.os && b.arch) return `${b.os}/${b.arch}${b.static === false ? ' dyn' : ''}`;
  return b.summary.split(/[ ,(]/)[0];
}

function handshakeCell({ handshake: h }: PluginRow): string | undefined {
  if (!h) return undefined;
  // A star: InitPlugin was not called (the wide summary and "Not checked" say so).
  const star = h.summary.includes('InitPlugin not called') ? '*' : '';
  if (h.ok) return h.ms !== undefined ? `ok ${Math.round(h.ms)}ms${star}` : `ok${star}`;
  return h.summary.startsWith('not run') ? 'not run' : 'failed';
}


function sha(state: PluginRow['sha256'], c: ChalkInstance): string {
  if (!state) return c.dim('-');
  if (state === 'ok') return c.green(SHA_LABEL[state]);
  if (state === 'mismatch' || state === 'cannot-match') return c.red(SHA_LABEL[state]);
  return c.yellow(SHA_LABEL[state]);
}

const SEVERITY_MARK: Record<Severity, (c: ChalkInstance) => string> = {
  error: (c) => c.red.bold('ERROR'),
  warning: (c) => c.yellow.bold('WARN '),
  info: (c) => c.blue('INFO '),
};

function findings(list: Finding[], c: ChalkInstance, width: number): string[] {
  const errors = list.filter((f) => f.severity === 'error').length;
  const warnings = list.filter((f) => f.severity === 'warning').length;
  const infos = list.length - errors - warnings;
  const lines = [c.bold(`Findings: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${infos} info`)];
  const groups = new Map<string, Finding[]>();
  for (const f of list) {
    const key = f.plugin ? `${f.plugin.name} (${f.plugin.type})` : 'General';
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  for (const [group, items] of groups) {
    lines.push('', c.bold.underline(group));
    for (const f of items) {
      lines.push(`${SEVERITY_MARK[f.severity](c)} ${c.bold(f.variant ? `${f.id}/${f.variant}` : f.id)}`);
      lines.push(...wrap(f.title, width - 6).map((l) => `      ${l}`));
      for (const e of f.evidence) lines.push(...block('evidence', e, width, c));
      for (const s of f.symptoms ?? []) {
        lines.push(...block('also seen', `${s.id}: ${s.title}`, width, c));
        for (const e of s.evidence) lines.push(...block('evidence', e, width, c));
      }
      lines.push(...block('fix', f.fix, width, c));
    }
  }
  return lines;
}

/**
 * A labelled, indented block. Prose is word-wrapped under its label. Multi-line text (YAML, a
 * command and its value) is a code block: its lines start at column 2 so that a plugin entry with
 * its 64-character sha256 fits 80 columns whole and pastes as it is; a longer line continues on
 * the next one rather than being cut.
 */
function block(label: string, text: string, width: number, c: ChalkInstance): string[] {
  const indent = ' '.repeat(6);
  const [first = '', ...rest] = text.split('\n');
  // A first line that is prose ("Pin it:") stays on the label line; a YAML key ("data:") starts the code.
  const firstIsProse = rest.length === 0 || !/^[\w.-]+:( |$)/.test(first);
  const prose = firstIsProse
    ? wrap(first, width - indent.length - label.length - 2).map((piece, j) => `${indent}${j === 0 ? `${c.dim(`${label}:`)} ` : '  '}${piece}`.trimEnd())
    : [`${indent}${c.dim(`${label}:`)}`];
  const code = firstIsProse ? rest : [first, ...rest];
  const codeIndent = '  ';
  return [...prose, ...code.flatMap((line) => hardWrap(line, width - codeIndent.length).map((piece) => `${codeIndent}${piece}`.trimEnd()))];
}

/** Splits a preformatted line at `width`, continuation pieces indented two more than the line. */
function hardWrap(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const continuation = ' '.repeat((/^ */.exec(line)?.[0].length ?? 0) + 2);
  const pieces = [line.slice(0, width)];
  for (let rest = line.slice(width); rest.length > 0; rest = rest.slice(width - continuation.length)) {
    pieces.push(continuation + rest.slice(0, width - continuation.length));
  }
  return pieces;
}

/** Word-wraps to `width`, breaking inside words only when a word is longer than a line. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(/\s+/).filter(Boolean)) {
    while (word.length > width) {
      if (line) lines.push(line), (line = '');
      lines.push(word.slice(0, width));
      word = word.slice(width);
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else lines.push(line), (line = word);
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

function truncate(text: string, max: number): string {
  // eslint-style: measure without ANSI codes, which chalk adds only on terminals.
  const plain = text.replace(/\x1b\[[0-9;]*m/g, '');
  if (plain.length <= max) return text;
  return `${plain.slice(0, Math.max(0, max - 1))}…`;
}

const BORDERLESS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '',
  right: '', 'right-mid': '', middle: '',
};
