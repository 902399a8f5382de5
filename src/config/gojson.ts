/**
 * The second half of sigs.k8s.io/yaml.Unmarshal: the YAML value is made JSON-able (non-string
 * keys become strings, numbers and booleans become strings where the target field is a string),
 * marshalled to JSON (sorted keys), then decoded by Go's encoding/json into the controller's
 * PluginItem struct: case-insensitive field names, unknown fields dropped, first type error kept.
 */
import type { GoValue } from './goyaml.js';
import { goSprintValue } from './goyaml.js';

/** A Go type the JSON is decoded into. */
export type GoTarget =
  | { kind: 'string'; goType: string }
  | { kind: 'bool'; goType: string }
  | { kind: 'slice'; goType: string; elem: GoTarget }
  | { kind: 'struct'; goType: string; name: string; fields: GoField[] };

export interface GoField {
  /** The JSON name (tag, or the Go field name when untagged). */
  name: string;
  target: GoTarget;
}

/** The controller's PluginItem struct at a given release, as encoding/json sees it. */
export function pluginItemType(features: { args: boolean; v18: boolean }): GoTarget {
  const str: GoTarget = { kind: 'string', goType: 'string' };
  const fields: GoField[] = [
    { name: 'name', target: str },
    { name: 'location', target: str },
    { name: 'sha256', target: str },
  ];
  if (features.v18) fields.push({ name: 'Type', target: { kind: 'string', goType: 'types.PluginType' } });
  if (features.v18) fields.push({ name: 'disabled', target: { kind: 'bool', goType: 'bool' } });
  if (features.args) fields.push({ name: 'args', target: { kind: 'slice', goType: '[]string', elem: str } });
  if (features.v18) {
    const secretRef: GoTarget = { kind: 'struct', goType: 'types.SecretRef', name: 'SecretRef', fields: [{ name: 'name', target: str }] };
    const headersFrom: GoTarget = { kind: 'struct', goType: 'types.HeadersFrom', name: 'HeadersFrom', fields: [{ name: 'secretRef', target: secretRef }] };
    fields.push({ name: 'headersFrom', target: { kind: 'slice', goType: '[]types.HeadersFrom', elem: headersFrom } });
  }
  return {
    kind: 'slice',
    goType: '[]types.PluginItem',
    elem: { kind: 'struct', goType: 'types.PluginItem', name: 'PluginItem', fields },
  };
}

/** JSON value as produced by json.Marshal of the converted object. */
export type JsonValue =
  | { t: 'null' }
  | { t: 'bool'; v: boolean }
  | { t: 'number'; v: number | bigint }
  | { t: 'string'; v: string }
  | { t: 'array'; items: JsonValue[] }
  | { t: 'object'; entries: Array<[string, JsonValue]> };

export class GoJsonError extends Error {}

/** encoding/json's case folding of field names: ASCII letters, plus ſ as s and the Kelvin sign as k. */
export function foldFieldName(s: string): string {
  let out = '';
  for (const ch of s) {
    if (ch === '\u017f') out += 'S';
    else if (ch === '\u212a') out += 'K';
    else if (ch >= 'a' && ch <= 'z') out += ch.toUpperCase();
    else out += ch;
  }
  return out;
}

/** The field encoding/json would store `key` in: exact name first, then case-insensitive. */
export function findField(fields: readonly GoField[], key: string): GoField | undefined {
  return fields.find((f) => f.name === key) ?? fields.find((f) => foldFieldName(f.name) === foldFieldName(key));
}

/** strconv.FormatFloat(v, 'g', -1, 32): shortest digits that identify the float32. */
export function formatFloat32(v: number): string {
  const f = Math.fround(v);
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  let exp = '';
  for (let p = 1; p <= 9; p++) {
    exp = f.toExponential(p - 1);
    if (Math.fround(Number(exp)) === f) break;
  }
  const [mantissa = '', exponent = '0'] = exp.split('e');
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '').replace(/0+$/, '') || '0';
  const e = Number(exponent);
  let body: string;
  if (e < -4 || e >= 6) {
    const frac = digits.slice(1);
    const abs = Math.abs(e);
    body = `${digits[0]}${frac ? `.${frac}` : ''}e${e < 0 ? '-' : '+'}${abs < 10 ? `0${abs}` : abs}`;
  } else if (e < 0) {
    body = `0.${'0'.repeat(-e - 1)}${digits}`;
  } else {
    const intPart = digits.slice(0, e + 1).padEnd(e + 1, '0');
    const frac = digits.slice(e + 1);
    body = frac ? `${intPart}.${frac}` : intPart;
  }
  return negative ? `-${body}` : body;
}

/** strconv.FormatFloat(v, 'g', -1, 64), as json.Marshal's error message prints it. */
function formatFloat64Special(v: number): string {
  return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
}

/** Converts the YAML value like sigs.k8s.io/yaml convertToJSONableObject, then json.Marshal. */
export function yamlToJson(value: GoValue, target: GoTarget | undefined): JsonValue {
  const json = convert(value, target);
  checkMarshalable(json);
  return json;
}

const unsupportedFloats = new WeakSet<object>();

