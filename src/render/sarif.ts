/**
 * SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps): every check is a rule carrying its
 * docs from the registry, every finding a result at its location. It only renders.
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result, Location } from 'sarif';
import type { CheckMeta } from '../core/check.js';
import type { Finding, FindingLocation, Severity } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { terminalSafeJson } from './terminal-safe.js';

export const TOOL_URI = 'https://github.com/kubectl-rollouts-plugins/kubectl-rollouts-plugins';
const CHECKS_DOC = `${TOOL_URI}/blob/main/docs/checks.md`;

const LEVEL: Record<Severity, Result.level> = { error: 'error', warning: 'warning', info: 'note' };

/** A file as a SARIF artifact URI: absolute paths as file:// URLs, relative ones as relative references. */
function artifactUri(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function locations(at: FindingLocation | undefined): Location[] {
  if (!at) return [];
  const logical = at.key !== undefined ? [{ name: at.entry !== undefined ? `${at.key}[${at.entry}]` : at.key, kind: 'member' }] : [];
  if (at.file !== undefined && at.file !== 'stdin') {
    return [{
      physicalLocation: {
        artifactLocation: { uri: artifactUri(at.file) },
        ...(at.line !== undefined && { region: { startLine: at.line, ...(at.column !== undefined && { startColumn: at.column }) } }),
      },
      ...(logical.length > 0 && { logicalLocations: logical }),
    }];
  }
  const object = at.object ?? (at.file === 'stdin' ? 'stdin' : undefined);
  const named = [...(object ? [{ fullyQualifiedName: object, kind: 'resource' }] : []), ...logical];
  return named.length > 0 ? [{ logicalLocations: named }] : [];
}

function rule(check: CheckMeta): ReportingDescriptor {
  return {
    id: check.id,
    shortDescription: { text: check.title },
    fullDescription: { text: check.description },
    help: { text: check.fix, markdown: check.fix },
    helpUri: `${CHECKS_DOC}#${check.id}`,
    defaultConfiguration: { level: LEVEL[check.severity] },
    properties: { step: check.step },
  };
}

function result(finding: Finding, ruleIndex: number): Result {
  const where = locations(finding.location);
  return {
    ruleId: finding.id,
    ...(ruleIndex >= 0 && { ruleIndex }),
    level: LEVEL[finding.severity],
    message: { text: [finding.title, ...finding.evidence.map((e) => `evidence: ${e}`), `fix: ${finding.fix}`].join('\n') },
    ...(where.length > 0 && { locations: where }),
    properties: {
      step: finding.step,
      ...(finding.plugin && { plugin: finding.plugin.name, pluginType: finding.plugin.type }),
      ...('variant' in finding && finding.variant !== undefined && { variant: finding.variant }),
      evidence: finding.evidence,
      fix: finding.fix,
    },
  };
}

/** The report as a SARIF log; `checks` are the registry's, so each result's rule has its docs. */
export function renderSarif(report: Report, checks: readonly CheckMeta[]): string {
  const ids = checks.map((c) => c.id);
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'kubectl-rollouts-plugins', version: report.metadata.toolVersion, informationUri: TOOL_URI, rules: checks.map(rule) } },
      invocations: [{ executionSuccessful: true, endTimeUtc: report.metadata.generatedAt }],
      results: report.findings.map((f) => result(f, ids.indexOf(f.id))),
      properties: { verdict: report.verdict, source: report.source },
    }],
  };
  return `${terminalSafeJson(JSON.stringify(log, null, 2))}\n`;
}
