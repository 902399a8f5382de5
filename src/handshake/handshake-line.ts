/**
 * Parses the first line a plugin prints on stdout exactly as go-plugin's Client.Start does
 * (v1.8, the version Argo Rollouts builds with), with its error wording, so a report quotes what
 * the controller would log after `unable to get plugin client (NAME): `.
 */

export const CORE_PROTOCOL_VERSION = 1;
/** Argo Rollouts' HandshakeConfig.ProtocolVersion for all three plugin kinds. */
export const ARGO_APP_PROTOCOL_VERSIONS: readonly number[] = [1];
/** Argo Rollouts leaves AllowedProtocols at go-plugin's default. */
export const ARGO_ALLOWED_PROTOCOLS: readonly string[] = ['netrpc'];

/** What go-plugin's Serve prints to stderr (then exits 1) when the magic cookie is not its own. */
export const COOKIE_REJECTED_TEXT = 'This binary is a plugin. These are not meant to be executed directly.';

export type HandshakeLineProblem =
  | 'unrecognized'
  | 'core-version-unparsable'
  | 'core-version'
  | 'app-version-unparsable'
  | 'app-version'
  | 'unknown-network'
  | 'protocol';

export type HandshakeLine =
  | {
      ok: true;
      coreVersion: number;
      appVersion: number;
      network: 'unix' | 'tcp';
      address: string;
      protocol: string;
    }
  | {
      ok: false;
      problem: HandshakeLineProblem;
      /** go-plugin's error text for this line. */
      error: string;
      /** Parsed fields, when the line got that far. */
      appVersion?: number;
      protocol?: string;
      network?: string;
    };

/** Go's strconv.Atoi, with its error text. */
function atoi(text: string): number | string {
  if (/^[+-]?\d+$/.test(text)) {
    const n = Number(text);
    if (Number.isSafeInteger(n)) return n;
    return `strconv.Atoi: parsing ${JSON.stringify(text)}: value out of range`;
  }
  return `strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`;
}

/** `rawLine` is one stdout line without its newline. */
export function parseHandshakeLine(
  rawLine: string,
  options: { appVersions?: readonly number[]; allowedProtocols?: readonly string[] } = {},
): HandshakeLine {
  const appVersions = options.appVersions ?? ARGO_APP_PROTOCOL_VERSIONS;
  const allowed = options.allowedProtocols ?? ARGO_ALLOWED_PROTOCOLS;
  const line = rawLine.trim();
  const parts = line.split('|');
  if (parts.length < 4) {
    return { ok: false, problem: 'unrecognized', error: `Unrecognized remote plugin message: ${line}` };
  }
  const [coreText = '', appText = '', network = '', address = ''] = parts;
  const core = atoi(coreText);
  if (typeof core === 'string') {
    return { ok: false, problem: 'core-version-unparsable', error: `error parsing core protocol version: ${core}` };
  }
  if (core !== CORE_PROTOCOL_VERSION) {
    return {
      ok: false,
      problem: 'core-version',
      error:
        `incompatible core API version with plugin. Plugin version: ${coreText}, Core version: ${CORE_PROTOCOL_VERSION}\n\n` +
        'To fix this, the plugin usually only needs to be recompiled.\nPlease report this to the plugin author',
    };
  }
  const app = atoi(appText);
  if (typeof app === 'string') {
    return { ok: false, problem: 'app-version-unparsable', error: `Error parsing protocol version ${JSON.stringify(appText)}: ${app}` };
  }
  if (!appVersions.includes(app)) {
    return {
      ok: false,
      problem: 'app-version',
      appVersion: app,
      error: `incompatible API version with plugin. Plugin version: ${app}, Client versions: [${appVersions.join(' ')}]`,
    };
  }
  if (network !== 'unix' && network !== 'tcp') {
    // go-plugin names the address here, not the network: quoted as it is.
    return { ok: false, problem: 'unknown-network', appVersion: app, network, error: `unknown address type: ${address}` };
  }
  const protocol = parts.length >= 5 ? (parts[4] ?? '') : 'netrpc';
  if (!allowed.includes(protocol)) {
    return {
      ok: false,
      problem: 'protocol',
      appVersion: app,
      network,
      protocol,
      error: `unsupported plugin protocol ${JSON.stringify(protocol)}. Supported: [${allowed.join(' ')}]`,
    };
  }
  return { ok: true, coreVersion: core, appVersion: app, network, address, protocol };
}
