import { ALL_CHECKS, findCheck } from '../../checks/registry.js';
import { UsageError } from '../../core/errors.js';
import { closest } from '../../core/suggest.js';
import { renderCheckDoc, renderCheckList } from '../../render/check-docs.js';
import { CHECK_DOC_FORMATS, outputFormat } from '../options.js';

export async function run(args: Record<string, unknown>): Promise<number> {
  const id = args.id as string | undefined;
  const output = outputFormat(args, CHECK_DOC_FORMATS);
  if (id === undefined) {
    if (output === 'json') process.stdout.write(`${JSON.stringify(ALL_CHECKS, null, 2)}\n`);
    else process.stdout.write(renderCheckList(ALL_CHECKS));
    return 0;
  }
  const check = findCheck(id);
  if (!check) {
    const hint = closest(id, ALL_CHECKS.map((c) => c.id));
    throw new UsageError(`no check has the id "${id}"${hint ? `: did you mean "${hint}"?` : ''} (list them with 'checks')`);
  }
  if (output === 'json') process.stdout.write(`${JSON.stringify(check, null, 2)}\n`);
  else process.stdout.write(renderCheckDoc(check));
  return 0;
}
