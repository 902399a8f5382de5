/**
 * Credentials that can hide in plugin locations and in the controller's messages that quote them:
 * a URL password (`https://user:pass@host`) and the signature of a pre-signed URL (S3, GCS, Azure,
 * GitHub release assets). Every report passes through `redactDeep` before it is rendered, so no
 * check can print one by accident.
 */

/** Query parameters that carry credentials in pre-signed URLs. */
export const CREDENTIAL_PARAM = /sig|signature|token|credential|secret|key|auth|jwt|password/i;

const URL_PASSWORD = /([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/@:\s"]*:)[^/@\s"]*@/g;
/** A query parameter; trailing sentence punctuation (`…?token=x: response`) is not part of the value. */
const QUERY_PARAM = /([?&])([^=&\s"#?]+)=([^&\s"#]*?)(?=[:,;.)]*(?:[\s"&#]|$))/g;

/** Masks URL passwords (as Go's URL.Redacted() does) and credential query values anywhere in a text. */
export function redactText(text: string): string {
  return text
    .replace(URL_PASSWORD, '$1xxxxx@')
    .replace(QUERY_PARAM, (match, separator: string, name: string, value: string) =>
      CREDENTIAL_PARAM.test(name) && value !== '' && value !== '***' ? `${separator}${name}=***` : match,
    );
}

/** `redactText` applied to every string inside a JSON-like value. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  }
  return value;
}
