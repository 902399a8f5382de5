/** `rbac`: a minimal read-only Role/ClusterRole that lets this tool run doctor. */
import { rbacManifests } from '../../cluster/rbac.js';

export async function run(args: Record<string, unknown>): Promise<number> {
  process.stdout.write(rbacManifests(args.namespace ? { namespace: String(args.namespace) } : {}));
  return 0;
}
