/**
 * A small read-only Kubernetes API client: TLS and credentials assembled by @kubernetes/client-node
 * from the resolved kubeconfig, requests with a deadline each, bounded retries for 429/5xx that
 * honour Retry-After. HTTP and parse failures come back as values, never as exceptions.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { KubeConfig, type User } from '@kubernetes/client-node';
import { ClusterConnectionError } from './errors.js';
import { runExecCredential, type ExecConfig } from './exec-credential.js';
import { abortCause, abortCauseText, sleep } from '../core/deadline.js';
import { parseOptionalDuration } from '../core/duration.js';
import { splitListItems } from './json-items.js';
import type { ConnectionFlags } from './connection-flags.js';
import { resolveKubeconfig } from './kubeconfig.js';
import { kubectlCommand, kubectlConnection, type KubectlConnection } from './kubectl-command.js';
import { humanDuration } from '../core/duration.js';

/** What went wrong with one API request, in words a user can act on. */
export interface ApiFailure {
  ok: false;
  /** HTTP status when the server answered. */
  status?: number;
  /**
   * unauthorized 401, forbidden 403, not-found 404, bad-request 400, expired 410 (a list's continue
   * token), unavailable 429/5xx, timeout (the request's own deadline, or its connection's), cancelled
   * (the request's signal: the run's deadline or Ctrl-C), network, malformed.
   */
  kind: 'unauthorized' | 'forbidden' | 'not-found' | 'bad-request' | 'expired' | 'unavailable' | 'timeout' | 'cancelled' | 'network' | 'malformed' | 'other';
  /**
   * For timeout and cancelled: whether the server was reached, its connection accepted (a TLS
   * handshake it left unanswered, or a request sent over an established connection). Reached, the
   * server did not answer; not, it could not be reached.
   */
  reached?: boolean;
  /** The TLS handshake timeout (connectTimeoutMs, kubectl's 10 s), not the request's deadline, ran out. */
  handshakeTimedOut?: true;
  /** The apiserver's Status message, or the transport error. */
  message: string;
  /** The Status reason (`Forbidden`, `NotFound`...). */
  reason?: string;
  attempts: number;
}

export interface ApiSuccess<T> {
  ok: true;
  status: number;
  body: T;
}

export type ApiResult<T = unknown> = ApiSuccess<T> | ApiFailure;

export interface ApiRequest {
  method?: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** `json` (default) parses the answer; `text` returns it as a string (pod logs). */
  as?: 'json' | 'text';
  /**
   * A list read as it arrives: each element of `items` is parsed alone and handed here, and the
   * body returned has `items` empty. Memory stays one object, whatever the size of the page.
   */
  onItem?: (item: unknown) => void;
  signal?: AbortSignal;
}

/** One event of a watch stream, as the apiserver sends it. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: unknown;
}

export interface WatchRequest {
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Each event as it arrives. */
  onEvent: (event: WatchEvent) => void;
  /** The server accepted the watch (a 2xx answer began). */
  onOpen?: () => void;
  /** The stream's deadline (the server's timeoutSeconds plus a margin); it ends then. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface ClusterClient {
  readonly server: string;
  /** Plain http: no credentials are sent to it (as kubectl). */
  readonly plainHttp: boolean;
  readonly context?: string;
  /** The user name from the kubeconfig (not the identity the server sees). */
  readonly user: string;
  /** -n, else the context's namespace, else `default`. */
  readonly namespace: string;
  readonly namespaceExplicit: boolean;
  /** The flags that chose this cluster, as kubectl arguments: every printed command carries them. */
  readonly kubectlConnection: KubectlConnection;
  request<T = unknown>(request: ApiRequest): Promise<ApiResult<T>>;
  /**
   * A watch (`watch=1` is added): resolves with the number of events when the stream ends (the
   * server's timeoutSeconds, `timeoutMs`, the signal), with a failure when it was refused or cut
   * off, or `malformed` when the answer is not a stream of events (a server that ignores watch=1).
   * Never retried: the caller decides when to watch again.
   */
  watch(request: WatchRequest): Promise<ApiResult<{ events: number; ended: 'closed' | 'deadline' }>>;
  /** Frees sockets; the client must not be used afterwards. */
  close(): void;
}

