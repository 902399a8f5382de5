import { describe, expect, it } from 'vitest';
import { usageErrorOf } from '../../src/cli/main.js';
import { runCli } from '../support/cli.js';

describe('usage errors: exit 2, one clear sentence naming the closest valid choice, no stack trace', () => {
  it.each([
    [['lnt'], 'unknown command or argument "lnt": did you mean "lint"?'],
    [['doctor', 'lnt'], 'unknown command or argument "lnt": did you mean "lint"?'],
    [['--kubeconfg', 'x'], 'unknown flag "--kubeconfg": did you mean "--kubeconfig"?'],
    [['doctor', '-o', 'jsn'], 'invalid --output "jsn": use one of table, wide, json, yaml, sarif, junit, github, prometheus (did you mean "json"?)'],
    // A command that prints no report names the formats it prints.
    [['version', '-o', 'jsn'], 'invalid --output "jsn": use one of table, json, yaml (did you mean "json"?)'],
    [['version', '-o', 'sarif'], 'invalid --output "sarif": use one of table, json, yaml'],
    [['checks', '-o', 'yaml'], 'invalid --output "yaml": use one of table, json'],
    [['rbac', '-o', 'table'], 'invalid --output "table": use one of yaml, json'],
    [['checksum', 'https://example.com/p', '-o', 'sarif'], 'invalid --output "sarif": use one of table, wide, json, yaml'],
    [['doctor', '--fail-on', 'warn'], 'invalid --fail-on "warn": use one of error, warning, info (did you mean "warning"?)'],
    [['checks', 'sha256-wrong-lenght'], 'no check has the id "sha256-wrong-lenght"'],
    [['completion', 'bsh'], 'no completion for shell "bsh": use bash, zsh or fish (did you mean "bash"?)'],
    [['lint'], 'lint needs at least one -f FILE (or -f - for stdin)'],
    [['handshake', '/bin/true', '--type', 'metric'], 'invalid --type "metric": use one of trafficrouter, metricprovider, step (did you mean "metricprovider"?)'],
    [['doctor', '--timeout', 'soon'], 'invalid value "soon" for --timeout'],
    // serve checks its selection before it listens: a typo is not a run failing every interval.
    [['serve', '--skip', 'probee', '--listen', '127.0.0.1:0'], 'unknown --skip "probee": give a step'],
    // Commands against one cluster take one --context (doctor's fleet runs take several): never a silent pick of the first.
    [['handshake', '/bin/true', '--type', 'metricprovider', '--init', '--context', 'staging', '--context', 'prod'], 'handshake takes one context, but --context was given 2 times ("staging", "prod"): give it once'],
    [['handshake', '/bin/true', '--type', 'metricprovider', '--init', '--context=staging', '--context=prod'], 'handshake takes one context, but --context was given 2 times ("staging", "prod"): give it once'],
    [['serve', '--listen', '127.0.0.1:0', '--context', 'staging', '--context', 'prod'], 'serve takes one context, but --context was given 2 times ("staging", "prod"): give it once'],
    // A Kubernetes flag a command does not use is refused by name: `lint --context prod` is no cluster check.
    [['lint', '-f', 'x.yaml', '--context', 'prod'], 'lint reads files, not a cluster: --context is not used (doctor checks a cluster)'],
    [['lint', '-f', 'x.yaml', '--probe', '-n', 'argo-rollouts', '--request-timeout', '5s'], 'lint reads files, not a cluster: --namespace, --request-timeout are not used (doctor checks a cluster)'],
    [['probe', 'https://example.com/p', '--kubeconfig', 'k'], 'probe of URLs, files or -f reads no cluster: --kubeconfig is not used (without them probe reads the live ConfigMap)'],
    [['probe', '-f', 'x.yaml', '--token', 't'], 'probe of URLs, files or -f reads no cluster: --token is not used (without them probe reads the live ConfigMap)'],
    [['checksum', 'https://example.com/p', '-s', 'https://127.0.0.1:6443'], 'checksum hashes a URL or file, not a cluster: --server is not used (doctor checks a cluster)'],
    [['handshake', '/bin/true', '--type', 'step', '--context', 'prod'], 'handshake runs the binary without a cluster: --context is not used (add --init to offer the plugin a kubeconfig)'],
    [['handshake', '/bin/true', '--type', 'step', '--init', '--token', 't', '--as', 'admin'], "handshake --init offers the plugin kubeconfig files, the names in them and the server's trust settings (--kubeconfig, --context, --cluster, --user, --namespace, --certificate-authority, --insecure-skip-tls-verify, --tls-server-name): --token, --as are not used (a server, credential or identity given as a flag is never written to disk for the plugin: name a kubeconfig context, cluster or user that has it)"],
    // Flags that shape only the tool's own API reads get their own reason, not the credentials' one.
    [['handshake', '/bin/true', '--type', 'step', '--init', '--request-timeout', '5s'], "handshake --init offers the plugin kubeconfig files, the names in them and the server's trust settings (--kubeconfig, --context, --cluster, --user, --namespace, --certificate-authority, --insecure-skip-tls-verify, --tls-server-name): --request-timeout is not used (handshake makes no API request of its own: the plugin's client makes its own)"],
    [['handshake', '/bin/true', '--type', 'step', '--init', '-A'], "handshake --init offers the plugin kubeconfig files, the names in them and the server's trust settings (--kubeconfig, --context, --cluster, --user, --namespace, --certificate-authority, --insecure-skip-tls-verify, --tls-server-name): --all-namespaces is not used (handshake makes no API request of its own: the plugin's client makes its own)"],
    [['handshake', '/bin/true', '--type', 'step', '--init', '-A', '--token', 't'], "handshake --init offers the plugin kubeconfig files, the names in them and the server's trust settings (--kubeconfig, --context, --cluster, --user, --namespace, --certificate-authority, --insecure-skip-tls-verify, --tls-server-name): --token, --all-namespaces are not used (--token: a server, credential or identity given as a flag is never written to disk for the plugin: name a kubeconfig context, cluster or user that has it; --all-namespaces: handshake makes no API request of its own: the plugin's client makes its own)"],
    [['rbac', '-n', 'ci', '--context', 'prod'], 'rbac prints manifests, it reads no cluster: --context is not used (-n names the namespace of the Role)'],
    [['version', '--kubeconfig', 'k'], 'version reads no cluster: --kubeconfig is not used'],
    // A report flag a command does not use is refused by name: `rbac --fail-on warning` would exit 0 whatever it meant.
    [['rbac', '--fail-on', 'warning'], 'rbac prints manifests: --fail-on is not used'],
    [['rbac', '--timeout', '5s', '--color', 'never'], 'rbac prints manifests: --color, --timeout are not used'],
    [['rbac', '--no-color'], 'rbac prints manifests: --color is not used'],
    [['version', '--timeout', '5s'], 'version prints the version: --timeout is not used'],
    [['checks', '--config', '.rollouts-plugins.yaml'], 'checks prints the checks’ docs: --config is not used'],
    [['completion', 'bash', '-o', 'json'], 'completion prints a script: --output is not used'],
    [['checksum', 'https://example.com/p', '--fail-on', 'warning'], 'checksum prints a sha256 or why it has none: --fail-on is not used'],
    [['handshake', '/bin/true', '--type', 'step', '--config', 'ignore.yaml'], 'handshake tests one binary, it reads no ignore file: --config is not used'],
    [['serve', '--listen', '127.0.0.1:0', '-o', 'json', '--fail-on', 'warning'], 'serve prints no report, it serves the latest on /metrics and /report (JSON) and exits 0 when stopped: --output, --fail-on are not used'],
    // The refusal comes before the value is read: not "invalid value" for a flag that would mean nothing.
    [['version', '--timeout', 'soon'], 'version prints the version: --timeout is not used'],
    // As kubectl: the two trust settings contradict each other (and --init would hand the plugin both).
    [['doctor', '--insecure-skip-tls-verify', '--certificate-authority', 'ca.pem'], 'specifying a root certificates file with the insecure flag is not allowed: give --certificate-authority or --insecure-skip-tls-verify'],
    [['handshake', '/bin/true', '--type', 'step', '--init', '--insecure-skip-tls-verify', '--certificate-authority', 'ca.pem'], 'specifying a root certificates file with the insecure flag is not allowed: give --certificate-authority or --insecure-skip-tls-verify'],
    // --chart-version names the chart release of -f helm values: serve reads no -f (the interval, too short, would be refused next).
    [['serve', '--chart-version', '2.37.7', '--interval', '1ms'], 'unknown flag "--chart-version"'],
  ])('%j', async (args, sentence) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`error: ${sentence}`);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('the Kubernetes flags a command uses are accepted', () => {
  it.each([
    [['probe', '--context', 'prod', '-n', 'argo-rollouts']], // the live ConfigMap
    [['handshake', '/bin/true', '--type', 'step', '--init', '--kubeconfig', 'k', '--context', 'prod', '--cluster', 'c', '--user', 'u', '-n', 'argo-rollouts']],
    [['rbac', '-n', 'ci', '--user', 'bob']],
    [['doctor', '--token', 't', '--as', 'admin', '--request-timeout', '5s']],
    // As kubectl: a CA given no value is no CA, so nothing contradicts --insecure-skip-tls-verify.
    [['doctor', '--insecure-skip-tls-verify', '--certificate-authority=']],
  ])('%j', async (argv) => {
    expect(await usageErrorOf(argv)).toBeUndefined();
  });

  it('only flags count, not the environment: lint with KUBECONFIG set runs', async () => {
    const { code, stderr } = await runCli(['lint', '-f', 'docs/examples/good-configmap.yaml'], { env: { KUBECONFIG: '/nonexistent/kubeconfig' } });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('help lists only the Kubernetes flags a command can use', async () => {
    const flagsIn = async (command: string) => (await runCli([command, '--help'])).stdout.match(/^\s+(?:-\w, )?--[\w-]+/gm)!.map((f) => f.trim());
    expect(await flagsIn('lint')).not.toContain('--context');
    expect(await flagsIn('checksum')).not.toContain('--kubeconfig');
    expect(await flagsIn('handshake')).toEqual(expect.arrayContaining(['--kubeconfig', '--context', '--cluster', '--user', '-n, --namespace']));
    expect(await flagsIn('handshake')).not.toContain('--token');
    expect(await flagsIn('probe')).toEqual(expect.arrayContaining(['--context', '--token']));
  });

  it("help says what -n means for each command: the controller's namespace is doctor's, not handshake's or rbac's", async () => {
    const namespaceLine = async (command: string) => (await runCli([command, '--help'])).stdout.split('\n').find((line) => line.includes('--namespace'))?.replace(/\s+/g, ' ').trim();
    expect(await namespaceLine('doctor')).toBe("-n, --namespace The controller's namespace (default: discover it) [string]");
    expect(await namespaceLine('handshake')).toBe('-n, --namespace With --init: the namespace of the context offered to the plugin [string]');
    expect(await namespaceLine('rbac')).toBe("-n, --namespace The controller's namespace, where the Role grants access (default: argo-rollouts) [string]");
  });

  it('help says what --context means for each command: only doctor and probe of the live ConfigMap take several', async () => {
    const contextLine = async (command: string) => (await runCli([command, '--help'])).stdout.split('\n').find((line) => /^\s+--context\b/.test(line))?.replace(/\s+/g, ' ').trim();
    expect(await contextLine('doctor')).toBe('--context The kubeconfig context to use; repeatable, or a pattern (prod-*): several make a fleet run [array]');
    expect(await contextLine('probe')).toBe('--context Without URLs, files or -f: the context whose live ConfigMap is probed; repeatable, or a pattern (prod-*) [array]');
    expect(await contextLine('handshake')).toBe('--context With --init: the kubeconfig context offered to the plugin [array]');
    expect(await contextLine('serve')).toBe('--context The name of the kubeconfig context to use [array]');
  });
});

describe('the report flags a command uses are accepted, and help and completion list only those', () => {
  it.each([
    [['doctor', '-o', 'json', '--color', 'never', '--timeout', '30s', '--config', 'x.yaml', '--fail-on', 'warning', '-v']],
    [['lint', '-f', 'x.yaml', '-o', 'sarif', '--color', 'always', '--timeout', '30s', '--config', 'x.yaml', '--fail-on', 'info']],
    [['probe', 'https://example.com/p', '-o', 'junit', '--timeout', '30s', '--config', 'x.yaml', '--fail-on', 'warning']],
    [['handshake', '/bin/true', '--type', 'step', '-o', 'json', '--no-color', '--timeout', '30s', '--fail-on', 'warning']],
    [['checksum', 'https://example.com/p', '-o', 'json', '--color', 'never', '--timeout', '30s']],
    [['serve', '--timeout', '30s', '--config', 'x.yaml', '-v']],
    [['rbac', '-o', 'json', '-v']],
    [['version', '-o', 'yaml']],
    [['checks', '-o', 'json']],
    [['completion', 'bash', '-v']],
  ])('%j', async (argv) => {
    expect(await usageErrorOf(argv)).toBeUndefined();
  });

  const reportFlagsIn = async (command: string) => {
    const { stdout } = await runCli([command, '--help']);
    const section = stdout.slice(stdout.indexOf('Report flags:'));
    return section.slice(0, section.indexOf('\n\n')).match(/^\s+(?:-\w, )?--[\w-]+/gm)!.map((f) => f.trim());
  };

  it.each([
    ['doctor', ['-o, --output', '--color', '-v, --verbose', '--timeout', '--config', '--fail-on']],
    ['handshake', ['-o, --output', '--color', '-v, --verbose', '--timeout', '--fail-on']],
    ['checksum', ['-o, --output', '--color', '-v, --verbose', '--timeout']],
    ['serve', ['-v, --verbose', '--timeout', '--config']],
    ['rbac', ['-o, --output', '-v, --verbose']],
    ['version', ['-o, --output', '-v, --verbose']],
    ['completion', ['-v, --verbose']],
  ])('%s --help lists %j', async (command, flags) => {
    expect(await reportFlagsIn(command)).toEqual(flags);
  });

  it('help says each default, and what -o prints and --timeout bounds for each command', async () => {
    const line = async (command: string, flag: RegExp) => (await runCli([command, '--help'])).stdout.split('\n').find((l) => flag.test(l))?.replace(/\s+/g, ' ').trim();
    expect(await line('doctor', /--output\b/)).toBe('-o, --output Output format: table|wide|json|yaml|sarif|junit|github|prometheus (default: table) [string]');
    expect(await line('rbac', /--output\b/)).toBe('-o, --output Output format: yaml|json (default: yaml) [string]');
    expect(await line('version', /--output\b/)).toBe('-o, --output Output format: table|json|yaml (default: table) [string]');
    expect(await line('doctor', /^\s+--timeout\b/)).toBe('--timeout One deadline for the whole run (e.g. 30s, 2m; default: 2m) [string]');
    expect(await line('serve', /^\s+--timeout\b/)).toBe('--timeout The deadline of each run (e.g. 30s, 2m; default: 2m): a run past it is counted as failed, and serve goes on [string]');
    expect(await line('doctor', /--fail-on\b/)).toBe('--fail-on Exit 1 when a finding is at or above this severity: error|warning|info (default: error) [string]');
  });

  it('help says where --platform comes from: lint and checksum read no cluster', async () => {
    const platform = async (command: string) => (await runCli([command, '--help'])).stdout.split('\n').find((l) => /--platform\b/.test(l))?.replace(/\s+/g, ' ').trim();
    expect(await platform('doctor')).toBe('--platform OS/arch the controller runs on, e.g. linux/arm64 (default: from the cluster’s nodes) [string]');
    expect(await platform('lint')).toBe('--platform OS/arch the controller runs on, e.g. linux/arm64 (default: none: the binary’s OS and architecture are not compared) [string]');
    expect(await platform('checksum')).toBe('--platform OS/arch the controller runs on, e.g. linux/arm64 (default: none: the binary’s OS and architecture are not compared) [string]');
    expect(await platform('probe')).toBe('--platform OS/arch the controller runs on, e.g. linux/arm64 (default: from the cluster’s nodes for the live ConfigMap; for URLs, files or -f: none: the binary’s OS and architecture are not compared) [string]');
  });

});

describe('help says where each command finds the controller version', () => {
  it.each([
    ['doctor', 'default: from -f helm values, else the cluster, else the newest'],
    ['lint', 'default: from -f helm values, else the newest'], // lint reads no cluster
    ['serve', "default: the cluster's, else the newest"], // serve has no -f
  ])('%s', async (command, words) => {
    const { stdout } = await runCli([command, '--help']);
    expect(stdout.replace(/\s+/g, ' ')).toContain(`--controller-version Argo Rollouts version to judge against (${words}) [string]`);
    if (command === 'serve') expect(stdout).not.toContain('--chart-version');
  });
});

describe('version', () => {
  it('prints the package version', async () => {
    const { code, stdout } = await runCli(['version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^kubectl-rollouts_plugins \d+\.\d+\.\d+ \(node 24\./);
  });

  it('prints JSON with -o json', async () => {
    const { stdout } = await runCli(['version', '-o', 'json']);
    expect(JSON.parse(stdout)).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });
});

describe('could not run at all: exit 3 with one sentence', () => {
  it.each([[['doctor']], [[]]])('%j with a kubeconfig that does not exist', async (args) => {
    const { code, stdout, stderr } = await runCli([...args, '--kubeconfig', '/nonexistent/kubeconfig']);
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toBe('error: the kubeconfig file /nonexistent/kubeconfig given with --kubeconfig does not exist\n');
  });
});