function convert(value: GoValue, target: GoTarget | undefined): JsonValue {
  switch (value.t) {
    case 'map': {
      const byKey = new Map<string, JsonValue>();
      for (const [k, v] of value.entries) {
        const key = mapKeyString(k, v);
        const field = target?.kind === 'struct' ? findField(target.fields, key) : undefined;
        byKey.set(key, convert(v, field?.target));
      }
      // json.Marshal writes map keys sorted bytewise; the decoder then applies them in that order.
      const entries = [...byKey.entries()].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      return { t: 'object', entries };
    }
    case 'seq': {
      const elem = target?.kind === 'slice' ? target.elem : undefined;
      return { t: 'array', items: value.items.map((item) => convert(item, elem)) };
    }
    case 'null':
      return { t: 'null' };
    case 'str':
      return { t: 'string', v: value.v };
    case 'bool':
      if (target?.kind === 'string') return { t: 'string', v: String(value.v) };
      return { t: 'bool', v: value.v };
    case 'int':
      if (target?.kind === 'string') return { t: 'string', v: value.v.toString() };
      return { t: 'number', v: value.v };
    case 'float': {
      if (target?.kind === 'string') {
        const s = formatFloat32(value.v);
        return { t: 'string', v: s };
      }
      const out: JsonValue = { t: 'number', v: value.v };
      if (!Number.isFinite(value.v)) unsupportedFloats.add(out);
      return out;
    }
  }
}

function mapKeyString(key: GoValue, value: GoValue): string {
  switch (key.t) {
    case 'str':
      return key.v;
    case 'int':
      return key.v.toString();
    case 'bool':
      return String(key.v);
    case 'float': {
      const s = formatFloat32(key.v);
      return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
    }
    default:
      throw new GoJsonError(
        `unsupported map key of type: %!s(<nil>), key: <nil>, value: ${goSprintValue(value)}`,
      );
  }
}

function checkMarshalable(json: JsonValue): void {
  if (json.t === 'number' && unsupportedFloats.has(json))
    throw new GoJsonError(`json: unsupported value: ${formatFloat64Special(Number(json.v))}`);
  if (json.t === 'array') json.items.forEach(checkMarshalable);
  if (json.t === 'object') for (const [, v] of json.entries) checkMarshalable(v);
}

/** What Go's decoder produced: a plain JS mirror of the Go value, plus the first type error. */
export interface DecodeResult {
  value: unknown;
  error?: string;
  /**
   * Where every value of the wrong type was (Go reports the first, and leaves each such value at its
   * zero value): list indexes and field names from the top, e.g. `[0, 'location']`.
   */
  typeErrors?: Array<Array<string | number>>;
}

interface ErrorContext {
  struct?: string;
  fieldStack: string[];
  path: Array<string | number>;
}

function jsonKind(v: JsonValue): string {
  return v.t === 'null' ? 'null' : v.t === 'bool' ? 'bool' : v.t;
}

/**
 * Go's json.Decoder.Decode into `target`, starting from its zero value. Returns the JS mirror
 * (strings, booleans, arrays, objects keyed by field name; absent = zero value) and the first
 * UnmarshalTypeError's message, as Go prints it.
 */
export function decodeInto(json: JsonValue, target: GoTarget): DecodeResult {
  let firstError: string | undefined;
  const typeErrors: Array<Array<string | number>> = [];
  const fail = (value: JsonValue, type: GoTarget, ctx: ErrorContext) => {
    typeErrors.push(ctx.path);
    if (firstError !== undefined) return;
    firstError =
      ctx.struct !== undefined || ctx.fieldStack.length > 0
        ? `json: cannot unmarshal ${jsonKind(value)} into Go struct field ${ctx.struct ?? ''}.${ctx.fieldStack.join('.')} of type ${type.goType}`
        : `json: cannot unmarshal ${jsonKind(value)} into Go value of type ${type.goType}`;
  };
  const zero = (type: GoTarget): unknown =>
    type.kind === 'string' ? '' : type.kind === 'bool' ? false : type.kind === 'slice' ? undefined : {};

  const decode = (v: JsonValue, type: GoTarget, current: unknown, ctx: ErrorContext): unknown => {
    if (v.t === 'null') return type.kind === 'slice' ? undefined : current; // null leaves non-nillable values alone
    switch (type.kind) {
      case 'string':
        if (v.t === 'string') return v.v;
        fail(v, type, ctx);
        return current;
      case 'bool':
        if (v.t === 'bool') return v.v;
        fail(v, type, ctx);
        return current;
      case 'slice': {
        if (v.t !== 'array') {
          fail(v, type, ctx);
          return current;
        }
        // Decoding an array reuses existing elements: a struct element keeps fields set earlier.
        const previous = Array.isArray(current) ? current : [];
        return v.items.map((item, i) => decode(item, type.elem, previous[i] ?? zero(type.elem), { ...ctx, path: [...ctx.path, i] }));
      }
      case 'struct': {
        if (v.t !== 'object') {
          fail(v, type, ctx);
          return current;
        }
        const out: Record<string, unknown> = { ...(current as Record<string, unknown>) };
        for (const [key, fieldValue] of v.entries) {
          const field = findField(type.fields, key);
          if (!field) continue;
          const inner: ErrorContext = { struct: type.name, fieldStack: [...ctx.fieldStack, field.name], path: [...ctx.path, field.name] };
          out[field.name] = decode(fieldValue, field.target, out[field.name] ?? zero(field.target), inner);
        }
        return out;
      }
    }
  };
  const value = decode(json, target, zero(target), { fieldStack: [], path: [] });
  return firstError === undefined ? { value } : { value, error: firstError, typeErrors };
}
