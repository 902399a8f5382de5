/**
 * Which proxy Go's http.DefaultClient uses for a URL: golang.org/x/net/http/httpproxy semantics
 * (what net/http's ProxyFromEnvironment calls). Pure, so the rules are tested one by one.
 */
import { isIP } from 'node:net';
import { isLoopbackHost, parseIp } from '../core/ip.js';
import { redactText } from '../core/redact.js';

/** Environment variables as a process or a controller container has them. */
export type ProxyEnv = Readonly<Record<string, string | undefined>>;

export interface ProxyChoice {
  /** The proxy URL with any password masked, or undefined for a direct connection. */
  url?: string;
  /** The proxy URL as used (may carry credentials): never print it, use `url`. */
  rawUrl?: string;
  /** Where the proxy came from (`HTTPS_PROXY`, `http_proxy`, `--proxy`), or why the connection is direct. */
  reason: string;
}

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443', socks5: '1080' };

/** Go's getEnvAny: the first variable that is set and non-empty, upper case first. */
function envAny(env: ProxyEnv, names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value) return { name, value };
  }
  return undefined;
}

/** Go's parseProxy: a value without a scheme and a host is read as `http://VALUE`. */
export function parseProxyUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    if (url.protocol && url.host) return url;
  } catch {
    // fall through to the http:// form, as Go does
  }
  try {
    return new URL(`http://${value}`);
  } catch {
    return undefined;
  }
}

/** The proxy URL as shown: its password masked by the one redactor, as Go's URL.Redacted() does. */
export function maskProxyUrl(url: URL): string {
  return redactText(url.href);
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Splits `host:port` / `[v6]:port` like net.SplitHostPort; undefined when there is no port. */
function splitHostPort(text: string): { host: string; port: string } | undefined {
  const match = /^(\[[^\]]*\]|[^:]*):(\d*)$/.exec(text);
  return match ? { host: stripBrackets(match[1]!), port: match[2]! } : undefined;
}

function ipEqual(a: string, b: string): boolean {
  const x = parseIp(a);
  const y = parseIp(b);
  return !!x && !!y && x.bits === y.bits && x.value === y.value;
}

function cidrContains(cidr: string, ip: string): boolean | undefined {
  const slash = cidr.indexOf('/');
  const network = parseIp(cidr.slice(0, slash));
  const prefix = Number(cidr.slice(slash + 1));
  if (!network || !/^\d+$/.test(cidr.slice(slash + 1)) || prefix > network.bits) return undefined;
  const addr = parseIp(ip);
  if (!addr || addr.bits !== network.bits) return false;
  const shift = BigInt(network.bits - prefix);
  return addr.value >> shift === network.value >> shift;
}

/** Go's NO_PROXY matching for one host and port; `true` means "do not proxy". */
export function matchesNoProxy(noProxy: string, hostname: string, port: string): boolean {
  const host = stripBrackets(hostname.toLowerCase().trim());
  const hostIsIp = isIP(host) !== 0;
  for (const raw of noProxy.split(',')) {
    const pattern = raw.toLowerCase().trim();
    if (!pattern) continue;
    if (pattern === '*') return true;
    if (pattern.includes('/')) {
      const contained = cidrContains(pattern, host);
      if (contained !== undefined) {
        if (contained && hostIsIp) return true;
        continue;
      }
    }
    const split = splitHostPort(pattern);
    const patternHost = split ? split.host : pattern;
    const patternPort = split?.port ?? '';
    if (split && !split.host) continue;
    if (isIP(patternHost)) {
      if (hostIsIp && ipEqual(patternHost, host) && (!patternPort || patternPort === port)) return true;
      continue;
    }
    if (!patternHost) continue;
    // "foo.com" matches foo.com and its subdomains; ".foo.com" and "*.foo.com" only subdomains.
    let suffix = patternHost.startsWith('*.') ? patternHost.slice(1) : patternHost;
    const matchHost = !suffix.startsWith('.');
    if (matchHost) suffix = `.${suffix}`;
    if ((host.endsWith(suffix) || (matchHost && host === suffix.slice(1))) && (!patternPort || patternPort === port)) return true;
  }
  return false;
}

/**
 * The proxy for `target` as Go would pick it from `env`; `override` (`--proxy`) replaces
 * HTTP_PROXY and HTTPS_PROXY but NO_PROXY and the loopback rule still apply.
 */
export function proxyFor(target: URL, env: ProxyEnv, override?: string): ProxyChoice {
  const scheme = target.protocol.replace(/:$/, '');
  const candidate = override
    ? { name: '--proxy', value: override }
    : scheme === 'https'
      ? envAny(env, ['HTTPS_PROXY', 'https_proxy'])
      : scheme === 'http'
        ? envAny(env, ['HTTP_PROXY', 'http_proxy'])
        : undefined;
  if (!candidate) return { reason: 'direct: no proxy configured' };
  const proxyUrl = parseProxyUrl(candidate.value);
  if (!proxyUrl) return { reason: `direct: ${candidate.name} is not a valid URL (Go ignores it)` };
  const host = stripBrackets(target.hostname);
  const port = target.port || DEFAULT_PORTS[scheme] || '';
  if (isLoopbackHost(host)) {
    return { reason: `direct: Go never proxies ${host}` };
  }
  const noProxy = envAny(env, ['NO_PROXY', 'no_proxy']);
  if (noProxy && matchesNoProxy(noProxy.value, host, port)) {
    return { reason: `direct: ${host} matches ${noProxy.name}` };
  }
  return { url: maskProxyUrl(proxyUrl), rawUrl: proxyUrl.href, reason: candidate.name };
}
