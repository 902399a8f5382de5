import type { Check } from '../../core/check.js';
import type { ProbeFacts } from '../../probe/types.js';
import { fetchedWithoutHeaders } from '../../probe/facts.js';
import { notSentHint, pinFix, pluginRef, withoutHeadersEvidence } from './support.js';

export const sha256Mismatch: Check<ProbeFacts> = {
  meta: {
    id: 'sha256-mismatch',
    severity: 'error',
    step: 'probe',
    effect: 'fatal-at-startup',
    title: 'The downloaded plugin does not match its sha256',
    description:
      'The SHA-256 of the bytes the controller would download differs from the configured `sha256`. The controller logs `sha256 hash of downloaded plugin (LOCATION) does not match expected hash` and exits at start-up. The comparison is exact: an upper-case value never matches. Either the asset changed (a re-published release) or the value was copied from another file. The controller checks sha256 only for http(s) locations. Downloaded without the entry\'s `headersFrom` headers (their Secret was not read here), a mismatch is a warning (`without-headers`) with no value to pin: the controller sends them, and the server may answer them with the pinned file.',
    fix: 'Verify where the new file comes from, then pin its value (the corrected entry is in the finding).',
    variants: {
      'file-location': { severity: 'warning', title: 'A file:// plugin is not the file its (unchecked) sha256 names' },
      'without-headers': {
        severity: 'warning',
        title: 'A download made without the headersFrom headers the controller sends does not match its sha256',
        effect: 'restart-undecided',
        symptomOf: { ids: ['headers-secret-missing'] },
      },
    },
  },
  run(facts, report) {
    const { expected, actual, state } = facts.sha256;
    if (state !== 'mismatch' || !expected || !actual) return;
    const caseOnly = expected.toLowerCase() === actual;
    const isFile = facts.kind === 'file';
    if (fetchedWithoutHeaders(facts)) {
      // The controller sends the headers and may get other bytes: no value is offered to pin.
      report({
        plugin: pluginRef(facts),
        variant: 'without-headers',
        title: `sha256 of ${facts.entry.location}, downloaded without the headersFrom headers, is ${actual}, not the configured ${expected}`,
        evidence: [`configured sha256: ${expected}`, `actual sha256:     ${actual} (${facts.content?.size ?? 0} bytes${facts.binary ? `, ${facts.binary.summary}` : ''})`, ...withoutHeadersEvidence(facts), 'the controller sends those headers: with them, the server may answer the pinned file'],
        fix: notSentHint(facts),
      });
      return;
    }
    report({
      plugin: pluginRef(facts),
      ...(isFile && { variant: 'file-location' }),
      title: caseOnly
        ? 'sha256 is upper case; the controller compares it exactly with lower-case hex'
        : `sha256 of ${facts.entry.location} is ${actual}, not the configured ${expected}`,
      evidence: [
        `configured sha256: ${expected}`,
        `actual sha256:     ${actual} (${facts.content?.size ?? 0} bytes${facts.binary ? `, ${facts.binary.summary}` : ''})`,
        isFile
          ? 'the controller does not check sha256 for file:// locations, but this file is not the one pinned'
          : `the controller logs: level=info msg="expected sha256: ${expected}, actual sha256: ${actual}, of downloaded metric plugin (…)" then level=fatal msg="Failed to download plugins: sha256 hash of downloaded plugin (${facts.entry.location}) does not match expected hash"`,
      ],
      fix: pinFix(facts, actual, caseOnly ? 'Write the value in lower case' : 'If the new file is the one you want (check the release), pin it'),
    });
  },
};
