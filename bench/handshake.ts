/**
 * Launch → verified Plugin.Type answer: this tool's handshakePlugin() against go-plugin's own
 * client (test/go/host) on the same fixture binaries, one at a time and several at once.
 * Both sides time from just before the launch to the Type reply, inside their own process
 * (neither counts its runtime's start-up), and both end the plugin afterwards.
 * The TypeScript side is timed twice: as doctor and `handshake PATH` launch (prepareLaunch forks
 * the launch while the binary downloads or is hashed, 30 ms before the timed release here), and
 * forked at launch time, inside the timed window (as before prepared launches, and as any launch
 * past the first --concurrency of doctor's handshake step).
 *
 * Rounds alternate between the two so both see the same machine load. Run it bundled with
 * plain node (a smaller heap makes Node's fork cheaper, as in the real CLI). --loaded keeps every
 * core busy with a spinning process during all rounds, so both sides compete for the CPU alike.
 * Each spinner runs in a session of its own, as other programs' load does: with the kernel's
 * autogroup scheduling (Linux's default on most distributions) CPU is shared between sessions
 * first, and spinners in this bench's session competed with the TypeScript side alone, while
 * go-plugin's host, started in its own session, hardly felt them:
 *
 *   npm run bench:handshake -- [rounds] [--loaded]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import type { PluginType } from '../src/core/finding.js';
import { handshakePlugin, prepareLaunch } from '../src/handshake/handshake.js';
import { buildHandshakeBinaries, runGoHost } from '../test/support/handshake-fixtures.js';

const loaded = process.argv.includes('--loaded');
const rounds = Number(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 20);
const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))] ?? Number.NaN;
};
const median = (xs: number[]): number => quantile(xs, 0.5);
/** The interquartile range, as the spread printed beside each median. */
const spread = (xs: number[]): string => `${quantile(xs, 0.25).toFixed(1)}-${quantile(xs, 0.75).toFixed(1)}`;

/** One spinning process per core, each in its own session; each dies on its own after 30 minutes should this bench be killed hard. */
function loadEveryCore(): ChildProcess[] {
  return Array.from({ length: availableParallelism() }, () =>
    spawn(process.execPath, ['-e', 'const end = Date.now() + 1_800_000; while (Date.now() < end);'], { stdio: 'ignore', detached: true }),
  );
}
const load = loaded ? loadEveryCore() : [];
const autogroup = ((): string => {
  try {
    return readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() === '1' ? 'on' : 'off';
  } catch {
    return 'unknown';
  }
})();
const unload = (): void => {
  for (const child of load) child.kill('SIGKILL');
};
process.on('exit', unload);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

/** The TypeScript side's phases, in the order they happen (quit is after the answer, left out). */
const PHASES = ['launch', 'start', 'connect', 'ping', 'dispense', 'type', 'cleanup'];

/** One round: launch to the last verified Type answer, and to the last plugin ended (`wholeMs`). `phases`: each phase's times, every plugin of every round. */
async function typescriptRound(binary: string, type: PluginType, parallel: number, prepared: boolean, phases?: Map<string, number[]>): Promise<{ typeMs: number; wholeMs: number }> {
  const req = { binaryPath: binary, type, verified: true as const };
  const launches = Array.from({ length: parallel }, () => (prepared ? prepareLaunch(req) : undefined));
  if (prepared) {
    if (launches.some((l) => l === undefined)) throw new Error('no prepared launch on this system: it needs Linux with dash as /bin/sh');
    await new Promise((resolve) => setTimeout(resolve, 30)); // the download or the hashing it overlaps
  }
  const began = performance.now();
  const results = await Promise.all(launches.map((launch) => handshakePlugin(req, launch)));
  const wholeMs = performance.now() - began;
  for (const facts of results) {
    if (facts.rpc?.type?.ok !== true) throw new Error(`no Plugin.Type answer from ${binary}: ${JSON.stringify(facts.start)}`);
    for (const phase of facts.phases) phases?.get(phase.name)?.push(phase.ms);
  }
  return { typeMs: Math.max(...results.map((f) => f.msToTypeAnswer ?? Number.NaN)), wholeMs };
}

