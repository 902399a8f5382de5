/** `rbac` with a subject: the bindings docs/rbac.md promises, ready for `kubectl apply -f -`. */
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

interface Doc {
  kind: string;
  metadata: { name: string; namespace?: string };
  roleRef?: { kind: string; name: string };
  subjects?: Record<string, string>[];
}

async function documents(args: string[]): Promise<Doc[]> {
  const result = await runCli(['rbac', ...args]);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return parseAllDocuments(result.stdout).map((d) => d.toJS() as Doc);
}

describe('rbac', () => {
  it('prints only the roles without a subject', async () => {
    expect((await documents([])).map((d) => d.kind)).toEqual(['ClusterRole', 'Role']);
  });

  it.each([
    [['--user', 'dev@example.com'], { kind: 'User', name: 'dev@example.com', apiGroup: 'rbac.authorization.k8s.io' }],
    [['--group', 'sre'], { kind: 'Group', name: 'sre', apiGroup: 'rbac.authorization.k8s.io' }],
    [['--serviceaccount', 'ci:doctor'], { kind: 'ServiceAccount', name: 'doctor', namespace: 'ci' }],
  ])('binds both roles to %j', async (args, subject) => {
    const docs = await documents([...args, '-n', 'rollouts']);
    expect(docs.map((d) => [d.kind, d.metadata.namespace, d.roleRef?.kind])).toEqual([
      ['ClusterRole', undefined, undefined],
      ['Role', 'rollouts', undefined],
      ['ClusterRoleBinding', undefined, 'ClusterRole'],
      ['RoleBinding', 'rollouts', 'Role'],
    ]);
    for (const binding of docs.slice(2)) expect(binding.subjects).toEqual([subject]);
  });

  it('prints -o json as one v1 List of the same objects, as kubectl create -o json prints several (kubectl apply -f takes it)', async () => {
    const yaml = await documents(['--serviceaccount', 'ci:doctor', '-n', 'rollouts']);
    const result = await runCli(['rbac', '--serviceaccount', 'ci:doctor', '-n', 'rollouts', '-o', 'json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual({ apiVersion: 'v1', kind: 'List', items: yaml });
  });

  it('refuses the report flags it does not use, and its help does not list them', async () => {
    expect(await runCli(['rbac', '--fail-on', 'warning'])).toMatchObject({ code: 2, stdout: '', stderr: "error: rbac prints manifests: --fail-on is not used\nSee 'kubectl rollouts-plugins --help'.\n" });
    const help = (await runCli(['rbac', '--help'])).stdout;
    for (const flag of ['--fail-on', '--timeout', '--color', '--config']) expect(help).not.toContain(flag);
    expect(help).toContain('Output format: yaml|json (default: yaml)');
  });

  it('refuses two subjects and a service account without its namespace', async () => {
    const two = await runCli(['rbac', '--user', 'a', '--group', 'b']);
    expect(two).toMatchObject({ code: 2, stderr: "error: rbac binds one subject: give only one of --user, --group, --serviceaccount\nSee 'kubectl rollouts-plugins --help'.\n" });
    const bare = await runCli(['rbac', '--serviceaccount', 'doctor']);
    expect(bare).toMatchObject({ code: 2, stderr: "error: invalid --serviceaccount \"doctor\": use NAMESPACE:NAME\nSee 'kubectl rollouts-plugins --help'.\n" });
  });

  it('lists --user once in its help, as the subject to bind, and still offers the kubeconfig --user elsewhere', async () => {
    const rbac = await runCli(['rbac', '--help']);
    expect(rbac.code).toBe(0);
    const userLines = rbac.stdout.split('\n').filter((line) => /^\s+--user\s/.test(line));
    expect(userLines).toEqual([expect.stringContaining('Also bind the roles to this user')]);
    const bindings = rbac.stdout.slice(rbac.stdout.indexOf('Bindings (as kubectl create rolebinding):'), rbac.stdout.indexOf('Kubernetes flags (as kubectl):'));
    expect(bindings).toContain('--user');
    const doctor = await runCli(['doctor', '--help']);
    expect(doctor.stdout.split('\n').filter((line) => /^\s+--user\s/.test(line))).toEqual([expect.stringContaining('The name of the kubeconfig user to use')]);
  });
});
