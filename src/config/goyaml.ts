/**
 * YAML as go-yaml v2 (under sigs.k8s.io/yaml) decodes it into `interface{}`: the `yaml` package
 * parses the syntax, and this module applies go-yaml v2's own scalar resolution (YAML 1.1: `yes`,
 * `on`, `y` are booleans, `0x1F` an int...), its merge keys, last-key-wins maps and its
 * excessive-aliasing guard, so a value means here what it means in the controller.
 */
import { Composer, isAlias, isMap, isScalar, isSeq, Lexer, parseAllDocuments, Parser, Scalar, type Document, type EmptyStream, type Node, type ParsedNode } from 'yaml';
import { atOnce, type Steps } from '../core/steps.js';

/** A value as go-yaml v2 leaves it in an `interface{}` (timestamps and !!binary end as strings). */
/** A line and column (1-based) in an input file: where a node's first character is (0 and 0: nowhere, an empty document). */
export interface FilePosition {
  line: number;
  column: number;
}

export type GoValue = FilePosition &
  (
    | { t: 'null' }
    | { t: 'str'; v: string; src?: string }
    | { t: 'int'; v: bigint; src: string }
    | { t: 'float'; v: number; src: string }
    | { t: 'bool'; v: boolean; src: string }
    | { t: 'map'; entries: Array<[GoValue, GoValue]> }
    | { t: 'seq'; items: GoValue[] }
  );

/** A failure of the YAML step, worded as go-yaml words it where we know the words. */
export class GoYamlError extends Error {
  constructor(
    message: string,
    /** 1-based position in the decoded text, when the parser gave one. */
    readonly line?: number,
    readonly column?: number,
    /** False when the text is our parser's, not go-yaml's (syntax errors are worded differently). */
    readonly exactWording = true,
  ) {
    super(message);
  }
}

const TAG = 'tag:yaml.org,2002:';
const STR = `${TAG}str`;
const INT = `${TAG}int`;
const FLOAT = `${TAG}float`;
const BOOL = `${TAG}bool`;
const NULL = `${TAG}null`;
const BINARY = `${TAG}binary`;
const TIMESTAMP = `${TAG}timestamp`;
const MERGE = `${TAG}merge`;

type Resolved =
  | { tag: typeof STR | typeof TIMESTAMP | typeof BINARY | string; value: string }
  | { tag: typeof INT; value: bigint }
  | { tag: typeof FLOAT; value: number }
  | { tag: typeof BOOL; value: boolean }
  | { tag: typeof NULL; value: null }
  | { tag: typeof MERGE; value: string };

const RESOLVE_MAP = new Map<string, Resolved>();
for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'])
  RESOLVE_MAP.set(s, { tag: BOOL, value: true });
