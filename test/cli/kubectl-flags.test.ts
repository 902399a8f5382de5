/** kubectl's flag habits work as in kubectl: -ojson, -o=json, last value wins, -v N, --color, -A. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { kubectlArgv } from '../../src/cli/main.js';
import type { Report } from '../../src/core/report.js';
import { runCli } from '../support/cli.js';
import { runDoctor } from '../support/e2e.js';
import { EXAMPLES } from '../config/examples-expected.js';
import { useScenario } from '../cluster/scenarios.js';

const GOOD = join(EXAMPLES, 'good-configmap.yaml');

describe('argv as kubectl (pflag) reads it', () => {
  it.each([
    [['-ojson'], ['--output=json']],
    [['-o=json'], ['--output=json']],
    [['-nargo-rollouts'], ['--namespace=argo-rollouts']],
    [['-v', '6'], ['--verbose']],
    [['-v=0'], ['--no-verbose']],
    [['--v=4'], ['--verbose']],
    [['-v'], ['-v']],
    [['-f', '-'], ['--filename=-']],
    [['--color'], ['--color=always']],
    [['--color', 'never'], ['--color', 'never']],
    [['handshake', 'p', '--', '-ojson', '-v', '6'], ['handshake', 'p', '--', '-ojson', '-v', '6']],
  ])('%j', (argv, expected) => {
    expect(kubectlArgv(argv)).toEqual(expected);
  });
});

describe('the CLI', () => {
  it.each([[['-ojson']], [['-o=json']], [['-o', 'yaml', '-o', 'json']]])('lint %j prints JSON', async (flags) => {
    const { code, stdout } = await runCli(['lint', '-f', GOOD, ...flags]);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as Report).kind).toBe('PluginReport');
  });

  it('-v 6 is verbose, not an unknown argument', async () => {
    const { code, stderr } = await runCli(['lint', '-f', GOOD, '-v', '6', '-o', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it.each([
    [['--color=always'], true],
    [['--color'], true],
    [['--color=never'], false],
    [['--no-color'], false],
    [[], false],
  ])('%j in a pipe: colour %s', async (flags, coloured) => {
    const { stdout } = await runCli(['lint', '-f', GOOD, ...flags], { env: { NO_COLOR: undefined } });
    expect(/\x1b\[\d+m/.test(stdout)).toBe(coloured);
  });

  it('FORCE_COLOR turns colour on in a pipe; NO_COLOR wins over it; --color=never over both', async () => {
    const forced = await runCli(['lint', '-f', GOOD], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    const both = await runCli(['lint', '-f', GOOD], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    const never = await runCli(['lint', '-f', GOOD, '--color=never'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect([forced, both, never].map((r) => /\x1b\[\d+m/.test(r.stdout))).toEqual([true, false, false]);
  });

  it('an unknown --color value is a usage error', async () => {
    const { code, stderr } = await runCli(['lint', '-f', GOOD, '--color=sometimes']);
    expect(code).toBe(2);
    expect(stderr).toContain('invalid --color "sometimes": use one of auto, always, never');
  });

  it('-A with -n is a usage error that says discovery is already cluster-wide', async () => {
    const { code, stderr } = await runCli(['doctor', '-A', '-n', 'x', '--kubeconfig', '/nonexistent/kubeconfig']);
    expect(code).toBe(2);
    expect(stderr).toContain('without -n the controller is looked for in every namespace');
  });
});

describe('against the fixture API server', () => {
  const fixture = useScenario();
  const namespaceOf = async (args: string[]) => {
    const result = await runDoctor(['--kubeconfig', fixture.scenario().kubeconfig(), '--only', 'cluster', ...args, '-o', 'json'], fixture.dirs().env);
    return (JSON.parse(result.stdout) as Report).controller?.namespace;
  };

  it('-n a -n b is namespace b, as in kubectl', async () => {
    expect(await namespaceOf(['-n', 'elsewhere', '-n', 'argo-rollouts'])).toBe('argo-rollouts');
    expect(await namespaceOf(['-n', 'argo-rollouts', '-n', 'elsewhere'])).toBe('elsewhere');
  });

  it('a connection flag given no value is as if not given, as in kubectl: the kubeconfig\'s server, context and credentials are used', async () => {
    expect(await namespaceOf(['--server=', '--context=', '--cluster=', '--user=', '--token=', '--namespace=', '--request-timeout='])).toBe('argo-rollouts');
  });

  it('a --context given no value is as if not given, next to a named one or repeated: one cluster checked, no fleet run over a context named ""', async () => {
    expect(await namespaceOf(['--context', 'fixture', '--context='])).toBe('argo-rollouts');
    expect(await namespaceOf(['--context=', '--context='])).toBe('argo-rollouts');
  });

  it('--as-group twice impersonates both groups, as kubectl does', async () => {
    const server = fixture.scenario().server;
    const before = server.requests.length;
    await namespaceOf(['--as', 'admin', '--as-group', 'devs', '--as-group', 'ops']);
    const sent = server.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    for (const request of sent) expect(request.impersonateGroups).toEqual(['devs', 'ops']);
  });

  it('-A finds the controller in any namespace, as without -n', async () => {
    expect(await namespaceOf(['-A'])).toBe('argo-rollouts');
  });
});
