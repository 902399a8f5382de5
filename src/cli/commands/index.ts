/**
 * The command tree, light parts only. Each body lives in its own module and is imported when the
 * command runs.
 */
import type { Argv } from 'yargs';
import { KUBE_FLAGS } from '../../cluster/connection-flags.js';
import { UsageError } from '../../core/errors.js';
import { closest } from '../../core/suggest.js';
import { initRefusal, OFFERED_FLAGS } from '../../handshake/kubeconfig-offer.js';
import { DEFAULT_CONCURRENCY } from '../../probe/types.js';
import { CHECK_DOC_FORMATS, CHECKSUM_FORMATS, checkKubernetesFlags, checkReportFlags, DEFAULT_TIMEOUT, EVERY_REPORT_FLAG, KUBE_FLAG_GROUP, MANIFEST_FORMATS, outputHelp, REPORT_FLAGS, VERSION_FORMATS, type KubernetesFlagUse } from '../options.js';
import type { CommandSpec } from './spec.js';

const T = 'kubectl rollouts-plugins';
const BINDING_FLAG_GROUP = 'Bindings (as kubectl create rolebinding):';

const withFiles = (y: Argv) =>
  y
    .option('filename', {
      alias: 'f',
      type: 'string',
      array: true,
      describe: 'ConfigMap manifest, multi-document stream (kustomize/helm output), argo-helm values file or a directory of them; - for stdin. Repeatable',
    })
    .option('recursive', { alias: 'R', type: 'boolean', describe: 'Read the directories given with -f recursively (as kubectl)' });

/** `defaultFrom`: where this command finds the version when the flag is not given. */
const withControllerVersion = (y: Argv, defaultFrom: string) =>
  y.option('controller-version', { type: 'string', describe: `Argo Rollouts version to judge against (default: ${defaultFrom}, else the newest)` });

/** Only with -f: it names the chart release of -f helm values. */
const withChartVersion = (y: Argv) =>
  y.option('chart-version', { type: 'string', describe: 'argo-rollouts chart release of the -f helm values, e.g. 2.37.7 (default: from a Chart.yaml beside them, else the newest)' });

/** The probe's size limit; handshake PATH reads its binary under it too. */
const withMaxSize = (y: Argv) => y.option('max-size', { type: 'string', default: '512Mi', describe: 'Largest plugin download or file accepted (e.g. 512Mi, 1Gi)' });

/** `platformDefault`: what this command compares the binary's OS/arch with when --platform is not given. */
const withProbeFlags = (y: Argv, platformDefault: string) =>
  withMaxSize(y)
    .option('proxy', { type: 'string', describe: 'Proxy URL for downloads (default: HTTPS_PROXY/HTTP_PROXY/NO_PROXY, or the controller’s own)' })
    .option('ca-file', { type: 'string', describe: 'Extra CA bundle (PEM) trusted for downloads, besides the system CAs' })
    .option('concurrency', { type: 'number', default: DEFAULT_CONCURRENCY, describe: 'Plugins probed at once' })
    .option('cache', { type: 'boolean', default: true, describe: 'Keep verified downloads in the cache (XDG cache dir); --no-cache to skip it' })
    .option('plugin-dir', { type: 'string', describe: 'Local directory standing in for the pod’s root, for file:// locations' })
    .option('platform', { type: 'string', describe: `OS/arch the controller runs on, e.g. linux/arm64 (default: ${platformDefault})` });

const FROM_NODES = 'from the cluster’s nodes';
/** lint and checksum read no cluster: without --platform the binary's platform is not judged (binary-platform-unknown). */
const NOT_COMPARED = 'none: the binary’s OS and architecture are not compared';