for (const s of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'])
  RESOLVE_MAP.set(s, { tag: BOOL, value: false });
for (const s of ['', '~', 'null', 'Null', 'NULL']) RESOLVE_MAP.set(s, { tag: NULL, value: null });
for (const s of ['.nan', '.NaN', '.NAN']) RESOLVE_MAP.set(s, { tag: FLOAT, value: NaN });
for (const s of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'])
  RESOLVE_MAP.set(s, { tag: FLOAT, value: Infinity });
for (const s of ['-.inf', '-.Inf', '-.INF']) RESOLVE_MAP.set(s, { tag: FLOAT, value: -Infinity });
RESOLVE_MAP.set('<<', { tag: MERGE, value: '<<' });

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Go's strconv.ParseInt/ParseUint with base 0 (sign, 0x/0o/0b prefixes, leading-0 octal). */
function parseGoInt(s: string, signed: boolean): bigint | undefined {
  let rest = s;
  let negative = false;
  if (rest.startsWith('+') || rest.startsWith('-')) {
    if (!signed) return undefined;
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  let digits: RegExp;
  let prefix = '';
  if (/^0[xX]/.test(rest)) [digits, prefix, rest] = [/^[0-9a-fA-F]+$/, '0x', rest.slice(2)];
  else if (/^0[oO]/.test(rest)) [digits, prefix, rest] = [/^[0-7]+$/, '0o', rest.slice(2)];
  else if (/^0[bB]/.test(rest)) [digits, prefix, rest] = [/^[01]+$/, '0b', rest.slice(2)];
  else if (/^0[0-9]/.test(rest)) [digits, prefix, rest] = [/^[0-7]+$/, '0o', rest.slice(1)];
  else digits = /^[0-9]+$/;
  if (!digits.test(rest)) return undefined;
  const magnitude = BigInt(prefix + rest);
  const value = negative ? -magnitude : magnitude;
  if (signed ? value < INT64_MIN || value > INT64_MAX : value > UINT64_MAX) return undefined;
  return value;
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Go's strconv.ParseFloat on a plain decimal: out-of-range values are an error there. */
function parseGoDecimalFloat(s: string): number | undefined {
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}

/** go-yaml v2 resolve(): what a scalar with this tag ('' for none) and text means. */
function resolve(tag: string, input: string): Resolved {
  const resolvable = ['', STR, BOOL, INT, FLOAT, NULL, TIMESTAMP].includes(tag);
  if (!resolvable) return { tag, value: input };
  const out = resolveImplicit(tag, input);
  if (tag === '' || tag === out.tag || tag === STR || tag === BINARY) return out;
  if (tag === FLOAT && out.tag === INT) return { tag: FLOAT, value: Number(out.value) };
  throw new GoYamlError(`yaml: cannot decode ${shortTag(out.tag)} \`${input}\` as a ${shortTag(tag)}`);
}

function shortTag(tag: string): string {
  return tag.startsWith(TAG) ? `!!${tag.slice(TAG.length)}` : tag;
}

function resolveImplicit(tag: string, input: string): Resolved {
  const first = input[0];
  const hint =
    input === '' ? 'N'
    : first === '+' || first === '-' ? 'S'
    : first !== undefined && first >= '0' && first <= '9' ? 'D'
    : first !== undefined && 'yYnNtTfFoO~'.includes(first) ? 'M'
    : first === '.' ? '.'
    : '';
  if (hint === '' || tag === STR || tag === BINARY) return { tag: STR, value: input };
  const known = RESOLVE_MAP.get(input);
  if (known) return known;
  if (hint === '.') {
    const v = /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(input) ? parseGoDecimalFloat(input) : undefined;
    if (v !== undefined) return { tag: FLOAT, value: v };
  } else if (hint === 'D' || hint === 'S') {
    // Timestamp-looking values stay strings in interface{}; when they are not timestamps the
    // number parsers below reject them too, so no timestamp parsing is needed here.
    if ((tag === '' || tag === TIMESTAMP) && /^[0-9]{4}-/.test(input) && looksLikeTimestamp(input))
      return { tag: TIMESTAMP, value: input };
    const plain = input.replaceAll('_', '');
    const asInt = parseGoInt(plain, true);
    if (asInt !== undefined) return { tag: INT, value: asInt };
    const asUint = parseGoInt(plain, false);
    if (asUint !== undefined) return { tag: INT, value: asUint };
    if (YAML_STYLE_FLOAT.test(plain)) {
      const v = parseGoDecimalFloat(plain);
      if (v !== undefined) return { tag: FLOAT, value: v };
    }
    if (plain.startsWith('-0b')) {
      const v = parseGoInt(`-0b${plain.slice(3)}`, true);
      if (v !== undefined) return { tag: INT, value: v };
    }
  }
  return { tag: STR, value: input };
}

/** The date forms go-yaml v2 accepts (YYYY-M-D, optionally with a time). */
function looksLikeTimestamp(s: string): boolean {
  return /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})?)?$/.test(s);
}

/** go-yaml v2's guard against alias bombs (decode.go allowedAliasRatio), ported to keep its verdict. */
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= 400_000) return 0.99;
  if (decodeCount >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - 400_000) / 3_600_000);
}

