/** `checksum URL|FILE`: the sha256 the controller will see, and the entry to paste. */
import { PLUGIN_TYPES } from '../../config/types.js';
import { redactDeep, redactText } from '../../core/redact.js';
import { runChecksumCommand } from '../../pipeline/checksum-command.js';
import { probeOptionsFromArgs } from '../../pipeline/probe-step.js';
import { renderJson } from '../../render/json.js';
import { renderYaml } from '../../render/yaml.js';
import { CHECKSUM_FORMATS, oneOf, outputFormat, runTimeoutMs } from '../options.js';
import { emitReport } from '../output.js';
import { runSignal } from '../run-context.js';

export async function run(args: Record<string, unknown>): Promise<number> {
  const signal = runSignal(runTimeoutMs(args));
  const target = String(args.target);
  const outcome = await runChecksumCommand(target, {
    ...probeOptionsFromArgs(args, signal),
    ...(args.name ? { name: String(args.name) } : {}),
    ...(args.type !== undefined ? { type: oneOf(String(args.type), 'type', PLUGIN_TYPES) } : {}),
  });
  if ('report' in outcome) {
    await emitReport(outcome.report, args);
    return 1;
  }
  const { sha256, yaml, notes, facts } = outcome.answer;
  const format = outputFormat(args, CHECKSUM_FORMATS);
  if (format === 'json' || format === 'yaml') {
    const answer = redactDeep({ sha256, location: facts.entry.location, entry: yaml, notes });
    process.stdout.write(format === 'json' ? renderJson(answer) : renderYaml(answer));
  } else process.stdout.write(redactText(`${sha256}  ${target}\n\n${notes.map((note) => `# ${note}\n`).join('')}${yaml}\n`));
  return 0;
}