const bin = await buildHandshakeBinaries();
const scenarios: { label: string; fixture: string; type: PluginType; parallel: number }[] = [
  { label: 'trafficrouter, one at a time', fixture: 'trafficrouter-ok', type: 'trafficrouter', parallel: 1 },
  { label: 'metricprovider, one at a time', fixture: 'metricprovider-ok', type: 'metricprovider', parallel: 1 },
  { label: 'step, 4 at once', fixture: 'step-ok', type: 'step', parallel: 4 },
  { label: 'trafficrouter, 8 at once', fixture: 'trafficrouter-ok', type: 'trafficrouter', parallel: 8 },
];

console.log(
  `launch -> verified Plugin.Type answer, median (interquartile range) of ${rounds} alternating rounds (ms)${loaded ? `, ${load.length} cores kept busy (autogroup scheduling ${autogroup})` : ''}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`,
);
console.log(['scenario'.padEnd(32), 'TS prepared'.padStart(20), 'TS at launch'.padStart(20), 'go-plugin'.padStart(20), 'prepared'.padStart(9), 'at launch'.padStart(10)].join(' '));
const breakdown: string[] = [];
const wholeRounds: string[] = [];
for (const s of scenarios) {
  const binary = bin.plugins[s.fixture] as string;
  await typescriptRound(binary, s.type, s.parallel, true); // warm-up: page cache, JIT
  await typescriptRound(binary, s.type, s.parallel, false);
  const prepared: number[] = [];
  const atLaunch: number[] = [];
  const go: number[] = [];
  const preparedWhole: number[] = [];
  const goWhole: number[] = [];
  const phases = { prepared: new Map(PHASES.map((name) => [name, [] as number[]])), 'at launch': new Map(PHASES.map((name) => [name, [] as number[]])) };
  for (let i = 0; i < rounds; i++) {
    const round = await typescriptRound(binary, s.type, s.parallel, true, phases.prepared);
    prepared.push(round.typeMs);
    preparedWhole.push(round.wholeMs);
    atLaunch.push((await typescriptRound(binary, s.type, s.parallel, false, phases['at launch'])).typeMs);
    const run = await runGoHost(bin.host, binary, { type: s.type, parallel: s.parallel });
    if (!run.result.type) throw new Error(`go-plugin host got no Plugin.Type answer: ${JSON.stringify(run.result)}`);
    go.push(run.typeMs[0] ?? Number.NaN);
    goWhole.push(run.roundMs[0] ?? Number.NaN);
  }
  const goMedian = median(go);
  const cell = (xs: number[]): string => `${median(xs).toFixed(1)} (${spread(xs)})`.padStart(20);
  const ratio = (xs: number[], width: number): string => `${(median(xs) / goMedian).toFixed(2)}x`.padStart(width);
  console.log([s.label.padEnd(32), cell(prepared), cell(atLaunch), cell(go), ratio(prepared, 9), ratio(atLaunch, 10)].join(' '));
  wholeRounds.push(`${s.label.padEnd(32)} ${cell(preparedWhole)} ${cell(goWhole)} ${`${(median(preparedWhole) / median(goWhole)).toFixed(2)}x`.padStart(9)}`);
  for (const [mode, byPhase] of Object.entries(phases)) breakdown.push(`${`${s.label}, ${mode}`.padEnd(42)} ${[...byPhase].map(([name, ms]) => `${name} ${median(ms).toFixed(1)}`).join(', ')}`);
}
console.log(`\nThe whole round, launch to every plugin ended (the TypeScript side's cleanup also looks for escaped processes in /proc; go-plugin's Kill does not)\n${['scenario'.padEnd(32), 'TS prepared'.padStart(20), 'go-plugin'.padStart(20), 'ratio'.padStart(9)].join(' ')}\n${wholeRounds.join('\n')}`);
console.log(`\nTypeScript phases, median per plugin (ms; launch: the release of a prepared launch, or the fork and release at launch time, holding the event loop; start: to the handshake line)\n${breakdown.join('\n')}`);
unload();
