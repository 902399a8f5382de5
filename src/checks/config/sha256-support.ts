/** What is wrong with a sha256 value that can never match a download. */
import type { Check, CheckMeta } from '../../core/check.js';
import type { ConfigFacts, ParsedEntry } from '../../config/types.js';
import { entryFatalLine, placeholderIn, pluginRef, readEntries, where, redactText } from './support.js';
import { EMPTY_SHA256, isSha256Hex, onlyFileMatching } from '../../config/sha256.js';
import { releaseAssetFix } from './location-asset-not-in-release.js';
import { headersFromRead, type ControllerFeatures } from '../../config/version.js';

export type Sha256Problem = 'prefixed' | 'uppercase' | 'wrong-length' | 'not-hex';

/** The single most useful thing to say about a sha256 the controller cannot match (one per entry). */
export function sha256Problem(e: ParsedEntry): Sha256Problem | undefined {
  const sha = e.sha256;
  if (sha === undefined || (e.locationFacts.kind !== 'http' && e.locationFacts.kind !== 'https')) return undefined;
  if (/^sha256[:=-]/i.test(sha)) return 'prefixed';
  if (/^[0-9a-fA-F]{64}$/.test(sha)) return /[A-F]/.test(sha) ? 'uppercase' : undefined;
  if (sha.length !== 64) return 'wrong-length';
  return 'not-hex';
}

/** `sha256: <value>` as the user wrote it, plus what YAML turned it into when it was not a string. */
export function sha256Evidence(e: ParsedEntry): string[] {
  const coerced = e.coerced.find((c) => c.field === 'sha256');
  return [
    `sha256 ${JSON.stringify(e.sha256)} (${e.sha256?.length ?? 0} characters)`,
    ...(coerced ? [`YAML read \`${coerced.written}\` as a ${coerced.from} and the controller sees the string ${JSON.stringify(coerced.result)}: quote it`] : []),
  ];
}

/**
 * What the controller really compares a value that is not 64 characters with: the file's bytes in
 * hex followed by the SHA-256 of nothing. A longer value can match, but only the one tiny file it
 * spells out: never a plugin binary.
 */
function wrongLengthEvidence(sha: string): string {
  const placeholder = placeholderIn(sha);
  if (placeholder) return `it is still the placeholder ${placeholder} from the instructions it was copied from: the controller compares it as written, and it never matches`;
  const compared = `the controller compares it with the file's bytes in hex followed by ${EMPTY_SHA256.slice(0, 8)}…, the SHA-256 of nothing (hasher.Sum(fileBytes))`;
  if (sha.length < 64) return `${compared}, at least 64 characters: a ${sha.length}-character value never matches`;
  const file = onlyFileMatching(sha);
  if (!file) return `${compared}: this value is not of that form, so it never matches`;
  const hex = file.toString('hex');
  const text = /^[\x20-\x7e]*$/.test(file.toString('latin1')) ? ` (the text ${JSON.stringify(file.toString('latin1'))})` : '';
  const bytes = `${file.length} byte${file.length === 1 ? '' : 's'}`;
  return `${compared}: this value matches only a file of exactly ${bytes}${hex ? ` whose hex is ${hex}${text}` : ''}, so no real plugin binary ever matches it`;
}

/** The digest's source while the location still holds a placeholder: the URL to hash is not written yet (run on the placeholder, the command fetches a 404). */
const PIN_ONCE_FILLED = 'run kubectl rollouts-plugins checksum URL with the real URL: it prints the sha256 to pin';

/**
 * Where the digest of an entry whose headersFrom Secrets the controller reads (headersFromRead) comes from: doctor's download,
 * which sends their headers. checksum sends none, so the server may answer it another file (GitHub's API assets: JSON), and
 * that pin stops the controller at start-up.
 */
function fromHeadersDownload(headersSecrets: readonly string[]): string {
  return `take the sha256 to pin from a download made with the headersFrom headers the controller sends (Secret ${headersSecrets.join(', ')}): \`kubectl rollouts-plugins doctor\` reads that Secret in the controller's namespace, downloads with its headers and prints it (\`checksum\` sends no headers, so it would hash what the server answers without them)`;
}

/** The digest's source once a placeholder location is filled in; `headersSecrets` as for digestCommand. */
export function pinOnceFilled(headersSecrets: readonly string[] = []): string {
  return headersSecrets.length > 0 ? fromHeadersDownload(headersSecrets) : PIN_ONCE_FILLED;
}

/**
 * How to get the digest of what a location serves: `checksum` downloads like the controller (redirects, proxy) and prints it
 * with a ready-to-paste entry; while a placeholder is left in the location, that command once it is filled in. `target` is the
 * URL as the controller requests it (config/parse.ts), when known. `headersSecrets`: the headersFrom Secrets the controller
 * reads for it (headersFromRead); then doctor's download instead (fromHeadersDownload).
 */
export function digestCommand(location: string, target = location, headersSecrets: readonly string[] = []): string {
  if (placeholderIn(location)) return `fill in the location first (location-placeholder), then ${pinOnceFilled(headersSecrets)}`;
  return headersSecrets.length > 0 ? fromHeadersDownload(headersSecrets) : `kubectl rollouts-plugins checksum "${redactText(target)}"`;
}

/**
 * How to get the digest for an entry: of the corrected location when location-asset-not-in-release
 * knows the one written is a 404 (a checksum of it would fetch the error), else digestCommand's.
 */
export function entryDigestCommand(e: ParsedEntry, features: ControllerFeatures): string {
  const corrected = releaseAssetFix(e)?.location;
  const secrets = headersFromRead(e, features);
  return corrected ? `${digestCommand(corrected, corrected, secrets)} (the corrected location: location-asset-not-in-release)` : digestCommand(e.location, e.locationFacts.target, secrets);
}

/** The corrected value, when the digest itself is there and only its spelling is wrong. */
function correctedSha256(e: ParsedEntry, problem: Sha256Problem): string | undefined {
  const fixed = problem === 'uppercase' ? e.sha256?.toLowerCase() : problem === 'prefixed' ? e.sha256?.replace(/^sha256[:=-]/i, '').toLowerCase() : undefined;
  return fixed && isSha256Hex(fixed) ? fixed : undefined;
}

/** One check per kind of unmatchable sha256; they differ in metadata only. */
export function sha256Check(problem: Sha256Problem, meta: Omit<CheckMeta, 'id' | 'severity' | 'step'>): Check<ConfigFacts> {
  return {
    meta: { id: `sha256-${problem}`, severity: 'error', step: 'config', effect: 'fatal-at-startup', ...meta },
    run(facts, report) {
      for (const e of readEntries(facts)) {
        if (sha256Problem(e) !== problem) continue;
        const fixed = correctedSha256(e, problem);
        report({
          plugin: pluginRef(e),
          title: problem === 'wrong-length' ? `${e.name}: sha256 is not 64 characters and matches no plugin binary` : `${e.name}: sha256 can never match the download`,
          evidence: [
            `${where(e)}: ${sha256Evidence(e).join('; ')}`,
            ...(problem === 'wrong-length' && e.sha256 !== undefined ? [wrongLengthEvidence(e.sha256)] : []),
            // The exit line below may be the placeholder URL's failed download: this sha256 is a cause of its own all the same.
            ...(placeholderIn(e.location) ? [`the location still holds a placeholder (location-placeholder): once it is filled in, this sha256 still stops the controller`] : []),
            ...entryFatalLine(facts, e),
          ],
          fix: fixed ? `sha256: "${fixed}"` : `Replace it with the binary's digest: ${entryDigestCommand(e, facts.features)}`,
        });
      }
    },
  };
}