interface DecodeState {
  doc: Document;
  positionOf: (offset: number) => FilePosition;
  decodeCount: number;
  aliasCount: number;
  aliasDepth: number;
  activeAliases: Set<Node>;
}

function count(state: DecodeState): void {
  state.decodeCount++;
  if (state.aliasDepth > 0) state.aliasCount++;
  if (
    state.aliasCount > 100 &&
    state.decodeCount > 1000 &&
    state.aliasCount / state.decodeCount > allowedAliasRatio(state.decodeCount)
  ) {
    throw new GoYamlError('yaml: document contains excessive aliasing');
  }
}

function decodeBase64(text: string): string {
  const compact = text.replace(/[\r\n]/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact))
    throw new GoYamlError('yaml: !!binary value contains invalid base64 data');
  return Buffer.from(compact, 'base64').toString('utf8');
}

function scalarValue(node: Scalar, state: DecodeState): GoValue {
  const text = String(node.value ?? '');
  const at = state.positionOf(node.range?.[0] ?? 0);
  const tag = node.tag ?? '';
  const plain = node.type === Scalar.PLAIN;
  if (tag === NULL || (tag === '' && plain && (text === 'null' || text === '~' || text === ''))) return { t: 'null', ...at };
  if (tag === '' && !plain) return { t: 'str', v: text, ...at, src: text };
  const r = resolve(tag, text);
  switch (r.tag) {
    case NULL:
      return { t: 'null', ...at };
    case BOOL:
      return { t: 'bool', v: r.value as boolean, ...at, src: text };
    case INT:
      return { t: 'int', v: r.value as bigint, ...at, src: text };
    case FLOAT:
      return { t: 'float', v: r.value as number, ...at, src: text };
    case BINARY:
      return { t: 'str', v: decodeBase64(String(r.value)), ...at, src: text };
    default:
      return { t: 'str', v: String(r.value), ...at, src: text };
  }
}

function isMergeKey(node: unknown): boolean {
  return isScalar(node) && node.value === '<<' && ((node.type === Scalar.PLAIN && !node.tag) || node.tag === MERGE);
}

function decodeNode(node: unknown, state: DecodeState): GoValue {
  count(state);
  if (node === null || node === undefined) return { t: 'null', ...NOWHERE };
  if (isAlias(node)) {
    const target = node.resolve(state.doc);
    if (!target) throw new GoYamlError(`yaml: unknown anchor '${node.source}' referenced`);
    if (state.activeAliases.has(node)) throw new GoYamlError(`yaml: anchor '${node.source}' value contains itself`);
    state.activeAliases.add(node);
    state.aliasDepth++;
    try {
      return decodeNode(target, state);
    } finally {
      state.aliasDepth--;
      state.activeAliases.delete(node);
    }
  }
  if (isScalar(node)) return scalarValue(node, state);
  const at = state.positionOf((node as Node).range?.[0] ?? 0);
  if (isSeq(node)) return { t: 'seq', items: node.items.map((item) => decodeNode(item, state)), ...at };
  if (isMap(node)) {
    const entries: Array<[GoValue, GoValue]> = [];
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) {
        mergeInto(entries, pair.value, state);
        continue;
      }
      const key = decodeNode(pair.key, state);
      if (key.t === 'map' || key.t === 'seq') throw new GoYamlError(`yaml: invalid map key: ${goSprintValue(key)}`);
      setMapIndex(entries, key, decodeNode(pair.value, state));
    }
    return { t: 'map', entries, ...at };
  }
  return { t: 'null', ...at };
}

function mergeInto(entries: Array<[GoValue, GoValue]>, value: unknown, state: DecodeState): void {
  const wantMap = () => new GoYamlError('yaml: map merge requires map or sequence of maps as the value');
  const target = (n: unknown) => (isAlias(n) ? n.resolve(state.doc) : n);
  const mergeOne = (n: unknown) => {
    const decoded = decodeNode(n, state);
    if (decoded.t !== 'map') throw wantMap();
    for (const [k, v] of decoded.entries) setMapIndex(entries, k, v);
  };
  if (isMap(target(value))) mergeOne(value);
  else if (isSeq(value)) {
    // Earlier maps take precedence, so go-yaml applies them last.
    for (const item of [...value.items].reverse()) {
      if (!isMap(target(item))) throw wantMap();
      mergeOne(item);
    }
  } else throw wantMap();
}

