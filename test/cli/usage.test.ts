import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

describe('usage errors: exit 2, one clear sentence naming the closest valid choice, no stack trace', () => {
  it.each([
    [['lnt'], 'unknown command or argument "lnt": did you mean "lint"?'],
    [['doctor', 'lnt'], 'unknown command or argument "lnt": did you mean "lint"?'],
    [['--kubeconfg', 'x'], 'unknown flag "--kubeconfg": did you mean "--kubeconfig"?'],
    [['version', '-o', 'jsn'], 'invalid --output "jsn": use one of table, wide, json, yaml, sarif, junit, github, prometheus (did you mean "json"?)'],
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
    [['handshake', '/bin/true', '--type', 'metricprovider', '--context=staging', '--context=prod'], 'handshake takes one context, but --context was given 2 times ("staging", "prod"): give it once'],
    [['serve', '--listen', '127.0.0.1:0', '--context', 'staging', '--context', 'prod'], 'serve takes one context, but --context was given 2 times ("staging", "prod"): give it once'],
  ])('%j', async (args, sentence) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`error: ${sentence}`);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
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
