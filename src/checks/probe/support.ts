/** Evidence and fix wording shared by the probe and binary checks (one place, so they read alike). */
import type { Check, CheckMeta } from '../../core/check.js';
import type { FindingInput, PluginRef } from '../../core/finding.js';
import { pinnedEntryYaml } from '../../probe/pin.js';
import { CONTROLLER_NAMESPACE_PLACEHOLDER, CURRENT_CONTEXT, rolloutsPluginsCommand } from '../../cluster/kubectl-command.js';
import { judgedAsArgs } from '../../config/sources.js';
import { shellQuote } from '../../core/shell.js';
import type { HeaderSecretUnread } from '../../cluster/secrets.js';
import { deniedWithoutHeaders, failedOnThisNetwork, fetchedWithoutHeaders, failedOnlyFromHere, isNetworkOutcome } from '../../probe/facts.js';
import { statusText } from '../../probe/net-errors.js';
import { isPage } from '../../probe/binary.js';
import { DOWNLOAD_FATAL_PREFIX } from '../../config/parse.js';
import type { DownloadFacts, DownloadOutcome, ProbeFacts } from '../../probe/types.js';

/**
 * The namespace of the entry's headersFrom Secrets, as the printed commands for them name it: the
 * controller's, where doctor found or was given it (the controller reads them there), else the one the
 * -f ConfigMap's manifest names (where it is applied); undefined when neither is known.
 */
export function secretsNamespace(facts: ProbeFacts): string | undefined {
  return facts.reportedCluster?.namespace ?? facts.configurationInput?.namespace;
}

export function pluginRef(facts: ProbeFacts): PluginRef {
  return { name: facts.entry.name, type: facts.entry.type };
}

/** One line per request: `GET URL via PROXY -> 302 Location: ...`. Header names only, never values. */
export function hopLines(download: DownloadFacts): string[] {
  return download.hops.map((hop, i) => {
    const via = hop.proxy ? `via proxy ${hop.proxy} (${hop.proxyReason})` : `(${hop.proxyReason})`;
    const headers = hop.headersSent.length ? `, headers ${hop.headersSent.join(', ')}` : '';
    const dropped = hop.headersDropped.length ? `, dropped ${hop.headersDropped.join(', ')}` : '';
    const result = hop.status === undefined ? 'no response' : `${hop.status}${hop.location ? ` Location: ${hop.location}` : ''}`;
    return `request ${i + 1}: GET ${hop.url} ${via}${headers}${dropped} -> ${result}`;
  });
}

/** The fatal line the controller logs at start-up for a failed download (logrus text format). */
export function controllerFatal(facts: ProbeFacts): string | undefined {
  const d = facts.download;
  if (!d) return undefined;
  const location = facts.entry.location;
  const prefix = `${DOWNLOAD_FATAL_PREFIX}failed to download plugin from ${location}: failed to download file from ${location}`;
  let message: string | undefined;
  if (d.outcome === 'http-status' && facts.content) return undefined; // before v1.8: saved, no error
  if (deniedWithoutHeaders(facts)) return undefined; // the controller sends the headers: its answer is unknown
  if (d.outcome === 'http-status' && d.status !== undefined) message = `${prefix}: response code ${statusText(d.status)}`;
  else if (d.error?.goError) {
    // Go's url.Error names the Location it could not follow, else the URL it requested.
    const url = d.outcome.startsWith('redirect') || d.outcome === 'too-many-redirects' ? (d.hops.at(-1)?.location ?? d.finalUrl) : d.finalUrl;
    message = `${prefix}: Get "${url}": ${d.error.goError}`;
  }
  // logrus quotes msg like Go's %q; JSON string quoting is the same for these texts.
  return message === undefined ? undefined : `level=fatal msg=${JSON.stringify(message)}`;
}

/**
 * The evidence every download finding starts with: the chain, then what the controller logs. A
 * failure on this machine's network is the controller's only if its network fails the same way.
 */
export function downloadEvidence(facts: ProbeFacts, ...extra: string[]): string[] {
  const d = facts.download!;
  const fatal = controllerFatal(facts);
  const logs = failedOnThisNetwork(facts) ? 'if its download meets the same error, the controller logs (then exits, CrashLoopBackOff)' : 'the controller logs (then exits, CrashLoopBackOff)';
  return [...hopLines(d), ...extra, ...(fatal ? [`${logs}: ${fatal}`] : [])];
}

/**
 * The fix that pins `sha256`: `lead`, then the entry with it. Never for a page a binary check judged no
 * plugin binary: that digest is of an error or API page (which may even echo the Secret sent), so the
 * location is fixed first.
 */
export function pinFix(facts: ProbeFacts, sha256: string, lead: string): string {
  if (isPage(facts.binary)) {
    const format = facts.binary.format;
    return `Fix the location first (binary-is-${format}): it serves ${format === 'text' ? 'text' : `${format === 'html' ? 'an' : 'a'} ${format.toUpperCase()} page`}, not a plugin binary, so its sha256 is that page's and pinning it would only pin the error. Pin the binary's sha256 once the location serves it.`;
  }
  return `${lead}:\n${pinnedYaml(facts, sha256)}`;
}

function pinnedYaml(facts: ProbeFacts, sha256: string): string {
  const { entry } = facts;
  return pinnedEntryYaml({
    name: entry.name,
    location: entry.location,
    sha256,
    key: entry.key,
    ...(entry.args ? { args: entry.args } : {}),
    ...(entry.headersFrom ? { headersFrom: entry.headersFrom } : {}),
    ...(entry.disabled !== undefined ? { disabled: entry.disabled } : {}),
  });
}

/** What every check of a failure on this machine's network says of the controller's own download. */
const FROM_HERE =
  "The download is made from where the tool runs, so the failure is this machine's network's: when the controller's pods show their own download of the entry (a running pod that downloaded it at its start, or its fatal line), or the controller's own proxy cannot be reached from here, `doctor` reports no finding and lists the download under Not checked instead.";

/**
 * A check that reports each plugin whose download ended with `outcome`; `describe` words the
 * finding from the facts. A failure on this machine's network, while the controller's pods show
 * what its own download did, is not reported: coverage.ts says it was not checked from here.
 */
export function downloadOutcomeCheck(
  meta: CheckMeta,
  outcome: DownloadOutcome,
  describe: (facts: ProbeFacts, download: DownloadFacts) => Omit<FindingInput, 'plugin'>,
): Check<ProbeFacts> {
  return {
    meta: isNetworkOutcome(outcome) ? { ...meta, description: `${meta.description} ${FROM_HERE}` } : meta,
    run(facts, report) {
      if (facts.download?.outcome !== outcome || failedOnlyFromHere(facts)) return;
      report({ plugin: pluginRef(facts), ...describe(facts, facts.download) });
    },
  };
}

/** The evidence line of a download made without the entry's headersFrom headers (fetchedWithoutHeaders). */
export function withoutHeadersEvidence(facts: ProbeFacts): string[] {
  return fetchedWithoutHeaders(facts) ? [`sent without headers: headersFrom Secret ${facts.headersNotSent!.join(', ')} was not read`] : [];
}

/**
 * Why no headers were sent decides what helps: a Secret doctor found missing is created (the
 * headers-secret-missing finding's fix; doctor again would only read its 404 again), one whose read
 * failed is read again, one whose read was refused needs read access; one never read needs doctor
 * with the controller's namespace: doctor found none (-f with no controller seen), or did not run
 * (lint --probe, probe -f). A doctor that runs as the last one did would read nothing again.
 */
export function notSentHint(facts: ProbeFacts): string {
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
