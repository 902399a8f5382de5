/**
 * Go's net/url.ParseRequestURI and URL.String(), and path/filepath.Abs, reduced to what the
 * controller's downloader uses: the scheme, host and path it acts on and the exact error text it
 * logs (`parse "…": invalid URI for request`). Operates on UTF-8 bytes as Go does. Host parsing
 * follows Go 1.26.1, the controller's toolchain (go.mod `go 1.26.1`).
 */

export interface GoUrl {
  scheme: string;
  opaque: string;
  user?: { username: string; password?: string };
  host: string;
  path: string;
  rawPath: string;
  omitHost: boolean;
  forceQuery: boolean;
  rawQuery: string;
}

type Mode = 'path' | 'host' | 'zone' | 'userPassword';

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
const unhex = (c: number) => (c <= 57 ? c - 48 : c <= 70 ? c - 55 : c - 87);
const ch = (s: string) => s.charCodeAt(0);

function shouldEscape(c: number, mode: Mode): boolean {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) return false;
  if ((mode === 'host' || mode === 'zone') && `!$&'()*+,;=:[]<>"`.includes(String.fromCharCode(c))) return false;
  const s = String.fromCharCode(c);
  if ('-_.~'.includes(s)) return false;
  if ('$&+,/:;=?@'.includes(s)) {
    if (mode === 'path') return s === '?';
    if (mode === 'userPassword') return s === '@' || s === '/' || s === '?' || s === ':';
  }
  return true;
}

class UrlError extends Error {}

/** strconv.Quote, as Go's %q prints a string in error messages. */
export function quoteGo(s: string): string {
  let out = '"';
  for (const r of s) {
    const cp = r.codePointAt(0) ?? 0;
    if (r === '"' || r === '\\') out += `\\${r}`;
    else if (cp === 0x20 || (cp > 0x20 && cp !== 0x7f && /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(r))) out += r;
    else {
      const named: Record<number, string> = { 7: 'a', 8: 'b', 12: 'f', 10: 'n', 13: 'r', 9: 't', 11: 'v' };
      if (named[cp]) out += `\\${named[cp]}`;
      else if (cp < 0x80) out += `\\x${cp.toString(16).padStart(2, '0')}`;
      else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
      else out += `\\U${cp.toString(16).padStart(8, '0')}`;
    }
  }
  return `${out}"`;
}

/** url.unescape over bytes; returns bytes. */
function unescape(s: Uint8Array, mode: Mode): Uint8Array {
  let n = 0;
  for (let i = 0; i < s.length; ) {
    const c = s[i] ?? 0;
    if (c === 37) {
      n++;
      if (i + 2 >= s.length || !isHex(s[i + 1] ?? 0) || !isHex(s[i + 2] ?? 0)) {
        const bad = Buffer.from(s.subarray(i, Math.min(i + 3, s.length))).toString('utf8');
        throw new UrlError(`invalid URL escape ${quoteGo(bad)}`);
      }
      const triple = Buffer.from(s.subarray(i, i + 3)).toString('latin1');
      if (mode === 'host' && unhex(s[i + 1] ?? 0) < 8 && triple !== '%25')
        throw new UrlError(`invalid URL escape ${quoteGo(triple)}`);
      if (mode === 'zone') {
        const v = (unhex(s[i + 1] ?? 0) << 4) | unhex(s[i + 2] ?? 0);
        if (triple !== '%25' && v !== 32 && shouldEscape(v, 'host'))
          throw new UrlError(`invalid URL escape ${quoteGo(triple)}`);
      }
      i += 3;
    } else {
      if ((mode === 'host' || mode === 'zone') && c < 0x80 && shouldEscape(c, mode))
        throw new UrlError(`invalid character ${quoteGo(String.fromCharCode(c))} in host name`);
      i++;
    }
  }
  if (n === 0) return s;
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? 0;
    if (c === 37) {
      out.push((unhex(s[i + 1] ?? 0) << 4) | unhex(s[i + 2] ?? 0));
      i += 2;
    } else out.push(c);
  }
  return Uint8Array.from(out);
}

