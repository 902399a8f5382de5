/**
 * Names a failed download the way a person needs it (DNS, refused, reset, TLS kind, which
 * deadline), with the words Go's client would use, since those end up in the controller's log.
 */
import type { Deadlines, DownloadFacts, DownloadOutcome, TlsFailureKind } from './types.js';

/**
 * Go's http.StatusText, which the controller prints ("response code Not Found"). Not Node's
 * STATUS_CODES: its words differ for 413, 414 and 416 (RFC 7231's, Go kept RFC 2616's), it has
 * codes Go does not, and importing node:http to read it loads ~100 more Node modules (~50 ms)
 * in every command that reports a download.
 */
const GO_STATUS_TEXT: Readonly<Record<number, string>> = {
  100: 'Continue', 101: 'Switching Protocols', 102: 'Processing', 103: 'Early Hints',
  200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information', 204: 'No Content', 205: 'Reset Content', 206: 'Partial Content', 207: 'Multi-Status', 208: 'Already Reported', 226: 'IM Used',
  300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified', 305: 'Use Proxy', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable', 407: 'Proxy Authentication Required',
  408: 'Request Timeout', 409: 'Conflict', 410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed', 413: 'Request Entity Too Large', 414: 'Request URI Too Long', 415: 'Unsupported Media Type',
  416: 'Requested Range Not Satisfiable', 417: 'Expectation Failed', 418: "I'm a teapot", 421: 'Misdirected Request', 422: 'Unprocessable Entity', 423: 'Locked', 424: 'Failed Dependency', 425: 'Too Early',
  426: 'Upgrade Required', 428: 'Precondition Required', 429: 'Too Many Requests', 431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout', 505: 'HTTP Version Not Supported', 506: 'Variant Also Negotiates',
  507: 'Insufficient Storage', 508: 'Loop Detected', 510: 'Not Extended', 511: 'Network Authentication Required',
};

/** The reason phrase of a status as Go's http.StatusText gives it: empty for a code Go does not know. */
export function statusText(status: number): string {
  return GO_STATUS_TEXT[status] ?? '';
}

/** The host of a URL without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** Walks `cause` chains (undici wraps proxy and TLS errors) for the first error with a code. */
function errorCodes(error: unknown): { code?: string; message: string; all: string[]; cause: Error & { code?: string; cert?: { subjectaltname?: string } } } {
  const all: string[] = [];
  let current: unknown = error;
  let deepest = error as Error & { code?: string };
  for (let depth = 0; current && depth < 6; depth++) {
    const e = current as Error & { code?: string; cause?: unknown };
    if (typeof e.code === 'string') all.push(e.code);
    deepest = e;
    current = e.cause;
  }
  const specific = all.find((c) => !c.startsWith('UND_ERR_PRX') && c !== 'UND_ERR_SOCKET') ?? all[0];
  const message = (deepest as Error).message ?? String(error);
  return { ...(specific ? { code: specific } : {}), message, all, cause: deepest };
}

const TLS_KINDS: Record<string, TlsFailureKind> = {
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not-yet-valid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'unknown-authority',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknown-authority',
  UNABLE_TO_GET_ISSUER_CERT: 'unknown-authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown-authority',
  ERR_TLS_CERT_ALTNAME_INVALID: 'host-mismatch',
};

/** `DNS:a, IP Address:1.2.3.4` (Node's subjectaltname) as Go lists names: `a, 1.2.3.4`. */
function namesOf(subjectAltName: string | undefined): string {
  if (!subjectAltName) return 'other names';
  return subjectAltName
    .split(', ')
    .map((name) => name.replace(/^(DNS|IP Address):/, ''))
    .join(', ');
}

/** Go's x509 wording for each TLS failure: what the controller's fatal log line will contain. */
function goTlsError(kind: TlsFailureKind, host: string, subjectAltName?: string): string {
  switch (kind) {
    case 'expired':
    case 'not-yet-valid':
      return 'tls: failed to verify certificate: x509: certificate has expired or is not yet valid';
    case 'self-signed':
    case 'unknown-authority':
      return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
    case 'host-mismatch':
      return `tls: failed to verify certificate: x509: certificate is valid for ${namesOf(subjectAltName)}, not ${host}`;
    default:
      return 'remote error: tls: handshake failure';
  }
}

export type Classified = { outcome: DownloadOutcome; error: NonNullable<DownloadFacts['error']> };