/** Go map semantics: keys equal by dynamic type and value; the last assignment wins. */
function sameGoKey(a: GoValue, b: GoValue): boolean {
  if (a.t !== b.t) return false;
  if (a.t === 'null') return true;
  if (a.t === 'float' && b.t === 'float') return a.v === b.v;
  return 'v' in a && 'v' in b && a.v === b.v;
}

function setMapIndex(entries: Array<[GoValue, GoValue]>, key: GoValue, value: GoValue): void {
  const existing = entries.findIndex(([k]) => sameGoKey(k, key));
  if (existing >= 0) entries.splice(existing, 1);
  entries.push([key, value]);
}

/** Rough %+#v of a value, for the few go-yaml messages that print one. */
export function goSprintValue(v: GoValue): string {
  switch (v.t) {
    case 'null':
      return '<nil>';
    case 'str':
      return JSON.stringify(v.v);
    case 'seq':
      return `[]interface {}{${v.items.map(goSprintValue).join(', ')}}`;
    case 'map':
      return `map[interface {}]interface {}{${v.entries.map(([k, x]) => `${goSprintValue(k)}:${goSprintValue(x)}`).join(', ')}}`;
    default:
      return String(v.v);
  }
}

/** The single-character escapes of a double-quoted scalar (YAML 1.1, as go-yaml and the yaml package read them). */
const DOUBLE_QUOTED_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const HEX_ESCAPE_DIGITS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/**
 * Where each line of a quoted scalar's value is written, in one pass: for line n (index n - 1), the
 * offset in `source` (the text from the scalar's opening quote on, a JSON string too) of its first
 * character that is not a space. Only what is exact: the list ends at the first line break the scalar
 * folds or escapes in the file, at its closing quote, or where its text stops decoding to `value`.
 */
export function quotedScalarLineStarts(source: string, value: string): number[] {
  const quote = source[0];
  if (quote !== '"' && quote !== "'") return [];
  const starts: number[] = [];
  let decoded = 0;
  let lineStart = true;
  for (let at = 1; decoded < value.length; ) {
    const c = source[at];
    // A single-quoted value breaks lines only by folding, so no line starts after a `''`: a quote ends the list.
    if (c === undefined || c === '\n' || c === '\r' || c === quote) break;
    let text = c;
    let width = 1;
    if (c === '\\' && quote === '"') {
      const name = source[at + 1] ?? '';
      const digits = HEX_ESCAPE_DIGITS[name];
      const hex = digits === undefined ? '' : source.slice(at + 2, at + 2 + digits);
      if (digits !== undefined && hex.length === digits && /^[0-9a-fA-F]*$/.test(hex) && Number.parseInt(hex, 16) <= 0x10ffff) {
        text = String.fromCodePoint(Number.parseInt(hex, 16));
        width = 2 + digits;
      } else {
        const escaped = DOUBLE_QUOTED_ESCAPES[name];
        // A line break escaped here is no character of the value (and is not where the next line is written).
        if (escaped === undefined) break;
        text = escaped;
        width = 2;
      }
    }
    if (!value.startsWith(text, decoded)) break;
    if (lineStart && text !== ' ') {
      starts.push(at);
      lineStart = text === '\n';
    } else if (text === '\n') lineStart = true;
    decoded += text.length;
    at += width;
  }
  return starts;
}

/** Line and column lookup for offsets into `text` (both 1-based; the column counts UTF-16 code units, as SARIF's by default). */
function positionIndex(text: string): (offset: number) => FilePosition {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  };
}

const NOWHERE: FilePosition = { line: 0, column: 0 };

/** go-yaml's reader takes a leading byte order mark as an encoding hint, not as content. */
function withoutBom(text: string): string {
  return text.startsWith('\ufeff') ? text.slice(1) : text;
}

