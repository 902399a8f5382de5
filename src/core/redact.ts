/**
 * Credentials that can hide in plugin locations and in the controller's messages that quote them:
 * a URL password (`https://user:pass@host`), the signature of a pre-signed URL (S3, GCS, Azure,
 * GitHub release assets), and the exact headersFrom Secret values the probe sent (a hostile server
 * can echo them in an error body or a redirect). Every report passes through `redactDeep` before
 * it is rendered, so no check can print one by accident.
 *
 * The input is hostile (a 10 MB ConfigMap value, a 200 KB log line): every function here is one
 * linear scan, never a backtracking regular expression, and `redactDeep` bounds each string.
 */

/** Query parameters that carry credentials in pre-signed URLs. */
export const CREDENTIAL_PARAM = /sig|signature|token|credential|secret|key|auth|jwt|password/i;

/** The longest string a report keeps; the rest is cut and counted (evidence stays readable). */
export const MAX_REPORT_TEXT = 8192;

/**
 * Secret values shorter than this are not masked, in any form: masking "1", "on" or "v2" (or their
 * base64, "MQ==") everywhere would garble the report, and such a value is no credential worth hiding.
 */
export const MIN_MASKED_SECRET = 4;

const MASK = '***';

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v' || (ch > '\x7f' && /\s/.test(ch));
}

function isSchemeChar(ch: string): boolean {
  return /[a-zA-Z0-9+.-]/.test(ch);
}

/** Index of the first char at or after `from` that is in `stops` or a space (text.length if none). */
function scanUntil(text: string, from: number, stops: string): number {
  let i = from;
  while (i < text.length && !stops.includes(text[i]!) && !isSpace(text[i]!)) i++;
  return i;
}

/**
 * `scheme://user:password@` -> `scheme://user:xxxxx@` (Go's URL.Redacted()). Each scan stops at the
 * next `/`, so the scans never overlap: linear in the text.
 */
function maskUrlPasswords(text: string): string {
  let out = '';
  let copied = 0;
  for (let sep = text.indexOf('://'); sep !== -1; sep = text.indexOf('://', sep + 1)) {
    let start = sep;
    while (start > 0 && isSchemeChar(text[start - 1]!)) start--;
    if (!/[a-zA-Z]/.test(text.slice(start, sep))) continue;
    const colon = scanUntil(text, sep + 3, '/@:"');
    if (text[colon] !== ':') continue;
    const at = scanUntil(text, colon + 1, '/@"');
    if (text[at] !== '@') continue;
    out += `${text.slice(copied, colon + 1)}xxxxx`;
    copied = at;
    sep = at;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

const PARAM_TRAILING_PUNCTUATION = ':,;.)';

/**
 * `?token=value` -> `?token=***` for credential-like parameter names. Trailing sentence
 * punctuation (`…?token=x: response`) is not part of the value.
 */
function maskCredentialParams(text: string): string {
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch !== '?' && ch !== '&') {
      i++;
      continue;
    }
    const nameEnd = scanUntil(text, i + 1, '=&"#?');
    if (nameEnd === i + 1 || text[nameEnd] !== '=') {
      i = nameEnd === i + 1 ? i + 1 : nameEnd;
      continue;
    }
    const runEnd = scanUntil(text, nameEnd + 1, '&"#');
    let valueEnd = runEnd;
    while (valueEnd > nameEnd + 1 && PARAM_TRAILING_PUNCTUATION.includes(text[valueEnd - 1]!)) valueEnd--;
    const value = text.slice(nameEnd + 1, valueEnd);
    if (value !== '' && value !== MASK && CREDENTIAL_PARAM.test(text.slice(i + 1, nameEnd))) {
      out += `${text.slice(copied, nameEnd + 1)}${MASK}`;
      copied = valueEnd;
    }
    i = valueEnd > nameEnd + 1 ? valueEnd : nameEnd + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** `Bearer TOKEN`, `Basic …`, `token …`: an Authorization-style value whose credential a server may echo alone. */
const AUTH_SCHEME_VALUE = /^[A-Za-z][A-Za-z0-9_-]{0,19}\s+(\S.*)$/s;

/** Where the base64 characters that depend on the value alone begin, after 0, 1 or 2 bytes of other text. */
const BASE64_STABLE_START = [0, 2, 3];

/**
 * A value base64-encoded (standard and URL-safe alphabets, padded or not): alone (a Secret's stored
 * `data`, a server echoing `base64(header)`), and inside a longer encoded text at each of the three
 * byte alignments, as the characters that depend on the value alone (a server encoding all of its
 * request headers).
 */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const standard: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    if (offset === 0) standard.push(encoded, encoded.replace(/=+$/, ''));
    standard.push(encoded.slice(BASE64_STABLE_START[offset], Math.floor((8 * (offset + bytes.length)) / 6)));
  }
  return standard.flatMap((form) => [form, form.replaceAll('+', '-').replaceAll('/', '_')]);
}