function escape(s: Uint8Array, mode: Mode): Uint8Array {
  const out: number[] = [];
  const hex = '0123456789ABCDEF';
  for (const c of s) {
    if (shouldEscape(c, mode)) out.push(37, ch(hex[c >> 4] ?? '0'), ch(hex[c & 15] ?? '0'));
    else out.push(c);
  }
  return Uint8Array.from(out);
}

const enc = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const dec = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const bytesEqual = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? '';
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new UrlError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

/** The IPv4 dotted quad netip.ParseAddr accepts (no leading zeros). */
const IPV4 = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;

/** netip.ParseAddr(s) for a bracketed host: its kind, or its error text (wording exact for common cases). */
function parseAddr(s: string): { v4: boolean } | { error: string } {
  const fail = (msg: string) => ({ error: `ParseAddr(${quoteGo(s)}): ${msg}` });
  const first = s.search(/[.:%]/);
  if (first < 0) return fail('unable to parse IP');
  if (s[first] === '%') return fail('missing IPv6 address');
  if (s[first] === '.') return IPV4.test(s) ? { v4: true } : fail('unable to parse IP');
  const [address = '', zone] = s.split('%', 2);
  if (zone === '') return fail('zone must be a non-empty string');
  let groups = address;
  const lastColon = address.lastIndexOf(':');
  if (address.slice(lastColon + 1).includes('.')) {
    // An embedded IPv4 tail (::ffff:1.2.3.4) stands for the last two groups.
    if (!IPV4.test(address.slice(lastColon + 1))) return fail('unable to parse IP');
    groups = `${address.slice(0, lastColon + 1)}0:0`;
  }
  const halves = groups.split('::');
  if (halves.length > 2) return fail('unable to parse IP');
  const parts = halves.map((h) => (h === '' ? [] : h.split(':')));
  if (parts.some((p) => p.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g)))) return fail('unable to parse IP');
  const count = parts.reduce((n, p) => n + p.length, 0);
  if (halves.length === 2 ? count > 7 : count !== 8) return fail('unable to parse IP');
  return { v4: false };
}

/**
 * parseHost as in Go 1.26.1 (the controller's toolchain): a bracket only at the start and around
 * an IPv6 address (CVE-2025-47912, CVE-2026-25679), and no colon in the host other than the port's
 * (GODEBUG urlstrictcolons=1, the default for a go 1.26 module).
 */
function parseHost(host: string): string {
  const openBracket = host.lastIndexOf('[');
  if (openBracket > 0) throw new UrlError('invalid IP-literal');
  if (openBracket === 0) {
    const closeBracket = host.lastIndexOf(']');
    if (closeBracket < 0) throw new UrlError("missing ']' in host");
    const colonPort = host.slice(closeBracket + 1);
    if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port ${quoteGo(colonPort)} after host`);
    const port = dec(unescape(enc(colonPort), 'host'));
    const hostname = host.slice(1, closeBracket);
    const zone = hostname.indexOf('%25');
    const address =
      zone >= 0
        ? dec(unescape(enc(hostname.slice(0, zone)), 'host')) + dec(unescape(enc(hostname.slice(zone)), 'zone'))
        : dec(unescape(enc(hostname), 'host'));
    const parsed = parseAddr(address);
    if ('error' in parsed) throw new UrlError(`invalid host: ${parsed.error}`);
    if (parsed.v4) throw new UrlError('invalid IP-literal');
    return `[${address}]${port}`;
  }
  const colon = host.indexOf(':');
  if (colon !== -1) {
    const colonPort = host.slice(colon);
    if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port ${quoteGo(colonPort)} after host`);
  }
  return dec(unescape(enc(host), 'host'));
}

function validUserinfo(s: string): boolean {
  return /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s);
}

function parseAuthority(authority: string): { user?: GoUrl['user']; host: string } {
  const i = authority.lastIndexOf('@');
  const host = parseHost(i < 0 ? authority : authority.slice(i + 1));
  if (i < 0) return { host };
  const userinfo = authority.slice(0, i);
  if (!validUserinfo(userinfo)) throw new UrlError('net/url: invalid userinfo');
  const colon = userinfo.indexOf(':');
  if (colon < 0) return { user: { username: dec(unescape(enc(userinfo), 'userPassword')) }, host };
  return {
    user: {
      username: dec(unescape(enc(userinfo.slice(0, colon)), 'userPassword')),
      password: dec(unescape(enc(userinfo.slice(colon + 1)), 'userPassword')),
    },
    host,
  };
}

