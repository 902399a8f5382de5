/**
 * Table-driven, ESLint style: each check over hand-made HandshakeFacts — cases it must stay
 * silent on, and cases it must report with the given evidence and fix. The real plugins behind
 * these facts are exercised in test/handshake/.
 */
import { testChecks } from '../../support/check-tester.js';
import { describe, expect, it } from 'vitest';
import { kubectlConnection } from '../../../src/cluster/kubectl-command.js';
import { runChecks } from '../../../src/core/check.js';
import { ALL_CHECKS } from '../../../src/checks/registry.js';
import { checks } from '../../../src/checks/handshake/index.js';
import type { HandshakeFacts } from '../../../src/handshake/handshake.js';
import { parseHandshakeLine } from '../../../src/handshake/handshake-line.js';

type Overrides = { [K in keyof HandshakeFacts]?: HandshakeFacts[K] };

const LINE = '1|1|unix|/tmp/rollouts-plugin-x/plugin1|netrpc|';
const ok = { ok: true, ms: 1 };

function facts(overrides: Overrides = {}): HandshakeFacts {
  return {
    plugin: { name: 'argoproj-labs/gatewayAPI', type: 'trafficrouter' },
    binaryPath: '/cache/gatewayapi',
    args: [],
    init: false,
    passEnv: [],
    verification: { verified: true, allowUnverified: false, ranUnverified: false },
    host: { os: 'linux', arch: 'amd64' },
    binary: { format: 'elf', os: 'linux', arch: ['amd64'], size: 1000, summary: 'ELF 64-bit x86-64 (linux/amd64)' },
    launch: { command: ['/cache/gatewayapi'], cwd: '/tmp/rollouts-plugin-x', envNames: [], toolEnv: {}, pid: 42 },
    start: { outcome: 'started', ms: 5, timeoutMs: 10000, firstLine: LINE, line: parseHandshakeLine(LINE) },
    rpc: {
      connect: { ...ok, network: 'unix', address: '/tmp/rollouts-plugin-x/plugin1' },
      ping: ok,
      dispense: { ...ok, name: 'RpcTrafficRouterPlugin', id: 1 },
      type: { ...ok, value: 'GatewayAPI' },
      quit: ok,
      yamuxLog: [],
    },
    stderrTail: ['{"@level":"info","@message":"starting"}'],
    stderrBytes: 40,
    stdoutHead: LINE,
    cleanup: { forced: false, survivors: [], escaped: [], tempDirRemoved: true },
    timeoutMs: 10000,
    phases: [{ name: 'start', ms: 5 }],
    totalMs: 20,
    ...overrides,
  };
}

const exited = (code: number, stderr: string[], more: Overrides = {}): HandshakeFacts =>
  facts({ start: { outcome: 'exited', ms: 3, timeoutMs: 10000, exit: { code, signal: null }, goPluginError: 'plugin exited before we could connect' }, rpc: undefined, stderrTail: stderr, ...more });

const rejected = (line: string, more: Partial<NonNullable<HandshakeFacts['start']>> = {}): HandshakeFacts => {
  const parsed = parseHandshakeLine(line);
  return facts({ start: { outcome: 'line-rejected', ms: 3, timeoutMs: 10000, firstLine: line, line: parsed, goPluginError: parsed.ok ? undefined : parsed.error, ...more }, rpc: undefined });
};

interface Invalid {
  facts: HandshakeFacts;
  title?: RegExp;
  evidence?: string[];
  fix?: RegExp | string[];
  notInFix?: string[];
  /** The declared variant it reports (default: the check's own). */
  variant?: string;
}

