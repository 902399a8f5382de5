/**
 * Shell completion: the scripts `completion bash|zsh|fish` print, each run for real in its shell
 * (bash, zsh and fish are installed by .ci/run), and the candidates `__complete` offers (the same
 * ones kubectl's plugin completion reads).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runProcess } from '../support/cli.js';
import { REPO_ROOT } from '../support/go-build.js';

let home: string;
let kubeconfig: string;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'krp-completion-'));
  const config = (names: { contexts: string[]; clusters: string[]; users: string[] }) =>
    [
      'apiVersion: v1',
      'kind: Config',
      `current-context: ${names.contexts[0]}`,
      'contexts:',
      ...names.contexts.map((n) => `- name: ${n}\n  context: {cluster: ${names.clusters[0]}, user: ${names.users[0]}}`),
      'clusters:',
      ...names.clusters.map((n) => `- name: ${n}\n  cluster: {server: "https://127.0.0.1:6443"}`),
      'users:',
      ...names.users.map((n) => `- name: ${n}\n  user: {}`),
      '',
    ].join('\n');
  writeFileSync(join(home, 'first.yaml'), config({ contexts: ['prod-eu', 'prod-us'], clusters: ['eu'], users: ['admin'] }));
  writeFileSync(join(home, 'second.yaml'), config({ contexts: ['staging'], clusters: ['stage'], users: ['dev'] }));
  // EKS names its contexts by ARN: bash splits them at each :
  writeFileSync(join(home, 'eks.yaml'), config({ contexts: ['arn:aws:eks:eu-west-1:123456789012:cluster/shop', 'arn:aws:eks:eu-west-1:123456789012:cluster/billing'], clusters: ['eks'], users: ['eks'] }));
  kubeconfig = [join(home, 'first.yaml'), join(home, 'second.yaml')].join(delimiter);
  mkdirSync(join(home, 'work'));
  writeFileSync(join(home, 'work', 'argo-rollouts-config.yaml'), '');
  writeFileSync(join(home, 'work', 'notes.txt'), '');
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Candidates `__complete` offers for these words (the last one is being completed). */
async function candidates(words: string[]): Promise<{ lines: string[]; directive: string }> {
  const { code, stdout, stderr } = await runCli(['__complete', ...words], { env: { KUBECONFIG: kubeconfig, HOME: home } });
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  const lines = stdout.trimEnd().split('\n');
  return { lines: lines.slice(0, -1), directive: lines.at(-1)! };
}

/**
 * Sources the bash script in a real bash and completes `typed` (the cursor at its end) as bash
 * would: COMP_WORDS as bash 5.2 splits the line with the default COMP_WORDBREAKS (at blanks, and at
 * each run of = or :, which is a word of its own; seen in an interactive bash), COMP_LINE, COMP_POINT.
 * Returns COMPREPLY: what bash puts in place of the last of those words (the piece after a = or :).
 */