/** url.ParseRequestURI. Returns the URL, or Go's error text (`parse "RAW": reason`). */
export function parseRequestURI(raw: string): { url: GoUrl } | { error: string } {
  try {
    return { url: parse(raw) };
  } catch (error) {
    if (error instanceof UrlError) return { error: `parse ${quoteGo(raw)}: ${error.message}` };
    throw error;
  }
}

function parse(raw: string): GoUrl {
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new UrlError('net/url: invalid control character in URL');
  if (raw === '') throw new UrlError('empty url');
  const url: GoUrl = { scheme: '', opaque: '', host: '', path: '', rawPath: '', omitHost: false, forceQuery: false, rawQuery: '' };
  if (raw === '*') {
    url.path = '*';
    return url;
  }
  let [scheme, rest] = getScheme(raw);
  url.scheme = scheme.toLowerCase();
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    url.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) [rest, url.rawQuery] = [rest.slice(0, q), rest.slice(q + 1)];
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') {
      url.opaque = rest;
      return url;
    }
    throw new UrlError('invalid URI for request');
  }
  if (url.scheme !== '' && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) [authority, rest] = [authority.slice(0, slash), authority.slice(slash)];
    const parsed = parseAuthority(authority);
    url.host = parsed.host;
    if (parsed.user) url.user = parsed.user;
  } else if (url.scheme !== '' && rest.startsWith('/')) {
    url.omitHost = true;
  }
  const p = enc(rest);
  const path = unescape(p, 'path');
  url.path = dec(path);
  url.rawPath = bytesEqual(escape(path, 'path'), p) ? '' : rest;
  return url;
}

function validEncodedPath(s: Uint8Array): boolean {
  for (const c of s) {
    if (`!$&'()*+,;=:@[]%`.includes(String.fromCharCode(c))) continue;
    if (shouldEscape(c, 'path')) return false;
  }
  return true;
}

function escapedPath(u: GoUrl): string {
  if (u.rawPath !== '' && validEncodedPath(enc(u.rawPath))) {
    try {
      if (dec(unescape(enc(u.rawPath), 'path')) === u.path) return u.rawPath;
    } catch {
      // fall through to the default encoding, as Go does
    }
  }
  if (u.path === '*') return '*';
  return dec(escape(enc(u.path), 'path'));
}

/** URL.String(): the URL the downloader actually requests. */
export function urlString(u: GoUrl): string {
  let out = u.scheme ? `${u.scheme}:` : '';
  if (u.opaque !== '') out += u.opaque;
  else {
    if (u.scheme !== '' || u.host !== '' || u.user) {
      if (!(u.omitHost && u.host === '' && !u.user)) {
        if (u.host !== '' || u.path !== '' || u.user) out += '//';
        if (u.user) {
          out += dec(escape(enc(u.user.username), 'userPassword'));
          if (u.user.password !== undefined) out += `:${dec(escape(enc(u.user.password), 'userPassword'))}`;
          out += '@';
        }
        if (u.host !== '') out += dec(escape(enc(u.host), 'host'));
      }
    }
    const path = escapedPath(u);
    if (path !== '' && !path.startsWith('/') && u.host !== '') out += '/';
    if (out === '' && (path.split('/')[0] ?? '').includes(':')) out += './';
    out += path;
  }
  if (u.forceQuery || u.rawQuery !== '') out += `?${u.rawQuery}`;
  return out;
}

/** path.Clean (lexical), as filepath.Clean on Linux. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!rooted) parts.push('..');
      continue;
    }
    parts.push(seg);
  }
  const joined = parts.join('/');
  return rooted ? `/${joined}` : joined || '.';
}

/** filepath.Abs with the controller's working directory. */
export function absPath(p: string, workdir: string): string {
  return p.startsWith('/') ? cleanPath(p) : cleanPath(`${workdir}/${p}`);
}
