/** --skip of a step: the report lists none of that step's findings, even when its checks ran on bytes another step needed. */
import { describe, expect, it } from 'vitest';
import { checks as binaryChecks } from '../../src/checks/binary/index.js';
import { lintConfigMapData } from '../../src/config/lint.js';
import { runChecks } from '../../src/core/check.js';
import { buildReport } from '../../src/pipeline/report.js';
import { NO_SELECTION, type Selection } from '../../src/pipeline/selection.js';
import type { ProbeFacts } from '../../src/probe/types.js';

const result = lintConfigMapData({ trafficRouterPlugins: '- name: acme/router\n  location: https://plugins.example.com/router-linux-amd64\n' }, []);
const entry = result.config.entries[0]!;
// An HTML page downloaded as the plugin: the binary step's finding.
const html: ProbeFacts = {
  entry,
  kind: 'http',
  download: { url: entry.location, outcome: 'ok', hops: [], finalUrl: entry.location, decompressed: false, bytes: 30, totalMs: 5 },
  sha256: { state: 'unpinned' },
  content: { sha256: 'b'.repeat(64), size: 30 },
  binary: { format: 'html', summary: 'an HTML page', starts: '<!DOCTYPE html>' } as never,
};

function listed(selection: Selection): string[] {
  const report = buildReport({
    command: 'test',
    source: result.source,
    plugins: result.plugins,
    findings: runChecks(binaryChecks, html),
    selection,
    notChecked: [],
    references: [],
    judgesNow: false,
    logsCurrent: false,
  });
  return report.findings.map((f) => f.id);
}

describe('--skip STEP', () => {
  it('lists no finding of the skipped step', () => {
    expect(listed(NO_SELECTION)).toEqual(['binary-is-html']);
    expect(listed({ ...NO_SELECTION, skip: ['binary'] })).toEqual([]);
  });
});
