/**
 * Downloads a URL the way the controller's Go http.DefaultClient does (GET, redirects followed
 * here so every hop is recorded, Go's proxy choice, Go's sensitive-header rule, Go's transparent
 * gzip), with deadlines the controller does not have. Expected failures end up in DownloadFacts;
 * nothing here throws for them.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext, getCACertificates, type SecureContext } from 'node:tls';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Agent, ProxyAgent, Socks5ProxyAgent, buildConnector, request, type Dispatcher } from 'undici';
import { excerptOf } from './binary.js';
import { proxyFor, type ProxyEnv } from './proxy.js';
import type { StoreResult } from './store.js';
import type { Deadlines, DownloadFacts, DownloadOutcome, Hop, TlsFailureKind } from './types.js';

/** Go's defaultCheckRedirect: the 10th redirect response ends the request. */
export const MAX_REDIRECTS = 10;
/** Go's Transport sends this User-Agent when the request has none. */
export const GO_USER_AGENT = 'Go-http-client/1.1';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers Go's client strips once a redirect leaves the first request's domain. */
const SENSITIVE_HEADERS = new Set(['authorization', 'www-authenticate', 'cookie', 'cookie2']);
const ERROR_EXCERPT_BYTES = 2048;

export interface HttpSessionOptions {
  proxyEnv: ProxyEnv;
  proxy?: string;
  extraCaFile?: string;
  deadlines: Deadlines;
}

/** Trusted roots per extra CA file, built once per process: parsing ~800 certificates takes ~150 ms. */
const secureContexts = new Map<string, SecureContext>();

function trustedContext(extraCaFile: string | undefined): SecureContext {
  const key = extraCaFile ?? '';
  let context = secureContexts.get(key);
  if (!context) {
    // Go uses the image's CA bundle; Node's bundle plus the system store covers the same roots.
    const ca = [...new Set([...getCACertificates('default'), ...getCACertificates('system')])];
    if (extraCaFile) ca.push(readFileSync(extraCaFile, 'utf8'));
    context = createSecureContext({ ca });
    secureContexts.set(key, context);
  }
  return context;
}

/**
 * Connection pools shared by every download of one run; `close()` destroys every socket, so
 * nothing outlives the run (also after an abort). TLS roots are loaded on the first https hop.
 */
export class HttpSession {
  readonly deadlines: Deadlines;
  private readonly dispatchers = new Map<string, Dispatcher>();

  constructor(private readonly options: HttpSessionOptions) {
    this.deadlines = options.deadlines;
    // Fail early and clearly on an unreadable --certificate-authority file.
    if (options.extraCaFile) trustedContext(options.extraCaFile);
  }

  proxyChoice(url: URL): ReturnType<typeof proxyFor> {
    return proxyFor(url, this.options.proxyEnv, this.options.proxy);
  }

  private tlsOptions(): { secureContext: SecureContext; timeout: number } {
    return { secureContext: trustedContext(this.options.extraCaFile), timeout: this.deadlines.connectMs };
  }

  dispatcherFor(proxyUrl: string | undefined): Dispatcher {
    const key = proxyUrl ?? 'direct';
    let dispatcher = this.dispatchers.get(key);
    if (dispatcher) return dispatcher;
    const { connectMs, headersMs, bodyIdleMs } = this.deadlines;
    const timeouts = { headersTimeout: headersMs, bodyTimeout: bodyIdleMs };
    if (!proxyUrl) {
      const plain = buildConnector({ timeout: connectMs });
      let secure: buildConnector.connector | undefined;
      const connect: buildConnector.connector = (opts, callback) =>
        opts.protocol === 'https:' ? (secure ??= buildConnector(this.tlsOptions()))(opts, callback) : plain(opts, callback);
      dispatcher = new Agent({ connect, ...timeouts });
    } else if (proxyUrl.startsWith('socks5:')) {
      dispatcher = new Socks5ProxyAgent(proxyUrl, { requestTls: this.tlsOptions(), ...timeouts });
    } else {
      const tls = this.tlsOptions();
      dispatcher = new ProxyAgent({ uri: proxyUrl, requestTls: tls, proxyTls: tls, connect: { timeout: connectMs }, ...timeouts });
    }
    this.dispatchers.set(key, dispatcher);
    return dispatcher;
  }

  async close(): Promise<void> {
    const all = [...this.dispatchers.values()];
    this.dispatchers.clear();
    await Promise.all(all.map((d) => d.destroy().catch(() => undefined)));
  }
}

/** Go's isDomainOrSubdomain on host names (ports do not matter since Go 1.22's fix). */
function isDomainOrSubdomain(sub: string, parent: string): boolean {
  const s = sub.toLowerCase();
  const p = parent.toLowerCase();
  if (s === p) return true;
  if (s.includes(':') || s.includes('%')) return false; // IPv6 literals only match exactly
  return s.endsWith(`.${p}`);
}