const withHandshakeFlags = (y: Argv) =>
  y
    .option('handshake-timeout', { type: 'string', default: '10s', describe: 'Deadline of each handshake step: the plugin\'s handshake line, the connection, each RPC (Ping, Dispense, Plugin.Type, InitPlugin)' })
    .option('allow-unverified', { type: 'boolean', describe: 'Run plugin binaries whose sha256 does not match (stated in the report)' })
    .option('init', { type: 'boolean', describe: 'Also call Plugin.InitPlugin, offering the plugin the kubeconfig with the run’s context, cluster, user, namespace and TLS trust flags (never a server, token or identity given as a flag)' })
    .option('pass-env', { type: 'string', array: true, describe: 'Pass this variable of your environment to the plugin (repeatable)' });

/**
 * rbac's --user names the subject to bind, and replaces the global kubeconfig --user (rbac reads
 * no kubeconfig): taken out of the Kubernetes group, so help lists it once, under Bindings.
 * yargs has no call to ungroup a global option; its getGroups() hands out the group's own list.
 */
const withoutKubeconfigUser = (y: Argv) => {
  const kube = (y as unknown as { getGroups(): Record<string, string[]> }).getGroups()[KUBE_FLAG_GROUP];
  const at = kube?.indexOf('user') ?? -1;
  if (at >= 0) kube?.splice(at, 1);
  return y;
};

const withSelectionFlags = (y: Argv) =>
  y
    .option('only', { type: 'string', array: true, describe: 'Run only these steps or check ids (config, usage, cluster, probe, binary, handshake)' })
    .option('skip', { type: 'string', array: true, describe: 'Skip these steps or check ids (--skip probe downloads nothing, so the binary and handshake steps do not run either)' })
    .option('ignore', { type: 'string', array: true, describe: 'Drop findings with this id from the report (repeatable)' })
    .option('plugin', { type: 'string', array: true, describe: 'Only this plugin (<namespace>/<name>), repeatable' });

/** Commands that read no cluster: every Kubernetes flag typed for them is refused by name. */
const readsNoCluster = (because: string, instead?: string): KubernetesFlagUse => ({ can: [], with: () => ({ uses: [], because, ...(instead && { instead }) }) });

