/**
 * Byte vectors produced by Go 1.19's encoding/gob (net/rpc's Request/Response and values shaped
 * like go-plugin's and Argo's); the Control.Ping frame is the one a real go-plugin server
 * sends (test/handshake/handshake.test.ts talks to real plugins built from test/go).
 */
import { describe, expect, it } from 'vitest';
import { GobDecoder, GobEncoder, GobError, type GobType } from '../../src/handshake/gob.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

const REQUEST: GobType = {
  kind: 'struct',
  name: 'Request',
  fields: [
    { name: 'ServiceMethod', type: { kind: 'string' } },
    { name: 'Seq', type: { kind: 'uint' } },
  ],
};

const REQUEST_DEFINITION = '2f ff81 03 01 01 07 52657175657374 01 ff82 00 01 02 01 0d 536572766963654d6574686f64 01 0c 00 01 03 536571 01 06 00 00 00';
const RESPONSE_DEFINITION =
  '3aff8303010108526573706f6e736501ff84000103010d536572766963654d6574686f64010c00010353657101060001054572726f72010c000000';
const EMPTY_STRUCT_DEFINITION = '0aff85030102ff86000000';

function decodeAll(bytes: Buffer): unknown[] {
  const decoder = new GobDecoder();
  decoder.push(bytes);
  const out: unknown[] = [];
  for (let m = decoder.next(); m; m = decoder.next()) out.push(m.value);
  expect(decoder.buffered).toBe(0);
  return out;
}

describe('GobEncoder', () => {
  it('encodes the verified Control.Ping request frame byte for byte', () => {
    const enc = new GobEncoder();
    const bytes = Buffer.concat([enc.encode(REQUEST, { ServiceMethod: 'Control.Ping', Seq: 0 }), enc.encode({ kind: 'bool' }, true)]);
    expect(bytes.toString('hex')).toBe(hex(`${REQUEST_DEFINITION} 11 ff82 01 0c 436f6e74726f6c2e50696e67 00 03 02 00 01`).toString('hex'));
  });

  it('sends the Request type definition only once per stream', () => {
    const enc = new GobEncoder();
    enc.encode(REQUEST, { ServiceMethod: 'Control.Ping', Seq: 0 });
    const second = enc.encode(REQUEST, { ServiceMethod: 'Plugin.Type', Seq: 3 });
    expect(second.toString('hex')).toBe('12ff82010b506c7567696e2e547970650103' + '00');
  });

  it('encodes the nil interface{} argument Argo passes to Plugin.Type and InitPlugin like Go', () => {
    expect(new GobEncoder().encode({ kind: 'interface' }, null).toString('hex')).toBe('03100000');
  });

  it('encodes a string singleton (the Dispenser.Dispense argument) like Go', () => {
    expect(new GobEncoder().encode({ kind: 'string' }, 'trafficrouter').toString('hex')).toBe('100c000d74726166666963726f75746572');
  });

  it('encodes large and negative integers like Go', () => {
    const enc = new GobEncoder();
    const bytes = Buffer.concat([enc.encode({ kind: 'int' }, -129), enc.encode({ kind: 'uint' }, 256), enc.encode({ kind: 'int' }, 1n << 62n)]);
    expect(bytes.toString('hex')).toBe('050400fe0101050600fe01000b0400f88000000000000000');
  });
});

