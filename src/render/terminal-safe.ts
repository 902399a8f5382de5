/**
 * The one sanitiser for untrusted text on its way to a terminal: a download's error body, a
 * plugin's stderr and handshake line, ConfigMap names and locations, controller log lines. A
 * control character (ESC, CR, BEL, C1 such as CSI U+009B, DEL) or a bidirectional override is
 * escaped into visible text (`\x1b`, `\u202e`), never dropped, so the evidence stays faithful but
 * cannot clear the screen, move the cursor, set the window title or reorder what is shown.
 */

/** C0 but tab and newline, DEL, C1, the line/paragraph separators and the bidi embeddings, overrides and isolates. */
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_WITH_NEWLINES = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** What JSON.stringify leaves raw (it escapes C0 itself). */
const UNSAFE_IN_JSON = /[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Escapes what a terminal would act on. Newlines stay (they structure evidence) unless `oneLine`. */
export function terminalSafe(text: string, oneLine = false): string {
  return text.replace(oneLine ? UNSAFE_WITH_NEWLINES : UNSAFE, visible);
}

/** `terminalSafe` applied to every string inside a JSON-like value. */
export function terminalSafeDeep<T>(value: T, oneLine = false): T {
  if (typeof value === 'string') return terminalSafe(value, oneLine) as T;
  if (Array.isArray(value)) return value.map((v) => terminalSafeDeep(v, oneLine)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, terminalSafeDeep(v, oneLine)])) as T;
  }
  return value;
}

/** JSON text with the characters JSON.stringify leaves raw written as \u escapes: the same data, safe to print. */
export function terminalSafeJson(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