export interface ConnectOptions {
  env?: NodeJS.ProcessEnv;
  /** Retries after the first attempt for 429/5xx (default 3). */
  maxRetries?: number;
  /** First backoff step (default 250 ms), doubled each retry; Retry-After wins when longer. */
  backoffMs?: number;
  /** Longest wait between retries, Retry-After included (default 10 s). */
  maxBackoffMs?: number;
  /**
   * The run's deadline (--timeout; 0 or absent: none). Without --request-timeout each request gets a
   * quarter of it, at most 30 s, so one hung request leaves the run time for the others;
   * --request-timeout 0 gives each request all of it (30 s without one): every request has a deadline.
   */
  runTimeoutMs?: number;
  /**
   * TCP connect plus TLS handshake of each new connection (default 10 s, kubectl's TLS handshake
   * timeout; never more than the request's): a server that hangs there is named with that deadline.
   */
  connectTimeoutMs?: number;
  /** Check that the server answers before returning (default true). */
  verify?: boolean;
  /** Told every second, from the second one, while that check is still waiting: `still waiting for SERVER (3 s)`. */
  onWaiting?: (text: string) => void;
  /** The run's deadline and Ctrl-C: they end the check that the server answers too. */
  signal?: AbortSignal;
}

const USER_AGENT = 'kubectl-rollouts-plugins';
/** A request's deadline when neither --request-timeout nor the run's deadline says otherwise. */
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Each request's deadline (ConnectOptions.runTimeoutMs says how --request-timeout and --timeout decide it). */
export function requestTimeoutMs(flag: string | undefined, runTimeoutMs: number): number {
  if (flag !== undefined && flag !== '') return parseOptionalDuration(flag, 'request-timeout') ?? (runTimeoutMs || DEFAULT_REQUEST_TIMEOUT_MS);
  return runTimeoutMs > 0 ? Math.min(DEFAULT_REQUEST_TIMEOUT_MS, Math.ceil(runTimeoutMs / 4)) : DEFAULT_REQUEST_TIMEOUT_MS;
}
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** Connections open to the API server at once (requests beyond wait for one). */
export const MAX_CONNECTIONS = 8;
const MAX_BODY = 64 * 1024 * 1024;

/**
 * Connects like kubectl. Throws ClusterConnectionError (CLI exit 3) when there is no usable
 * kubeconfig, the credentials plugin fails, or the server cannot be reached; HTTP errors from a
 * reachable server (401/403...) do not throw: they surface in the requests that hit them.
 */
