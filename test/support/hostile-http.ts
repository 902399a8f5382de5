/**
 * Real HTTP(S) servers on 127.0.0.1 for probe tests, well-behaved or hostile, that record what
 * they received and count their open sockets so a test can assert nothing was left open.
 */
import { createServer as createHttpServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Server, type Socket } from 'node:net';
import type { KeyPair } from './tls-certs.js';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  /** The raw request line as the proxy would see it (absolute-form when proxied). */
  target: string;
}

export interface LoopbackServer {
  /** `http://127.0.0.1:PORT` (or https). */
  origin: string;
  port: number;
  requests: RecordedRequest[];
  /** Sockets currently open on the server side. */
  openSockets(): number;
  /** Resolves when every socket has closed, or rejects after `ms`. */
  waitForNoSockets(ms?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startServer(handler: Handler, tls?: KeyPair, setup?: (server: Server) => void): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  const requests: RecordedRequest[] = [];
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, target: req.url ?? '' });
    handler(req, res);
  };
  const server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }, onRequest) : createHttpServer(onRequest);
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  server.on('connection', track);
  setup?.(server);
  // A TLS handshake the client rejects surfaces here; it is the expected outcome of those tests.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    openSockets: () => sockets.size,
    waitForNoSockets: async (ms = 2000) => {
      const until = Date.now() + ms;
      while (sockets.size > 0) {
        if (Date.now() > until) throw new Error(`${sockets.size} socket(s) still open after ${ms} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Sends `body` with 200 and the given headers. */
export function serve(body: Buffer | string, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-length': String(Buffer.byteLength(body)), ...headers });
    res.end(body);
  };
}

/**
 * A forward proxy on 127.0.0.1 that sends every request, whatever host it names, to 127.0.0.1
 * (absolute-form GET for http, CONNECT tunnels for https), and records what it was asked.
 */
export async function startProxy(): Promise<LoopbackServer & { connects: string[] }> {
  const connects: string[] = [];
  const proxy = await startServer(
    (req, res) => {
      const target = new URL(req.url ?? '/');
      const upstream = request(
        { host: '127.0.0.1', port: target.port || 80, path: target.pathname + target.search, headers: req.headers, method: req.method, agent: false },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end();
    },
    undefined,
    (server) =>
      server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
        connects.push(req.url ?? '');
        const port = Number((req.url ?? '').split(':').pop());
        const upstream = connect(port, '127.0.0.1', () => {
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.write(head);
          upstream.pipe(client);
          client.pipe(upstream);
        });
        const end = () => {
          upstream.destroy();
          client.destroy();
        };
        upstream.on('error', end).on('close', end);
        client.on('error', end).on('close', end);
      }),
  );
  return { ...proxy, connects };
}