/** Turns a request or body error into an outcome with the evidence a person needs. */
export function classify(error: unknown, url: URL, stage: 'request' | 'body', deadlines: Deadlines): Classified {
  const { code, message, all, cause } = errorCodes(error);
  const host = hostOf(url);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const has = (c: string) => all.includes(c);
  if (code && TLS_KINDS[code]) {
    const tls = TLS_KINDS[code]!;
    return { outcome: 'tls-error', error: { code, message, tls, goError: goTlsError(tls, host, cause.cert?.subjectaltname) } };
  }
  if (code?.startsWith('ERR_SSL') || code === 'EPROTO' || code?.startsWith('ERR_TLS')) {
    return { outcome: 'tls-error', error: { code, message, tls: 'other', goError: goTlsError('other', host) } };
  }
  if (has('ENOTFOUND') || has('EAI_AGAIN') || has('EAI_NONAME')) {
    return { outcome: 'dns-failure', error: { code: code!, message, goError: `dial tcp: lookup ${host}: no such host` } };
  }
  if (has('ECONNREFUSED')) {
    return { outcome: 'connection-refused', error: { code: 'ECONNREFUSED', message, goError: `dial tcp ${host}:${port}: connect: connection refused` } };
  }
  if (has('UND_ERR_CONNECT_TIMEOUT') || has('ETIMEDOUT')) {
    return { outcome: 'timeout', error: { code: code!, message, phase: 'connect', deadlineMs: deadlines.connectMs } };
  }
  if (has('UND_ERR_HEADERS_TIMEOUT')) {
    return { outcome: 'timeout', error: { code: code!, message, phase: 'headers', deadlineMs: deadlines.headersMs } };
  }
  if (has('UND_ERR_BODY_TIMEOUT')) {
    return { outcome: 'timeout', error: { code: code!, message, phase: 'body-idle', deadlineMs: deadlines.bodyIdleMs } };
  }
  if (stage === 'body' && has('Z_DATA_ERROR')) {
    return { outcome: 'network-error', error: { code: code!, message: `Content-Encoding says gzip but the body does not decode: ${message}`, goError: 'gzip: invalid header' } };
  }
  if (stage === 'body' && (has('UND_ERR_SOCKET') || has('ECONNRESET') || has('UND_ERR_RES_CONTENT_LENGTH_MISMATCH') || has('ERR_STREAM_PREMATURE_CLOSE') || has('Z_BUF_ERROR'))) {
    return { outcome: 'truncated', error: { code: code ?? 'UND_ERR_SOCKET', message, goError: 'unexpected EOF' } };
  }
  if (has('ECONNRESET') || has('EPIPE') || has('UND_ERR_SOCKET')) {
    return { outcome: 'connection-reset', error: { code: code!, message, goError: 'read: connection reset by peer' } };
  }
  return { outcome: 'network-error', error: { ...(code ? { code } : {}), message } };
}

/** Outcomes that, through a proxy, are about the connection to the proxy itself. */
const PROXY_CONNECT_OUTCOMES: ReadonlySet<DownloadOutcome> = new Set(['connection-refused', 'dns-failure', 'connection-reset']);

/**
 * Re-reads a request failure that happened through a proxy: a refused or unresolvable proxy, or
 * a proxy refusing the CONNECT tunnel, is the proxy's failure, not the plugin host's.
 */
export function classifyProxied(failure: Classified, error: unknown, proxy: URL): Classified {
  const { message } = errorCodes(error);
  const proxyAddr = `${hostOf(proxy)}:${proxy.port || (proxy.protocol === 'https:' ? '443' : '80')}`;
  const refusedTunnel = /Proxy response \((\d+)\)/.exec(message);
  if (refusedTunnel) {
    const status = Number(refusedTunnel[1]);
    return {
      outcome: 'proxy-error',
      error: { message: `the proxy answered ${status} to CONNECT`, code: failure.error.code ?? 'UND_ERR_ABORTED', proxyStatus: status, goError: statusText(status) || 'unknown status code' },
    };
  }
  const connectTimeout = failure.outcome === 'timeout' && failure.error.phase === 'connect';
  if (!PROXY_CONNECT_OUTCOMES.has(failure.outcome) && !connectTimeout) return failure;
  const reason = failure.error.goError?.replace(/^dial tcp [^:]+:\d+: /, '').replace(/^dial tcp: lookup [^:]+:/, `lookup ${hostOf(proxy)}:`) ?? failure.error.message;
  return {
    outcome: 'proxy-error',
    error: { ...failure.error, message: `cannot reach the proxy ${proxyAddr}: ${failure.error.message}`, goError: `proxyconnect tcp: dial tcp ${proxyAddr}: ${reason}` },
  };
}
