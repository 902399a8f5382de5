import { CannotRunError } from '../../core/errors.js';

export async function run(_args: Record<string, unknown>): Promise<number> {
  throw new CannotRunError('doctor is not wired yet');
}