const PARSE_OPTIONS = {
  version: '1.1',
  schema: 'failsafe',
  merge: false,
  uniqueKeys: false,
  prettyErrors: true,
  strict: false,
} as const;

/** go-yaml's scanner limits on flow nesting and on the indentation stack (scannerc.go). */
const MAX_FLOW_DEPTH = 10_000;
const MAX_INDENTS = 10_000;

/** True when one line opens more block levels (`- - - …`) than go-yaml's indentation stack holds. */
function indentsTooDeep(text: string): boolean {
  const run = new RegExp(`^ *(?:[-?][ \\t]+){${MAX_INDENTS + 1}}`, 'm');
  return run.test(text);
}

/**
 * True when `[`/`{` nest deeper than go-yaml allows. A linear scan that skips quoted text and
 * comments, so a `[[[[…` bomb is refused before the parser spends seconds on it.
 */
function flowTooDeep(text: string): boolean {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = quote === "'" && text[i + 1] === "'" ? (i++, quote) : '';
      else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    else if (c === '[' || c === '{') {
      if (++depth > MAX_FLOW_DEPTH) return true;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return false;
}

function syntaxError(doc: Document, text: string): GoYamlError | undefined {
  const firstError = doc.errors[0];
  if (!firstError) return undefined;
  if (/Maximum call stack size exceeded/.test(firstError.message))
    return new GoYamlError(`yaml: nesting deeper than this tool can follow (go-yaml allows ${MAX_FLOW_DEPTH} levels)`, undefined, undefined, false);
  const pos = firstError.linePos?.[0];
  const tabLine = findTabIndentation(text);
  if (tabLine !== undefined && (pos === undefined || pos.line >= tabLine))
    return new GoYamlError(`yaml: line ${tabLine}: found a tab character that violates indentation`, tabLine);
  const message = firstError.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'syntax error';
  return new GoYamlError(pos ? `yaml: line ${pos.line}: ${message}` : `yaml: ${message}`, pos?.line, pos?.col, false);
}

function* decodeDocument(doc: Document, positionOf: (offset: number) => FilePosition): Steps<GoValue> {
  const state: DecodeState = { doc, positionOf, decodeCount: 0, aliasCount: 0, aliasDepth: 0, activeAliases: new Set() };
  count(state); // go-yaml counts the document node itself
  const top = doc.contents;
  if (!isSeq(top)) return decodeNode(top, state);
  // A list (of plugins) an item a step, as decodeNode decodes it.
  count(state);
  const at = positionOf(top.range?.[0] ?? 0);
  const items: GoValue[] = [];
  for (const item of top.items) {
    items.push(decodeNode(item, state));
    yield;
  }
  return { t: 'seq', items, ...at };
}

/**
 * Decodes the first YAML document of `text` the way go-yaml v2's Unmarshal into `interface{}`
 * does (later documents are never read by the controller). Throws GoYamlError.
 */
export function decodeGoYaml(input: string): GoValue {
  return atOnce(decodeGoYamlSteps(input));
}

/** decodeGoYaml in steps (core/steps.ts). */
export function* decodeGoYamlSteps(input: string): Steps<GoValue> {
  const text = withoutBom(input);
  if (flowTooDeep(text) || indentsTooDeep(text)) throw new GoYamlError(`yaml: exceeded max depth of ${MAX_FLOW_DEPTH}`);
  const parsed = yield* parseDocuments(text);
  // yaml.Unmarshal reads the first document only; what follows it is never looked at.
  const doc = parsed[0];
  if (!doc) {
    const streamError = 'empty' in parsed ? parsed.errors[0] : undefined;
    if (streamError) throw new GoYamlError(`yaml: ${streamError.message.split('\n')[0] ?? ''}`, undefined, undefined, false);
    return { t: 'null', ...NOWHERE };
  }
  const error = syntaxError(doc, text);
  if (error) throw error;
  return yield* decodeDocument(doc, positionIndex(text));
}

/** Lexemes read between two steps: a step is then a fraction of a millisecond. */
const LEXEMES_PER_STEP = 256;

/**
 * parseAllDocuments(text, PARSE_OPTIONS) in steps: the lexer and parser driven by hand, as the yaml
 * package documents it (composing one document is still one piece). Its errors carry their line and
 * the words parseAllDocuments gives them, so a text with any is parsed again by it, at once.
 */
function* parseDocuments(text: string): Steps<Document.Parsed[] | EmptyStream> {
  const parser = new Parser();
  const composer = new Composer(PARSE_OPTIONS);
  const docs: Document.Parsed[] = [];
  let lexemes = 0;
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) for (const doc of composer.next(token)) docs.push(doc);
    if (++lexemes % LEXEMES_PER_STEP === 0) yield;
  }
  for (const token of parser.end()) for (const doc of composer.next(token)) docs.push(doc);
  for (const doc of composer.end()) docs.push(doc);
  const clean = docs.every((doc) => doc.errors.length === 0 && doc.warnings.length === 0) && composer.streamInfo().errors.length === 0;
  if (!clean) return parseAllDocuments<ParsedNode>(text, PARSE_OPTIONS);
  return docs.length > 0 ? docs : Object.assign([], { empty: true as const }, composer.streamInfo());
}

