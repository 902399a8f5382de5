/** Shared wording for config checks: where an entry is, and the entry's plugin reference. */
import type { PluginRef } from '../../core/finding.js';
import type { ConfigFacts, KeyFacts, ParsedEntry } from '../../config/types.js';
import { quoteGo } from '../../config/gourl.js';
import { redactText } from '../../core/redact.js';

/** Evidence never carries URL credentials. */
export { redactText };

/** What docs and templates leave for the user to fill: `<version>`, `{{ .Values.x }}`, `${VERSION}`, `CHANGE-ME`. */
const PLACEHOLDER = /<[A-Za-z][\w .-]*>|\{\{[^}]*\}\}|\$\{[^}]+\}|\$[A-Z][A-Z0-9_]{2,}|\b(?:CHANGE|REPLACE)[-_]?ME\b/;

/** The first placeholder left in a value (a location, a sha256), if any: location-placeholder reports it in a location. */
export function placeholderIn(value: string): string | undefined {
  return PLACEHOLDER.exec(value)?.[0];
}

/** `trafficRouterPlugins[0] (line 3)`: how findings point at an entry. */
export function where(e: ParsedEntry): string {
  return `${e.key}[${e.index}]${e.line !== undefined ? ` (line ${e.line} of the value)` : ''}`;
}

export function pluginRef(e: ParsedEntry): PluginRef {
  return { name: e.name, type: e.type };
}

/** Entries of the keys the controller release reads (one definition: config/parse.ts). */
export { entriesReadByController as readEntries } from '../../config/parse.js';

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

/** The controller's fatal line when this entry is what stops it. */
export function entryFatalLine(facts: ConfigFacts, e: ParsedEntry): string[] {
  const fatal = facts.verdict.fatal;
  return fatal && fatal.key === e.key && fatal.index === e.index ? [`the controller would exit with: ${logrusFatal(fatal.message)}`] : [];
}

