/**
 * `checksum URL|FILE`: the sha256 the controller will see and the entry to paste, or, when the
 * download or read fails, the report that says why (as probe would).
 */
import { checks as binaryChecks } from '../checks/binary/index.js';
import { checks as probeChecks } from '../checks/probe/index.js';
import { runChecks } from '../core/check.js';
import type { Report } from '../core/report.js';
import { checksum, type ChecksumResult } from '../probe/checksum.js';
import type { TargetOptions } from '../probe/probe.js';
import { configurationNotReadGap } from './coverage.js';
import { buildReport } from './report.js';
import { NO_SELECTION } from './selection.js';
import { targetRow } from './target-rows.js';

export type ChecksumOutcome = { answer: ChecksumResult & { sha256: string; yaml: string } } | { report: Report };

export async function runChecksumCommand(target: string, options: TargetOptions): Promise<ChecksumOutcome> {
  const result = await checksum(target, options);
  if (result.sha256 && result.yaml) return { answer: { ...result, sha256: result.sha256, yaml: result.yaml } };
  const facts = result.facts;
  return {
    report: buildReport({
      command: 'checksum',
      source: { kind: 'none', description: target },
      plugins: [targetRow(facts)],
      findings: [...runChecks(probeChecks, facts), ...runChecks(binaryChecks, facts)],
      selection: NO_SELECTION,
      notChecked: [
        configurationNotReadGap('checksum URL checks one download'),
        { what: 'the sha256', why: facts.binary && facts.content ? `${target} serves no plugin binary (${facts.binary.summary}): its sha256 is no pin` : `${target} could not be downloaded or read as the controller would`, blinds: ['onRestart'] },
      ],
      references: [],
      judgesNow: false,
      logsCurrent: false,
    }),
  };
}