const TABLE: Record<string, { valid: HandshakeFacts[]; invalid: Invalid[] }> = {
  'handshake-skipped-unverified': {
    valid: [facts(), facts({ verification: { verified: 'unpinned', allowUnverified: false, ranUnverified: false } })],
    invalid: [
      { facts: facts({ skipped: { reason: 'unverified', detail: 'its sha256 does not match the configured one' }, start: undefined, rpc: undefined }), fix: /--allow-unverified/ },
      {
        // handshake PATH of a file that could not be read whole (no --sha256 given): no word of a --sha256.
        facts: facts({ standalone: true, verification: { verified: 'not-verified', allowUnverified: false, ranUnverified: false }, skipped: { reason: 'unverified', detail: 'its sha256 could not be computed' }, start: undefined, rpc: undefined }),
        fix: /^\/cache\/gatewayapi could not be read whole, so its sha256 was not computed: check that it is a readable file, then run again: kubectl rollouts-plugins handshake \/cache\/gatewayapi --type trafficrouter$/,
      },
      {
        facts: facts({ skipped: { reason: 'changed-after-verification', detail: 'the cached file /cache/gatewayapi changed after its sha256 was verified' }, start: undefined, rpc: undefined }),
        variant: 'changed-after-verification',
        evidence: ['the cached file /cache/gatewayapi changed after its sha256 was verified', 'binary: /cache/gatewayapi'],
        fix: /^Run again: .*something else writes to \/cache \(your own cache, mode 0700\)/,
      },
    ],
  },
  'handshake-ran-unverified': {
    valid: [facts()],
    invalid: [{ facts: facts({ verification: { verified: 'mismatch', allowUnverified: true, ranUnverified: true } }), evidence: ['ran: ARGO_ROLLOUTS_RPC_PLUGIN=trafficrouter /cache/gatewayapi'] }],
  },
  'handshake-cannot-run-on-host': {
    valid: [facts()],
    invalid: [
      {
        facts: facts({ skipped: { reason: 'cannot-run-on-host', detail: 'x' }, binary: { format: 'elf', os: 'linux', arch: ['arm64'], size: 1000, summary: 'ELF 64-bit aarch64 (linux/arm64)' }, start: undefined }),
        title: /is a linux\/arm64 binary and cannot run on this linux\/amd64 machine/,
        fix: /--platform linux\/arm64/,
      },
    ],
  },
  'handshake-timeout': {
    valid: [facts()],
    invalid: [
      {
        facts: facts({ start: { outcome: 'timeout', ms: 10000, timeoutMs: 10000, goPluginError: 'timeout while waiting for plugin to start' }, rpc: undefined, stderrTail: ['dialing api server'] }),
        title: /did not complete the handshake within 10 s$/, // before: 10000 ms
        evidence: ['controller would log: unable to start plugin system: unable to get plugin client (argoproj-labs/gatewayAPI): timeout while waiting for plugin to start', 'plugin stderr: dialing api server'],
        // The re-run's --timeout covers the longer deadline (before: none, and the default 2m cut it).
        fix: /confirm with a longer deadline: kubectl rollouts-plugins handshake \/cache\/gatewayapi --type trafficrouter --handshake-timeout 1m --timeout 7m$/,
      },
      {
        // Run with --handshake-timeout 65s: the longer deadline is twice it (before: 1m, shorter than the one that ran out).
        facts: facts({ start: { outcome: 'timeout', ms: 65000, timeoutMs: 65000, goPluginError: 'timeout while waiting for plugin to start' }, rpc: undefined, timeoutMs: 65000 }),
        fix: /--handshake-timeout 2m10s --timeout 14m$/,
      },
    ],
  },
  'handshake-plugin-exited': {
    valid: [facts(), exited(1, ['This binary is a plugin.'], { wrongType: { triedTypes: ['metricprovider', 'step'], actualType: 'step' } }), exited(2, ['flag provided but not defined: -x'], { undefinedFlag: '-x' })],
    invalid: [{ facts: exited(3, ['fatal: boom']), title: /exited before the handshake \(exit code 3\)/, evidence: ['plugin stderr: fatal: boom'] }],
  },
  'handshake-wrong-plugin-type': {
    valid: [facts(), exited(3, ['fatal'])],
    invalid: [
      { facts: exited(1, [], { wrongType: { triedTypes: ['metricprovider'], actualType: 'metricprovider' } }), title: /is a metricprovider plugin, configured as a trafficrouter plugin/, fix: /from `trafficRouterPlugins` to `metricProviderPlugins`/ },
      { facts: exited(1, [], { wrongType: { triedTypes: ['metricprovider', 'step'] } }), title: /refuses the trafficrouter cookie and every other/ },
    ],
  },
  'handshake-bad-args': {
    valid: [facts(), facts({ undefinedFlag: '-x' }) /* started anyway: the flag line came from elsewhere */],
    invalid: [
      {
        facts: exited(2, ['flag provided but not defined: -kubeconfig', 'Usage of plugin:'], { undefinedFlag: '-kubeconfig', args: ['--log-level=debug', '--kubeconfig=/x'] }),
        title: /does not accept the argument -kubeconfig/,
        fix: /args: \["--log-level=debug"\]/,
      },
      {
        // handshake PATH: the args came after --, there is no entry to edit
        facts: exited(2, ['flag provided but not defined: -kubeconfig'], { undefinedFlag: '-kubeconfig', args: ['--log-level=debug', '--kubeconfig=/x'], standalone: true }),
        title: /does not accept the argument -kubeconfig/,
        fix: /after `--`.*\n\n {4}kubectl rollouts-plugins handshake \/cache\/gatewayapi --type trafficrouter -- --log-level=debug$/s,
      },
    ],
  },
  'handshake-stdout-noise': {
    valid: [facts(), rejected('banner')],
    invalid: [{ facts: rejected('banner v1', { laterHandshakeLine: LINE }), evidence: ['first stdout line: "banner v1"', `handshake line printed after it: ${JSON.stringify(LINE)}`] }],
  },
  'handshake-unrecognized-output': {
    valid: [facts(), rejected('banner v1', { laterHandshakeLine: LINE }), rejected('1|2|unix|/x|netrpc|')],
    invalid: [{ facts: rejected('Usage: foo [options]') }, { facts: rejected('v1|1|unix|/x|netrpc|') }],
  },
  'handshake-protocol-version': {
    valid: [facts(), rejected('1|1|unix|/x|grpc|')],
    invalid: [{ facts: rejected('2|1|unix|/x|netrpc|'), title: /core protocol/ }, { facts: rejected('1|2|unix|/x|netrpc|'), title: /application protocol/ }],
  },
  'handshake-grpc-protocol': {
    valid: [facts()],
    invalid: [{ facts: rejected('1|1|unix|/x|grpc|'), evidence: ['controller would log: unable to start plugin system: unable to get plugin client (argoproj-labs/gatewayAPI): unsupported plugin protocol "grpc". Supported: [netrpc]'] }],
  },
  'handshake-unknown-network': {
    valid: [facts()],
    invalid: [{ facts: rejected('1|1|udp|/x|netrpc|'), title: /announced network "udp"/ }],
  },
  'handshake-launch-failed': {
    valid: [facts()],
    invalid: [
      { facts: facts({ start: { outcome: 'spawn-failed', ms: 1, timeoutMs: 10000, spawnError: 'spawn /cache/gatewayapi EACCES' }, rpc: undefined }), fix: /^chmod \+x \/cache\/gatewayapi/ },
      {
        // This machine's limit, not the plugin's: a warning that leaves the verdict open, no controller line.
        facts: facts({ start: { outcome: 'spawn-failed', ms: 1, timeoutMs: 10000, spawnError: 'fork/exec /cache/gatewayapi: spawn EMFILE' }, rpc: undefined }),
        variant: 'this-machine',
        evidence: ['ran: ARGO_ROLLOUTS_RPC_PLUGIN=trafficrouter /cache/gatewayapi', 'error: fork/exec /cache/gatewayapi: spawn EMFILE'],
        fix: /^This machine is out of processes, open files or memory \(EMFILE\)/,
      },
    ],
  },
  'handshake-binary-unreadable': {
    valid: [facts()],
    invalid: [{ facts: facts({ skipped: { reason: 'unreadable', detail: "ENOENT: no such file or directory, open '/cache/gatewayapi'" }, start: undefined, rpc: undefined }) }],
  },
  'handshake-connect-failed': {
    valid: [facts()],
    invalid: [
      { facts: facts({ rpc: { connect: { ok: false, ms: 1, error: 'connect ENOENT /tmp/x', network: 'unix', address: '/tmp/x' }, yamuxLog: [] } }), title: /dial unix \/tmp\/x failed/ },
      { facts: facts({ rpc: { connect: { ...ok, network: 'unix', address: '/tmp/x' }, ping: { ok: false, ms: 1, error: 'unexpected EOF' }, yamuxLog: ['yamux: GoAway received (code 1)'] } }), evidence: ['Control.Ping: unexpected EOF'] },
    ],
  },
  'handshake-dispense-failed': {
    valid: [facts()],
    invalid: [
      {
        facts: facts({ rpc: { connect: { ...ok, network: 'unix', address: '/x' }, ping: ok, dispense: { ok: false, ms: 1, name: 'RpcTrafficRouterPlugin', error: 'unknown plugin type: RpcTrafficRouterPlugin' }, yamuxLog: [] } }),
        evidence: ['controller would log: unable to start plugin system: unable to dispense plugin (argoproj-labs/gatewayAPI): unknown plugin type: RpcTrafficRouterPlugin'],
      },
      {
        facts: facts({ rpc: { connect: { ...ok, network: 'unix', address: '/x' }, ping: ok, dispense: { ok: false, ms: 1, name: 'RpcTrafficRouterPlugin', id: 1, badAck: true, error: 'bad ack: 2 (expected 1)' }, yamuxLog: [] } }),
        variant: 'bad-ack',
        title: /dispensed RpcTrafficRouterPlugin as stream 1, but its broker did not acknowledge that stream/,
        evidence: ['broker: bad ack: 2 (expected 1)', 'controller would log: unable to start plugin system: unable to dispense plugin (argoproj-labs/gatewayAPI): bad ack: 2 (expected 1)'],
        fix: /unmodified hashicorp\/go-plugin/,
      },
      {
        // No ack at all: go-plugin's client would wait for it forever, it logs nothing.
        facts: facts({ rpc: { connect: { ...ok, network: 'unix', address: '/x' }, ping: ok, dispense: { ok: false, ms: 1, name: 'RpcTrafficRouterPlugin', id: 1, badAck: true, ackTimedOut: true, error: 'no ack for stream 1 within 10 s' }, yamuxLog: [] } }),
        variant: 'bad-ack',
        evidence: [
          'ran: ARGO_ROLLOUTS_RPC_PLUGIN=trafficrouter /cache/gatewayapi',
          'Dispenser.Dispense("RpcTrafficRouterPlugin") = 1',
          'broker: no ack for stream 1 within 10 s',
          'the controller would wait for the ack without a deadline: a Rollout or AnalysisRun using this plugin would hang',
        ],
      },
    ],
  },
  'handshake-rpc-failed': {
    valid: [facts(), facts({ rpc: { ...facts().rpc!, type: { ok: false, ms: 1, error: 'Plugin.Type: aborted' } } })],
    invalid: [
      { facts: facts({ rpc: { ...facts().rpc!, type: { ok: false, ms: 1, error: 'unexpected EOF' } }, stderrTail: ['panic: runtime error'] }), evidence: ['plugin stderr: panic: runtime error'] },
      {
        // A hang, not a crash; the method named once.
        facts: facts({ rpc: { ...facts().rpc!, type: { ok: false, ms: 3000, error: 'Plugin.Type: no reply within 3 s', timedOut: true } } }),
        variant: 'no-reply',
        title: /did not answer Plugin\.Type: no reply within 3 s \(--handshake-timeout\)$/,
        evidence: ['Plugin.Type: no reply within 3 s', 'net/rpc without a deadline'],
        fix: /^The plugin hangs in Plugin\.Type .*a longer `--handshake-timeout`\.$/,
      },
    ],
  },
  'handshake-init-failed': {
    valid: [facts(), facts({ rpc: { ...facts().rpc!, init: { ...ok } } })],
    invalid: [
      {
        // No cluster read (handshake --init on a file): the service account the error names; the message was cut before its group and scope.
        facts: facts({ rpc: { ...facts().rpc!, init: { ...ok, errorString: 'httproutes.gateway.networking.k8s.io is forbidden: User "system:serviceaccount:argo-rollouts:argo-rollouts" cannot list resource "httproutes"' } } }),
        fix: ['Grant the service account the error names (system:serviceaccount:argo-rollouts:argo-rollouts)', '`kubectl auth can-i list httproutes --as=system:serviceaccount:argo-rollouts:argo-rollouts`, then re-test with --init.'],
      },
      {
        // doctor: the controller's namespace and service account, the run's connection without its own impersonation, the scope the error names.
        facts: facts({
          reportedCluster: { connection: kubectlConnection({ context: 'prod-a', as: 'jane', asGroup: ['ops'], token: 't0ken' }), namespace: 'team-ro', serviceAccount: 'rollouts' },
          rpc: { ...facts().rpc!, init: { ...ok, errorString: 'httproutes.gateway.networking.k8s.io is forbidden: User "jane" cannot list resource "httproutes" in API group "gateway.networking.k8s.io" in the namespace "shop"' } },
        }),
        fix: ["Grant the controller's service account (system:serviceaccount:team-ro:rollouts)", '`kubectl --context prod-a auth can-i list httproutes.gateway.networking.k8s.io -n shop --as=system:serviceaccount:team-ro:rollouts  # with the --token this run used: it is not printed`'],
        notInFix: ['jane', 'ops', 't0ken', '<'],
      },
      {
        // A subresource at the cluster scope, asked as kubectl asks it.
        facts: facts({
          reportedCluster: { connection: kubectlConnection({}), namespace: 'argo-rollouts', serviceAccount: 'argo-rollouts' },
          rpc: { ...facts().rpc!, init: { ...ok, errorString: 'pods "x" is forbidden: User "system:serviceaccount:argo-rollouts:argo-rollouts" cannot get resource "pods/log" in API group "" at the cluster scope' } },
        }),
        fix: ['`kubectl auth can-i get pods --subresource=log --all-namespaces --as=system:serviceaccount:argo-rollouts:argo-rollouts`'],
      },
      {
        // A path refused (discovery, /version): granted by nonResourceURLs in a ClusterRole, asked as kubectl asks it; no placeholder.
        facts: facts({ rpc: { ...facts().rpc!, init: { ...ok, errorString: 'failed to discover the API: forbidden: User "system:serviceaccount:argo-rollouts:argo-rollouts" cannot get path "/version"' } } }),
        fix: ['a ClusterRole with nonResourceURLs: ["/version"] and verbs: [get], bound to it by a ClusterRoleBinding', '`kubectl auth can-i get /version --as=system:serviceaccount:argo-rollouts:argo-rollouts`'],
        notInFix: ['<'],
      },
      {
        // The word "forbidden" without RBAC's refusal (forbidden.ts reads none): no RBAC fix guessed from it.
        facts: facts({ rpc: { ...facts().rpc!, init: { ...ok, errorString: 'webhook: forbidden by policy' } } }),
        fix: /^Fix what the error names/,
      },
      {
        // Neither the controller nor a service account known, nor the verb and resource (the message was cut): placeholders, said to be.
        facts: facts({ rpc: { ...facts().rpc!, init: { ...ok, errorString: 'failed to build informers: pods is forbidden: User "jane" cannot' } } }),
        fix: [
          "`kubectl auth can-i '<verb>' '<resource>' '--as=system:serviceaccount:<controller-namespace>:<controller-service-account>'` (replace <verb> and <resource> with what the error names, and <controller-namespace> and <controller-service-account> with the controller's (doctor reads them))",
        ],
      },
      {
        // doctor found the namespace but could not read the pods: only the service account is a placeholder.
        facts: facts({
          reportedCluster: { connection: kubectlConnection({ context: 'prod-a' }), namespace: 'team-ro' },
          rpc: { ...facts().rpc!, init: { ...ok, errorString: 'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "shop"' } },
        }),
        fix: [
          "`kubectl --context prod-a auth can-i list pods -n shop '--as=system:serviceaccount:team-ro:<controller-service-account>'` (replace <controller-service-account> with the controller's (this run could not read its pods))",
        ],
      },
      { facts: facts({ rpc: { ...facts().rpc!, init: { ok: false, ms: 1, error: 'unexpected EOF' } } }), title: /InitPlugin rpc call error: unexpected EOF/ },
    ],
  },
  'handshake-aborted': {
    valid: [facts()],
    invalid: [
      { facts: facts({ start: { outcome: 'aborted', ms: 150, timeoutMs: 10000 }, rpc: undefined }) },
      { facts: facts({ rpc: { ...facts().rpc!, type: { ok: false, ms: 1, error: 'Plugin.Type: aborted' } } }) },
      // The re-run keeps the --handshake-timeout given, exactly (before: 1.5s was printed as 2s).
      { facts: facts({ start: { outcome: 'aborted', ms: 150, timeoutMs: 1500 }, rpc: undefined, timeoutMs: 1500, cutBy: '--timeout' }), fix: /\(--handshake-timeout 1\.5s per step\): .* --handshake-timeout 1\.5s --timeout 1m$/ },
    ],
  },
  'handshake-process-left-group': {
    valid: [facts()],
    invalid: [{ facts: facts({ cleanup: { forced: false, survivors: [], escaped: [4243], tempDirRemoved: true } }), evidence: ['outside the group: 4243; all ended by the test'] }],
  },
  'handshake-process-survived': {
    valid: [facts()],
    invalid: [{ facts: facts({ cleanup: { forced: true, survivors: [4242], escaped: [], tempDirRemoved: false } }), fix: /^kill -KILL 4242 && rm -rf \/tmp\/rollouts-plugin-x$/ }],
  },
};

