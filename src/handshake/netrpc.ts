/**
 * A Go net/rpc client over one duplex stream, as go-plugin's host uses it: each call writes a
 * gob `Request{ServiceMethod, Seq}` and the argument; each reply is a gob
 * `Response{ServiceMethod, Seq, Error}` and a body. One gob encoder and one decoder live as long
 * as the stream, so type definitions are sent and received once.
 */
import type { Duplex } from 'node:stream';
import { GobDecoder, GobEncoder, GobError, type GobEncodable, type GobType, type GobValue } from './gob.js';
import { humanDuration } from '../core/duration.js';

const REQUEST_TYPE: GobType = {
  kind: 'struct',
  name: 'Request',
  fields: [
    { name: 'ServiceMethod', type: { kind: 'string' } },
    { name: 'Seq', type: { kind: 'uint' } },
  ],
};

/** The error string the server put in Response.Error (Go's rpc.ServerError). */
export class RpcServerError extends Error {
  override name = 'RpcServerError';
}

/** The call never got a reply: the connection broke, the deadline passed, or it was aborted. */
export class RpcTransportError extends Error {
  override name = 'RpcTransportError';

  constructor(
    message: string,
    /** No reply by the call's deadline (the plugin may still be working on it). */
    readonly timedOut = false,
  ) {
    super(message);
  }
}

/** Go's wording, so reports match what go-plugin's host would log. */
export const RPC_ERR_SHUTDOWN = 'connection is shut down';
export const RPC_ERR_UNEXPECTED_EOF = 'unexpected EOF';

export interface RpcArgument {
  type: GobType;
  value: GobEncodable;
}

export const RPC_ARGS = {
  /** `true`, as go-plugin sends to Control.Ping and Control.Quit. */
  bool: (value: boolean): RpcArgument => ({ type: { kind: 'bool' }, value }),
  string: (value: string): RpcArgument => ({ type: { kind: 'string' }, value }),
  /** `new(any)`: what Argo Rollouts passes to Plugin.InitPlugin and Plugin.Type. */
  nilInterface: (): RpcArgument => ({ type: { kind: 'interface' }, value: null }),
};

interface PendingCall {
  serviceMethod: string;
  resolve: (value: GobValue) => void;
  reject: (error: Error) => void;
}

export interface CallOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

export class NetRpcClient {
  private readonly encoder = new GobEncoder();
  private readonly decoder = new GobDecoder();
  private readonly pending = new Map<bigint, PendingCall>();
  private nextSeq = 0n;
  /** The Response header whose body is the next value on the stream. */
  private awaitingBody: { seq: bigint; error: string } | undefined;
  private shutdownReason: string | undefined;

  /**
   * `repliesFollow`: when the stream's next bytes are replies (a broker stream starts with the
   * broker's ack, read by the broker); calls may be written before. Its rejection fails every
   * call with its reason.
   */
  constructor(
    private readonly stream: Duplex,
    repliesFollow?: Promise<void>,
  ) {
    stream.on('close', () => this.shutdown(RPC_ERR_UNEXPECTED_EOF));
    stream.on('error', (error: Error) => this.shutdown(error.message));
    if (!repliesFollow) this.readReplies();
    else repliesFollow.then(() => this.readReplies(), (error: unknown) => this.shutdown(error instanceof Error ? error.message : String(error)));
  }

  private readReplies(): void {
    if (this.shutdownReason !== undefined) return;
    this.stream.on('data', (chunk: Buffer) => this.receive(chunk));
    this.stream.on('end', () => this.shutdown(RPC_ERR_UNEXPECTED_EOF));
    this.stream.resume(); // a stream handed over paused (after the broker's ack) must flow again
  }

  call(serviceMethod: string, arg: RpcArgument, options: CallOptions): Promise<GobValue> {
    if (this.shutdownReason !== undefined) return Promise.reject(new RpcTransportError(RPC_ERR_SHUTDOWN));
    if (options.signal?.aborted) return Promise.reject(new RpcTransportError(`${serviceMethod}: aborted`));
    const seq = this.nextSeq++;
    return new Promise<GobValue>((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        this.pending.delete(seq);
      };
      const onAbort = (): void => {
        finish();
        reject(new RpcTransportError(`${serviceMethod}: aborted`));
      };
      const timer = setTimeout(() => {
        finish();
        reject(new RpcTransportError(`${serviceMethod}: no reply within ${humanDuration(options.timeoutMs)}`, true));
      }, options.timeoutMs);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(seq, {
        serviceMethod,
        resolve: (value) => (finish(), resolve(value)),
        reject: (error) => (finish(), reject(error)),
      });
      const bytes = Buffer.concat([
        this.encoder.encode(REQUEST_TYPE, { ServiceMethod: serviceMethod, Seq: seq }),
        this.encoder.encode(arg.type, arg.value),
      ]);
      this.stream.write(bytes); // one write per call, like Go's buffered codec
    });
  }

  private receive(chunk: Buffer): void {
    if (this.shutdownReason !== undefined) return;
    this.decoder.push(chunk);
    try {
      for (let message = this.decoder.next(); message; message = this.decoder.next()) {
        if (this.awaitingBody) {
          const { seq, error } = this.awaitingBody;
          this.awaitingBody = undefined;
          const call = this.pending.get(seq);
          if (!call) continue; // a reply to a call that already timed out: Go discards it too
          if (error !== '') call.reject(new RpcServerError(error));
          else call.resolve(message.value);
          continue;
        }
        const header = message.value as { [k: string]: GobValue };
        if (typeof header !== 'object' || header === null || Array.isArray(header)) {
          throw new GobError(`expected a Response header, got a ${message.typeName}`);
        }
        const seq = header.Seq ?? 0;
        if (typeof seq !== 'number' && typeof seq !== 'bigint') throw new GobError('Response.Seq is not an integer');
        this.awaitingBody = { seq: BigInt(seq), error: typeof header.Error === 'string' ? header.Error : '' };
      }
    } catch (error) {
      const reason = error instanceof GobError ? `gob: ${error.message}` : String(error);
      this.shutdown(reason);
      this.stream.destroy();
    }
  }

  private shutdown(reason: string): void {
    if (this.shutdownReason !== undefined) return;
    this.shutdownReason = reason;
    for (const call of [...this.pending.values()]) call.reject(new RpcTransportError(reason));
  }
}
