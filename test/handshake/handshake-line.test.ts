import { describe, expect, it } from 'vitest';
import { parseHandshakeLine } from '../../src/handshake/handshake-line.js';

describe('parseHandshakeLine (go-plugin v1.8 Client.Start)', () => {
  it.each([
    ['1|1|unix|/tmp/plugin195557049|netrpc|', { network: 'unix', address: '/tmp/plugin195557049', protocol: 'netrpc', appVersion: 1 }],
    ['1|1|tcp|127.0.0.1:10000|netrpc|', { network: 'tcp', address: '127.0.0.1:10000', protocol: 'netrpc' }],
    ['1|1|unix|/tmp/p', { protocol: 'netrpc' }], // 4 fields: net/rpc by default
    ['  1|1|unix|/tmp/p|netrpc|  \r', { address: '/tmp/p' }], // trimmed like strings.TrimSpace
  ])('accepts %j', (line, expected) => {
    expect(parseHandshakeLine(line)).toMatchObject({ ok: true, ...expected });
  });

  it.each([
    ['fixture plugin v0.4.0 starting', 'unrecognized', 'Unrecognized remote plugin message: fixture plugin v0.4.0 starting'],
    ['1|1|unix', 'unrecognized', 'Unrecognized remote plugin message: 1|1|unix'],
    ['x|1|unix|/tmp/p|netrpc|', 'core-version-unparsable', 'error parsing core protocol version: strconv.Atoi: parsing "x": invalid syntax'],
    [
      '2|1|unix|/tmp/p|netrpc|',
      'core-version',
      'incompatible core API version with plugin. Plugin version: 2, Core version: 1\n\nTo fix this, the plugin usually only needs to be recompiled.\nPlease report this to the plugin author',
    ],
    ['1|2|unix|/tmp/p|netrpc|', 'app-version', 'incompatible API version with plugin. Plugin version: 2, Client versions: [1]'],
    ['1|v1|unix|/tmp/p|netrpc|', 'app-version-unparsable', 'Error parsing protocol version "v1": strconv.Atoi: parsing "v1": invalid syntax'],
    ['1|1|udp|/tmp/p|netrpc|', 'unknown-network', 'unknown address type: /tmp/p'],
    ['1|1|unix|/tmp/p|grpc|', 'protocol', 'unsupported plugin protocol "grpc". Supported: [netrpc]'],
  ])('rejects %j as %s with go-plugin\'s wording', (line, problem, error) => {
    expect(parseHandshakeLine(line)).toEqual(expect.objectContaining({ ok: false, problem, error }));
  });

});