export const COMMANDS: CommandSpec[] = [
  {
    name: 'doctor',
    usage: ['doctor', '$0'],
    describe: 'Check everything against the current context: config, controller, downloads, handshakes (default)',
    examples: [
      [`${T}`, 'Diagnose the controller of the current context'],
      [`${T} doctor -n argo-rollouts --plugin argoproj-labs/gatewayAPI`, 'Focus on one plugin'],
      [`${T} doctor -o json --fail-on warning`, 'For CI: JSON, exit 1 on warnings too'],
    ],
    builder: (y) =>
      withSelectionFlags(withHandshakeFlags(withProbeFlags(withChartVersion(withControllerVersion(withFiles(y), 'from -f helm values, else the cluster')), FROM_NODES)))
        .option('all-contexts', { type: 'boolean', describe: 'Check every context of the kubeconfig (a fleet run; also several --context or a pattern)' })
        .option('cluster-concurrency', { type: 'number', default: 4, describe: 'Fleet runs: clusters checked at once' })
        .option('cluster-timeout', { type: 'string', default: '1m', describe: 'Fleet runs: the deadline of each cluster (the run keeps --timeout)' })
        .check((args) => {
          // doctor is the default command, so a mistyped command arrives here as a positional.
          // yargs keeps the typed command name itself in args._.
          const word = args._.find((w) => w !== 'doctor');
          if (word === undefined) return true;
          const hint = closest(String(word), COMMANDS.map((c) => c.name));
          throw new UsageError(`unknown command "${word}"${hint ? `: did you mean "${hint}"?` : ''}`);
        }),
    kubernetes: { can: KUBE_FLAGS, help: { context: 'The kubeconfig context to use; repeatable, or a pattern (prod-*): several make a fleet run' }, with: () => ({ uses: KUBE_FLAGS, because: '' }) },
    load: () => import('./doctor.js'),
  },
  {
    name: 'lint',
    usage: 'lint',
    describe: 'Check a ConfigMap, rendered manifests or Helm values offline, as the controller would read them',
    examples: [
      [`${T} lint -f argo-rollouts-config.yaml`, 'Lint a ConfigMap manifest'],
      [`kustomize build overlays/prod | ${T} lint -f -`, 'Lint rendered manifests from stdin'],
      [`${T} lint -f values.yaml --controller-version v1.7.2`, 'Lint argo-helm values for an older controller'],
    ],
    builder: (y) =>
      withProbeFlags(withChartVersion(withControllerVersion(withFiles(y), 'from -f helm values')), NOT_COMPARED)
        .option('probe', { type: 'boolean', describe: 'Also download every plugin URL and verify checksums' })
        .check((args) => {
          if (!args.filename || (args.filename as string[]).length === 0) {
            throw new UsageError('lint needs at least one -f FILE (or -f - for stdin)');
          }
          return true;
        }),
    // --probe downloads without a cluster too: headersFrom Secrets are not read (their headers are said not sent).
    kubernetes: readsNoCluster('lint reads files, not a cluster', 'doctor checks a cluster'),
    load: () => import('./lint.js'),
  },
  {
    name: 'probe',
    usage: 'probe [targets..]',
    describe: 'Download plugin URLs like the controller, verify checksums and inspect the binaries',
    examples: [
      [`${T} probe`, 'Probe every plugin in the live ConfigMap'],
      [`${T} probe -f argo-rollouts-config.yaml`, 'Probe the plugins of a ConfigMap file'],
      [`${T} probe ./plugin-linux-amd64 --platform linux/arm64`, 'Inspect a local file for an arm64 cluster'],
    ],
    builder: (y) =>
      withProbeFlags(withChartVersion(withControllerVersion(withFiles(y), 'from -f helm values, else the cluster')), `${FROM_NODES} for the live ConfigMap; for URLs, files or -f: ${NOT_COMPARED}`).positional('targets', { type: 'string', array: true, describe: 'URLs or local files (none, and no -f: the live ConfigMap of the cluster the Kubernetes flags name)' }),
    kubernetes: {
      can: KUBE_FLAGS,
      help: { context: 'Without URLs, files or -f: the context whose live ConfigMap is probed; repeatable, or a pattern (prod-*)' },
      with: (args) =>
        (args.targets as unknown[] | undefined)?.length || (args.filename as unknown[] | undefined)?.length
          ? { uses: [], because: 'probe of URLs, files or -f reads no cluster', instead: 'without them probe reads the live ConfigMap' }
          : { uses: KUBE_FLAGS, because: '' },
    },
    load: () => import('./probe.js'),
  },
  {
    name: 'handshake',
    usage: 'handshake <path>',
    describe: 'Launch a plugin binary as the controller would and check it speaks the go-plugin protocol',
    examples: [
      [`${T} handshake ./my-plugin --type trafficrouter`, 'Test a plugin binary you built'],
      [`${T} handshake ./my-plugin --type metricprovider -- --log-level debug`, 'Pass args as the ConfigMap would'],
    ],
    builder: (y) =>
      withMaxSize(withHandshakeFlags(y))
        .positional('path', { type: 'string', describe: 'The plugin binary' })
        .option('type', { type: 'string', demandOption: true, describe: 'Plugin type: trafficrouter|metricprovider|step' })
        .option('sha256', { type: 'string', describe: 'Expected sha256; the binary is not run when it differs' }),
    kubernetes: {
      // --init offers the plugin kubeconfig files, the names in them and the server's trust settings (KubeconfigOffer, INIT_FLAG_USE).
      can: OFFERED_FLAGS,
      help: { context: 'With --init: the kubeconfig context offered to the plugin', namespace: 'With --init: the namespace of the context offered to the plugin' },
      with: (args) =>
        args.init === true
          ? {
              uses: OFFERED_FLAGS,
              because: `handshake --init offers the plugin kubeconfig files, the names in them and the server's trust settings (${OFFERED_FLAGS.map((f) => `--${f}`).join(', ')})`,
              instead: initRefusal(KUBE_FLAGS.filter((flag) => args[flag] !== undefined && !OFFERED_FLAGS.includes(flag))),
            }
          : { uses: [], because: 'handshake runs the binary without a cluster', instead: 'add --init to offer the plugin a kubeconfig' },
    },
    report: { uses: ['output', 'color', 'timeout', 'fail-on'], because: 'handshake tests one binary, it reads no ignore file' },
    load: () => import('./handshake.js'),
  },
  {
    name: 'serve',
    usage: 'serve',
    describe: 'Run doctor on an interval and serve Prometheus metrics, the latest report, /healthz and /readyz',
    examples: [
      [`${T} serve --listen :8080 --interval 5m`, 'Watch the controller of the current context (or in-cluster)'],
      [`${T} serve --listen 127.0.0.1:9500 --interval 1m --skip handshake`, 'Without launching plugins'],
    ],
    builder: (y) =>
      withSelectionFlags(withHandshakeFlags(withProbeFlags(withControllerVersion(y, "the cluster's"), FROM_NODES)))
        .option('listen', { type: 'string', default: ':8080', describe: 'Address for /metrics, /report, /healthz, /readyz (HOST:PORT or :PORT)' })
        .option('interval', { type: 'string', default: '5m', describe: 'Time between runs (e.g. 1m, 5m)' })
        .option('jitter', { type: 'number', default: 0.1, describe: 'Spread each wait by up to this fraction of the interval' })
        .option('watch-changes', { type: 'boolean', default: true, describe: 'Watch the ConfigMap and the controller pods, to run at once when they change (--no-watch-changes: poll instead)' })
        .option('change-poll', { type: 'string', default: '10s', describe: 'When watching is refused or off: how often to look for a changed ConfigMap or controller pod (0: never)' }),
    report: {
      uses: ['timeout', 'config'],
      help: { timeout: `The deadline of each run (e.g. 30s, 2m; default: ${DEFAULT_TIMEOUT}): a run past it is counted as failed, and serve goes on` },
      because: 'serve prints no report, it serves the latest on /metrics and /report (JSON) and exits 0 when stopped',
    },
    load: () => import('./serve.js'),
  },
  {
    name: 'checksum',
    usage: 'checksum <target>',
    describe: 'Print the sha256 of a plugin URL or file, with a ready-to-paste ConfigMap entry',
    examples: [[`${T} checksum https://example.com/plugin-linux-amd64 --type metricprovider --name acme/metrics`, 'Pin a plugin download']],
    builder: (y) =>
      withProbeFlags(y, NOT_COMPARED)
        .positional('target', { type: 'string', describe: 'URL or file' })
        .option('name', { type: 'string', describe: 'Plugin name for the printed entry (<namespace>/<name>)' })
        .option('type', { type: 'string', describe: 'Plugin type, which picks the ConfigMap key: trafficrouter|metricprovider|step' }),
    kubernetes: readsNoCluster('checksum hashes a URL or file, not a cluster', 'doctor checks a cluster'),
    // It exits 1 whenever it cannot give the sha256, whatever the severity, and ignores no finding.
    report: { uses: ['output', 'color', 'timeout'], formats: CHECKSUM_FORMATS, because: 'checksum prints a sha256 or why it has none' },
    load: () => import('./checksum.js'),
  },
  {
    name: 'checks',
    usage: 'checks [id]',
    describe: 'List every check with its docs, or explain one',
    examples: [
      [`${T} checks`, 'List every check id'],
      [`${T} checks sha256-wrong-length`, 'Explain one check'],
    ],
    builder: (y) => y.positional('id', { type: 'string', describe: 'A check id' }),
    kubernetes: readsNoCluster('checks explains checks, it reads no cluster'),
    report: { uses: ['output'], formats: CHECK_DOC_FORMATS, because: 'checks prints the checks’ docs' },
    load: () => import('./checks.js'),
  },
  {
    name: 'rbac',
    usage: 'rbac',
    describe: 'Print a minimal read-only Role/ClusterRole that lets this tool run doctor',
    examples: [
      [`${T} rbac | kubectl apply -f -`, 'Grant the tool read access (bind it yourself)'],
      [`${T} rbac --serviceaccount ci:doctor | kubectl apply -f -`, 'Grant it to a service account, with the bindings'],
    ],
    // The subject flags as `kubectl create rolebinding` names them; here --user is the subject, not a kubeconfig user.
    builder: (y) =>
      withoutKubeconfigUser(y)
        .option('user', { type: 'string', group: BINDING_FLAG_GROUP, describe: 'Also bind the roles to this user' })
        .option('group', { type: 'string', group: BINDING_FLAG_GROUP, describe: 'Also bind the roles to this group' })
        .option('serviceaccount', { type: 'string', group: BINDING_FLAG_GROUP, describe: 'Also bind the roles to this service account (NAMESPACE:NAME)' })
        .check((args) => {
          if ([args.user, args.group, args.serviceaccount].filter((v) => v !== undefined).length > 1) {
            throw new UsageError('rbac binds one subject: give only one of --user, --group, --serviceaccount');
          }
          if (args.serviceaccount !== undefined && !/^[^:]+:[^:]+$/.test(String(args.serviceaccount))) {
            throw new UsageError(`invalid --serviceaccount "${String(args.serviceaccount)}": use NAMESPACE:NAME`);
          }
          return true;
        }),
    // -n is the namespace of the Role, --user the subject to bind (withoutKubeconfigUser).
    kubernetes: { can: ['namespace', 'user'], help: { namespace: "The controller's namespace, where the Role grants access (default: argo-rollouts)" }, with: () => ({ uses: ['namespace', 'user'], because: 'rbac prints manifests, it reads no cluster', instead: '-n names the namespace of the Role' }) },
    report: { uses: ['output'], formats: MANIFEST_FORMATS, because: 'rbac prints manifests' },
    load: () => import('./rbac.js'),
  },
  {
    name: 'version',
    usage: 'version',
    describe: 'Print the version',
    examples: [[`${T} version`, 'Print the version']],
    kubernetes: readsNoCluster('version reads no cluster'),
    report: { uses: ['output'], formats: VERSION_FORMATS, because: 'version prints the version' },
    load: () => import('./version.js'),
  },
  {
    name: 'completion',
    usage: 'completion <shell>',
    describe: 'Print a shell completion script (bash, zsh or fish)',
    examples: [
      [`source <(${T} completion bash)`, 'Enable completion in bash'],
      [`${T} completion fish > ~/.config/fish/completions/kubectl-rollouts_plugins.fish`, 'Install for fish'],
    ],
    builder: (y) => y.positional('shell', { type: 'string', describe: 'bash, zsh or fish' }),
    kubernetes: readsNoCluster('completion prints a script, it reads no cluster'),
    report: { uses: [], because: 'completion prints a script' },
    load: () => import('./completion.js'),
  },
];

/**
 * A command's flags as the parser, help and completion see them: help and completion list only the
 * report and Kubernetes flags it can use; the others stay known, to be refused by name
 * (checkReportFlags, checkKubernetesFlags).
 */
export function commandBuilder(spec: CommandSpec): (yargs: Argv) => Argv {
  return (y) => {
    let built = spec.builder ? spec.builder(y) : y;
    const report = spec.report ?? EVERY_REPORT_FLAG;
    for (const flag of REPORT_FLAGS) if (!report.uses.includes(flag)) built = built.hide(flag);
    if (report.formats) built = built.describe('output', outputHelp(report.formats));
    for (const [flag, text] of Object.entries(report.help ?? {})) built = built.describe(flag, text);
    built = built.check((args) => (checkReportFlags(args, report), true));
    const use = spec.kubernetes;
    if (!use) return built;
    for (const flag of KUBE_FLAGS) if (!use.can.includes(flag)) built = built.hide(flag);
    for (const [flag, text] of Object.entries(use.help ?? {})) built = built.describe(flag, text);
    return built.check((args) => (checkKubernetesFlags(args, use), true));
  };
}