/** `Basic base64(user:password)`: `user:password` and the password, which a server may echo decoded (the user name is no secret). */
function basicCredentialParts(secret: string): string[] {
  const encoded = /^basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(secret)?.[1];
  if (!encoded) return [];
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? [] : [decoded, decoded.slice(colon + 1)];
}

/**
 * Every form a secret value takes when a server echoes it, longest first: as sent, base64-encoded and
 * hex-encoded, each raw, URL-encoded, form-encoded and JSON-escaped, and each of these as is,
 * uppercased and lowercased (a server that normalises what it echoes; hex comes in either case);
 * the same for the credential of an Authorization-style value, and for what a Basic credential holds
 * decoded. The one list of what is masked; a value shorter than MIN_MASKED_SECRET has none.
 * Unlike base64, hex needs no other alignments: inside any longer hex text a value's bytes are whole
 * hex pairs.
 */
function secretForms(secret: string): string[] {
  if (secret.length < MIN_MASKED_SECRET) return [];
  const credential = AUTH_SCHEME_VALUE.exec(secret)?.[1]?.trim();
  const values = [secret, ...(credential ? [credential] : []), ...basicCredentialParts(secret)].filter((value) => value.length >= MIN_MASKED_SECRET);
  const forms = values
    .flatMap((value) => [value, ...base64Forms(value), Buffer.from(value, 'utf8').toString('hex')])
    .flatMap((value) => [value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2), JSON.stringify(value).slice(1, -1)])
    .flatMap((form) => [form, form.toUpperCase(), form.toLowerCase()]);
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/** The most characters one of these values can take in a text a server sends (its longest form). */
export function longestSecretForm(secrets: readonly string[]): number {
  return Math.max(0, ...secrets.map((secret) => secretForms(secret)[0]?.length ?? 0));
}

/** Replaces every occurrence of the given exact secret values, in each of their forms, with `***`. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    for (const form of secretForms(secret)) {
      if (result.includes(form)) result = result.split(form).join(MASK);
    }
  }
  return result;
}

/** Masks URL passwords, credential query values and the given exact secret values anywhere in a text. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  return maskCredentialParams(maskUrlPasswords(maskSecrets(text, secrets)));
}

/** Keeps the first MAX_REPORT_TEXT characters of a string and says how many were cut. */
export function boundText(text: string): string {
  if (text.length <= MAX_REPORT_TEXT) return text;
  return `${text.slice(0, MAX_REPORT_TEXT)}… [${text.length - MAX_REPORT_TEXT} more characters]`;
}

/**
 * `redactText`, then `boundText`, applied to every string inside a JSON-like value. The exact
 * secret values are masked where they enter (the download's edge, the exec plugin's stderr):
 * a report never holds them to mask.
 */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return boundText(redactText(value)) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  }
  return value;
}
