/**
 * The report for people: header, verdict in words, one row per plugin, findings grouped by plugin
 * (errors first); `wide` adds full locations. It only renders, by the policy of docs/output.md:
 * names, URLs, paths, digests, commands and YAML are never cut or split. On a terminal prose wraps
 * at its width and code (a multi-line fix) is printed verbatim; in a pipe nothing wraps.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Finding, FindingLocation, Severity } from '../core/finding.js';
import type { PluginRow, Report, VerdictState } from '../core/report.js';
import { formatSize } from '../core/size.js';
import { terminalSafeDeep } from './terminal-safe.js';
import { humanDuration } from '../core/duration.js';
import { atOnce, mapInSteps, mapValuesInSteps, type Steps } from '../core/steps.js';

export interface TableOptions {
  color: boolean;
  wide: boolean;
  /** The terminal's width; undefined when stdout is not a terminal: then nothing wraps and no column is left out. */
  width?: number;
}

const TYPE_LABEL = { trafficrouter: 'router', metricprovider: 'metric', step: 'step' } as const;

export function renderTable(untrusted: Report, options: TableOptions): string {
  return atOnce(renderTableSteps(untrusted, options));
}

/** renderTable in steps (core/steps.ts). */
export function* renderTableSteps(untrusted: Report, options: TableOptions): Steps<string> {
  // Names, locations, log lines and server bodies in it come from outside: escape what a terminal would obey.
  const report = yield* mapValuesInSteps(untrusted, ['plugins', 'findings'], (value) => terminalSafeDeep(value));
  return yield* sanitisedTable(report, options);
}

/** renderTable of a report already passed through terminalSafeDeep (a fleet's reports are, once, with their list). */
export function renderSanitisedTable(report: Report, options: TableOptions): string {
  return atOnce(sanitisedTable(report, options));
}

function* sanitisedTable(report: Report, options: TableOptions): Steps<string> {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = options.width ?? Infinity;
  // Concatenated, not spread into push(): a spread of 100,000 lines exceeds V8's argument limit.
  const out = [
    header(report, c, width),
    [''],
    verdict(report, c, width),
    ...(report.plugins.length > 0 ? [[''], yield* pluginTable(report.plugins, c, options.wide, width)] : []),
    [''],
    yield* findings(report.findings, c, width),
  ].flat();
  return `${out.join('\n')}\n`;
}

