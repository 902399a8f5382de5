/**
 * Runs a kubeconfig exec credential plugin like kubectl (client-go's exec authenticator): the
 * command with its args and env, KUBERNETES_EXEC_INFO describing the request, stdout an
 * ExecCredential. Run here rather than by client-node so that it has a deadline and a clear error.
 */
import { spawn } from 'node:child_process';
import { isAbsolute, join } from 'node:path';
import { ClusterConnectionError } from './errors.js';

export interface ExecConfig {
  command: string;
  args?: string[];
  env?: { name: string; value: string }[] | null;
  apiVersion?: string;
  installHint?: string;
}

export interface ExecCredentialStatus {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  expirationTimestamp?: string;
}

const MAX_OUTPUT = 1024 * 1024;

export async function runExecCredential(exec: ExecConfig, sourceDir: string | undefined, timeoutMs: number): Promise<ExecCredentialStatus> {
  // client-go resolves a command containing a path separator against the kubeconfig's directory.
  const command = sourceDir && exec.command.includes('/') && !isAbsolute(exec.command) ? join(sourceDir, exec.command) : exec.command;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const { name, value } of exec.env ?? []) env[name] = value;
  env.KUBERNETES_EXEC_INFO = JSON.stringify({
    apiVersion: exec.apiVersion ?? 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    spec: { interactive: false },
  });
  const fail = (why: string): ClusterConnectionError =>
    new ClusterConnectionError('credentials', `the exec credential plugin ${command} ${why}${exec.installHint ? ` (${exec.installHint.trim()})` : ''}`);

  const { code, stdout, stderr, error, timedOut } = await new Promise<{ code: number | null; stdout: string; stderr: string; error?: Error; timedOut: boolean }>((resolve) => {
    const child = spawn(command, exec.args ?? [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (out.length < MAX_OUTPUT) out += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < MAX_OUTPUT) err += chunk.toString('utf8');
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, stdout: out, stderr: err, error: e, timedOut });
    });
    child.on('close', (c) => {
      clearTimeout(timer);
      resolve({ code: c, stdout: out, stderr: err, timedOut });
    });
  });
  if (error) throw fail(`could not be run: ${error.message}`);
  if (timedOut) throw fail(`did not answer within ${timeoutMs} ms`);
  if (code !== 0) throw fail(`exited with code ${code}${stderr.trim() ? `: ${stderr.trim().split('\n').at(-1)}` : ''}`);
  let credential: { kind?: string; status?: ExecCredentialStatus };
  try {
    credential = JSON.parse(stdout) as typeof credential;
  } catch {
    throw fail('printed something that is not an ExecCredential JSON object');
  }
  if (credential.kind !== 'ExecCredential' || !credential.status) throw fail('printed no ExecCredential status');
  return credential.status;
}
