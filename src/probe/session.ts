/**
 * Connection pools and trusted roots for one run of downloads. Every socket is destroyed by
 * `close()`, so nothing outlives the run, also after an abort.
 */
import { BoundedReadError, readRegularFileSync } from '../core/read-bounded.js';
import { createSecureContext, getCACertificates, type SecureContext } from 'node:tls';
import type { Dispatcher, buildConnector } from 'undici';
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
    if (!(error instanceof BoundedReadError)) throw error;
    throw new UsageError(error.reason === 'too-large' ? `--ca-file ${path} is ${error.size} bytes, too large to be a CA bundle` : `--ca-file ${path} is not a regular file`);
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

  dispatcherFor(proxyUrl: string | undefined): Dispatcher {
    const key = proxyUrl ?? 'direct';
    let dispatcher = this.dispatchers.get(key);
    if (dispatcher) return dispatcher;
    const { connectMs, headersMs, bodyIdleMs } = this.deadlines;
    const timeouts = { headersTimeout: headersMs, bodyTimeout: bodyIdleMs };
    const { Agent, ProxyAgent, Socks5ProxyAgent, buildConnector } = this.undici;
    if (!proxyUrl) {
      const plain = buildConnector({ timeout: connectMs });
      let secure: buildConnector.connector | undefined;
      const connect: buildConnector.connector = (opts, callback) =>
        opts.protocol === 'https:' ? (secure ??= buildConnector(this.tlsOptions()))(opts, callback) : plain(opts, callback);
      dispatcher = new Agent({ connect, ...timeouts });
    } else if (/^socks5h?:/.test(proxyUrl)) {
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
