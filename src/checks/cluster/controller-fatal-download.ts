import type { ClusterFacts } from '../../cluster/facts.js';
import type { Check } from '../../core/check.js';
import { statusText } from '../../probe/net-errors.js';
import { maskProxyUrl, parseProxyUrl } from '../../probe/proxy.js';
import { digestCommand } from '../config/sha256-support.js';
import { headersFromRead } from '../../config/version.js';
import { distinctMatches, earlierConfiguration, groupEvidence, namespaceOf, pluginRef, restartCommand } from './util.js';

export const controllerFatalDownload: Check<ClusterFacts> = {
  meta: {
    id: 'controller-fatal-download',
    severity: 'error',
    step: 'cluster',
    effect: 'fatal-while-logged',
    // The config step's offline causes of a 404 (a placeholder, an asset or tag the release does not have) explain the line too.
    symptomOf: { effects: ['fatal-at-startup'], ids: ['location-placeholder', 'location-asset-not-in-release'] },
    title: 'The controller could not download or copy a plugin at start-up and exited',
    description:
      'Every replica downloads every plugin at start-up, before leader election. Any failure (HTTP status outside 200-399, DNS, proxy, TLS, sha256 mismatch, missing headersFrom Secret, missing file) is `Failed to download plugins: ...` at level fatal: the pod exits and goes into CrashLoopBackOff.',
    fix: 'Fix the plugin location (URL, tag with its `v`, asset name), the egress/proxy path, or the sha256, then restart the controller.',
    example: 'level=fatal msg="Failed to download plugins: failed to download plugin from URL: failed to download file from URL: response code Not Found"',
    variants: {
      // The line tells of a configuration the ConfigMap no longer holds: no fix for it, and no verdict on a restart.
      // The crash loop it caused, if the pod still backs off, is the finding; this line is its evidence.
      'earlier-config': {
        severity: 'warning',
        title: 'The controller exited on a plugin entry that has changed since: its next start reads the current configuration',
        symptomOf: { ids: ['controller-crashloop'] },
      },
    },
  },
  run(facts, report) {
    for (const group of distinctMatches(facts, ['fatal-download'])) {
      const first = group[0]!;
      const msg = first.line.msg;
      const entry = facts.plugins.find((p) => p.name === first.plugin);
      // Every time it was logged, the controller had read a configuration the ConfigMap has changed from since.
      const earlier = group.every((m) => earlierConfiguration(facts, m) !== undefined) ? earlierConfiguration(facts, group.at(-1)!) : undefined;
      if (earlier) {
        report({
          variant: 'earlier-config',
          plugin: pluginRef(facts, first.plugin),
          title: `The controller exited on an earlier configuration of ${first.plugin ?? 'a plugin'}: ${msg.replace(/^Failed to download plugins: /, '')}`,
          evidence: [...groupEvidence(group), earlier],
          fix: `Nothing to correct for this line: the configuration it failed on has changed since. The controller reads ${facts.configMap.source} only at start-up, so its next start reads the current one, which this report judges (On restart); when that is OK, restart rather than wait for a crashing pod's back-off: ${restartCommand(facts)}`,
        });
        continue;
      }
      const proxy = Object.entries(facts.proxyEnv).map(([k, v]) => `${k}=${shownProxyValue(k, v)}`).join(' ');
      let fix: string;
      if (httpStatusText(msg) === statusText(404)) {
        fix = `The URL${entry ? ` ${entry.location}` : ''} answers 404: check the release tag (with its \`v\`) and the asset name for this plugin version, then correct \`location\` in ${facts.configMap.source} and run: ${restartCommand(facts)}`;
      } else if (/no such host|dial tcp|i\/o timeout|connection refused|proxyconnect|TLS handshake|x509/.test(msg)) {
        fix = `The controller cannot reach the plugin host from the cluster. Allow egress to it and to the host its download redirects to (GitHub releases redirect to objects.githubusercontent.com), or set HTTPS_PROXY/NO_PROXY on the controller container${proxy ? ` (now: ${proxy})` : ' (none set now)'}; for an air-gapped cluster, serve the binary from an init container and use a file:// location. Then: ${restartCommand(facts)}`;
      } else if (/sha256/.test(msg)) {
        // The plugin's own URL, not a `<location>` to fill in (a shell reads that as a redirect).
        const digest = entry ? digestCommand(entry.location, entry.location, headersFromRead(entry, facts.features)) : 'kubectl rollouts-plugins checksum URL with the plugin\'s location';
        fix = `The downloaded file does not have the configured sha256. Get the digest of the release asset (${digest}) and set the 64-character lowercase value in ${facts.configMap.source}, then: ${restartCommand(facts)}`;
      } else if (/secret/i.test(msg)) {
        fix = `Create the Secret named in headersFrom in namespace ${namespaceOf(facts)} (its data keys become request headers), then: ${restartCommand(facts)}`;
      } else if (/stat|not a regular file|copy plugin/.test(msg)) {
        fix = `The file:// path does not exist in the controller container: mount the volume that holds it and make sure the init container copying it completed, then: ${restartCommand(facts)}`;
      } else {
        fix = `Correct the entry${first.plugin ? ` for ${first.plugin}` : ''} in ${facts.configMap.source} according to the message, then: ${restartCommand(facts)}`;
      }
      report({
        plugin: pluginRef(facts, first.plugin),
        title: `The controller exited while fetching plugin ${first.plugin ?? '(unnamed)'}: ${msg.replace(/^Failed to download plugins: /, '')}`,
        evidence: [...groupEvidence(group), ...(entry ? [`location: ${entry.location}`] : [])],
        fix,
      });
    }
  },
};

/** The status text the controller puts after "response code" (Go's http.StatusText, or a `404 Not Found` status line). */
function httpStatusText(msg: string): string | undefined {
  return /response code (?:\d{3} )?([A-Z][A-Za-z' -]*[a-z])/.exec(msg)?.[1];
}

/** A proxy variable as evidence: a password in the URL is masked; NO_PROXY is a host list, shown as is. */
function shownProxyValue(name: string, value: string): string {
  if (/^no_proxy$/i.test(name)) return value;
  const url = parseProxyUrl(value);
  return url?.password ? maskProxyUrl(url) : value;
}