function header(report: Report, c: ChalkInstance, width: number): string[] {
  const lines: string[] = [];
  const ctl = report.controller;
  const field = (label: string, value: string) =>
    lines.push(...wrap(value, width - 12).map((l, i) => `${i === 0 ? c.bold(label.padEnd(12)) : ' '.repeat(12)}${l}`));
  if (ctl?.context || ctl?.server) field('Context:', [ctl.context, ctl.server && `(${ctl.server})`].filter(Boolean).join(' '));
  // A namespace where no controller was seen (-n of an empty one: no Deployment, pod or version) is no controller.
  if (ctl?.namespace && !ctl.deployment && ctl.pods.length === 0 && !ctl.version) field('Namespace:', `${ctl.namespace} (no controller seen there)`);
  else if (ctl?.namespace) {
    const where = ctl.deployment ? `${ctl.namespace}/${ctl.deployment}` : ctl.namespace;
    field('Controller:', [where, ctl.version, ctl.judgedAs && `(configuration judged at ${ctl.judgedAs})`].filter(Boolean).join('  '));
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

export const STATE_LABEL: Record<VerdictState, string> = { ok: 'OK', broken: 'BROKEN', unknown: 'UNKNOWN', 'not-checked': 'NOT CHECKED' };

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

/** Short cell labels for the sha256 states, so the column stays narrow. */
const SHA_LABEL: Record<NonNullable<PluginRow['sha256']>, string> = {
  ok: 'ok',
  mismatch: 'mismatch',
  unpinned: 'unpinned',
  'cannot-match': 'invalid',
  unchecked: 'unchecked',
  'not-verified': 'unverified',
};

const HEAD = ['TYPE', 'NAME', 'DOWNLOAD', 'SHA256', 'BINARY', 'HANDSHAKE', 'USED', 'LOCATION', 'TARGET'] as const;
type Column = (typeof HEAD)[number];

/** What goes first when a terminal is too narrow for every column; NAME and TYPE always stay. */
const DROP_ORDER: readonly Column[] = ['TARGET', 'LOCATION', 'USED', 'DOWNLOAD', 'HANDSHAKE', 'BINARY', 'SHA256'];

const plainLength = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '').length;

/**
 * One row per plugin. No cell is ever cut (a name, a `dyn` marker): each column is as wide as its
 * widest cell. On a terminal too narrow for them all, cells are first abbreviated (a download's size
 * without its 200, a handshake's `ok` without its time), then whole columns are left out, and a line
 * under the table says which. In a pipe every column is there in full.
 */
function* pluginTable(multiLineRows: PluginRow[], c: ChalkInstance, wide: boolean, width: number): Steps<string[]> {
  // One line per row: escaped before colouring, so the colours themselves stay codes.
  const rows = yield* mapInSteps(multiLineRows, (row) => terminalSafeDeep(row, true));
  const cellsOf = (row: PluginRow, abbreviated: boolean): Record<Column, string> => ({
    TYPE: TYPE_LABEL[row.type],
    NAME: row.disabled ? `${row.name} (disabled)` : row.name,
    DOWNLOAD: status(row.download, wide ? row.download?.summary : downloadCell(row, abbreviated), c),
    SHA256: sha(row.sha256, c),
    BINARY: status(row.binary, wide ? row.binary?.summary : binaryCell(row), c),
    HANDSHAKE: status(row.handshake, wide ? row.handshake?.summary : handshakeCell(row, abbreviated), c),
    USED: row.usedByUnknown ? `${row.usedBy.length}?` : String(row.usedBy.length),
    LOCATION: row.location,
    TARGET: row.download?.finalUrl ?? row.target ?? '',
  });
  let columns: Column[] = HEAD.filter((h) => wide || (h !== 'LOCATION' && h !== 'TARGET'));
  // reduce, not Math.max(...cells): 30,000 rows exceed V8's argument limit.
  const widthsOf = (cells: Array<Record<Column, string>>) => {
    const widths = new Map(HEAD.map((h) => [h, cells.reduce((widest, r) => Math.max(widest, plainLength(r[h])), h.length) + 1]));
    return (h: Column) => widths.get(h)!;
  };
  const total = (cols: readonly Column[], columnWidth: (h: Column) => number) => cols.reduce((sum, h) => sum + columnWidth(h), 0) - 1;
  let cells = yield* mapInSteps(rows, (row) => cellsOf(row, false));
  let columnWidth = widthsOf(cells);
  if (total(columns, columnWidth) > width) {
    cells = yield* mapInSteps(rows, (row) => cellsOf(row, true));
    columnWidth = widthsOf(cells);
  }
  const dropped: Column[] = [];
  for (const h of DROP_ORDER) {
    if (total(columns, columnWidth) <= width) break;
    if (!columns.includes(h)) continue;
    columns = columns.filter((x) => x !== h);
    dropped.push(h);
  }
  // Laid out here in one linear pass: cli-table3 took minutes for 10,000 rows (quadratic layout).
  const line = (texts: readonly string[]) => texts.map((text, i) => text + ' '.repeat(Math.max(0, columnWidth(columns[i]!) - plainLength(text)))).join('').trimEnd();
  const lines = [line(columns.map((h) => c.bold(h))), ...(yield* mapInSteps(cells, (row) => line(columns.map((h) => row[h]))))];
  if (dropped.length > 0) lines.push(...wrap(`(${dropped.reverse().join(', ')} left out to fit ${width} columns; a wider terminal or a pipe shows them)`, width).map((l) => c.dim(l)));
  return lines;
}

function status(cell: { ok: boolean } | undefined, text: string | undefined, c: ChalkInstance): string {
  if (!cell || text === undefined) return c.dim('-');
  return cell.ok ? c.green(text) : c.red(text);
}

/** Compact cells; `-o wide` shows each step's full summary instead. */
function downloadCell({ download: d }: PluginRow, abbreviated: boolean): string | undefined {
  if (!d) return undefined;
  const size = d.bytes !== undefined ? formatSize(d.bytes, 0).replace(' ', '') : '';
  if (d.ok) return d.status !== undefined && !(abbreviated && size) ? `${d.status} ${size}` : size;
  return d.status !== undefined && d.status >= 400 ? `HTTP ${d.status}` : (d.summary.split(/[ (]/)[0] ?? 'failed');
}

function binaryCell({ binary: b }: PluginRow): string | undefined {
  if (!b) return undefined;
  if (b.os && b.arch) return `${b.os}/${b.arch}${b.static === false ? ' dyn' : ''}`;
  return b.summary.split(/[ ,(]/)[0];
}

function handshakeCell({ handshake: h }: PluginRow, abbreviated: boolean): string | undefined {
  if (!h) return undefined;
  // A star: InitPlugin was not called (the wide summary and "Not checked" say so); a marker, kept when abbreviated.
  const star = h.summary.includes('InitPlugin not called') ? '*' : '';
  if (h.ok) return h.ms !== undefined && !abbreviated ? `ok ${humanDuration(h.ms)}${star}` : `ok${star}`;
  return h.summary.startsWith('not run') ? 'not run' : h.summary.startsWith('interrupted') ? 'interrupted' : 'failed';
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

function* findings(list: Finding[], c: ChalkInstance, width: number): Steps<string[]> {
  const errors = list.filter((f) => f.severity === 'error').length;
  const warnings = list.filter((f) => f.severity === 'warning').length;
  const infos = list.length - errors - warnings;
  const lines = [c.bold(`Findings: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${infos} info`)];
  const groups = new Map<string, Finding[]>();
  for (const f of list) {
    const key = f.plugin ? `${f.plugin.name} (${f.plugin.type})` : 'General';
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  for (const [group, items] of groups) {
    lines.push('', c.bold.underline(group));
    for (const f of items) {
      lines.push(`${SEVERITY_MARK[f.severity](c)} ${c.bold(f.variant ? `${f.id}/${f.variant}` : f.id)}`);
      lines.push(...wrap(f.title, width - 6).map((l) => `      ${l}`));
      if (f.location) lines.push(...block('at', formatLocation(f.location), width, c));
      for (const e of f.evidence) lines.push(...block('evidence', e, width, c));
      for (const s of f.symptoms ?? []) {
        lines.push(...block('also seen', `${s.id}: ${s.title}`, width, c));
        for (const e of s.evidence) lines.push(...block('evidence', e, width, c));
      }
      lines.push(...block('fix', f.fix, width, c));
      yield;
    }
  }
  return lines;
}

/**
 * Where a finding is, as compilers and editors say it (`file:line:column`), then the document of a
 * stream and the data key with the entry's index: `b.yaml:6:5, metricProviderPlugins[0]`.
 */
export function formatLocation(at: FindingLocation): string {
  const where = at.file !== undefined ? [at.file, at.line, at.line !== undefined ? at.column : undefined].filter((p) => p !== undefined).join(':') : at.object;
  return [
    where,
    at.document !== undefined ? `document ${at.document}` : undefined,
    at.key !== undefined ? `${at.key}${at.entry !== undefined ? `[${at.entry}]` : ''}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * A labelled, indented block. Prose is wrapped under its label. Multi-line text (YAML, a command
 * and its value) is a code block: printed verbatim from column 2, so it pastes as it is; a line
 * longer than the terminal runs on (the terminal soft-wraps it without adding characters).
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
  return [...prose, ...code.map((line) => `  ${line}`.trimEnd())];
}

/**
 * The pieces prose may be wrapped between. A `backtick span`, a (parenthesised command) and a
 * command that ends a sentence after a colon (`…, then: kubectl -n x rollout restart …`) are one
 * piece each, so a command is never split over lines; other pieces are words.
 */
function atoms(text: string): string[] {
  const out: string[] = [];
  const pattern = /`[^`]*`[^\s`]*|\((?:kubectl|helm|kustomize) [^()]*\)\S*|(?<=^|: )kubectl .*$|(?<=: )(?:helm|kustomize) .*$|\S+/g;
  for (const match of text.matchAll(pattern)) out.push(match[0]);
  return out;
}

/** Wraps prose to `width` between atoms; an atom longer than a line stands alone and runs on, never split. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const atom of atoms(text)) {
    if (!line) line = atom;
    else if (line.length + 1 + atom.length <= width) line += ` ${atom}`;
    else lines.push(line), (line = atom);
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}
