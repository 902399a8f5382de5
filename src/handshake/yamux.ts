/**
 * A yamux client session (yamux-js) made safe for a real connection to Go's hashicorp/yamux:
 *
 * - yamux-js drops bytes when a frame arrives split across socket reads (it keeps only the
 *   header), so a framer in front of it hands the session exactly one whole frame per chunk;
 * - yamux-js never ends a stream on the peer's FIN or RST (it tests the wrong flag), so the framer
 *   watches those flags and ends the stream itself, and a closed socket ends every stream;
 * - keep-alive pings are off: the session lives for a few RPCs, and its timer would outlive them;
 * - yamux-js does not enforce its receive window and buffers a stream nobody reads without bound,
 *   so frames of a stream the plugin opens itself (go-plugin's net/rpc host never accepts one)
 *   are dropped here and only counted: a plugin that floods one costs no memory.
 */
import type { Socket } from 'node:net';
import { Transform, type Duplex, type TransformCallback } from 'node:stream';
import { Client, type Stream } from 'yamux-js';

const HEADER_BYTES = 12;
const TYPE_DATA = 0;
const TYPE_GO_AWAY = 3;
const FLAG_FIN = 4;
const FLAG_RST = 8;
/** Go's yamux default window is 256 KiB; a larger frame is a protocol violation. */
const MAX_FRAME_PAYLOAD = 16 * 1024 * 1024;

class YamuxFramer extends Transform {
  private pending: Buffer = Buffer.alloc(0);
  /** Chunks of an incomplete frame, joined once it is whole (not on every read: that is quadratic). */
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  private needed = HEADER_BYTES;
  /** Bytes of frames on streams this side did not open, dropped. */
  droppedBytes = 0;

  constructor(
    private readonly ownStream: (streamId: number) => boolean,
    private readonly onRemoteClose: (streamId: number) => void,
    private readonly onGoAway: (code: number) => void,
    private readonly onForeignStream: (streamId: number) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.waiting.push(chunk);
    this.waitingBytes += chunk.length;
    if (this.waitingBytes < this.needed) {
      done();
      return;
    }
    this.pending = this.waiting.length === 1 ? this.waiting[0]! : Buffer.concat(this.waiting);
    this.waiting = [];
    this.waitingBytes = 0;
    this.needed = HEADER_BYTES;
    while (this.pending.length >= HEADER_BYTES) {
      const type = this.pending.readUInt8(1);
      const flags = this.pending.readUInt16BE(2);
      const streamId = this.pending.readUInt32BE(4);
      const length = this.pending.readUInt32BE(8);
      const payload = type === TYPE_DATA ? length : 0;
      if (payload > MAX_FRAME_PAYLOAD) {
        done(new Error(`yamux: data frame of ${payload} bytes exceeds ${MAX_FRAME_PAYLOAD}`));
        return;
      }
      if (this.pending.length < HEADER_BYTES + payload) {
        this.needed = HEADER_BYTES + payload;
        break;
      }
      const frame = this.pending.subarray(0, HEADER_BYTES + payload);
      this.pending = this.pending.subarray(HEADER_BYTES + payload);
      if (streamId !== 0 && !this.ownStream(streamId)) {
        if (this.droppedBytes === 0) this.onForeignStream(streamId);
        this.droppedBytes += frame.length;
        continue;
      }
      this.push(frame);
      if (type === TYPE_GO_AWAY) this.onGoAway(length);
      else if (flags & (FLAG_FIN | FLAG_RST)) this.onRemoteClose(streamId);
    }
    if (this.pending.length > 0) {
      this.waiting = [this.pending];
      this.waitingBytes = this.pending.length;
    }
    done();
  }
}

export interface YamuxClientSession {
  /** Opens a stream (SYN sent at once, so streams reach the server in the order opened). */
  open(): Duplex;
  close(): void;
  /** yamux-js's log lines and GoAway notices, for the report's evidence. */
  readonly log: string[];
}

export function yamuxClient(socket: Socket): YamuxClientSession {
  const streams = new Map<number, Stream>();
  const log: string[] = [];
  const endStream = (stream: Stream): void => {
    if (!stream.readableEnded) stream.push(null);
  };
  const session = new Client({
    enableKeepAlive: false,
    logger: (...args: unknown[]) => {
      if (log.length < 50) log.push(args.map(String).join(' '));
    },
  });
  const framer = new YamuxFramer(
    (id) => streams.has(id),
    (id) => {
      const stream = streams.get(id);
      if (stream) endStream(stream);
    },
    (code) => log.push(`yamux: GoAway received (code ${code})`),
    (id) => log.push(`yamux: the plugin opened stream ${id} itself; its frames are dropped`),
  );
  const endAll = (): void => streams.forEach(endStream);
  let closing = false;
  socket.on('close', endAll);
  socket.on('error', (error) => {
    if (!closing) log.push(`connection: ${error.message}`); // EPIPE on our own GoAway after Quit is expected
  });
  framer.on('error', (error) => {
    log.push(error.message);
    socket.destroy();
  });
  session.on('error', (error: Error) => log.push(`yamux: ${error.message}`));
  // yamux-js pushes each frame on its own (a stream's SYN, each call's data), and the handshake
  // writes several in one turn: they leave in one writev, not one write each. Registered before
  // the pipe, so the socket is corked before the pipe writes the frame.
  session.on('data', () => {
    if (socket.writableCorked > 0) return;
    socket.cork();
    process.nextTick(() => socket.uncork());
  });
  socket.pipe(framer).pipe(session).pipe(socket);
  return {
    open() {
      const stream = session.open();
      streams.set(stream.ID(), stream);
      stream.on('error', () => endStream(stream));
      return stream;
    },
    close() {
      closing = true;
      session.close();
      socket.destroy();
      endAll();
    },
    log,
  };
}
