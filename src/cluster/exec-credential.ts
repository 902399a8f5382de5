/**
 * Runs a kubeconfig exec credential plugin like kubectl (client-go's exec authenticator): the
 * command with its args and env, KUBERNETES_EXEC_INFO describing the request, stdout an
 * ExecCredential. Run here rather than by client-node so that it has a deadline and a clear error.
 */
import { spawn } from 'node:child_process';
import { isAbsolute, join } from 'node:path';
import { redactText } from '../core/redact.js';
import { ClusterConnectionError } from './errors.js';
import { abortCauseText } from '../core/deadline.js';
import { humanDuration } from '../core/duration.js';

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
/** After the plugin exits, how long its output may take to drain before leftover holders of the pipes are ended. */
const EXIT_DRAIN_MS = 200;
/** Runs of token-like characters (base64, JWTs, hex): plugins sometimes echo credentials on stderr. */
const CREDENTIAL_LIKE = /[A-Za-z0-9+/_=.-]{32,}/g;

/** `token: x`, `password=x`, `Bearer x`: the value after a credential word is one, however short. */
const CREDENTIAL_PAIR = /\b(?:(token|password|passwd|secret|api[-_]?key|authorization)(\s*[:=]\s*)|(bearer|basic)(\s+))(?:(bearer|basic)\s+)?([^\s"',;]+)/gi;
const MAX_HINT_CHARS = 300;

/**
 * The last stderr line for an error message, with anything that may be a credential redacted:
 * the kubeconfig's own `exec.env` values exactly, URL passwords and signed-URL parameters, the
 * value after a credential word, and long token-like runs.
 */
export function stderrHint(stderr: string, secrets: readonly string[] = []): string {
  const line = (stderr.trim().split('\n').at(-1) ?? '').trim().slice(0, MAX_HINT_CHARS);
  return redactText(line, secrets)
    .replace(CREDENTIAL_PAIR, (match: string, word?: string, separator?: string, scheme?: string, space?: string, innerScheme?: string, value?: string) =>
      value === '***' ? match : `${word ?? scheme}${separator ?? space}${innerScheme ? `${innerScheme} ` : ''}[redacted]`,
    )
    .replace(CREDENTIAL_LIKE, '[redacted]');
}

export async function runExecCredential(exec: ExecConfig, sourceDir: string | undefined, timeoutMs: number, signal?: AbortSignal): Promise<ExecCredentialStatus> {
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
  if (signal?.aborted) throw fail(`was not run: ${abortCauseText(signal)}`);

  const { code, stdout, stderr, error, ended } = await new Promise<{ code: number | null; stdout: string; stderr: string; error?: Error; ended?: 'timeout' | 'aborted' }>(
    (resolve) => {
      // Its own process group, so that ending it also ends what it started (shell wrappers, aws,
      // gcloud) and a grandchild holding stdout cannot keep the wait open.
      const child = spawn(command, exec.args ?? [], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      let out = '';
      let err = '';
      let code: number | null = null;
      let drainTimer: NodeJS.Timeout | undefined;
      let settled = false;
      const killGroup = (): void => {
        if (child.pid === undefined) return;
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // the group is already gone
        }
      };
      const finish = (result: { error?: Error; ended?: 'timeout' | 'aborted' }): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearTimeout(drainTimer);
        signal?.removeEventListener('abort', onAbort);
        process.off('exit', killGroup);
        child.stdout.destroy();
        child.stderr.destroy();
        resolve({ code, stdout: out, stderr: err, ...result });
      };
      const onAbort = (): void => {
        killGroup();
        finish({ ended: 'aborted' });
      };
      const timer = setTimeout(() => {
        killGroup();
        finish({ ended: 'timeout' });
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      // A second Ctrl-C exits the process at once: the detached group must not outlive it.
      process.on('exit', killGroup);
      child.stdout.on('data', (chunk: Buffer) => {
        if (out.length < MAX_OUTPUT) out += chunk.toString('utf8');
      });
      child.stderr.on('data', (chunk: Buffer) => {
        if (err.length < MAX_OUTPUT) err += chunk.toString('utf8');
      });
      child.on('error', (e) => finish({ error: e }));
      child.on('exit', (c) => {
        code = c;
        // 'close' follows once the pipes drain; if a leftover descendant still holds them, end it.
        drainTimer = setTimeout(() => {
          killGroup();
          finish({});
        }, EXIT_DRAIN_MS);
      });
      child.on('close', () => finish({}));
    },
  );
  if (error) throw fail(`could not be run: ${error.message}`);
  if (ended === 'timeout') throw fail(`did not answer within ${humanDuration(timeoutMs)}`);
  if (ended === 'aborted') throw fail(`was stopped: ${abortCauseText(signal)}`);
  const hint = stderrHint(stderr, (exec.env ?? []).map((e) => e.value));
  if (code !== 0) throw fail(`exited with code ${code}${hint ? `: ${hint}` : ''}`);
  let credential: { kind?: string; status?: ExecCredentialStatus };
  try {
    credential = JSON.parse(stdout) as typeof credential;
  } catch {
    throw fail('printed something that is not an ExecCredential JSON object');
  }
  if (credential.kind !== 'ExecCredential' || !credential.status) throw fail('printed no ExecCredential status');
  return credential.status;
}
