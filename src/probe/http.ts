/**
 * Downloads a URL the way the controller's Go http.DefaultClient does (GET, redirects followed
 * here so every hop is recorded, Go's proxy choice, Go's sensitive-header rule, Go's transparent
 * gzip), with deadlines the controller does not have. Expected failures end up in DownloadFacts;
 * nothing here throws for them.
 */
import { createGunzip } from 'node:zlib';
import { abortCause, abortCauseText, scopedSignal } from '../core/deadline.js';
import { longestSecretForm, maskSecrets, redactText } from '../core/redact.js';
import { excerptOf, shownText } from './binary.js';
import { exchange, type BodyControl, type BodyTarget, type ExchangeResult } from './exchange.js';
import { classify, classifyProxied, hostOf, type Classified } from './net-errors.js';
import type { HttpSession } from './session.js';
import type { ContentSink, StoreResult } from './store.js';
import type { DownloadFacts, Hop } from './types.js';
import { humanDuration } from '../core/duration.js';

/** Go's defaultCheckRedirect: the 10th redirect response ends the request. */
export const MAX_REDIRECTS = 10;
/** Go's Transport sends this User-Agent when the request has none. */
export const GO_USER_AGENT = 'Go-http-client/1.1';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers Go's client strips once a redirect leaves the first request's domain. */
const SENSITIVE_HEADERS = new Set(['authorization', 'www-authenticate', 'cookie', 'cookie2', 'proxy-authorization', 'proxy-authenticate']);
/** Headers Go's client strips after a 301/302/303, which turn the request into one without a body. */
const BODY_HEADERS = new Set(['content-encoding', 'content-language', 'content-location', 'content-type']);
const BODYLESS_REDIRECTS = new Set([301, 302, 303]);
const ERROR_EXCERPT_BYTES = 2048;
const EXCERPT_CHARS = 300;

/** RFC 7230 token: the header names Go's httpguts.ValidHeaderFieldName accepts. */
const VALID_HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Go's httpguts.ValidHeaderFieldValue refuses control characters other than tab (bytes >= 0x80 pass). */
const INVALID_VALUE_CHAR = /[\x00-\x08\x0a-\x1f\x7f]/;

/**
 * The first caller header Go's Transport refuses to send ("net/http: invalid header field ..."),
 * said without its value: a Secret value made with `echo token | base64` ends with a newline.
 */