export async function connectCluster(flags: ConnectionFlags, options: ConnectOptions = {}): Promise<ClusterClient> {
  const resolved = await resolveKubeconfig(flags, options.env, options.signal);
  const timeoutMs = requestTimeoutMs(flags.requestTimeout, options.runTimeoutMs ?? 0);
  const maxRetries = options.maxRetries ?? 3;
  const backoffMs = options.backoffMs ?? 250;
  const maxBackoffMs = options.maxBackoffMs ?? 10_000;
  const connectTimeoutMs = Math.min(options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, timeoutMs);
  const server = resolved.cluster.server.replace(/\/+$/, '');

  let user: User = { ...resolved.user, impersonateUser: undefined };
  if (user.exec) {
    const status = await runExecCredential(user.exec as ExecConfig, resolved.user.sourceDir, timeoutMs, options.signal);
    user = {
      name: user.name,
      token: status.token ?? user.token,
      certData: status.clientCertificateData ? Buffer.from(status.clientCertificateData).toString('base64') : user.certData,
      keyData: status.clientKeyData ? Buffer.from(status.clientKeyData).toString('base64') : user.keyData,
      certFile: status.clientCertificateData ? undefined : user.certFile,
      keyFile: status.clientKeyData ? undefined : user.keyFile,
    };
  }
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [resolved.cluster],
    users: [user],
    contexts: [{ name: 'resolved', cluster: resolved.cluster.name, user: user.name }],
    currentContext: 'resolved',
  });
  const requestOptions: https.RequestOptions = {};
  try {
    await kc.applyToHTTPSOptions(requestOptions);
  } catch (error) {
    throw new ClusterConnectionError('bad-kubeconfig', `cannot use the credentials of user "${user.name}" for ${server}: ${(error as Error).message}`, server);
  }
  const headers: Record<string, string | string[]> = { ...(requestOptions.headers as Record<string, string>), 'User-Agent': USER_AGENT, Accept: 'application/json' };
  if (resolved.impersonate?.user) headers['Impersonate-User'] = resolved.impersonate.user;
  if (resolved.impersonate && resolved.impersonate.groups.length > 0) headers['Impersonate-Group'] = resolved.impersonate.groups;
  const transport = resolved.plainHttp ? http : https;
  // Reuse connections (one TLS handshake, not one per request) unless a proxy-url needs
  // client-node's own proxy agent.
  const agent: http.Agent | undefined = resolved.cluster.proxyUrl
    ? (requestOptions.agent as http.Agent | undefined)
    : resolved.plainHttp
      ? new http.Agent({ keepAlive: true, maxSockets: MAX_CONNECTIONS })
      : new https.Agent({
          keepAlive: true,
          maxSockets: MAX_CONNECTIONS,
          ca: requestOptions.ca,
          cert: requestOptions.cert,
          key: requestOptions.key,
          // Only insecure-skip-tls-verify turns verification off: kubectl ignores NODE_TLS_REJECT_UNAUTHORIZED.
          rejectUnauthorized: requestOptions.rejectUnauthorized !== false,
          servername: requestOptions.servername,
        });
  if (agent !== requestOptions.agent) (requestOptions.agent as http.Agent | undefined)?.destroy();
  // Sockets past their connect and TLS handshake; a kept-alive socket is reused without a new deadline.
  // Not through a proxy-url: client-node's proxy agent hands over sockets it has already tunnelled.
  const established = new WeakSet<object>();
  const secure = !resolved.plainHttp;
  const connectDeadline = !resolved.cluster.proxyUrl;

  type Answer = { status?: number; text: string; size?: number; list?: { body?: unknown; parseError?: string }; retryAfter?: number; error?: ApiFailure['kind']; message?: string; reached?: boolean; handshakeTimedOut?: true };
  /**
   * A watch's success body is handed over line by line, never buffered; its deadline ends it without an
   * error. onLine returns why a line is not a watch event: the stream is then closed at once.
   */
  type Stream = { onLine: (line: Buffer) => string | undefined; onOpen?: () => void; timeoutMs: number; timedOut?: boolean; answer?: Answer };
  const once = (req: ApiRequest, stream?: Stream): Promise<Answer> =>
    new Promise((resolve) => {
      const url = new URL(server + req.path);
      for (const [key, value] of Object.entries(req.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
      const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
      let settled = false;
      const finish = (value: Parameters<typeof resolve>[0]): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      };
      const outgoing = transport.request(
        url,
        {
          ...requestOptions,
          method: req.method ?? 'GET',
          agent,
          headers: { ...headers, ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}), ...(req.as === 'text' ? { Accept: '*/*' } : {}) },
          signal: req.signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const success = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300;
          const items = req.onItem && success ? splitListItems(req.onItem) : undefined;
          const lines = stream && success ? lineSplitter(stream.onLine) : undefined;
          const list: NonNullable<Answer['list']> = {};
          // What a watch that reaches its deadline has answered so far.
          if (stream && lines) {
            stream.answer = { status: res.statusCode, text: '', list };
            stream.onOpen?.();
          }
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (lines) {
              if (list.parseError !== undefined) return;
              list.parseError = lines.push(chunk);
              // Not a watch stream: what follows cannot be trusted either, and the server may hold it open for minutes.
              if (list.parseError !== undefined) {
                finish(stream!.answer!);
                outgoing.destroy();
              }
            } else if (!items) {
              if (size <= MAX_BODY) chunks.push(chunk);
            } else if (list.parseError === undefined) {
              try {
                items.push(chunk);
              } catch (error) {
                list.parseError = (error as Error).message;
              }
            }
          });
          res.on('end', () => {
            if (lines && list.parseError === undefined) list.parseError = lines.end();
            if (items && list.parseError === undefined) {
              try {
                list.body = items.finish();
              } catch (error) {
                list.parseError = (error as Error).message;
              }
            }
            const retryAfter = Number(res.headers['retry-after']);
            finish({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8'), size, ...(items || lines ? { list } : {}), retryAfter: Number.isFinite(retryAfter) ? retryAfter : undefined });
          });
          res.on('error', (error) => finish({ text: '', error: 'network', message: `the response was cut off after ${size} bytes (${error.message})` }));
          res.on('aborted', () => finish({ text: '', error: 'network', message: `the response was cut off after ${size} bytes` }));
        },
      );
      // The request went out over an established connection ('finish' waits for TCP and TLS): the server was reached.
      let sent = false;
      outgoing.once('finish', () => {
        sent = true;
      });
      // Through a proxy-url the socket is the proxy's: its accepting says nothing of the server.
      const reached = () => sent || (connectDeadline && accepted(outgoing.socket));
      const timer = setTimeout(() => {
        if (stream?.answer) {
          stream.timedOut = true;
          finish(stream.answer);
        } else if (sent) finish({ text: '', error: 'timeout', reached: true, message: `no answer within ${humanDuration(stream?.timeoutMs ?? timeoutMs)}${stream ? '' : ' (--request-timeout)'}` });
        else finish({ text: '', error: 'timeout', reached: reached(), message: notConnected(outgoing.socket, stream?.timeoutMs ?? timeoutMs) });
        outgoing.destroy();
      }, stream?.timeoutMs ?? timeoutMs);
      outgoing.on('socket', (socket) => {
        if (!connectDeadline || established.has(socket)) return;
        const connectTimer = setTimeout(() => {
          finish({ text: '', error: 'timeout', reached: accepted(socket), ...(accepted(socket) && { handshakeTimedOut: true as const }), message: notConnected(socket, connectTimeoutMs) });
          outgoing.destroy();
        }, connectTimeoutMs);
        socket.once(secure ? 'secureConnect' : 'connect', () => {
          established.add(socket);
          clearTimeout(connectTimer);
        });
        socket.once('close', () => clearTimeout(connectTimer));
      });
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        const aborted = error.name === 'AbortError';
        if (!aborted) finish({ text: '', error: 'network', message: transportMessage(error) });
        else finish({ text: '', error: 'cancelled', reached: reached(), message: abortCause(req.signal) === 'interrupted' ? abortCauseText(req.signal) : `${reached() ? 'no answer' : 'no connection'} before ${abortCauseText(req.signal)}` });
      });
      outgoing.end(payload);
    });

  const client: ClusterClient = {
    server,
    plainHttp: resolved.plainHttp,
    context: resolved.contextName,
    user: resolved.user.name,
    namespace: resolved.namespace,
    namespaceExplicit: resolved.namespaceExplicit,
    kubectlConnection: kubectlConnection(flags),
    async request<T>(req: ApiRequest): Promise<ApiResult<T>> {
      for (let attempt = 1; ; attempt++) {
        const answer = await once(req);
        if (answer.error) return { ok: false, kind: answer.error, message: answer.message ?? answer.error, ...(answer.reached !== undefined && { reached: answer.reached }), ...(answer.handshakeTimedOut && { handshakeTimedOut: true }), attempts: attempt };
        const status = answer.status ?? 0;
        const retryable = status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
        if (retryable && attempt <= maxRetries && !req.signal?.aborted) {
          const wait = Math.min(maxBackoffMs, Math.max(backoffMs * 2 ** (attempt - 1), (answer.retryAfter ?? 0) * 1000));
          await sleep(wait, req.signal);
          continue;
        }
        if (status >= 200 && status < 300) {
          if (req.as === 'text') return { ok: true, status, body: answer.text as T };
          if (answer.list) {
            if (answer.list.parseError === undefined) return { ok: true, status, body: answer.list.body as T };
            return { ok: false, status, kind: 'malformed', message: `the API answered ${answer.size} bytes that are not valid JSON (${answer.list.parseError})`, attempts: attempt };
          }
          try {
            return { ok: true, status, body: JSON.parse(answer.text) as T };
          } catch (error) {
            return { ok: false, status, kind: 'malformed', message: `the API answered ${answer.text.length} bytes that are not valid JSON (${(error as Error).message})`, attempts: attempt };
          }
        }
        return { ok: false, ...statusFailure(status, answer.text), attempts: attempt };
      }
    },
    async watch(req: WatchRequest) {
      let events = 0;
      const stream: Stream = {
        timeoutMs: req.timeoutMs,
        ...(req.onOpen ? { onOpen: req.onOpen } : {}),
        onLine: (line) => {
          let event: Partial<WatchEvent> | undefined;
          try {
            event = JSON.parse(line.toString('utf8')) as Partial<WatchEvent>;
          } catch (error) {
            return `a watch event that is not valid JSON (${(error as Error).message})`;
          }
          if (typeof event?.type !== 'string' || typeof event.object !== 'object' || event.object === null) {
            return 'something that is not a stream of watch events (the server ignored watch=1)';
          }
          events++;
          req.onEvent(event as WatchEvent);
          return undefined;
        },
      };
      const answer = await once({ path: req.path, query: { ...req.query, watch: 1 }, ...(req.signal ? { signal: req.signal } : {}) }, stream);
      if (answer.error) return { ok: false, kind: answer.error, message: answer.message ?? answer.error, ...(answer.reached !== undefined && { reached: answer.reached }), ...(answer.handshakeTimedOut && { handshakeTimedOut: true }), attempts: 1 };
      const status = answer.status ?? 0;
      if (status < 200 || status >= 300) return { ok: false, ...statusFailure(status, answer.text), attempts: 1 };
      const problem = answer.list?.parseError;
      if (problem !== undefined) return { ok: false, status, kind: 'malformed', message: `the API answered ${problem}`, attempts: 1 };
      return { ok: true, status, body: { events, ended: stream.timedOut ? 'deadline' : 'closed' } };
    },
    close() {
      agent?.destroy();
    },
  };

  if (options.verify !== false) {
    const started = Date.now();
    // Told once a second: the elapsed time in whole seconds, not the timer's drift.
    const waiting = options.onWaiting && setInterval(() => options.onWaiting!(`still waiting for ${server} (${humanDuration(Math.round((Date.now() - started) / 1000) * 1000)})`), 1000);
    const version = await client.request({ path: '/version', ...(options.signal ? { signal: options.signal } : {}) }).finally(() => clearInterval(waiting));
    if (!version.ok && (version.kind === 'network' || version.kind === 'timeout' || version.kind === 'cancelled')) {
      client.close();
      // Reached, it is the server that does not answer (overloaded, hung): not the network to it.
      const ended = version.kind === 'cancelled' ? abortCause(options.signal) : '--request-timeout';
      if (version.reached && ended !== 'interrupted') {
        const health = kubectlCommand(client.kubectlConnection, ['get', '--raw', '/readyz?verbose', '--request-timeout=30s']);
        // The TLS handshake's own timeout is kubectl's, not a flag: waiting longer is not offered.
        const check = version.handshakeTimedOut ? `Check its health: ${health}` : `Run again with a longer ${ended}, or check its health: ${health}`;
        throw new ClusterConnectionError(
          'no-answer',
          `the Kubernetes API server at ${server} accepted the connection but sent ${version.message}: it is overloaded or hung. ${check}`,
          server,
        );
      }
      throw new ClusterConnectionError('unreachable', `cannot reach the Kubernetes API server at ${server}: ${version.message}`, server);
    }
  }
  return client;
}

