/**
 * The report as Prometheus text exposition (format 0.0.4): for `-o prometheus` (node-exporter's
 * textfile collector, the Pushgateway) and for `serve`'s /metrics. Every metric is defined once in
 * REPORT_METRICS; docs/monitoring.md explains each one and a test holds the two together.
 */
import type { Report, VerdictState } from '../core/report.js';
import { CHANGE_MODES, type ChangeState } from '../core/change-detection.js';
import { PLUGIN_TYPES } from '../config/types.js';

export interface MetricDefinition {
  name: string;
  type: 'gauge' | 'counter';
  help: string;
}

/** A sample: the metric's labels and value. */
export interface Sample {
  labels?: Record<string, string>;
  value: number;
}

export const VERDICT_STATES: readonly VerdictState[] = ['ok', 'broken', 'unknown', 'not-checked'];

export const REPORT_METRICS = {
  verdict: {
    name: 'rollouts_plugins_verdict',
    type: 'gauge',
    help: 'The verdict (verdict="now": the controller and the Rollouts using plugins work; verdict="on_restart": the controller would start if restarted now), 1 for its state and 0 for the others.',
  },
  findings: {
    name: 'rollouts_plugins_findings',
    type: 'gauge',
    help: 'Findings of the last report by check id, variant, severity and plugin (plugin="" for findings about no plugin).',
  },
  notChecked: {
    name: 'rollouts_plugins_not_checked',
    type: 'gauge',
    help: 'Things the last report could not check, by the verdict each leaves open (verdict="none": said for completeness).',
  },
  plugins: {
    name: 'rollouts_plugins_plugins',
    type: 'gauge',
    help: 'Plugins in the configuration under judgment, by type.',
  },
  downloadSeconds: {
    name: 'rollouts_plugins_download_duration_seconds',
    type: 'gauge',
    help: 'How long the last download of each plugin took (as the controller downloads it).',
  },
  handshakeSeconds: {
    name: 'rollouts_plugins_handshake_duration_seconds',
    type: 'gauge',
    help: 'How long the last go-plugin handshake with each plugin took.',
  },
  reportTimestamp: {
    name: 'rollouts_plugins_report_timestamp_seconds',
    type: 'gauge',
    help: 'When the last report was made (Unix time).',
  },
} as const satisfies Record<string, MetricDefinition>;

/** serve's own health, next to the report's metrics on /metrics. */
export const SERVE_METRICS = {
  up: {
    name: 'rollouts_plugins_last_run_success',
    type: 'gauge',
    help: 'Whether the last run could read the cluster and make a report (1) or failed (0).',
  },
  runs: {
    name: 'rollouts_plugins_runs_total',
    type: 'counter',
    help: 'Runs since serve started, by result (ok: a report was made; failed: the cluster could not be read or the run broke).',
  },
  lastSuccess: {
    name: 'rollouts_plugins_last_success_timestamp_seconds',
    type: 'gauge',
    help: 'When the last successful run ended (Unix time); absent before the first one.',
  },
  runSeconds: {
    name: 'rollouts_plugins_run_duration_seconds',
    type: 'gauge',
    help: 'How long the last run took.',
  },
  interval: {
    name: 'rollouts_plugins_interval_seconds',
    type: 'gauge',
    help: 'The configured interval between runs (--interval), for alerts on stale results.',
  },
  memory: {
    name: 'rollouts_plugins_resident_memory_bytes',
    type: 'gauge',
    help: "serve's own resident memory.",
  },
  heap: {
    name: 'rollouts_plugins_heap_used_bytes',
    type: 'gauge',
    help: "serve's JavaScript heap in use (what a leak would grow; resident memory also holds free heap).",
  },
  heapAfterRun: {
    name: 'rollouts_plugins_heap_after_run_bytes',
    type: 'gauge',
    help: "serve's JavaScript heap in use right after the collection that ends each run: the live set, steady unless something leaks.",
  },
  changeDetection: {
    name: 'rollouts_plugins_change_detection',
    type: 'gauge',
    help: 'How serve learns that the ConfigMap or a controller pod changed: 1 for the mode in use (watch; retry while a failed watch backs off and opens again: changes wait for it or the next interval; poll when watching is refused or unsupported; off), 0 for the others.',
  },
  watchFailures: {
    name: 'rollouts_plugins_watch_failures_total',
    type: 'counter',
    help: 'Watches of the ConfigMap and the controller pods that failed (network, server errors, an answer that is not watch events); each is set up again after a backoff.',
  },
} as const satisfies Record<string, MetricDefinition>;

export interface ToolHealth {
  succeeded: number;
  failed: number;
  lastRunOk?: boolean;
  lastSuccessAt?: number;
  lastRunMs?: number;
  intervalMs: number;
  residentBytes: number;
  heapUsedBytes: number;
  heapAfterRunBytes?: number;
  changes?: ChangeState;
}

