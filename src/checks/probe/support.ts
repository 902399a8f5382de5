/** Evidence and fix wording shared by the probe and binary checks (one place, so they read alike). */
import type { Check, CheckMeta } from '../../core/check.js';
import type { FindingInput, PluginRef } from '../../core/finding.js';
import { pinnedEntryYaml } from '../../probe/pin.js';
import { deniedWithoutHeaders, failedOnThisNetwork, failedOnlyFromHere, isNetworkOutcome } from '../../probe/facts.js';
import { statusText } from '../../probe/net-errors.js';
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

export function pinnedYaml(facts: ProbeFacts, sha256: string): string {
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
