import type { ProbeFacts } from '../../probe/types.js';
import { statusText } from '../../probe/net-errors.js';
import { deniedWithoutHeaders, fetchedWithoutHeaders } from '../../probe/facts.js';
import { headersFromRead } from '../../config/version.js';
import { downloadEvidence, downloadOutcomeCheck, notSentHint, withoutHeadersEvidence } from './support.js';

function hintFor(status: number, usesHeaders: boolean, headersDropped: boolean, facts: ProbeFacts, retryAfter?: string): string {
  if (status === 404 || status === 401 || status === 403) {
    if (fetchedWithoutHeaders(facts)) return notSentHint(facts);
    if (facts.entry.headersFrom?.length && !usesHeaders)
      return `Controller ${facts.controller?.version} ignores headersFrom (v1.8.0 and later) and sends this download without its headers, as it was sent here: upgrade the controller to v1.8.0 or later, or serve the binary without authentication.`;
    if (headersDropped) return 'The credentials were dropped on a redirect to another host (Go does this too); the final host needs its own access (a pre-signed URL or a public asset).';
    if (!usesHeaders) return 'If the asset is private (GitHub answers 404 for private release assets without credentials), add `headersFrom` with a Secret holding an `Authorization` header; otherwise check the tag (with its `v`) and the asset name of the release.';
    return 'Check the URL (tag with its `v`, asset name) and that the token in the headersFrom Secret may read this asset.';
  }
  if (status === 407) return 'The proxy wants credentials: put them in the proxy URL of the controller container (`http://user:password@proxy:port`), or allow the controller on the proxy.';
  if (status === 429) return `The server is rate limiting${retryAfter ? ` (Retry-After: ${retryAfter})` : ''}; every controller restart downloads again, so host the binary yourself or pin it in an image.`;
  if (status >= 500) return 'The server failed; retry later, or host the binary somewhere reliable: a controller restart during an outage cannot start.';
  return 'Point `location` at a URL that answers 200 with the binary.';
}

export const downloadHttpStatus = downloadOutcomeCheck(
  {
    id: 'download-http-status',
    severity: 'error',
    step: 'probe',
    effect: 'fatal-at-startup',
    title: 'The plugin URL answers with an HTTP error',
    // The config step already named why the URL cannot exist; the status is its confirmation.
    symptomOf: { ids: ['location-placeholder', 'location-asset-not-in-release'] },
    description:
      'The final response has a status outside 200–399. Controller v1.8+ exits at start-up with `response code <status text>`; before v1.8 it saved the error page as the plugin, which then fails when a rollout first uses it. A 401/403/404 for an entry with `headersFrom` whose Secret was not read (`lint --probe`, `probe -f`) was got without the headers the controller sends: it is then a warning and the restart verdict stays unknown.',
    fix: 'Fix the URL (release tag with its `v`, asset name for this plugin version), or add `headersFrom` for private assets.',
    example: 'location: https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/0.4.0/gatewayapi-plugin-linux-amd64',
    variants: {
      'saved-as-plugin': {
        severity: 'error',
        title: 'The plugin URL answers with an HTTP error, and a controller before v1.8 saves the error page as the plugin',
        effect: 'breaks-users',
      },
      'without-headers': {
        severity: 'warning',
        title: 'The plugin URL refuses a download sent without the headersFrom headers the controller would send',
        effect: 'restart-undecided',
        // Doctor found the Secret missing: that finding is the cause (the controller cannot send the headers either).
        symptomOf: { ids: ['headers-secret-missing'] },
      },
    },
  },
  'http-status',
  (facts, d) => {
    const status = d.status ?? 0;
    // The headers the controller sends: before v1.8.0 none (config/version.ts).
    const usesHeaders = headersFromRead(facts.entry, facts.controller?.features).length > 0;
    const headersDropped = d.hops.some((h) => h.headersDropped.length > 0);
    const saved = facts.content
      ? [`a controller before v1.8 logs "Download complete" and saves these ${facts.content.size} bytes as the plugin${facts.binary ? ` (${facts.binary.summary})` : ''}; it fails when a rollout first uses it`]
      : [];
    return {
      title: `${d.finalUrl} answers ${status} ${statusText(status)}${facts.content ? '; the error page is saved as the plugin' : ''}`,
      evidence: downloadEvidence(
        facts,
        ...saved,
        ...withoutHeadersEvidence(facts),
        ...(d.contentType ? [`content type: ${d.contentType}`] : []),
        ...(d.retryAfter ? [`Retry-After: ${d.retryAfter}`] : []),
        ...(d.bodyExcerpt ? [`body: ${d.bodyExcerpt}`] : []),
      ),
      ...(deniedWithoutHeaders(facts) ? { variant: 'without-headers' } : facts.content ? { variant: 'saved-as-plugin' } : {}),
      fix: hintFor(status, usesHeaders, headersDropped, facts, d.retryAfter),
    };
  },
);