/** /metrics: the latest report's metrics (none before the first report) and serve's health. */
export function renderServeMetrics(report: Report | undefined, health: ToolHealth): string {
  const families: [MetricDefinition, Sample[]][] = [
    ...(report ? reportSamples(report) : []),
    [SERVE_METRICS.up, health.lastRunOk === undefined ? [] : [{ value: health.lastRunOk ? 1 : 0 }]],
    [SERVE_METRICS.runs, [{ labels: { result: 'ok' }, value: health.succeeded }, { labels: { result: 'failed' }, value: health.failed }]],
    [SERVE_METRICS.lastSuccess, health.lastSuccessAt === undefined ? [] : [{ value: health.lastSuccessAt / 1000 }]],
    [SERVE_METRICS.runSeconds, health.lastRunMs === undefined ? [] : [{ value: health.lastRunMs / 1000 }]],
    [SERVE_METRICS.interval, [{ value: health.intervalMs / 1000 }]],
    [SERVE_METRICS.memory, [{ value: health.residentBytes }]],
    [SERVE_METRICS.heap, [{ value: health.heapUsedBytes }]],
    [SERVE_METRICS.heapAfterRun, health.heapAfterRunBytes === undefined ? [] : [{ value: health.heapAfterRunBytes }]],
    [SERVE_METRICS.changeDetection, health.changes ? CHANGE_MODES.map((mode) => ({ labels: { mode }, value: health.changes!.mode === mode ? 1 : 0 })) : []],
    [SERVE_METRICS.watchFailures, health.changes ? [{ value: health.changes.watchFailures }] : []],
  ];
  return families.map(([metric, samples]) => renderFamily(metric, samples)).join('');
}

/** Renders one metric family; nothing when it has no sample. */
export function renderFamily(metric: MetricDefinition, samples: readonly Sample[]): string {
  if (samples.length === 0) return '';
  const lines = [`# HELP ${metric.name} ${escapeHelp(metric.help)}`, `# TYPE ${metric.name} ${metric.type}`];
  for (const sample of samples) lines.push(`${metric.name}${renderLabels(sample.labels)} ${renderValue(sample.value)}`);
  return `${lines.join('\n')}\n`;
}

/** The report's families: verdicts, findings, gaps, plugins, durations, its time. */
export function reportSamples(report: Report): [MetricDefinition, Sample[]][] {
  const verdicts = (['now', 'onRestart'] as const).flatMap((which) =>
    VERDICT_STATES.map((state) => ({ labels: { verdict: which === 'now' ? 'now' : 'on_restart', state }, value: report.verdict[which].state === state ? 1 : 0 })),
  );
  const findingCounts = new Map<string, Sample>();
  for (const f of report.findings) {
    const labels = { id: f.id, variant: f.variant ?? '', severity: f.severity, plugin: f.plugin?.name ?? '', plugin_type: f.plugin?.type ?? '' };
    const key = JSON.stringify(labels);
    const sample = findingCounts.get(key) ?? { labels, value: 0 };
    sample.value++;
    findingCounts.set(key, sample);
  }
  const gaps = new Map<string, number>([['now', 0], ['on_restart', 0], ['none', 0]]);
  for (const gap of report.notChecked) {
    if (gap.blinds.length === 0) gaps.set('none', gaps.get('none')! + 1);
    for (const blind of gap.blinds) gaps.set(blind === 'now' ? 'now' : 'on_restart', gaps.get(blind === 'now' ? 'now' : 'on_restart')! + 1);
  }
  const pluginTypes = new Map<string, number>(PLUGIN_TYPES.map((type) => [type, 0]));
  for (const row of report.plugins) pluginTypes.set(row.type, (pluginTypes.get(row.type) ?? 0) + 1);
  const perPlugin = (ms: (row: Report['plugins'][number]) => number | undefined): Sample[] =>
    report.plugins.flatMap((row) => {
      const value = ms(row);
      return value === undefined ? [] : [{ labels: { plugin: row.name, plugin_type: row.type }, value: value / 1000 }];
    });
  return [
    [REPORT_METRICS.verdict, verdicts],
    [REPORT_METRICS.findings, [...findingCounts.values()]],
    [REPORT_METRICS.notChecked, [...gaps].map(([verdict, value]) => ({ labels: { verdict }, value }))],
    [REPORT_METRICS.plugins, [...pluginTypes].map(([type, value]) => ({ labels: { type }, value }))],
    [REPORT_METRICS.downloadSeconds, perPlugin((row) => row.download?.ms)],
    [REPORT_METRICS.handshakeSeconds, perPlugin((row) => row.handshake?.ms)],
    [REPORT_METRICS.reportTimestamp, [{ value: Date.parse(report.metadata.generatedAt) / 1000 }]],
  ];
}

export function renderPrometheus(report: Report): string {
  return reportSamples(report)
    .map(([metric, samples]) => renderFamily(metric, samples))
    .join('');
}

function renderLabels(labels: Record<string, string> | undefined): string {
  if (!labels) return '';
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

/** Label values escape backslash, double quote and newline (the exposition format's rule). */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function renderValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