function hostOf(url: URL): string {
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

type Classified = { outcome: DownloadOutcome; error: NonNullable<DownloadFacts['error']> };

/** Turns a request or body error into an outcome with the evidence a person needs. */
function classify(error: unknown, url: URL, stage: 'request' | 'body', deadlines: Deadlines): Classified {
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
  if (stage === 'body' && (has('UND_ERR_SOCKET') || has('ECONNRESET') || has('UND_ERR_RES_CONTENT_LENGTH_MISMATCH') || has('ERR_STREAM_PREMATURE_CLOSE') || has('Z_BUF_ERROR'))) {
    return { outcome: 'truncated', error: { code: code ?? 'UND_ERR_SOCKET', message, goError: 'unexpected EOF' } };
  }
  if (has('ECONNRESET') || has('EPIPE') || has('UND_ERR_SOCKET')) {
    return { outcome: 'connection-reset', error: { code: code!, message, goError: 'read: connection reset by peer' } };
  }
  return { outcome: 'network-error', error: { ...(code ? { code } : {}), message } };
}

export interface DownloadRequest {
  url: string;
  /** Header name -> value from headersFrom; values never leave this function except on the wire. */
  headers: Readonly<Record<string, string>>;
  signal?: AbortSignal;
  /** Consumes the final response body (hash, cache); called once, only for a body the controller would save. */
  consume: (body: AsyncIterable<Uint8Array>) => Promise<StoreResult>;
}

export interface DownloadResult {
  facts: DownloadFacts;
  stored?: StoreResult;
}

/** Reads at most `limit` bytes of an error body, then drops the rest. */
async function readExcerpt(body: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= limit) break;
    }
  } catch {
    // an excerpt is best effort: the status already says what went wrong
  }
  discard(body);
  return excerptOf(Buffer.concat(chunks).subarray(0, limit).toString('utf8'), 300);
}

/** Query parameters that carry credentials in pre-signed redirect URLs (S3, GCS, Azure, GitHub assets). */
const CREDENTIAL_PARAM = /sig|signature|token|credential|secret|key|auth|jwt|password/i;

/**
 * A URL as shown in facts and evidence: a password or a pre-signed URL's credential parameters
 * are masked (they are short-lived secrets, and a report gets pasted into issues).
 */
export function redactUrl(href: string): string {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return href;
  }
  let changed = false;
  if (url.password) {
    url.password = '***';
    changed = true;
  }
  for (const name of [...url.searchParams.keys()]) {
    if (CREDENTIAL_PARAM.test(name) && url.searchParams.get(name) !== '***') {
      url.searchParams.set(name, '***');
      changed = true;
    }
  }
  return changed ? url.href : href;
}

/** Drops a response body; destroying an undici body emits an abort error nobody needs. */
function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * GETs `url` like Go's http.DefaultClient and feeds the final body to `consume`. Always resolves.
 */
