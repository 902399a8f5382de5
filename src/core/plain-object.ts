/** A parsed JSON or YAML mapping: what the untyped input (manifests, API answers, values files) is checked against. */
export type PlainObject = Record<string, unknown>;

/** A mapping: not null, not an array. */
export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
