/** The probe's columns of the report's plugin table (PluginRow), from one plugin's ProbeFacts. */
import type { PluginRow } from '../core/report.js';
import { formatSize } from '../core/size.js';
import { ARCHIVE_FORMATS } from './binary.js';
import { failedOnlyFromHere } from './facts.js';
import type { DownloadFacts, ProbeFacts } from './types.js';
import { humanDuration } from '../core/duration.js';


function downloadSummary(d: DownloadFacts): string {
  const redirects = d.hops.length > 1 ? `, ${d.hops.length - 1} redirect${d.hops.length > 2 ? 's' : ''} via ${[...new Set(d.hops.map((h) => h.host))].join(' -> ')}` : '';
  const proxy = d.hops[0]?.proxy ? `, proxy ${d.hops[0].proxy}` : '';
  if (d.outcome === 'ok') {
    const speed = d.throughput ? `, ${formatSize(d.throughput)}/s` : '';
    return `${d.status} ${formatSize(d.bytes)} in ${humanDuration(d.totalMs)}${speed}${redirects}${proxy}`;
  }
  if (d.outcome === 'http-status') return `HTTP ${d.status}${redirects}${proxy}`;
  const detail = d.error?.tls ?? d.error?.phase ?? '';
  return `${d.outcome}${detail ? ` (${detail})` : ''} after ${formatSize(d.bytes)}${redirects}${proxy}`;
}

/** `target`, `sha256`, `download` and `binary` of a PluginRow; each absent when it does not apply. */
export function probeRowFields(facts: ProbeFacts): Pick<PluginRow, 'target' | 'sha256' | 'download' | 'binary'> {
  const fields: Pick<PluginRow, 'target' | 'sha256' | 'download' | 'binary'> = {};
  const d = facts.download;
  if (d) {
    fields.target = d.finalUrl;
    fields.download = {
      ok: d.outcome === 'ok',
      summary: downloadSummary(d),
      ...(d.status !== undefined ? { status: d.status } : {}),
      bytes: d.bytes,
      ms: d.totalMs,
      finalUrl: d.finalUrl,
      ...(facts.content?.cachePath ? { cachePath: facts.content.cachePath } : {}),
      ...(failedOnlyFromHere(facts) && { unjudged: true as const }),
    };
  } else if (facts.local) {
    fields.target = facts.local.podPath;
    fields.download = {
      ok: facts.local.state === 'ok',
      summary: facts.local.state === 'ok' ? `local file ${formatSize(facts.content?.size ?? 0)}` : `local file ${facts.local.state}`,
      ...(facts.content ? { bytes: facts.content.size } : {}),
      ...(facts.content?.cachePath ? { cachePath: facts.content.cachePath } : {}),
      ...(facts.local.state === 'not-checked' && { unjudged: true as const }),
    };
  }
  if (facts.kind === 'file' && facts.local?.state === 'not-checked') fields.sha256 = 'unchecked';
  else if (facts.kind !== 'unsupported') fields.sha256 = facts.sha256.state;
  const b = facts.binary;
  if (b) {
    const runnable = b.format === 'elf' && b.static !== false;
    const platformOk = !facts.expectedPlatform || (b.os === facts.expectedPlatform.os && !!b.arch?.includes(facts.expectedPlatform.arch));
    fields.binary = {
      ok: runnable && platformOk,
      summary: ARCHIVE_FORMATS.has(b.format) ? `${b.summary} (archive, not the binary)` : b.summary,
      ...(b.os ? { os: b.os } : {}),
      ...(b.arch?.length ? { arch: b.arch.join('+') } : {}),
      ...(b.static !== undefined ? { static: b.static } : {}),
    };
  }
  return fields;
}
