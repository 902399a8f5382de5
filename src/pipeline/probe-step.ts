/** The probe step: download or read every plugin like the controller, then the probe and binary checks. */
import { checks as binaryChecks } from '../checks/binary/index.js';
import { checks as probeChecks } from '../checks/probe/index.js';
import type { ReportedCluster } from '../cluster/kubectl-command.js';
import type { ConfigurationInput } from '../config/sources.js';
import type { PluginEntry } from '../config/types.js';
import type { KnownRelease } from '../config/version.js';
import { runChecks } from '../core/check.js';
import type { Finding } from '../core/finding.js';
import { parseSize } from '../core/size.js';
import { UsageError } from '../core/errors.js';
import { parsePlatform } from '../probe/binary.js';
import { probePlugins } from '../probe/probe.js';
import type { ControllerDownload, ProbeFacts, ProbeOptions } from '../probe/types.js';

export interface ProbeStepResult {
  probes: ProbeFacts[];
  findings: Finding[];
}

/** ProbeOptions from the CLI flags (--proxy, --ca-file, --max-size, --concurrency, --no-cache, --plugin-dir, --platform). */
export function probeOptionsFromArgs(args: Record<string, unknown>, signal: AbortSignal): ProbeOptions {
  const options: ProbeOptions = { signal, maxSize: parseSize(String(args.maxSize ?? '512Mi'), 'max-size') };
  if (args.proxy) options.proxy = String(args.proxy);
  if (args.caFile) options.extraCaFile = String(args.caFile);
  if (args.concurrency !== undefined) {
    const concurrency = Number(args.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`invalid value "${String(args.concurrency)}" for --concurrency: use a whole number of 1 or more`);
    options.concurrency = concurrency;
  }
  // yargs turns --no-cache into cache: false.
  if (args.cache === false || args.noCache === true) options.noCache = true;
  if (args.pluginDir) options.pluginDir = String(args.pluginDir);
  if (args.platform) {
    const platform = parsePlatform(String(args.platform));
    if (!platform) throw new UsageError(`invalid value "${String(args.platform)}" for --platform: use OS/ARCH such as linux/amd64 or linux/arm64`);
    options.expectedPlatform = platform;
    options.expectedPlatformSource = '--platform';
  }
  return options;
}

/** What the run knows beyond the entries, for the probe and binary checks. */
export interface ProbeContext {
  /**
   * The release, when it is known. Before v1.8 the controller did not check the HTTP status and
   * saved an error page as the plugin, so the probe does the same to show what that controller
   * would then run; the binary checks say what its start failures look like.
   */
  controller?: KnownRelease;
  /** What the controller's pods show of its own download of an entry (doctor). */
  controllerDownloadOf?: (entry: PluginEntry) => ControllerDownload | undefined;
  /** The cluster the checks' printed commands go to (doctor). */
  reportedCluster?: ReportedCluster;
  /** The -f configuration the run judges, as a printed doctor names it (lint, probe -f, doctor -f). */
  configurationInput?: ConfigurationInput;
}

export async function runProbeStep(entries: readonly PluginEntry[], options: ProbeOptions, context: ProbeContext = {}): Promise<ProbeStepResult> {
  const { controller, controllerDownloadOf, reportedCluster, configurationInput } = context;
  const saveErrorPages = controller !== undefined && !controller.features.downloadStatusChecked;
  // Made as that release makes them: with the headersFrom headers it sends (none before v1.8.0).
  const probes = await probePlugins(entries, { ...options, ...(saveErrorPages && { saveErrorPages }), ...(controller && { judgedAt: controller.features }) });
  for (const p of probes) {
    if (controller) p.controller = controller;
    const own = controllerDownloadOf?.(p.entry);
    if (own) p.controllerDownload = own;
    if (reportedCluster) p.reportedCluster = reportedCluster;
    if (configurationInput) p.configurationInput = configurationInput;
  }
  return { probes, findings: probes.flatMap((facts) => [...runChecks(probeChecks, facts), ...runChecks(binaryChecks, facts)]) };
}