export function invalidHeader(headers: Readonly<Record<string, string>>): DownloadFacts['error'] | undefined {
  for (const [name, value] of Object.entries(headers)) {
    if (!VALID_HEADER_NAME.test(name)) {
      return { message: `the header name ${JSON.stringify(name)} is not an HTTP token`, header: name, goError: `net/http: invalid header field name ${JSON.stringify(name)}` };
    }
    const bad = INVALID_VALUE_CHAR.exec(value);
    if (bad) {
      const what = /\r?\n$/.test(value) ? 'ends with a newline' : `contains the control character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      return { message: `the value of header ${JSON.stringify(name)} ${what}`, header: name, goError: `net/http: invalid header field value for ${JSON.stringify(name)}` };
    }
  }
  return undefined;
}

/** Go's isDomainOrSubdomain on host names: ports do not matter (current Go; the controller is built with Go 1.26). */
/** A download the run's signal ended: why, in words and as a cause the fix is chosen by. */
export function cancelled(signal: AbortSignal): NonNullable<DownloadFacts['error']> {
  return { message: `cancelled: ${abortCauseText(signal)}`, cancelledBy: abortCause(signal) };
}

function isDomainOrSubdomain(sub: string, parent: string): boolean {
  const s = sub.toLowerCase();
  const p = parent.toLowerCase();
  if (s === p) return true;
  if (s.includes(':') || s.includes('%')) return false; // IPv6 literals only match exactly
  return s.endsWith(`.${p}`);
}

export interface DownloadRequest {
  url: string;
  /** Header name -> value from headersFrom; values never leave this function except on the wire. */
  headers: Readonly<Record<string, string>>;
  signal?: AbortSignal;
  /**
   * Where a body the controller would save goes (hash, cache). Opened before the first request,
   * so the cache file is ready when the body comes; always ended or discarded here.
   */
  openSink: () => ContentSink;
  /** Save the body of a 4xx/5xx too, as controllers before v1.8 do (they never check the status). */
  saveRejectedBody?: boolean;
}

export interface DownloadResult {
  facts: DownloadFacts;
  stored?: StoreResult;
}

/** An error body's excerpt: the whole head read is shown (masked) before it is cut, so no part of a value survives the cut. */
function bodyExcerptOf(head: Uint8Array, secrets: readonly string[], bodyGoesOn: boolean): string {
  return excerptOf(shownText(head, secrets, bodyGoesOn), EXCERPT_CHARS, ERROR_EXCERPT_BYTES);
}

/** Where a body's (decoded) bytes go. */
interface BodyDestination {
  /** False: no more of this body is wanted. */
  write(chunk: Buffer): boolean;
}

/** The first `limit` bytes of an error body, for its excerpt. */
class Excerpt implements BodyDestination {
  private readonly chunks: Buffer[] = [];
  size = 0;

  constructor(readonly limit: number) {}

  write(chunk: Buffer): boolean {
    this.chunks.push(Buffer.from(chunk));
    this.size += chunk.length;
    return this.size < this.limit;
  }

  head(): Buffer {
    return Buffer.concat(this.chunks).subarray(0, this.limit);
  }
}

/** The body as it comes off the wire, into `destination`. */
function plainTarget(destination: BodyDestination, control: BodyControl): BodyTarget {
  return {
    write(chunk) {
      if (destination.write(chunk)) return true;
      control.stop();
      return false;
    },
  };
}

/**
 * A gzip body decoded into `destination`, as Go's Transport does: the exchange pauses while the
 * decoder is full.
 */
function gunzipTarget(destination: BodyDestination, control: BodyControl): BodyTarget & { finish(complete: boolean): Promise<unknown> } {
  const gunzip = createGunzip();
  let stopped = false;
  let failed: unknown;
  const ended = new Promise<void>((resolve) => {
    gunzip.on('end', resolve);
    gunzip.on('close', resolve);
  });
  gunzip.on('error', (error) => {
    failed ??= error;
    stopped = true;
    control.stop();
  });
  gunzip.on('data', (chunk: Buffer) => {
    if (destination.write(chunk)) return;
    stopped = true;
    control.stop();
    gunzip.destroy();
  });
  gunzip.on('drain', control.resume);
  return {
    write: (chunk) => !stopped && gunzip.write(chunk),
    /** Ends the decoder (the body is complete) or drops it: the decoder's error, if it had one. */
    async finish(complete) {
      if (complete && !stopped) {
        gunzip.end();
        await ended;
      }
      gunzip.destroy();
      return failed;
    },
  };
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * GETs `url` like Go's http.DefaultClient and feeds the final body to `consume`. Always resolves.
 */
export async function downloadLikeGo(session: HttpSession, req: DownloadRequest): Promise<DownloadResult> {
  // The total deadline's timer is cleared when the download ends: AbortSignal.timeout's would stay
  // armed for the whole deadline (5 min) after every download, holding its signals, and serve
  // downloads every plugin on every run.
  const total = scopedSignal(req.signal ?? new AbortController().signal, session.deadlines.totalMs);
  try {
    return await downloadUnder(session, req, total.signal);
  } finally {
    total.dispose();
  }
}

/** downloadLikeGo under `signal`: the caller's signal and the total deadline. */
async function downloadUnder(session: HttpSession, req: DownloadRequest, signal: AbortSignal): Promise<DownloadResult> {
  const started = performance.now();
  const { deadlines } = session;
  const hops: Hop[] = [];
  const visited = new Set<string>();
  const callerHeaders = Object.entries(req.headers);
  const callerSets = (name: string) => callerHeaders.some(([k]) => k.toLowerCase() === name);
  // Go's Transport asks for gzip itself (and then decodes it) unless the request says otherwise.
  const addGzip = !callerSets('accept-encoding') && !callerSets('range');
  const facts: DownloadFacts = { url: req.url, outcome: 'ok', hops, finalUrl: req.url, decompressed: false, bytes: 0, totalMs: 0 };
  // A hostile server can reflect the headersFrom values into a Location or an error: mask them exactly.
  const secrets = Object.values(req.headers);
  const shown = (text: string) => redactText(text, secrets);
  const finish = (result: Partial<DownloadFacts>, stored?: StoreResult): DownloadResult => {
    Object.assign(facts, result);
    facts.finalUrl = shown(facts.finalUrl);
    for (const hop of hops) {
      hop.url = shown(hop.url);
      if (hop.location) hop.location = shown(hop.location);
    }
    if (facts.error) {
      facts.error.message = maskSecrets(facts.error.message, secrets);
      if (facts.error.goError) facts.error.goError = maskSecrets(facts.error.goError, secrets);
    }
    facts.totalMs = Math.round(performance.now() - started);
    return stored ? { facts, stored } : { facts };
  };
  const failure = (error: unknown, url: URL, stage: 'request' | 'body'): Classified => {
    if (req.signal?.aborted) return { outcome: 'aborted', error: cancelled(req.signal) };
    if (signal.aborted) {
      return { outcome: 'timeout', error: { message: `no complete download within ${humanDuration(deadlines.totalMs)}`, phase: 'total', deadlineMs: deadlines.totalMs } };
    }
    return classify(error, url, stage, deadlines);
  };

  // Go's Transport checks every header before it opens a connection.
  const badHeader = invalidHeader(req.headers);
  if (badHeader) return finish({ outcome: 'invalid-header', error: badHeader });

  const initial = new URL(req.url);
  let current = initial;
  let stripSensitive = false;
  let stripBody = false;
  const sink = req.openSink();
  let sinkEnded = false;
  try {
    for (;;) {
      visited.add(current.href);
      const choice = session.proxyChoice(current);
      const sent = callerHeaders.filter(([name]) => {
        const lower = name.toLowerCase();
        return !(stripSensitive && SENSITIVE_HEADERS.has(lower)) && !(stripBody && BODY_HEADERS.has(lower));
      });
      const hop: Hop = {
        url: current.href,
        host: current.host,
        headersSent: sent.map(([name]) => name),
        headersDropped: callerHeaders.filter((h) => !sent.includes(h)).map(([name]) => name),
        ...(choice.url ? { proxy: choice.url } : {}),
        proxyReason: choice.reason,
      };
      hops.push(hop);
      const headers: Record<string, string> = {
        ...(callerSets('user-agent') ? {} : { 'user-agent': GO_USER_AGENT }),
        ...(addGzip ? { 'accept-encoding': 'gzip' } : {}),
      };
      for (const [name, value] of sent) headers[name] = value;

      const dispatcher = session.dispatcherFor(choice.rawUrl);
      let ttfbMs = 0;
      let bodyStarted = 0;
      let location: string | undefined;
      let rejected = false;
      let excerpt: Excerpt | undefined;
      let gunzip: ReturnType<typeof gunzipTarget> | undefined;
      const result: ExchangeResult = await exchange({ url: current, headers, dispatcher, signal }, (head, control) => {
        bodyStarted = performance.now();
        ttfbMs = Math.round(bodyStarted - started);
        location = firstHeader(head.headers.location);
        if (REDIRECT_STATUSES.has(head.statusCode) && location) return undefined;
        rejected = head.statusCode < 200 || head.statusCode >= 400;
        // The controller saves this body: a 3xx without Location is returned by Go as is, and a
        // controller before v1.8 saves even an error page. Otherwise an error body is read past
        // the excerpt by as much as an encoded secret can take: one the read cuts in two is dropped whole.
        const destination = rejected && !req.saveRejectedBody ? (excerpt = new Excerpt(ERROR_EXCERPT_BYTES + longestSecretForm(secrets))) : sink;
        if (addGzip && firstHeader(head.headers['content-encoding'])?.toLowerCase() === 'gzip') return (gunzip = gunzipTarget(destination, control));
        return plainTarget(destination, control);
      });
      const { head } = result;
      if (!head) {
        const failed = failure(result.error, current, 'request');
        return finish({ finalUrl: current.href, ...(choice.rawUrl ? classifyProxied(failed, result.error, new URL(choice.rawUrl)) : failed) });
      }
      const { statusCode, headers: resHeaders } = head;
      hop.status = statusCode;

      if (REDIRECT_STATUSES.has(statusCode) && location) {
        hop.location = location;
        // Go checks the redirect limit before it even looks at the next URL's scheme.
        if (hops.length >= MAX_REDIRECTS) {
          return finish({ outcome: 'too-many-redirects', finalUrl: current.href, status: statusCode, ttfbMs, error: { message: `stopped after ${MAX_REDIRECTS} redirects`, goError: `stopped after ${MAX_REDIRECTS} redirects` } });
        }
        let next: URL;
        try {
          next = new URL(location, current);
        } catch {
          return finish({ outcome: 'redirect-bad-scheme', finalUrl: current.href, status: statusCode, ttfbMs, error: { message: `Location ${JSON.stringify(redactText(location))} is not a URL`, goError: `failed to parse Location header ${JSON.stringify(redactText(location))}` } });
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          const scheme = next.protocol.replace(/:$/, '');
          return finish({ outcome: 'redirect-bad-scheme', finalUrl: next.href, status: statusCode, ttfbMs, error: { message: `redirect to ${redactText(next.href)}: not http(s)`, goError: `unsupported protocol scheme ${JSON.stringify(scheme)}` } });
        }
        if (visited.has(next.href)) {
          return finish({ outcome: 'redirect-loop', finalUrl: next.href, status: statusCode, ttfbMs, error: { message: `redirect back to ${redactText(next.href)}`, goError: `stopped after ${MAX_REDIRECTS} redirects` } });
        }
        if (!stripSensitive && initial.host !== next.host && !isDomainOrSubdomain(hostOf(next), hostOf(initial))) stripSensitive = true;
        stripBody = BODYLESS_REDIRECTS.has(statusCode);
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
      const decompressed = gunzip !== undefined;
      if (excerpt) {
        // An excerpt is best effort: the status already says what went wrong.
        await gunzip?.finish(result.complete);
        const bodyExcerpt = bodyExcerptOf(excerpt.head(), secrets, excerpt.size >= excerpt.limit);
        return finish({ outcome: 'http-status', ...common, decompressed, ...(bodyExcerpt ? { bodyExcerpt } : {}) });
      }

      const bodyError = (await gunzip?.finish(result.complete)) ?? result.error;
      sinkEnded = true;
      const stored = bodyError !== undefined ? sink.fail(bodyError) : await sink.end();
      const seconds = (performance.now() - bodyStarted) / 1000;
      const bytes = stored.ok ? stored.size : stored.bytes;
      const measured: Partial<DownloadFacts> = {
        ...common,
        decompressed,
        bytes,
        ...(seconds > 0 ? { throughput: Math.round(bytes / seconds) } : {}),
      };
      if (rejected) {
        const bodyExcerpt = stored.ok ? bodyExcerptOf(stored.head, secrets, stored.size > stored.head.length) : '';
        return finish({ ...measured, outcome: 'http-status', ...(bodyExcerpt ? { bodyExcerpt } : {}) }, stored);
      }
      if (!stored.ok && stored.reason === 'too-large') {
        return finish({ outcome: 'too-large', ...measured }, stored);
      }
      if (!stored.ok) return finish({ ...measured, ...failure(stored.error, current, 'body') }, stored);
      // Go reads exactly Content-Length bytes; fewer is io.ErrUnexpectedEOF for the controller.
      if (contentLength !== undefined && result.wireBytes < contentLength) {
        return finish({ ...measured, outcome: 'truncated', error: { message: `body ended after ${result.wireBytes} of ${contentLength} bytes (Content-Length)`, goError: 'unexpected EOF' } }, stored);
      }
      const noLocation = REDIRECT_STATUSES.has(statusCode);
      return finish({ ...measured, outcome: noLocation ? 'redirect-without-location' : 'ok' }, stored);
    }
  } finally {
    if (!sinkEnded) sink.discard();
  }
}
