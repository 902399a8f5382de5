/**
 * Connection pools and trusted roots for one run of downloads. Every socket is destroyed by
 * `close()`, so nothing outlives the run, also after an abort.
 */
import { cannotRead } from '../core/file-error.js';
import { BoundedReadError, readRegularFileSync } from '../core/read-bounded.js';
import { createSecureContext, getCACertificates, type SecureContext } from 'node:tls';
import { Socket } from 'node:net';
import type { Dispatcher, Pool, buildConnector } from 'undici';
import { UsageError } from '../core/errors.js';
import { proxyFor, type ProxyEnv } from './proxy.js';
import type { Deadlines } from './types.js';

export interface HttpSessionOptions {
  proxyEnv: ProxyEnv;
  proxy?: string;
  extraCaFile?: string;
  deadlines: Deadlines;
}

/** Far more than any CA bundle; the read is synchronous, so only a regular file this size is read. */
const MAX_CA_FILE_BYTES = 16 * 1024 * 1024;

/** --ca-file: a FIFO or a device would block this synchronous read forever, /dev/zero fill the memory. */
function readCaFile(path: string): string {
  try {
    return readRegularFileSync(path, MAX_CA_FILE_BYTES);
  } catch (error) {
    if (error instanceof BoundedReadError) throw new UsageError(error.reason === 'too-large' ? `--ca-file ${path} is ${error.size} bytes, too large to be a CA bundle` : `--ca-file ${path} is not a regular file`);
    // A file the user named that cannot be read (missing, no permission) is their input's problem, as in kubectl.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined) throw new UsageError(cannotRead(`--ca-file ${path}`, error));
    throw error;
  }
}

/** Trusted roots per extra CA file, built once per process: parsing ~800 certificates takes ~150 ms. */
const secureContexts = new Map<string, SecureContext>();

function trustedContext(extraCaFile: string | undefined): SecureContext {
  const key = extraCaFile ?? '';
  let context = secureContexts.get(key);
  if (!context) {
    // Go uses the image's CA bundle; Node's bundle plus the system store covers the same roots.
    const ca = [...new Set([...getCACertificates('default'), ...getCACertificates('system')])];
    if (extraCaFile) ca.push(readCaFile(extraCaFile));
    context = createSecureContext({ ca });
    secureContexts.set(key, context);
  }
  return context;
}

type Undici = typeof import('undici');

/**
 * Connection pools shared by every download of one run; `close()` destroys every socket, so
 * nothing outlives the run (also after an abort). TLS roots are loaded on the first https hop.
 */
export class HttpSession {
  readonly deadlines: Deadlines;
  private readonly dispatchers = new Map<string, Dispatcher>();
  /**
   * Every socket the session's connectors opened, until it closes. undici's destroy() leaves a
   * connection still being opened to its connect deadline (and a SOCKS handshake to its own), and
   * the socket keeps the process alive until then (Ctrl-C while a server never accepts): close()
   * destroys them all.
   */
  private readonly sockets = new Set<Socket>();

  /**
   * undici is loaded with the first session, not with the module: it loads node:http, http2 and
   * more (~60 ms), which a command that downloads nothing (lint without --probe) does not need.
   */
  static async open(options: HttpSessionOptions): Promise<HttpSession> {
    const loaded = await import('undici');
    // Bundled by esbuild, a CommonJS module imported dynamically is only its `default` export.
    return new HttpSession(options, (loaded as { default?: Undici }).default ?? loaded);
  }

  private constructor(
    private readonly options: HttpSessionOptions,
    private readonly undici: Undici,
  ) {
    this.deadlines = options.deadlines;
    // Fail early and clearly on an unreadable --certificate-authority file.
    if (options.extraCaFile) trustedContext(options.extraCaFile);
  }

  proxyChoice(url: URL): ReturnType<typeof proxyFor> {
    return proxyFor(url, this.options.proxyEnv, this.options.proxy);
  }

  private tlsOptions(): { secureContext: SecureContext; timeout: number; rejectUnauthorized: true } {
    // Explicit: Node's default follows NODE_TLS_REJECT_UNAUTHORIZED, which Go (the controller) ignores.
    return { secureContext: trustedContext(this.options.extraCaFile), timeout: this.deadlines.connectMs, rejectUnauthorized: true };
  }

  /** `connector`, its sockets known to close() until they close. */
  private tracked(connector: buildConnector.connector): buildConnector.connector {
    return (options, callback) => {
      // undici's connectors return the socket they open (its own cancelling relies on it); the type says void.
      const socket = (connector as unknown as (...args: Parameters<buildConnector.connector>) => unknown)(options, callback);
      // (A tunnel's connector returns a promise: its connection to the proxy is tracked where it is opened.)
      if (socket instanceof Socket && !socket.destroyed) {
        this.sockets.add(socket);
        socket.once('close', () => this.sockets.delete(socket));
      }
      return socket;
    };
  }

  dispatcherFor(proxyUrl: string | undefined): Dispatcher {
    const key = proxyUrl ?? 'direct';
    let dispatcher = this.dispatchers.get(key);
    if (dispatcher) return dispatcher;
    const { connectMs, headersMs, bodyIdleMs } = this.deadlines;
    const timeouts = { headersTimeout: headersMs, bodyTimeout: bodyIdleMs };
    const { Agent, Client, Pool, ProxyAgent, Socks5ProxyAgent, buildConnector } = this.undici;
    if (!proxyUrl) {
      const plain = buildConnector({ timeout: connectMs });
      let secure: buildConnector.connector | undefined;
      const connect: buildConnector.connector = (opts, callback) =>
        opts.protocol === 'https:' ? (secure ??= buildConnector(this.tlsOptions()))(opts, callback) : plain(opts, callback);
      dispatcher = new Agent({ connect: this.tracked(connect), ...timeouts });
    } else if (/^socks5h?:/.test(proxyUrl)) {
      // The connection to the SOCKS proxy under the connect deadline, as to an HTTP proxy.
      dispatcher = new Socks5ProxyAgent(proxyUrl, { connect: this.tracked(buildConnector({ timeout: connectMs })), requestTls: this.tlsOptions(), ...timeouts });
    } else {
      const tls = this.tlsOptions();
      // undici's own factories, with the connections to the proxy tracked: the tunnels' (clientFactory) and the forwarded requests' (factory).
      const pool = (origin: URL | string, options: Pool.Options & { connect?: buildConnector.connector }) => {
        const tracked = { ...options, ...(typeof options.connect === 'function' && { connect: this.tracked(options.connect) }) };
        return options.connections === 1 ? new Client(origin, tracked) : new Pool(origin, tracked);
      };
      dispatcher = new ProxyAgent({ uri: proxyUrl, requestTls: tls, proxyTls: tls, connect: { timeout: connectMs }, clientFactory: pool, factory: pool, ...timeouts });
    }
    this.dispatchers.set(key, dispatcher);
    return dispatcher;
  }

  /**
   * Closes every socket now (destroy closes the descriptor at once). The dispatchers' own
   * bookkeeping ends in the background: waiting for it held each download's answer back by 1.5 ms
   * idle and up to 14 ms on a loaded machine, and it holds no socket.
   */
  close(): void {
    const all = [...this.dispatchers.values()];
    this.dispatchers.clear();
    for (const dispatcher of all) dispatcher.destroy().catch(() => undefined);
    for (const socket of this.sockets) socket.destroy(new Error('the downloads were ended'));
    this.sockets.clear();
  }
}
