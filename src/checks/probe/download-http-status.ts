import { CONTROLLER_NAMESPACE_PLACEHOLDER, CURRENT_CONTEXT, rolloutsPluginsCommand } from '../../cluster/kubectl-command.js';
import { judgedAsArgs } from '../../config/sources.js';
import { shellQuote } from '../../core/shell.js';
import type { ProbeFacts } from '../../probe/types.js';
import { statusText } from '../../probe/net-errors.js';
import { deniedWithoutHeaders } from '../../probe/facts.js';
import { headersFromRead } from '../../config/version.js';
import type { HeaderSecretUnread } from '../../cluster/secrets.js';
import { downloadEvidence, downloadOutcomeCheck, secretsNamespace } from './support.js';

function hintFor(status: number, usesHeaders: boolean, headersDropped: boolean, facts: ProbeFacts, retryAfter?: string): string {
  if (status === 404 || status === 401 || status === 403) {
    if ((facts.headersNotSent?.length ?? 0) > 0) return notSentHint(facts);
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

/**
 * Why no headers were sent decides what helps: a Secret doctor found missing is created (the
 * headers-secret-missing finding's fix; doctor again would only read its 404 again), one whose read
 * failed is read again, one whose read was refused needs read access; one never read needs doctor
 * with the controller's namespace: doctor found none (-f with no controller seen), or did not run
 * (lint --probe, probe -f). A doctor that runs as the last one did would read nothing again.
 */
function notSentHint(facts: ProbeFacts): string {
  const notSent = facts.headersNotSent ?? [];
  const namesWhy = (why: HeaderSecretUnread) => notSent.filter((secret) => facts.headersNotSentWhy?.[secret] === why);
  const [missing, failed, refused] = [namesWhy('missing'), namesWhy('failed'), namesWhy('refused')];
  const namespace = secretsNamespace(facts);
  const inNamespace = namespace !== undefined ? ` in namespace ${namespace}` : '';
  if (missing.length > 0) {
    return `No headers were sent: the headersFrom Secret ${missing.join(', ')} does not exist${inNamespace}, so the controller cannot send them either. Create it with a token that may read this asset (the headers-secret-missing finding's fix), then run ${doctorRun(facts, namespace)} again.`;
  }
  if (failed.length === notSent.length) {
    return `No headers were sent: reading the headersFrom Secret ${failed.join(', ')}${inNamespace} failed here, while the controller sends its keys as headers. Run ${doctorRun(facts, namespace)} again once the API server answers, to download with them.`;
  }
  if (refused.length > 0) {
    return `No headers were sent: reading the headersFrom Secret ${refused.join(', ')}${inNamespace} was refused, while the controller sends its keys as headers. Run ${doctorRun(facts, namespace)} with read access to that Secret to download with them.`;
  }
  const notRead = `No headers were sent: the headersFrom Secret ${notSent.join(', ')} was not read`;
  if (facts.reportedCluster !== undefined && facts.reportedCluster.namespace === undefined) {
    // doctor reads the Secrets in the controller's namespace, and found none: -n gives it.
    const given = namespace !== undefined ? `${namespace}: the namespace the ConfigMap's manifest names` : `replace ${CONTROLLER_NAMESPACE_PLACEHOLDER} with the namespace the controller runs in`;
    return `${notRead}: no controller namespace was found in this cluster, and the controller reads it in its own. Run ${doctorRun(facts, namespace ?? CONTROLLER_NAMESPACE_PLACEHOLDER)} (${given}) to read it there and download with its headers.`;
  }
  return `${notRead} here, while the controller sends its keys as headers. Run ${doctorRun(facts, namespace)} with read access to that Secret in the controller's namespace to download with them.`;
}

/**
 * doctor (it reads the Secret), as a quoted command, on the configuration this finding is about (its
 * own -f input: lint --probe, probe -f, doctor -f) judged as this run judged it (configurationInput:
 * --controller-version...), in `namespace` when one is known, against the cluster this report read
 * when it read one, else the current context's. doctor judges the first configuration of an input:
 * for a later one of a stream, no command names it, so the words say to give it alone.
 */
function doctorRun(facts: ProbeFacts, namespace: string | undefined): string {
  const input = facts.configurationInput;
  const judgedAs = [...(namespace !== undefined ? ['-n', namespace] : []), ...judgedAsArgs(input)];
  if (input && 'firstOfItsInput' in input) {
    return `doctor -f with ${input.description} alone in a file${judgedAs.length > 0 ? ` and \`${judgedAs.map(shellQuote).join(' ')}\`` : ''} (doctor judges only the first configuration of an input, here ${input.firstOfItsInput})`;
  }
  const source = input?.args ?? [];
  const command = rolloutsPluginsCommand(facts.reportedCluster?.connection ?? CURRENT_CONTEXT, ['doctor', ...source, ...judgedAs]);
  return readsStdin(source) ? `\`${command}\` (given the same input on stdin)` : `\`${command}\``;
}

/** `-f -`: the command reads its configuration from stdin. */
const readsStdin = (source: readonly string[]) => source.some((word, i) => word === '-' && source[i - 1] === '-f');

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
    // The headers the controller sends: before v1.8.0 none (config/version.ts); an unknown release is the newest.
    const usesHeaders = (facts.controller ? headersFromRead(facts.entry, facts.controller.features) : (facts.entry.headersFrom ?? [])).length > 0;
    const headersDropped = d.hops.some((h) => h.headersDropped.length > 0);
    const headersNotSent = facts.headersNotSent ?? [];
    const saved = facts.content
      ? [`a controller before v1.8 logs "Download complete" and saves these ${facts.content.size} bytes as the plugin${facts.binary ? ` (${facts.binary.summary})` : ''}; it fails when a rollout first uses it`]
      : [];
    return {
      title: `${d.finalUrl} answers ${status} ${statusText(status)}${facts.content ? '; the error page is saved as the plugin' : ''}`,
      evidence: downloadEvidence(
        facts,
        ...saved,
        ...(headersNotSent.length ? [`sent without headers: headersFrom Secret ${headersNotSent.join(', ')} was not read`] : []),
        ...(d.contentType ? [`content type: ${d.contentType}`] : []),
        ...(d.retryAfter ? [`Retry-After: ${d.retryAfter}`] : []),
        ...(d.bodyExcerpt ? [`body: ${d.bodyExcerpt}`] : []),
      ),
      ...(deniedWithoutHeaders(facts) ? { variant: 'without-headers' } : facts.content ? { variant: 'saved-as-plugin' } : {}),
      fix: hintFor(status, usesHeaders, headersDropped, facts, d.retryAfter),
    };
  },
);
