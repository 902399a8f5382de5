/** `checksum URL|FILE`: the sha256 the controller will see, and the entry to paste. */
import { checks as binaryChecks } from '../../checks/binary/index.js';
import { checks as probeChecks } from '../../checks/probe/index.js';
import { runChecks } from '../../core/check.js';
import { PLUGIN_TYPES } from '../../config/types.js';
import { redactDeep, redactText } from '../../core/redact.js';
import { parseDuration } from '../../core/duration.js';
import { checksum } from '../../probe/checksum.js';
import { probeOptionsFromArgs } from '../../pipeline/probe-step.js';
import { buildReport } from '../../pipeline/report.js';
import { NO_SELECTION } from '../../pipeline/selection.js';
import { targetRow } from '../../pipeline/target-rows.js';
import { oneOf, outputFormat } from '../options.js';
import { emitReport } from '../output.js';
import { runSignal } from '../run-context.js';

export async function run(args: Record<string, unknown>): Promise<number> {
  const signal = runSignal(parseDuration(String(args.timeout), 'timeout'));
  const target = String(args.target);
  const format = outputFormat(args);
  const result = await checksum(target, {
    ...probeOptionsFromArgs(args, signal),
    ...(args.name ? { name: String(args.name) } : {}),
    ...(args.type !== undefined ? { type: oneOf(String(args.type), 'type', PLUGIN_TYPES) } : {}),
  });
  if (result.sha256 && result.yaml) {
    const answer = { sha256: result.sha256, location: result.facts.entry.location, entry: result.yaml, notes: result.notes };
    if (format === 'json') process.stdout.write(`${JSON.stringify(redactDeep(answer), null, 2)}\n`);
    else process.stdout.write(redactText(`${result.sha256}  ${target}\n\n${result.notes.map((note) => `# ${note}\n`).join('')}${result.yaml}\n`));
    return 0;
  }
  // The download or read failed: say why, as probe would.
  const facts = result.facts;
  const report = buildReport({
    command: 'checksum',
    source: { kind: 'none', description: target },
    plugins: [targetRow(facts)],
    findings: [...runChecks(probeChecks, facts), ...runChecks(binaryChecks, facts)],
    selection: NO_SELECTION,
    notChecked: [{ what: 'the sha256', why: `${target} could not be downloaded or read as the controller would`, blinds: ['onRestart'] }],
    references: [],
    judgesNow: false,
    logsCurrent: false,
  });
  emitReport(report, args);
  return 1;
}
