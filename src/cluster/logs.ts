/**
 * Reads controller log lines (logrus text `time=… level=… msg="…"`, or JSON with --logformat=json)
 * and matches them against the messages the controller and go-plugin really print (their source's
 * exact wording). A line in any other format is kept as raw text and still matched.
 */
import { refusedUser, serviceAccountOf } from './forbidden.js';

export interface LogLine {
  raw: string;
  level?: string;
  time?: string;
  /** The message: logrus `msg`, or the raw line when it has none. */
  msg: string;
}

/** Parses one line; never throws. */
export function parseLogLine(raw: string): LogLine {
  const line = raw.replace(/\r$/, '');
  if (line.startsWith('{')) {
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      if (parsed && typeof parsed === 'object' && typeof parsed.msg === 'string') {
        return { raw: line, msg: parsed.msg, level: str(parsed.level), time: str(parsed.time) };
      }
    } catch {
      // not JSON after all: fall through to the text format
    }
  }
  const fields = parseLogfmt(line);
  if (fields.msg !== undefined) return { raw: line, msg: fields.msg, level: fields.level, time: fields.time };
  return { raw: line, msg: line };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** logrus text: key=value pairs, values quoted with Go's %q escapes when they contain spaces. */
function parseLogfmt(line: string): Record<string, string> {
  const fields: Record<string, string> = {};
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ') i++;
    const keyMatch = /^([A-Za-z_][\w.-]*)=/.exec(line.slice(i));
    if (!keyMatch) break;
    const key = keyMatch[1]!;
    i += keyMatch[0].length;
    let value = '';
    if (line[i] === '"') {
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length) {
          const next = line[i + 1]!;
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          i += 2;
        } else value += line[i++];
      }
      i++;
    } else {
      while (i < line.length && line[i] !== ' ') value += line[i++];
    }
    fields[key] = value;
  }
  return fields;
}

/**
 * One known message: its id, and how to pull the plugin name (or URL) out of the message; or, for a form
 * another module owns the reading of (an RBAC refusal: forbidden.ts), whether the message is one.
 */
export type LogSignature =
  | {
      id: LogSignatureId;
      pattern: RegExp;
      /** Capture group holding the plugin name, when the message names one. */
      pluginGroup?: number;
    }
  | { id: LogSignatureId; matches: (msg: string) => boolean };

/** The controller's service account (or a plugin running as it) refused by RBAC, of a resource or of a path. */
function serviceAccountRefused(msg: string): boolean {
  const user = refusedUser(msg);
  return user !== undefined && serviceAccountOf(user) !== undefined;
}

export type LogSignatureId =
  | 'fatal-download'
  | 'fatal-config'
  | 'stdout-already-set'
  | 'plugin-client-failed'
  | 'plugin-start-failed'
  | 'plugin-folder-create-failed'
  | 'init-plugin-failed'
  | 'plugin-rbac-forbidden'
  | 'plugin-not-configured'
  | 'plugin-exited-before-connect';

/** Most specific first: a line matches the first signature that fits. */
export const LOG_SIGNATURES: readonly LogSignature[] = [
  // Fatal at start-up too ("Failed to download plugins: failed to create plugin folder..."), but its own cause.
  { id: 'plugin-folder-create-failed', pattern: /failed to create plugin folder for plugin \(([^)]+)\)/, pluginGroup: 1 },
  { id: 'fatal-download', pattern: /Failed to download plugins: (.*)$/s },
  { id: 'fatal-config', pattern: /Failed to init config: (.*)$/s },
  { id: 'stdout-already-set', pattern: /unable to get plugin client \(([^)]+)\) for ping: exec: Stdout already set/, pluginGroup: 1 },
  { id: 'init-plugin-failed', pattern: /unable to initialize plugin via rpc \(([^)]+)\)/, pluginGroup: 1 },
  { id: 'plugin-client-failed', pattern: /unable to get plugin client \(([^)]+)\): (.*)$/s, pluginGroup: 1 },
  { id: 'plugin-not-configured', pattern: /unable to find plugin \(([^)]+)\): plugin \S+ not configured in configmap/, pluginGroup: 1 },
  { id: 'plugin-start-failed', pattern: /failed to get (?:traffic router|metric provider|metric|step) plugin (\S+?):? unable to start plugin system/, pluginGroup: 1 },
  { id: 'plugin-exited-before-connect', pattern: /plugin exited before we could connect/ },
  { id: 'plugin-rbac-forbidden', matches: serviceAccountRefused },
];

