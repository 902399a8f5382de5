/** Shared wording for config checks: where an entry is, and the entry's plugin reference. */
import type { PluginRef } from '../../core/finding.js';
import type { ConfigFacts, KeyFacts, ParsedEntry } from '../../config/types.js';
import { quoteGo } from '../../config/gourl.js';
import { redactText } from '../../core/redact.js';
import { DOWNLOAD_FATAL_PREFIX, downloadFatal, entriesReadByController } from '../../config/parse.js';

/** Evidence never carries URL credentials. */
export { redactText };

/** One definition: config/placeholder.ts (the start-up simulation needs it too). */
export { placeholderIn } from '../../config/placeholder.js';

/** `trafficRouterPlugins[0] (line 3)`: how findings point at an entry. */
export function where(e: ParsedEntry): string {
  return `${e.key}[${e.index}]${e.line !== undefined ? ` (line ${e.line} of the value)` : ''}`;
}

export function pluginRef(e: ParsedEntry): PluginRef {
  return { name: e.name, type: e.type };
}

/**
 * The entries of the keys the controller release reads (config/parse.ts), whose name and `fields` it
 * could decode. A value of the wrong type (`location: [a, b]`) fails the whole key, which
 * config-unmarshal-error (or the field's own check) reports once; Go leaves the field empty, and
 * that empty value is not what was written: it is not judged again, nor an entry with no name to
 * report it under.
 */
export function readEntries(facts: ConfigFacts, ...fields: string[]): ParsedEntry[] {
  const judged = ['name', ...fields];
  return entriesReadByController(facts).filter((e) => !e.undecoded?.some((f) => judged.includes(f)));
}

/** The field an unmarshal error is about (`args`, `headersFrom`, `disabled`...), if any. */
export function unmarshalErrorField(k: KeyFacts): string | undefined {
  const match = / into Go struct field [A-Za-z]+\.([A-Za-z0-9]+)/.exec(k.unmarshalError?.message ?? '');
  return match?.[1];
}

/** The fatal line as logrus writes it (msg quoted like Go's %q), credentials redacted. */
export function logrusFatal(message: string): string {
  return `level=fatal msg=${quoteGo(redactText(message))}`;
}

/** The controller's fatal line for an unmarshal error of this key. */
export function fatalLine(facts: ConfigFacts, k: KeyFacts): string | undefined {
  return facts.verdict.fatal?.key === k.key && facts.verdict.fatal.phase === 'init-config'
    ? logrusFatal(facts.verdict.fatal.message)
    : undefined;
}

type StartupFatal = NonNullable<ConfigFacts['verdict']['fatal']>;

/** `lead` and the fatal line; both lines when which one depends on what the server answers a placeholder URL (StartupVerdict's onErrorStatus). */
function fatalLines(lead: string, fatal: Pick<StartupFatal, 'message' | 'onErrorStatus'>): string[] {
  if (fatal.onErrorStatus === undefined) return [`${lead}: ${logrusFatal(fatal.message)}`];
  return [
    `${lead}: ${logrusFatal(fatal.onErrorStatus)} if the server answers the placeholder URL with an error status (from v1.8.0 a failed download stops it before the sha256 is compared), or with: ${logrusFatal(fatal.message)} if it serves a file`,
  ];
}

const isThisEntry = (fatal: StartupFatal, e: ParsedEntry) => fatal.key === e.key && fatal.index === e.index;

/** The controller's fatal line when this entry's name is what stops it (config validation, before any download). */
export function entryNameFatalLine(facts: ConfigFacts, e: ParsedEntry): string[] {
  const fatal = facts.verdict.fatal;
  return fatal?.phase === 'init-config' && isThisEntry(fatal, e) ? fatalLines('the controller would exit with', fatal) : [];
}

/**
 * The controller's fatal line when this entry's download (location, sha256, headersFrom) is what stops it.
 * When the entry's name stops the controller first (the config is validated before any download), the line
 * its download gives once the name is fixed: each cause quotes its own error.
 */
export function entryFatalLine(facts: ConfigFacts, e: ParsedEntry): string[] {
  const fatal = facts.verdict.fatal;
  if (!fatal || !isThisEntry(fatal, e)) return [];
  if (fatal.phase === 'download-plugins') return fatalLines('the controller would exit with', fatal);
  const download = downloadFatal(e, facts.features);
  if (!download) return [];
  return fatalLines('once the name is fixed, the controller would exit with', {
    message: `${DOWNLOAD_FATAL_PREFIX}${download.error}`,
    ...(download.onErrorStatus !== undefined && { onErrorStatus: `${DOWNLOAD_FATAL_PREFIX}${download.onErrorStatus}` }),
  });
}