describe('GobDecoder', () => {
  it('decodes a Control.Ping reply: Response definition, Response, empty struct definition, empty struct', () => {
    const reply = hex(`${RESPONSE_DEFINITION} 11ff84010c436f6e74726f6c2e50696e6700 ${EMPTY_STRUCT_DEFINITION} 03ff8600`);
    expect(decodeAll(reply)).toEqual([{ ServiceMethod: 'Control.Ping' }, {}]);
  });

  it('decodes a Dispenser.Dispense reply with its uint32 id', () => {
    const reply = hex(`${RESPONSE_DEFINITION} 19ff84011244697370656e7365722e44697370656e736501010003060001`);
    expect(decodeAll(reply)).toEqual([{ ServiceMethod: 'Dispenser.Dispense', Seq: 1 }, 1]);
  });

  it('decodes an error Response with a multi-byte Seq', () => {
    const reply = hex(
      `${RESPONSE_DEFINITION} 33ff84011244697370656e7365722e44697370656e736501fe012c0116756e6b6e6f776e20706c7567696e20747970653a205800 ${EMPTY_STRUCT_DEFINITION} 03ff8600`,
    );
    expect(decodeAll(reply)[0]).toEqual({ ServiceMethod: 'Dispenser.Dispense', Seq: 300, Error: 'unknown plugin type: X' });
  });

  it("decodes Argo's RpcError reply", () => {
    const bytes = hex('26ff87030101085270634572726f7201ff88000101010b4572726f72537472696e67010c00000009ff880104626f6f6d00');
    expect(decodeAll(bytes)).toEqual([{ ErrorString: 'boom' }]);
  });

  it('decodes slices, maps, arrays, floats, bytes and nested structs, and skips a concrete interface value', () => {
    const bytes = hex(
      '53ff890301010342696701ff8a00010901014101040001014201060001014601080001015301ff8c0001014d01ff8e00010341727201ff900001024273010a0001064e657374656401ff8800010149011000000016ff8b020101085b5d737472696e6701ff8c00010c00001eff8d0401010e6d61705b737472696e675d696e7401ff8e00010c0104000017ff8f010101075b325d696e743801ff900001040104000026ff87030101085270634572726f7201ff88000101010b4572726f72537472696e67010c0000003eff8a010901fa01000000000001fef83f01020161000101016b0e01020201010209080101016e00010d6d61696e2e5270634572726f72ff88040101780000',
    );
    const [big] = decodeAll(bytes);
    expect(big).toEqual({
      A: -5,
      B: 2 ** 40,
      F: 1.5,
      S: ['a', ''],
      M: new Map([['k', 7]]),
      Arr: [1, -1],
      Bs: Uint8Array.from([9, 8]),
      Nested: { ErrorString: 'n' },
      I: { skipped: 'interface value of type main.RpcError', bytes: 4 },
    });
  });

  it('waits for the rest of a message that arrives in pieces', () => {
    const reply = hex(`${RESPONSE_DEFINITION} 11ff84010c436f6e74726f6c2e50696e6700`);
    const decoder = new GobDecoder();
    for (let i = 0; i < reply.length - 1; i++) {
      decoder.push(reply.subarray(i, i + 1));
      expect(decoder.next()).toBeUndefined();
    }
    decoder.push(reply.subarray(reply.length - 1));
    expect(decoder.next()?.value).toEqual({ ServiceMethod: 'Control.Ping' });
  });

  it.each([
    ['a message longer than the limit', 'fe0200 ' + '00'.repeat(4), /exceeds the 256-byte limit/],
    ['a string length beyond its message', '05 0c 00 7f 41 41', /string length 127 exceeds the 2 bytes left/],
    ['a value of a type never defined', '03 ff90 00', /undefined type id 72/],
    ['a slice count beyond its message', '0c ff81 02 01 02 ff82 00 01 0c 00 00  04 ff82 00 7f', /slice length 127 exceeds/],
    ['a struct field delta past its fields', '26ff87030101085270634572726f7201ff88000101010b4572726f72537472696e67010c000000 04 ff88 05 00', /field delta 5 beyond the 1 fields of RpcError/],
    ['a uint longer than 8 bytes', '03 04 00 f7', /invalid uint length 9/],
    ['a bool that is not 0 or 1', '03 02 00 02', /invalid bool 2/],
    ['a definition of a reserved id', '04 1f 00 00 00', /reserved id 16/],
    ['an empty message', '00', /empty message/],
    ['stray bytes after a value', '04 02 00 01 01', /stray bytes/],
  ])('refuses %s', (_label, bytes, message) => {
    const decoder = new GobDecoder(256);
    decoder.push(hex(bytes));
    expect(() => decoder.next()).toThrowError(GobError);
    const again = new GobDecoder(256);
    again.push(hex(bytes));
    expect(() => again.next()).toThrowError(message);
  });
});