describe('handshake checks', () => {
  it('every check is in the registry', () => {
    for (const check of checks) expect(ALL_CHECKS).toContain(check.meta);
  });

  it('reports nothing for a healthy plugin', () => {
    expect(runChecks(checks, facts())).toEqual([]);
  });
});

describe("a handshake check's printed re-run repeats the run's test", () => {
  // doctor --init --kubeconfig '/tmp/my dir/kc' --context prod-a -n team-ro --pass-env HTTPS_PROXY --handshake-timeout 3s, the entry's args ["--log-level=debug"].
  const run: Overrides = { init: true, initArgs: ['--kubeconfig', '/tmp/my dir/kc', '--context', 'prod-a', '--namespace', 'team-ro'], passEnv: ['HTTPS_PROXY'], timeoutMs: 3000, args: ['--log-level=debug'] };
  const asRun = "--init --kubeconfig '/tmp/my dir/kc' --context prod-a --namespace team-ro --pass-env HTTPS_PROXY";
  const handshake = 'kubectl rollouts-plugins handshake /cache/gatewayapi';
  it.each([
    ['handshake-timeout', facts({ ...run, start: { outcome: 'timeout', ms: 3000, timeoutMs: 3000, goPluginError: 'timeout while waiting for plugin to start' }, rpc: undefined }), `${handshake} --type trafficrouter ${asRun} --handshake-timeout 1m --timeout 8m -- --log-level=debug`],
    ['handshake-skipped-unverified', facts({ ...run, skipped: { reason: 'unverified', detail: 'its sha256 does not match the configured one' }, start: undefined, rpc: undefined }), `${handshake} --type trafficrouter ${asRun} --handshake-timeout 3s --allow-unverified -- --log-level=debug`],
    ['handshake-wrong-plugin-type', exited(1, [], { ...run, standalone: true, wrongType: { triedTypes: ['metricprovider'], actualType: 'metricprovider' } }), `${handshake} --type metricprovider ${asRun} --handshake-timeout 3s -- --log-level=debug`],
    ['handshake-bad-args', exited(2, ['flag provided but not defined: -kubeconfig'], { ...run, standalone: true, undefinedFlag: '-kubeconfig', args: ['--log-level=debug', '--kubeconfig=/x'] }), `${handshake} --type trafficrouter ${asRun} --handshake-timeout 3s -- --log-level=debug`],
    ['handshake-aborted', facts({ ...run, start: { outcome: 'aborted', ms: 150, timeoutMs: 3000 }, rpc: undefined, cutBy: '--timeout' }), `${handshake} --type trafficrouter ${asRun} --handshake-timeout 3s --timeout 1m -- --log-level=debug`],
  ])('%s: its type, the args, --init with the flags of the cluster offered, --pass-env and --handshake-timeout', (id, given, command) => {
    const [finding] = runChecks(checks, given).filter((f) => f.id === id);
    expect(finding!.fix.endsWith(`: ${command}`) || finding!.fix.endsWith(`\n\n    ${command}`)).toBe(true);
  });

  it('--init that offered no cluster (--server withheld InitPlugin): the re-run does not call it either', () => {
    const [finding] = runChecks(checks, facts({ init: false, initWithheldBy: ['--server'], skipped: { reason: 'unverified', detail: 'x' }, start: undefined, rpc: undefined }));
    expect(finding!.fix).toMatch(/: kubectl rollouts-plugins handshake \/cache\/gatewayapi --type trafficrouter --allow-unverified$/);
  });
});

const CASES = Object.fromEntries(
  Object.entries(TABLE).map(([id, t]) => [
    id,
    { valid: t.valid.map((f, i) => ({ name: `case ${i}`, facts: f })), invalid: t.invalid.map((c, i) => ({ name: `case ${i}`, ...c })) },
  ]),
);
testChecks('handshake', checks, CASES, (c) => runChecks(checks, c.facts), (c) => [
  { plugin: 'argoproj-labs/gatewayAPI', ...(c.title && { title: c.title }), ...(c.evidence && { evidence: c.evidence }), ...(c.fix && { fix: Array.isArray(c.fix) ? c.fix : [c.fix] }), ...(c.notInFix && { notInFix: c.notInFix }), ...(c.variant && { variant: c.variant }) },
]);
