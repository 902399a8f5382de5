import { CannotRunError } from '../../core/errors.js';

export async function run(_args: Record<string, unknown>): Promise<number> {
  throw new CannotRunError('rbac is not wired yet');
}
