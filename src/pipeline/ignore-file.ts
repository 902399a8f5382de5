/**
 * The ignore file (`.rollouts-plugins.yaml`, or --config FILE), as popeye's spinach and
 * kube-linter's config: findings a team accepts, each with a reason and an optional expiry, and
 * severity overrides per check id. Pure: the CLI reads the file (src/cli/config-file.ts).
 */
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node } from 'yaml';
import { runChecks, variantKey } from '../core/check.js';
import { UsageError } from '../core/errors.js';
import { SEVERITIES, type Finding, type Severity } from '../core/finding.js';
import { closest } from '../core/suggest.js';
import { expired, ignoreExpired } from '../checks/framework/ignore-expired.js';
import { ignoreUnknownPlugin } from '../checks/framework/ignore-unknown-plugin.js';

export const IGNORE_FILE_NAME = '.rollouts-plugins.yaml';
export const IGNORE_FILE_KIND = 'RolloutsPluginsConfig';

export interface IgnoreRule {
  /** A check id, or `id/variant`. */
  id: string;
  /** `<namespace>/<name>`; absent: every plugin (and findings about none). */
  plugin?: string;
  reason: string;
  /** `YYYY-MM-DD`: from the day after, the ignore no longer applies and says so. */
  expires?: string;
  /** Its line in the file, for messages. */
  line: number;
  /** The line of its `plugin:`. */
  pluginLine?: number;
}

export interface IgnoreFile {
  path: string;
  ignores: IgnoreRule[];
  /** Severity per check id (or id/variant), replacing the declared one; the verdicts still follow the declared effects. */
  severity: Record<string, Severity>;
}

const TOP_KEYS = ['apiVersion', 'kind', 'ignore', 'severity'];
const RULE_KEYS = ['id', 'plugin', 'reason', 'expires'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` naming a day of the calendar: Date.parse rolls 2026-02-30 over to March 2, so the day must read back the same. */
function isCalendarDate(text: string): boolean {
  const time = DATE.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN;
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
}

/**
 * Parses and checks the file against its schema (docs/config.md): unknown keys, unknown check ids,
 * a missing reason, a malformed date are usage errors (exit 2) naming the file and line.
 */
export function parseIgnoreFile(text: string, path: string, ignorable: readonly string[]): IgnoreFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const lineOf = (node: Node | null | undefined) => (node?.range ? lines.linePos(node.range[0]).line : 1);
  const fail = (node: Node | null | undefined, message: string): never => {
    throw new UsageError(`${path}:${lineOf(node)}: ${message}`);
  };
  if (doc.errors.length > 0) throw new UsageError(`${path}: not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  const root = doc.contents;
  if (root === null) return { path, ignores: [], severity: {} };
  if (!isMap(root)) fail(root, 'expected a mapping with ignore: and severity:');
  const known = (word: string, candidates: readonly string[]) => {
    const hint = closest(word, candidates);
    return hint ? `; did you mean "${hint}"?` : '';
  };
  const checkId = (node: Node | null | undefined, value: string) => {
    if (!ignorable.includes(value)) fail(node, `unknown check id "${value}"${known(value, ignorable)} (\`kubectl rollouts-plugins checks\` lists them)`);
    return value;
  };
  const file: IgnoreFile = { path, ignores: [], severity: {} };
  for (const pair of (root as { items: Array<{ key: Node; value: Node | null }> }).items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!TOP_KEYS.includes(key)) fail(pair.key, `unknown key "${key}"${known(key, TOP_KEYS)}`);
    if (key === 'kind' && (!isScalar(pair.value) || pair.value.value !== IGNORE_FILE_KIND)) fail(pair.value, `kind must be ${IGNORE_FILE_KIND}`);
    if (key === 'ignore') {
      if (pair.value === null) continue;
      if (!isSeq(pair.value)) fail(pair.value, 'ignore: must be a list of {id, reason, plugin?, expires?}');
      for (const item of (pair.value as { items: Node[] }).items) file.ignores.push(parseRule(item));
    }
    if (key === 'severity') {
      if (pair.value === null) continue;
      if (!isMap(pair.value)) fail(pair.value, 'severity: must map check ids to error, warning or info');
      for (const entry of (pair.value as { items: Array<{ key: Node; value: Node | null }> }).items) {
        const id = checkId(entry.key, isScalar(entry.key) ? String(entry.key.value) : '');
        const value = isScalar(entry.value) ? String(entry.value.value) : '';
        if (!(SEVERITIES as readonly string[]).includes(value)) fail(entry.value ?? entry.key, `severity of ${id} must be error, warning or info, not "${value}"`);
        file.severity[id] = value as Severity;
      }
    }
  }
  return file;

  function parseRule(item: Node): IgnoreRule {
    if (!isMap(item)) return fail(item, 'each ignore is a mapping with id and reason');
    const fields: Record<string, string> = {};
    // Each field's key, so an error points at the line that is wrong, not at the ignore's first line.
    const keyOf: Record<string, Node> = {};
    for (const pair of (item as { items: Array<{ key: Node; value: Node | null }> }).items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!RULE_KEYS.includes(key)) fail(pair.key, `unknown key "${key}" in an ignore${known(key, RULE_KEYS)}`);
      if (!isScalar(pair.value) || pair.value.value === null) fail(pair.value ?? pair.key, `${key} must be a string`);
      // A date YAML reads as a timestamp stays the text written.
      fields[key] = String((pair.value as { source?: string }).source ?? (pair.value as { value: unknown }).value);
      keyOf[key] = pair.key;
    }
    if (!fields.id) fail(item, 'an ignore needs an id');
    if (!fields.reason?.trim()) fail(keyOf.reason ?? item, `the ignore of ${fields.id} needs a reason: say why it is accepted`);
    if (fields.expires !== undefined && !isCalendarDate(fields.expires)) fail(keyOf.expires, `expires must be a date YYYY-MM-DD, not "${fields.expires}"`);
    return {
      id: checkId(keyOf.id, fields.id!),
      reason: fields.reason!,
      line: lineOf(item),
      ...(fields.plugin !== undefined && { plugin: fields.plugin, pluginLine: lineOf(keyOf.plugin) }),
      ...(fields.expires !== undefined && { expires: fields.expires }),
    };
  }
}

/** Whether an ignore covers a finding: same id (or id/variant), same plugin when it names one. */
function covers(rule: IgnoreRule, finding: Finding): boolean {
  const idMatches = rule.id === finding.id || rule.id === variantKey(finding.id, finding.variant);
  return idMatches && (rule.plugin === undefined || rule.plugin === finding.plugin?.name);
}

/**
 * The findings as the file says: severity overrides applied, ignored findings set apart, each
 * expired ignore a finding of its own (its findings are kept: the team has to decide again), and so
 * each ignore naming none of the `configured` plugins (absent: the run judged no configuration).
 */
export function applyIgnoreFile(findings: readonly Finding[], file: IgnoreFile, today: string, configured?: readonly string[]): { kept: Finding[]; ignored: Finding[] } {
  const active = file.ignores.filter((r) => !expired(r, today));
  const overridden = findings.map((f) => {
    const severity = file.severity[variantKey(f.id, f.variant)] ?? file.severity[f.id];
    return severity ? { ...f, severity } : f;
  });
  const isIgnored = (f: Finding) => active.some((rule) => covers(rule, f));
  return { kept: [...overridden.filter((f) => !isIgnored(f)), ...runChecks([ignoreExpired, ignoreUnknownPlugin], { file, today, ...(configured && { configured }) })], ignored: overridden.filter(isIgnored) };
}
