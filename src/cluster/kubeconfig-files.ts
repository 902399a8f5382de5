/**
 * Which kubeconfig files kubectl reads (client-go's loading rules), said once: connecting, listing
 * contexts, --init and shell completion all read these. Light on purpose: completion runs on every <Tab>.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ClusterConnectionError } from './errors.js';

/** --kubeconfig (missing: an error, as kubectl), else the existing files of KUBECONFIG, else ~/.kube/config if it exists. */
export function kubeconfigFiles(kubeconfigFlag: string | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  if (kubeconfigFlag) {
    if (!existsSync(kubeconfigFlag)) {
      throw new ClusterConnectionError('no-kubeconfig', `the kubeconfig file ${kubeconfigFlag} given with --kubeconfig does not exist`);
    }
    return [kubeconfigFlag];
  }
  if (env.KUBECONFIG) return env.KUBECONFIG.split(delimiter).filter((f) => f !== '' && existsSync(f));
  return [defaultKubeconfig(env)].filter((f) => existsSync(f));
}

/** ~/.kube/config, read when KUBECONFIG is not set. */
export function defaultKubeconfig(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.HOME ?? homedir(), '.kube', 'config');
}
