/** net/rpc over an in-memory stream, with the server side replaying bytes Go's net/rpc produces. */
import { duplexPair } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NetRpcClient, RPC_ARGS, RpcServerError, RpcTransportError } from '../../src/handshake/netrpc.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const RESPONSE_DEFINITION =
  '3aff8303010108526573706f6e736501ff84000103010d536572766963654d6574686f64010c00010353657101060001054572726f72010c000000';
const PING_REPLY = hex(`${RESPONSE_DEFINITION} 11ff84010c436f6e74726f6c2e50696e6700 0aff85030102ff86000000 03ff8600`);
const PING_REQUEST =
  '2fff81030101075265717565737401ff82000102010d536572766963654d6574686f64010c0001035365710106000000 11ff82010c436f6e74726f6c2e50696e6700 03020001';

function connected(): { client: NetRpcClient; server: ReturnType<typeof duplexPair>[1]; written: Buffer[] } {
  const [clientSide, server] = duplexPair();
  const written: Buffer[] = [];
  server.on('data', (chunk: Buffer) => written.push(chunk));
  return { client: new NetRpcClient(clientSide), server, written };
}

describe('NetRpcClient', () => {
  it('sends Control.Ping as Go does and resolves with the empty-struct reply', async () => {
    const { client, server, written } = connected();
    const reply = client.call('Control.Ping', RPC_ARGS.bool(true), { timeoutMs: 1000 });
    await new Promise((r) => setImmediate(r));
    expect(Buffer.concat(written).toString('hex')).toBe(hex(PING_REQUEST).toString('hex'));
    server.write(PING_REPLY);
    await expect(reply).resolves.toEqual({});
  });

  it('turns Response.Error into an RpcServerError with the server\'s text', async () => {
    const { client, server } = connected();
    const reply = client.call('Dispenser.Dispense', RPC_ARGS.string('RpcStepPlugin'), { timeoutMs: 1000 });
    // Seq 0, Error "unknown plugin type: X", then the placeholder body
    server.write(hex(`${RESPONSE_DEFINITION} 2fff84011244697370656e7365722e44697370656e736502` + '16756e6b6e6f776e20706c7567696e20747970653a205800' + ' 0aff85030102ff86000000 03ff8600'));
    await expect(reply).rejects.toThrowError(new RpcServerError('unknown plugin type: X'));
  });

  it('fails a pending call with "unexpected EOF" when the connection closes mid-call, then refuses new calls', async () => {
    const { client, server } = connected();
    const reply = client.call('Plugin.Type', RPC_ARGS.nilInterface(), { timeoutMs: 1000 });
    server.end();
    await expect(reply).rejects.toThrowError(new RpcTransportError('unexpected EOF'));
    await expect(client.call('Plugin.Type', RPC_ARGS.nilInterface(), { timeoutMs: 1000 })).rejects.toThrowError('connection is shut down');
  });

  it('gives up on a call after its deadline and ignores the late reply', async () => {
    const { client, server } = connected();
    await expect(client.call('Control.Ping', RPC_ARGS.bool(true), { timeoutMs: 30 })).rejects.toThrowError('Control.Ping: no reply within 30 ms');
    server.write(PING_REPLY);
    const second = client.call('Control.Ping', RPC_ARGS.bool(true), { timeoutMs: 1000 });
    // the reply to Seq 1 (11ff84 ... 0101 = Seq 1): Response definitions are already known
    server.write(hex('13ff84010c436f6e74726f6c2e50696e67010100 03ff8600'));
    await expect(second).resolves.toEqual({});
  });

  it('aborts a call when its signal fires', async () => {
    const { client } = connected();
    const controller = new AbortController();
    const reply = client.call('Plugin.InitPlugin', RPC_ARGS.nilInterface(), { timeoutMs: 5000, signal: controller.signal });
    controller.abort();
    await expect(reply).rejects.toThrowError('Plugin.InitPlugin: aborted');
  });

  it('shuts the connection down on a malformed reply instead of trusting it', async () => {
    const { client, server } = connected();
    const reply = client.call('Control.Ping', RPC_ARGS.bool(true), { timeoutMs: 1000 });
    server.write(hex('05 0c 00 7f 41 41')); // a string claiming 127 bytes in a 5-byte message
    await expect(reply).rejects.toThrowError(/^gob: string length 127 exceeds/);
  });

  it('writes a call before its replies may be read, and reads them only once the stream says they follow', async () => {
    const [clientSide, server] = duplexPair();
    const written: Buffer[] = [];
    server.on('data', (chunk: Buffer) => written.push(chunk));
    let repliesFollow!: () => void;
    const client = new NetRpcClient(clientSide, new Promise<void>((resolve) => (repliesFollow = resolve)));
    const reply = client.call('Control.Ping', RPC_ARGS.bool(true), { timeoutMs: 1000 });
    await new Promise((r) => setImmediate(r));
    expect(Buffer.concat(written).toString('hex')).toBe(hex(PING_REQUEST).toString('hex'));
    const ack = Buffer.from([1, 0, 0, 0]); // what a broker stream starts with, read by the broker, not by net/rpc
    server.write(Buffer.concat([ack, PING_REPLY]));
    await new Promise((r) => setImmediate(r));
    clientSide.read(ack.length);
    repliesFollow();
    await expect(reply).resolves.toEqual({});
  });

  it('fails the calls written ahead with the reason their replies never follow', async () => {
    const [clientSide] = duplexPair();
    let refuse!: (error: Error) => void;
    const client = new NetRpcClient(clientSide, new Promise<void>((_, reject) => (refuse = reject)));
    const reply = client.call('Plugin.Type', RPC_ARGS.nilInterface(), { timeoutMs: 1000 });
    refuse(new Error('bad ack: 2 (expected 1)'));
    await expect(reply).rejects.toThrowError(new RpcTransportError('bad ack: 2 (expected 1)'));
  });
});
