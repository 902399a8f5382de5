/** Placeholders that docs and templates leave for the user to fill in, and what a request for a URL holding one meets. */
import type { LocationFacts } from './types.js';

/**
 * What docs and templates leave for the user to fill: `<version>`, `{{ .Values.x }}`, `${VERSION}`, `CHANGE-ME`.
 * Linear: no match runs past the next opening character, nor far. Before, a value of many `{{` with no `}}` was
 * scanned to its end from each one (100,000 characters: 2 minutes).
 */
const PLACEHOLDER = /<[A-Za-z][\w .-]{0,100}>|\{\{[^{}]{0,200}\}\}|\$\{[^{}]{1,100}\}|\$[A-Z][A-Z0-9_]{2,}|\b(?:CHANGE|REPLACE)[-_]?ME\b/;

/** The first placeholder left in a value (a location, a sha256), if any: location-placeholder reports it in a location. */
export function placeholderIn(value: string): string | undefined {
  return PLACEHOLDER.exec(value)?.[0];
}

/**
 * What the server answers a request for an http(s) location whose path still holds a placeholder
 * (LocationFacts.placeholderPath): GitHub answers 404 Not Found for a release download whose tag or
 * asset does not exist, as a placeholder's does not; another server's answer is not known from here.
 * Undefined: no placeholder in the path.
 */
export function placeholderAnswer(facts: LocationFacts): 'github-not-found' | 'unknown' | undefined {
  if (facts.placeholderPath === undefined) return undefined;
  return facts.githubRelease ? 'github-not-found' : 'unknown';
}