export interface LogMatch {
  signature: LogSignatureId;
  /** Plugin named by the line, or by the last "Downloading plugin" line before a fatal download error. */
  plugin?: string;
  /** For a fatal download error of the plugin last downloading: the location that line names (what the controller was fetching). */
  location?: string;
  pod: string;
  previous: boolean;
  line: LogLine;
  /** Position in its log (0-based), to find the earliest. */
  index: number;
}

/** What a container instance loaded at start-up, from its "Downloading plugin" and "Copied plugin" lines. */
export interface LoadedPlugin {
  name: string;
  location: string;
  how: 'downloaded' | 'copied';
}

export interface LogScan {
  matches: LogMatch[];
  loaded: LoadedPlugin[];
  /** The controller version it printed at start-up, if any. */
  version?: string;
  /** Whether the start-up line is in the text read: only then is `loaded` the full list. */
  startSeen: boolean;
  lines: number;
  /** Lines in neither logrus text nor JSON format (counted, still matched as raw text). */
  unparsed: number;
}

const DOWNLOADING = /^Downloading plugin (\S+) from: (.+)$/;
const COPIED = /^Copied plugin from (.+) to (\S+)$/;
const STARTING = /^Argo Rollouts (?:controller )?starting$/;

/** Scans one container instance's log text. */
export function scanLog(text: string, pod: string, previous: boolean): LogScan {
  const scan: LogScan = { matches: [], loaded: [], startSeen: false, lines: 0, unparsed: 0 };
  let lastDownloading: string | undefined;
  let lastLocation: string | undefined;
  const rawLines = text.split('\n');
  rawLines.forEach((raw, index) => {
    if (raw.trim() === '') return;
    scan.lines++;
    const line = parseLogLine(raw);
    if (line.level === undefined) scan.unparsed++;
    const downloading = DOWNLOADING.exec(line.msg);
    if (downloading) {
      lastDownloading = downloading[1]!;
      lastLocation = downloading[2]!;
      scan.loaded.push({ name: downloading[1]!, location: downloading[2]!, how: 'downloaded' });
      return;
    }
    const copied = COPIED.exec(line.msg);
    if (copied) {
      const name = /plugin-bin\/([^/]+\/[^/]+)$/.exec(copied[2]!)?.[1] ?? copied[2]!;
      lastDownloading = name;
      lastLocation = undefined;
      scan.loaded.push({ name, location: `file://${copied[1]!}`, how: 'copied' });
      return;
    }
    if (STARTING.test(line.msg)) {
      scan.startSeen = true;
      scan.loaded = [];
      scan.version = /version=(v[^\s"]+)|"version":"(v[^"]+)"/.exec(line.raw)?.slice(1).find(Boolean) ?? scan.version;
      return;
    }
    for (const signature of LOG_SIGNATURES) {
      const m = 'matches' in signature ? signature.matches(line.msg) && [] : signature.pattern.exec(line.msg);
      if (!m) continue;
      const named = 'pluginGroup' in signature && signature.pluginGroup ? m[signature.pluginGroup] : undefined;
      const plugin = named ?? (signature.id === 'fatal-download' ? (/plugin-bin\/([^/\s]+\/[^/\s:]+)/.exec(line.msg)?.[1] ?? lastDownloading) : pluginInConfigError(line.msg));
      const fetching = signature.id === 'fatal-download' && plugin !== undefined && plugin === lastDownloading ? lastLocation : undefined;
      scan.matches.push({ signature: signature.id, plugin, ...(fetching !== undefined && { location: fetching }), pod, previous, line, index });
      break;
    }
  });
  return scan;
}

function pluginInConfigError(msg: string): string | undefined {
  return /plugin repository \(([^)]+)\)/.exec(msg)?.[1];
}
