/**
 * The yamux client against a raw yamux peer on a unix socket, byte for byte: the frames go-plugin's
 * server (hashicorp/yamux) sends, including ones split across reads, FIN, and more data than the
 * initial 256 KiB window.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { yamuxClient, type YamuxClientSession } from '../../src/handshake/yamux.js';

const DATA = 0;
const WINDOW_UPDATE = 1;
const ACK = 2;
const FIN = 4;

function frame(type: number, flags: number, stream: number, lengthOrDelta: number, payload = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt8(0, 0);
  header.writeUInt8(type, 1);
  header.writeUInt16BE(flags, 2);
  header.writeUInt32BE(stream, 4);
  header.writeUInt32BE(lengthOrDelta, 8);
  return Buffer.concat([header, payload]);
}

interface Peer {
  server: Server;
  socket: Socket;
  /** The client's end, which the session writes to. */
  client: Socket;
  received: Buffer;
  session: YamuxClientSession;
  dir: string;
}

let peer: Peer | undefined;
afterEach(() => {
  peer?.session.close();
  peer?.server.close();
  if (peer) rmSync(peer.dir, { recursive: true, force: true });
  peer = undefined;
});

async function startPeer(): Promise<Peer> {
  const dir = mkdtempSync(join(tmpdir(), 'yamux-test-'));
  const path = join(dir, 'sock');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(path, resolve));
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const client = connect({ path });
  await new Promise((resolve) => client.once('connect', resolve));
  const socket = await accepted;
  const session = yamuxClient(client);
  const p: Peer = { server, socket, client, received: Buffer.alloc(0), session, dir };
  socket.on('data', (chunk: Buffer) => (p.received = Buffer.concat([p.received, chunk])));
  peer = p;
  return p;
}

/** The frames the client sent so far, as [type, flags, stream, length]. */
function headers(bytes: Buffer): number[][] {
  const out: number[][] = [];
  for (let at = 0; at + 12 <= bytes.length; ) {
    const type = bytes.readUInt8(at + 1);
    const length = bytes.readUInt32BE(at + 8);
    out.push([type, bytes.readUInt16BE(at + 2), bytes.readUInt32BE(at + 4), length]);
    at += 12 + (type === DATA ? length : 0);
  }
  return out;
}

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe('yamuxClient', () => {
  it('opens streams 1, 3, 5 in order with a SYN each, as go-plugin expects control, stdout, stderr', async () => {
    const p = await startPeer();
    p.session.open();
    p.session.open();
    p.session.open();
    await tick();
    expect(headers(p.received)).toEqual([
      [WINDOW_UPDATE, 1, 1, 0],
      [WINDOW_UPDATE, 1, 3, 0],
      [WINDOW_UPDATE, 1, 5, 0],
    ]);
  });

  it('hands the frames of one turn to the socket as one writev', async () => {
    const p = await startPeer();
    const writes: number[] = []; // frames per write the socket makes
    const socket = p.client as Socket & { _write: Socket['_write']; _writev: NonNullable<Socket['_writev']> };
    const write = socket._write.bind(socket);
    const writev = socket._writev.bind(socket);
    socket._write = (chunk, encoding, done) => (writes.push(1), write(chunk, encoding, done));
    socket._writev = (chunks, done) => (writes.push(chunks.length), writev(chunks, done));
    const control = p.session.open();
    p.session.open();
    control.write(Buffer.from('call'));
    await tick();
    expect(writes).toEqual([3]);
    expect(headers(p.received)).toEqual([
      [WINDOW_UPDATE, 1, 1, 0],
      [WINDOW_UPDATE, 1, 3, 0],
      [DATA, 0, 1, 4],
    ]);
  });

  it('delivers a data frame split across many reads intact, and ends the stream on FIN', async () => {
    const p = await startPeer();
    const stream = p.session.open();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const ended = new Promise((resolve) => stream.once('end', resolve));
    await tick();
    const bytes = Buffer.concat([frame(WINDOW_UPDATE, ACK, 1, 0), frame(DATA, 0, 1, 11, Buffer.from('hello world')), frame(WINDOW_UPDATE, FIN, 1, 0)]);
    for (const byte of bytes) {
      p.socket.write(Buffer.from([byte]));
      await new Promise((r) => setImmediate(r));
    }
    await ended;
    expect(text).toBe('hello world');
  });

  it('keeps the window open when more than 256 KiB arrive', async () => {
    const p = await startPeer();
    const stream = p.session.open();
    let total = 0;
    stream.on('data', (chunk: Buffer) => (total += chunk.length));
    await tick();
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    for (let i = 0; i < 5; i++) p.socket.write(frame(DATA, i === 0 ? ACK : 0, 1, chunk.length, chunk));
    await tick(50);
    expect(total).toBe(5 * 64 * 1024);
    const updates = headers(p.received).filter(([type, , id, delta]) => type === WINDOW_UPDATE && id === 1 && (delta ?? 0) > 0);
    expect(updates.reduce((sum, [, , , delta]) => sum + (delta ?? 0), 0)).toBeGreaterThanOrEqual(128 * 1024);
  });

  it('ends every stream when the connection closes under it', async () => {
    const p = await startPeer();
    const streams = [p.session.open(), p.session.open()];
    const ended = Promise.all(streams.map((s) => new Promise((resolve) => (s.resume(), s.once('end', resolve)))));
    await tick();
    p.socket.destroy();
    await ended;
  });
});
