import { TOOL_VERSION } from '../../core/version.js';
import { outputFormat, VERSION_FORMATS } from '../options.js';

export async function run(args: Record<string, unknown>): Promise<number> {
  const output = outputFormat(args, VERSION_FORMATS);
  if (output === 'json') process.stdout.write(`${JSON.stringify({ version: TOOL_VERSION, node: process.versions.node })}\n`);
  else if (output === 'yaml') process.stdout.write(`version: ${TOOL_VERSION}\nnode: ${process.versions.node}\n`);
  else process.stdout.write(`kubectl-rollouts_plugins ${TOOL_VERSION} (node ${process.versions.node})\n`);
  return 0;
}
