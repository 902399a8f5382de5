/** `rbac [--user U | --group G | --serviceaccount NS:NAME] [-o yaml|json]`: minimal read-only roles that let this tool run doctor, and their bindings. */
import { rbacManifests, type RbacOptions } from '../../cluster/rbac.js';
import { MANIFEST_FORMATS, outputFormat } from '../options.js';

function subjectOf(args: Record<string, unknown>): RbacOptions['subject'] {
  if (args.user !== undefined) return { kind: 'User', name: String(args.user) };
  if (args.group !== undefined) return { kind: 'Group', name: String(args.group) };
  if (args.serviceaccount === undefined) return undefined;
  const [namespace, name] = String(args.serviceaccount).split(':') as [string, string];
  return { kind: 'ServiceAccount', name, namespace };
}

export async function run(args: Record<string, unknown>): Promise<number> {
  const subject = subjectOf(args);
  process.stdout.write(rbacManifests({ ...(args.namespace ? { namespace: String(args.namespace) } : {}), ...(subject ? { subject } : {}) }, outputFormat(args, MANIFEST_FORMATS)));
  return 0;
}