export async function downloadLikeGo(session: HttpSession, req: DownloadRequest): Promise<DownloadResult> {
  const started = performance.now();
  const { deadlines } = session;
  const totalTimer = AbortSignal.timeout(deadlines.totalMs);
  const signal = req.signal ? AbortSignal.any([req.signal, totalTimer]) : totalTimer;
  const hops: Hop[] = [];
  const visited = new Set<string>();
  const callerHeaders = Object.entries(req.headers);
  const callerSets = (name: string) => callerHeaders.some(([k]) => k.toLowerCase() === name);
  // Go's Transport asks for gzip itself (and then decodes it) unless the request says otherwise.
  const addGzip = !callerSets('accept-encoding') && !callerSets('range');
  const facts: DownloadFacts = { url: req.url, outcome: 'ok', hops, finalUrl: req.url, decompressed: false, bytes: 0, totalMs: 0 };
  const finish = (result: Partial<DownloadFacts>, stored?: StoreResult): DownloadResult => {
    Object.assign(facts, result);
    facts.finalUrl = redactUrl(facts.finalUrl);
    for (const hop of hops) {
      hop.url = redactUrl(hop.url);
      if (hop.location) hop.location = redactUrl(hop.location);
    }
    facts.totalMs = Math.round(performance.now() - started);
    return stored ? { facts, stored } : { facts };
  };
  const failure = (error: unknown, url: URL, stage: 'request' | 'body'): Classified => {
    if (req.signal?.aborted) return { outcome: 'aborted', error: { message: 'cancelled (Ctrl-C or the overall --timeout)' } };
    if (totalTimer.aborted) {
      return { outcome: 'timeout', error: { message: `no complete download within ${deadlines.totalMs} ms`, phase: 'total', deadlineMs: deadlines.totalMs } };
    }
    return classify(error, url, stage, deadlines);
  };

  const initial = new URL(req.url);
  let current = initial;
  let stripSensitive = false;
  for (;;) {
    visited.add(current.href);
    const choice = session.proxyChoice(current);
    const sent = callerHeaders.filter(([name]) => !(stripSensitive && SENSITIVE_HEADERS.has(name.toLowerCase())));
    const hop: Hop = {
      url: current.href,
      host: current.host,
      headersSent: sent.map(([name]) => name),
      headersDropped: callerHeaders.filter((h) => !sent.includes(h)).map(([name]) => name),
      ...(choice.url ? { proxy: choice.url } : {}),
      proxyReason: choice.reason,
    };
    hops.push(hop);
    const headers: Record<string, string> = { 'user-agent': GO_USER_AGENT, ...(addGzip ? { 'accept-encoding': 'gzip' } : {}) };
    for (const [name, value] of sent) headers[name] = value;

    let response: Dispatcher.ResponseData;
    try {
      response = await request(current, { method: 'GET', headers, dispatcher: session.dispatcherFor(choice.rawUrl), signal });
    } catch (error) {
      return finish({ finalUrl: current.href, ...failure(error, current, 'request') });
    }
    const ttfbMs = Math.round(performance.now() - started);
    const { statusCode, headers: resHeaders, body } = response;
    hop.status = statusCode;
    const location = firstHeader(resHeaders.location);

    if (REDIRECT_STATUSES.has(statusCode) && location) {
      hop.location = location;
      discard(body);
      // Go checks the redirect limit before it even looks at the next URL's scheme.
      if (hops.length >= MAX_REDIRECTS) {
        return finish({ outcome: 'too-many-redirects', finalUrl: current.href, status: statusCode, ttfbMs, error: { message: `stopped after ${MAX_REDIRECTS} redirects`, goError: `stopped after ${MAX_REDIRECTS} redirects` } });
      }
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        return finish({ outcome: 'redirect-bad-scheme', finalUrl: current.href, status: statusCode, ttfbMs, error: { message: `Location ${JSON.stringify(redactUrl(location))} is not a URL`, goError: `failed to parse Location header ${JSON.stringify(redactUrl(location))}` } });
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        const scheme = next.protocol.replace(/:$/, '');
        return finish({ outcome: 'redirect-bad-scheme', finalUrl: next.href, status: statusCode, ttfbMs, error: { message: `redirect to ${redactUrl(next.href)}: not http(s)`, goError: `unsupported protocol scheme ${JSON.stringify(scheme)}` } });
      }
      if (visited.has(next.href)) {
        return finish({ outcome: 'redirect-loop', finalUrl: next.href, status: statusCode, ttfbMs, error: { message: `redirect back to ${redactUrl(next.href)}`, goError: `stopped after ${MAX_REDIRECTS} redirects` } });
      }
      if (!stripSensitive && initial.host !== next.host && !isDomainOrSubdomain(hostOf(next), hostOf(initial))) stripSensitive = true;
      current = next;
      continue;
    }

    const contentLengthHeader = firstHeader(resHeaders['content-length']);
    const contentLength = contentLengthHeader !== undefined && /^\d+$/.test(contentLengthHeader) ? Number(contentLengthHeader) : undefined;
    const contentEncoding = firstHeader(resHeaders['content-encoding']);
    const common: Partial<DownloadFacts> = {
      finalUrl: current.href,
      status: statusCode,
      ttfbMs,
      ...(firstHeader(resHeaders['content-type']) ? { contentType: firstHeader(resHeaders['content-type'])! } : {}),
      ...(contentLength !== undefined ? { contentLength } : {}),
      ...(contentEncoding ? { contentEncoding } : {}),
      ...(firstHeader(resHeaders['retry-after']) ? { retryAfter: firstHeader(resHeaders['retry-after'])! } : {}),
    };

    if (statusCode < 200 || statusCode >= 400) {
      const bodyExcerpt = await readExcerpt(body, ERROR_EXCERPT_BYTES);
      return finish({ outcome: 'http-status', ...common, ...(bodyExcerpt ? { bodyExcerpt } : {}) });
    }

    // The controller saves this body. A 3xx without Location is returned by Go as is, and saved too.
    const gunzip = addGzip && contentEncoding?.toLowerCase() === 'gzip';
    let wireBytes = 0;
    let source: AsyncIterable<Uint8Array> = body;
    if (gunzip) {
      body.on('data', (chunk: Buffer) => (wireBytes += chunk.length));
      source = pipeline(body, createGunzip(), () => undefined);
    }
    const bodyStarted = performance.now();
    const stored = await req.consume(source);
    if (gunzip) discard(source as Readable);
    discard(body);
    const seconds = (performance.now() - bodyStarted) / 1000;
    const bytes = stored.ok ? stored.size : stored.bytes;
    const measured: Partial<DownloadFacts> = {
      ...common,
      decompressed: gunzip,
      bytes,
      ...(seconds > 0 ? { throughput: Math.round(bytes / seconds) } : {}),
    };
    if (!stored.ok && stored.reason === 'too-large') {
      return finish({ outcome: 'too-large', ...measured }, stored);
    }
    if (!stored.ok) return finish({ ...measured, ...failure(stored.error, current, 'body') }, stored);
    // Go reads exactly Content-Length bytes; fewer is io.ErrUnexpectedEOF for the controller.
    const received = gunzip ? wireBytes : stored.size;
    if (contentLength !== undefined && received < contentLength) {
      return finish({ ...measured, outcome: 'truncated', error: { message: `body ended after ${received} of ${contentLength} bytes (Content-Length)`, goError: 'unexpected EOF' } }, stored);
    }
    const noLocation = REDIRECT_STATUSES.has(statusCode);
    return finish({ ...measured, outcome: noLocation ? 'redirect-without-location' : 'ok' }, stored);
  }
}