/** Longest watch event accepted: a ConfigMap is at most 1 MiB, an object in etcd 1.5 MiB. */
const MAX_EVENT_BYTES = 4 * 1024 * 1024;

/**
 * Newline-delimited JSON, a line at a time; push and end say why the stream is unusable (the first
 * line onLine refuses, or one too long), and no line is handed over after that.
 */
function lineSplitter(onLine: (line: Buffer) => string | undefined): { push(chunk: Buffer): string | undefined; end(): string | undefined } {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const emit = (line: Buffer) => (line.some((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) ? onLine(line) : undefined);
  return {
    push(chunk) {
      let start = 0;
      for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
        const problem = emit(pending.length === 0 ? chunk.subarray(start, nl) : Buffer.concat([...pending, chunk.subarray(start, nl)]));
        if (problem !== undefined) return problem;
        pending = [];
        pendingBytes = 0;
        start = nl + 1;
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > MAX_EVENT_BYTES) return `a watch event longer than ${MAX_EVENT_BYTES} bytes`;
      }
      return undefined;
    },
    end() {
      const problem = pending.length > 0 ? emit(Buffer.concat(pending)) : undefined;
      pending = [];
      return problem;
    },
  };
}

function statusFailure(status: number, text: string): Omit<ApiFailure, 'ok' | 'attempts'> {
  let message = text.trim().slice(0, 500) || `HTTP ${status}`;
  let reason: string | undefined;
  try {
    const parsed = JSON.parse(text) as { kind?: string; message?: string; reason?: string };
    if (parsed.kind === 'Status') {
      message = parsed.message ?? message;
      reason = parsed.reason;
    }
  } catch {
    // not a Status object: keep the text
  }
  const kind: ApiFailure['kind'] =
    status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not-found' : status === 400 ? 'bad-request' : status === 410 ? 'expired' : status === 429 || status >= 500 ? 'unavailable' : 'other';
  return { status, kind, message, reason };
}

function transportMessage(error: NodeJS.ErrnoException): string {
  if (error.code === 'ECONNREFUSED') return `connection refused (${error.message})`;
  if (error.code === 'ENOTFOUND') return `the host name does not resolve (${error.message})`;
  if (error.code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || error.code === 'SELF_SIGNED_CERT_IN_CHAIN' || error.code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE') {
    return `the server's certificate is not trusted (${error.message}); set certificate-authority-data in the kubeconfig or pass --certificate-authority`;
  }
  if (error.code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `the server's certificate does not name this host (${error.message}); pass --tls-server-name`;
  return error.message;
}

/** The server accepted the TCP connection (its TLS handshake may be what it left unanswered). */
const accepted = (socket: Socket | null): boolean => socket !== null && !socket.connecting;

/** Why a request that was never sent got no further: its connection, its TLS handshake, or no connection free. */
function notConnected(socket: Socket | null, ms: number): string {
  if (!socket) return `no free connection within ${humanDuration(ms)} (all ${MAX_CONNECTIONS} held by requests still waiting)`;
  return socket.connecting ? `no TCP connection within ${humanDuration(ms)}` : `no answer to the TLS handshake within ${humanDuration(ms)}`;
}