/** One document of a multi-document stream (`kustomize build`, `helm template` output). */
export interface StreamDocument {
  /** 1-based position in the stream. */
  index: number;
  /** 1-based line where the document starts. */
  line: number;
  value?: GoValue;
  error?: GoYamlError;
}

/** Every document of a stream, each decoded as kubectl/helm (sigs.k8s.io/yaml) would. */
export function decodeGoYamlStream(input: string): StreamDocument[] {
  return atOnce(decodeGoYamlStreamSteps(input));
}

/** decodeGoYamlStream in steps (core/steps.ts). */
export function* decodeGoYamlStreamSteps(input: string): Steps<StreamDocument[]> {
  const text = withoutBom(input);
  if (flowTooDeep(text) || indentsTooDeep(text)) return [{ index: 1, line: 1, error: new GoYamlError(`yaml: exceeded max depth of ${MAX_FLOW_DEPTH}`) }];
  const positionOf = positionIndex(text);
  const parsed = yield* parseDocuments(text);
  if ('empty' in parsed) {
    const e = parsed.errors[0];
    if (!e) return [];
    const pos = e.linePos?.[0];
    return [{ index: 1, line: 1, error: new GoYamlError(e.message.split('\n')[0] ?? 'unreadable YAML', pos?.line, pos?.col, false) }];
  }
  const docs: StreamDocument[] = [];
  for (const [i, doc] of parsed.entries()) {
    const line = positionOf(doc.range[0]).line;
    const error = syntaxError(doc, text);
    if (error) docs.push({ index: i + 1, line, error });
    else {
      try {
        docs.push({ index: i + 1, line, value: yield* decodeDocument(doc, positionOf) });
      } catch (e) {
        if (e instanceof GoYamlError) docs.push({ index: i + 1, line, error: e });
        else throw e;
      }
    }
    yield;
  }
  return docs;
}

/** The plain JS value (objects with string keys) of a decoded document, for reading k8s objects. */
export function toPlain(value: GoValue): unknown {
  switch (value.t) {
    case 'null':
      return null;
    case 'str':
    case 'bool':
      return value.v;
    case 'int':
      return Number.isSafeInteger(Number(value.v)) ? Number(value.v) : value.v.toString();
    case 'float':
      return value.v;
    case 'seq':
      return value.items.map(toPlain);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of value.entries) out[k.t === 'null' ? '' : String(toPlain(k))] = toPlain(v);
      return out;
    }
  }
}

/** The line (1-based) of the first tab used as indentation, which YAML forbids. */
function findTabIndentation(text: string): number | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) if (/^ *\t/.test(lines[i] ?? '') && /\S/.test(lines[i] ?? '')) return i + 1;
  return undefined;
}