async function bashComplete(typed: string): Promise<string[]> {
  const line = `kubectl-rollouts_plugins ${typed}`;
  const words = line.split(/\s+/).filter(Boolean).flatMap((word) => word.match(/[=:]+|[^=:]+/g) ?? []);
  if (/\s$/.test(line)) words.push('');
  const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
  const script = [
    'source <(kubectl-rollouts_plugins completion bash)',
    `COMP_WORDS=(${words.map(quote).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    `COMP_LINE=${quote(line)}`,
    `COMP_POINT=${line.length}`,
    '_kubectl-rollouts_plugins',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  // Not spawnSync: the fixture API server a completion may ask runs in this process.
  const result = await runProcess('bash', ['--norc', '--noprofile', '-c', script], {
    cwd: join(home, 'work'),
    env: {
      PATH: [join(REPO_ROOT, 'node_modules', '.bin'), join(REPO_ROOT, 'bin'), '/usr/bin', '/bin'].join(delimiter),
      HOME: home,
      KUBECONFIG: kubeconfig,
    },
    timeoutMs: 30_000,
  });
  expect(result.code).toBe(0);
  return result.stdout.split('\n').filter(Boolean);
}

describe('__complete', () => {
  it('offers the commands', async () => {
    expect(await candidates([''])).toEqual({
      lines: ['doctor', 'lint', 'probe', 'handshake', 'serve', 'checksum', 'checks', 'rbac', 'version', 'completion'],
      directive: ':4',
    });
    expect((await candidates(['ch'])).lines).toEqual(['checksum', 'checks']);
  });

  it('offers global and command flags', async () => {
    // Only the Kubernetes flags a command can use, as in its help: lint reads no cluster, handshake --init offers names and trust flags, no credential.
    expect((await candidates(['lint', '--c'])).lines).toEqual(['--color', '--config', '--controller-version', '--chart-version', '--ca-file', '--concurrency']);
    // handshake reads no ignore file: no --config.
    expect((await candidates(['handshake', '--c'])).lines).toEqual(['--context', '--cluster', '--certificate-authority', '--color']);
    expect((await candidates(['handshake', '--t'])).lines).toEqual(['--tls-server-name', '--timeout', '--type']);
    expect((await candidates(['doctor', '--t'])).lines).toEqual(['--token', '--tls-server-name', '--timeout']);
  });

  it('offers the flags the command tree defines, no more (read from it: the lists cannot drift)', async () => {
    // checksum downloads like probe: the hand-kept list once lacked these
    expect((await candidates(['checksum', '--p'])).lines).toEqual(['--proxy', '--plugin-dir', '--platform']);
    const all = (await candidates(['checksum', '--'])).lines;
    expect(all).not.toContain('--target'); // an argument, not a flag
    expect(all).not.toContain('--version');
    expect(all).toContain('--no-cache');
    expect(all).not.toContain('--cache');
  });

  it('offers --output values', async () => {
    expect(await candidates(['doctor', '--output', ''])).toEqual({ lines: ['table', 'wide', 'json', 'yaml', 'sarif', 'junit', 'github', 'prometheus'], directive: ':4' });
    // A command that prints no report offers the formats it prints.
    expect(await candidates(['version', '--output', ''])).toEqual({ lines: ['table', 'json', 'yaml'], directive: ':4' });
    expect(await candidates(['rbac', '-o', ''])).toEqual({ lines: ['yaml', 'json'], directive: ':4' });
    expect(await candidates(['checksum', '-o', ''])).toEqual({ lines: ['table', 'wide', 'json', 'yaml'], directive: ':4' });
    expect((await candidates(['-o', 'y'])).lines).toEqual(['yaml']);
  });

  it('offers context, cluster and user names from every KUBECONFIG file, the first file\'s included', async () => {
    expect((await candidates(['--context', ''])).lines).toEqual(['prod-eu', 'prod-us', 'staging']);
    expect((await candidates(['--context', 'prod-'])).lines).toEqual(['prod-eu', 'prod-us']);
    expect((await candidates(['--cluster', ''])).lines).toEqual(['eu', 'stage']);
    expect((await candidates(['--user', ''])).lines).toEqual(['admin', 'dev']);
  });

  it('offers the names of the kubeconfig typed with --kubeconfig, in either form, instead of KUBECONFIG\'s', async () => {
    const second = join(home, 'second.yaml');
    expect((await candidates(['--kubeconfig', second, '--context', ''])).lines).toEqual(['staging']);
    expect((await candidates(['doctor', `--kubeconfig=${second}`, '--cluster', ''])).lines).toEqual(['stage']);
    expect((await candidates(['--kubeconfig', join(home, 'nonexistent.yaml'), '--user', ''])).lines).toEqual([]);
  });

  it('offers the values of the flag being completed in its --flag=value form (as kubectl passes it): the values alone', async () => {
    expect(await candidates(['doctor', '--context='])).toEqual({ lines: ['prod-eu', 'prod-us', 'staging'], directive: ':4' });
    expect((await candidates([`--kubeconfig=${join(home, 'second.yaml')}`, '--context=st'])).lines).toEqual(['staging']);
    expect((await candidates(['-o=j'])).lines).toEqual(['json', 'junit']);
    // a file's flag lets the shell complete the path after the =
    expect(await candidates(['lint', '--filename=arg'])).toEqual({ lines: [], directive: ':0' });
  });

  it("offers no kubeconfig names for rbac's subject flags: --user there is the RBAC subject to bind", async () => {
    for (const flag of ['--user', '--group', '--serviceaccount']) expect(await candidates(['rbac', flag, ''])).toEqual({ lines: [], directive: ':4' });
    expect((await candidates(['doctor', '--user', ''])).lines).toEqual(['admin', 'dev']);
    expect((await candidates(['rbac', '--u'])).lines).toEqual(['--user']);
  });

  it('offers no values for a Kubernetes flag the command refuses (and asks no cluster for them)', async () => {
    expect(await candidates(['lint', '--context', ''])).toEqual({ lines: [], directive: ':4' });
    expect(await candidates(['checksum', '--user', ''])).toEqual({ lines: [], directive: ':4' });
    expect(await candidates(['version', '-n', ''])).toEqual({ lines: [], directive: ':4' });
    expect((await candidates(['doctor', '--context', ''])).lines).toEqual(['prod-eu', 'prod-us', 'staging']);
  });

  it('offers neither the report flags a command refuses nor their values', async () => {
    expect((await candidates(['rbac', '--'])).lines.filter((f) => ['--color', '--timeout', '--config', '--fail-on'].includes(f))).toEqual([]);
    expect((await candidates(['serve', '-'])).lines).not.toContain('-o');
    expect((await candidates(['lint', '-'])).lines).not.toContain('-n'); // a refused Kubernetes flag's short form too
    expect(await candidates(['rbac', '--fail-on', ''])).toEqual({ lines: [], directive: ':4' });
    expect(await candidates(['serve', '-o', ''])).toEqual({ lines: [], directive: ':4' });
    expect(await candidates(['handshake', '--config', ''])).toEqual({ lines: [], directive: ':4' });
    expect((await candidates(['doctor', '--fail-on', ''])).lines).toEqual(['error', 'warning', 'info']);
  });

  it('lets the shell complete file names after -f', async () => {
    expect(await candidates(['lint', '-f', ''])).toEqual({ lines: [], directive: ':0' });
  });
});

/** What a shell completing the command line needs: the CLI on PATH, the test's kubeconfigs, its work dir. */
function shellEnv(): { cwd: string; env: Record<string, string> } {
  return {
    cwd: join(home, 'work'),
    env: {
      PATH: [join(REPO_ROOT, 'node_modules', '.bin'), join(REPO_ROOT, 'bin'), '/usr/bin', '/bin'].join(delimiter),
      HOME: home,
      KUBECONFIG: kubeconfig,
    },
  };
}

/**
 * Completes `kubectl-rollouts_plugins typed` with TAB in a real interactive zsh (driven through
 * zsh/zpty, compinit loaded, the script sourced). Returns the candidates zsh accepted for the word,
 * as it would insert them (each with the part compset moved out of the word, e.g. `--output=`).
 */
async function zshComplete(typed: string): Promise<string[]> {
  const out = join(home, `zsh-${process.hrtime.bigint()}`);
  const q = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
  // compadd, wrapped: every candidate zsh keeps after matching it against the word is written to
  // $out; the script's function, wrapped: a marker once it has run, to stop waiting.
  const driver = [
    'zmodload zsh/zpty',
    `out=${q(out)}`,
    ': > $out',
    'zpty z zsh -f -i',
    'zpty -w z "PS1=; autoload -Uz compinit; compinit -u -D; source <(kubectl-rollouts_plugins completion zsh)"',
    `zpty -w z ${q('compadd () { local -a hits; builtin compadd -O hits "$@"; print -rl -- "${(@)hits/#/$IPREFIX}" >> ' + out + '; builtin compadd "$@" }')}`,
    `zpty -w z ${q('functions[_script]=$functions[_kubectl-rollouts_plugins]; _kubectl-rollouts_plugins () { _script "$@"; print -r -- --done-- >> ' + out + ' }')}`,
    `zpty -w -n z ${q(`kubectl-rollouts_plugins ${typed}`)}$'\\t'`,
    'for i in {1..400}; do grep -qx -- --done-- $out && break; sleep 0.05; done',
    'zpty -d z',
    'grep -qx -- --done-- $out || { print "zsh did not complete" >&2; exit 1 }',
    'grep -vx -- --done-- $out',
  ].join('\n');
  const result = await runProcess('zsh', ['-f', '-c', driver], { ...shellEnv(), timeoutMs: 30_000 });
  rmSync(out, { force: true });
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  return [...new Set(result.stdout.split('\n').filter(Boolean))];
}

/** Completes `kubectl-rollouts_plugins typed` in a real fish (`complete -C`: what TAB offers). */
async function fishComplete(typed: string): Promise<string[]> {
  const script = `source (kubectl-rollouts_plugins completion fish | psub); complete -C ${JSON.stringify(`kubectl-rollouts_plugins ${typed}`)}`;
  const result = await runProcess('fish', ['--no-config', '-c', script], { ...shellEnv(), timeoutMs: 30_000 });
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  return result.stdout.split('\n').filter(Boolean).map((line) => line.split('\t')[0]!);
}

describe('completion scripts', () => {
  it.each([
    ['bash', 'complete -F _kubectl-rollouts_plugins kubectl-rollouts_plugins'],
    ['zsh', 'compdef _kubectl-rollouts_plugins kubectl-rollouts_plugins'],
    ['fish', "complete -c kubectl-rollouts_plugins -f -a '(__kubectl-rollouts_plugins_complete)'"],
  ])('%s registers its completion and asks the executable for candidates', async (shell, registration) => {
    const { code, stdout } = await runCli(['completion', shell]);
    expect(code).toBe(0);
    expect(stdout.split('\n')).toContain(registration);
    expect(stdout).toContain('kubectl-rollouts_plugins __complete');
  });

  it('bash: completes commands, flag values and contexts', async () => {
    expect(await bashComplete('ch')).toEqual(['checksum', 'checks']);
    expect(await bashComplete('doctor -o j')).toEqual(['json', 'junit']);
    expect(await bashComplete('--context prod')).toEqual(['prod-eu', 'prod-us']);
  });

  it('bash: reads the words typed with = and : as typed (bash splits them there), and completes the piece after the last = or :', async () => {
    expect(await bashComplete(`doctor --kubeconfig=${join(home, 'second.yaml')} --context `)).toEqual(['staging']);
    expect(await bashComplete('doctor --context=')).toEqual(['prod-eu', 'prod-us', 'staging']);
    expect(await bashComplete('doctor --context=prod-')).toEqual(['prod-eu', 'prod-us']);
    expect(await bashComplete('-o=j')).toEqual(['json', 'junit']);
    const eks = join(home, 'eks.yaml');
    expect(await bashComplete(`--kubeconfig=${eks} --context arn:aws:eks:eu-west-1:123456789012:cluster/s`)).toEqual(['cluster/shop']);
    expect(await bashComplete(`--kubeconfig ${eks} --context=arn:aws:eks:eu-west-1:123456789012:`)).toEqual(['cluster/shop', 'cluster/billing']);
  });

  it.each([
    ['zsh', zshComplete],
    ['fish', fishComplete],
  ])('%s: completes commands, flag values in both forms, contexts, and file names where a flag takes a file', async (_shell, complete) => {
    expect(await complete('ch')).toEqual(expect.arrayContaining(['checksum', 'checks']));
    expect((await complete('ch')).length).toBe(2);
    expect(await complete('doctor --output j')).toEqual(['json', 'junit']);
    expect(await complete('doctor --output=j')).toEqual(['--output=json', '--output=junit']);
    expect(await complete('doctor --context=prod')).toEqual(['--context=prod-eu', '--context=prod-us']);
    expect(await complete('lint -f arg')).toEqual(['argo-rollouts-config.yaml']);
    expect(await complete('lint --filename=arg')).toEqual(['--filename=argo-rollouts-config.yaml']);
  });

  it('bash: reads a --kubeconfig typed with ~ or in quotes as the shell passes it when the command runs', async () => {
    expect(await bashComplete('doctor --kubeconfig ~/second.yaml --context ')).toEqual(['staging']);
    expect(await bashComplete(`doctor --kubeconfig '${join(home, 'second.yaml')}' --context `)).toEqual(['staging']);
    expect(await bashComplete(`doctor --kubeconfig "${join(home, 'second.yaml')}" --context `)).toEqual(['staging']);
  });

  it('bash: falls back to file names where a flag takes a file', async () => {
    expect(await bashComplete('lint -f arg')).toEqual(['argo-rollouts-config.yaml']);
    expect(await bashComplete('lint --filename=arg')).toEqual(['argo-rollouts-config.yaml']);
  });
});

describe('__complete asks the cluster for namespaces and plugin names', () => {
  it('offers the namespaces for -n and the configured plugin names for --plugin', async () => {
    const { startScenario } = await import('../cluster/scenarios.js');
    const scenario = await startScenario();
    try {
      const kubeconfigPath = scenario.kubeconfig();
      const namespaces = await runCli(['__complete', '--kubeconfig', kubeconfigPath, '-n', 'argo']);
      expect(namespaces.stdout.split('\n')).toContain('argo-rollouts');
      expect(namespaces.stdout.trimEnd().endsWith(':4')).toBe(true);
      const plugins = await runCli(['__complete', '--kubeconfig', kubeconfigPath, '--plugin', '']);
      expect(plugins.stdout.split('\n')).toEqual(expect.arrayContaining(['argoproj-labs/gatewayAPI', 'argoproj-labs/sample-prometheus']));
    } finally {
      await scenario.close();
    }
  });

  describe('with the connection flags in every form kubectl users type them', () => {
    let scenario: Awaited<ReturnType<typeof import('../cluster/scenarios.js').startScenario>>;
    /** A kubeconfig whose current context points at a server that refuses connections; context `fixture` works. */
    let twoContexts: string;
    beforeAll(async () => {
      const { startScenario } = await import('../cluster/scenarios.js');
      scenario = await startScenario();
      twoContexts = join(scenario.dir, 'two-contexts');
      const config = JSON.parse(readFileSync(scenario.kubeconfig(), 'utf8')) as { clusters: object[]; contexts: object[] };
      config.clusters.push({ name: 'gone', cluster: { server: 'https://127.0.0.1:1' } });
      config.contexts.push({ name: 'gone', context: { cluster: 'gone', user: 'fixture' } });
      writeFileSync(twoContexts, JSON.stringify({ ...config, 'current-context': 'gone' }));
    });
    afterAll(() => scenario.close());

    it.each([[['--kubeconfig={kubeconfig}', '--context', 'fixture']], [['--kubeconfig', '{kubeconfig}', '--context=fixture']]])('reads the kubeconfig and context as typed: %j', async (flags) => {
      const typed = flags.map((flag) => flag.replace('{kubeconfig}', twoContexts));
      expect((await runCli(['__complete', ...typed, '-n', 'argo'])).stdout).toBe('argo-rollouts\n:4\n');
    });

    it('bash: asks the cluster with the connection flags typed with =', async () => {
      expect(await bashComplete(`doctor --kubeconfig=${twoContexts} --context=fixture -n argo`)).toEqual(['argo-rollouts']);
      expect(await bashComplete(`doctor --kubeconfig=${twoContexts} --context=fixture -n=argo`)).toEqual(['argo-rollouts']);
    });

    it('asks no cluster when the typed flags contradict each other, as kubectl refuses them', async () => {
      expect((await runCli(['__complete', '--kubeconfig', twoContexts, '--context', 'fixture', '--insecure-skip-tls-verify', '--certificate-authority', 'ca.pem', '-n', 'argo'])).stdout).toBe(':4\n');
    });

    it.each([[['--namespace=elsewhere']], [['--namespace', 'elsewhere']], [['-nelsewhere']], [['-n=elsewhere']], [['-n', 'argo-rollouts', '-n', 'elsewhere']]])(
      'reads the namespace as typed: %j looks for the ConfigMap there, and finds no plugin',
      async (flags) => {
        const kubeconfig = scenario.kubeconfig();
        expect((await runCli(['__complete', '--kubeconfig', kubeconfig, '--namespace=argo-rollouts', '--plugin', 'argoproj-labs/g'])).stdout).toBe('argoproj-labs/gatewayAPI\n:4\n');
        expect((await runCli(['__complete', '--kubeconfig', kubeconfig, ...flags, '--plugin', 'argoproj-labs/g'])).stdout).toBe(':4\n');
      },
    );
  });

  it('offers nothing, quickly, when the cluster cannot be reached', async () => {
    const started = Date.now();
    const { stdout, code } = await runCli(['__complete', '--kubeconfig', '/nonexistent', '-n', '']);
    expect(code).toBe(0);
    expect(stdout).toBe(':4\n');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
