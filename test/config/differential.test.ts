/**
 * Fidelity: the TypeScript parser and a Go oracle built with the controller's own libraries
 * (sigs.k8s.io/yaml, encoding/json, net/url, path/filepath) must reach the same verdict on every
 * case: accepted or rejected at start-up, with which error, and which absolute path / URL.
 */
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { downloadFatal, parseConfigMapData } from '../../src/config/parse.js';
import type { ConfigFacts } from '../../src/config/types.js';
import { controllerFeatures } from '../../src/config/version.js';
import { buildGo } from '../support/go-build.js';
import { generated, HANDWRITTEN, mutated, type CorpusCase } from './corpus.js';

interface OracleEntry {
  key: string;
  index: number;
  name: string;
  location: string;
  sha256: string;
  args: string[] | null;
  headersFrom: string[] | null;
  disabled: boolean;
  nameValid: boolean;
  parseError: string;
  scheme: string;
  target: string;
  fatal: string;
}

interface OracleVerdict {
  id: string;
  keyErrors: Record<string, string>;
  entries: OracleEntry[];
  outcome: string;
  fatal: string;
}

/** Our parser's facts, in the oracle's shape. Syntax errors compare by their stable prefix only. */
function ours(c: CorpusCase, facts: ConfigFacts): OracleVerdict {
  const keyErrors: Record<string, string> = {};
  for (const k of facts.keys) if (k.unmarshalError) keyErrors[k.key] = k.unmarshalError.message;
  const failedKeys = new Set(facts.keys.filter((k) => k.unmarshalError ?? k.newestReleaseError).map((k) => k.key));
  const features = controllerFeatures(undefined);
  const entries = facts.entries
    .filter((e) => !failedKeys.has(e.key))
    .map((e) => ({
      key: e.key,
      index: e.index,
      name: e.name,
      location: e.location,
      sha256: e.sha256 ?? '',
      args: e.args ?? null,
      headersFrom: e.headersFrom?.length ? e.headersFrom : null,
      disabled: e.disabled ?? false,
      nameValid: e.nameValid,
      parseError: e.locationFacts.parseError ?? '',
      scheme: e.locationFacts.scheme ?? '',
      target: e.locationFacts.target ?? '',
      fatal: downloadFatal(e, features)?.error ?? '',
    }));
  return { id: c.id, keyErrors, entries, outcome: facts.verdict.outcome, fatal: facts.verdict.fatal?.message ?? '' };
}

const INEXACT = /^(.*error converting YAML to JSON: yaml: ).*$/;

/** Where our wording is knowingly not go-yaml's (syntax errors), keep the stable prefix on both sides. */
function comparable(c: CorpusCase, oracle: OracleVerdict): [OracleVerdict, OracleVerdict] {
  const facts = parseConfigMapData(c.data, c.version === 'latest' ? {} : { controllerVersion: `${c.version}.0` });
  const mine = ours(c, facts);
  const inexact = facts.keys.some((k) => (k.unmarshalError ?? k.newestReleaseError)?.exactWording === false);
  const lenient = (s: string) => (inexact ? s.replace(INEXACT, '$1…') : s);
  // sigs.k8s.io/yaml v1.6.0 (the controller's) lower-cased this message; the oracle links v1.3.0.
  const trim = (s: string) => lenient(s).replace('Unsupported map key', 'unsupported map key');
  const norm = (v: OracleVerdict): OracleVerdict => ({
    ...v,
    fatal: trim(v.fatal),
    keyErrors: Object.fromEntries(Object.entries(v.keyErrors).sort(([a], [b]) => a.localeCompare(b)).map(([k, e]) => [k, trim(e)])),
    // Entries of other versions are decoded with that release's struct: compare the verdict only.
    entries: c.version === 'latest' ? v.entries : [],
  });
  return [norm(mine), norm(oracle)];
}

/**
 * Known, documented differences. Host rules of Go 1.26.1 (the controller's toolchain: brackets
 * only around IPv6, no extra colons), which the oracle's Go 1.19 predates. And where the `yaml`
 * package's syntax rules knowingly differ from go-yaml v2's (libyaml 0.1): a quoted scalar or flow
 * collection continued on a line not indented past its parent (go-yaml folds it, we report a
 * syntax error), and `?` / `:` inside a flow-context plain scalar (libyaml ends the scalar there).
 * Everything else must agree exactly.
 */
function knownDivergence(c: CorpusCase, mine: OracleVerdict): string | undefined {
  const text = Object.values(c.data).join('\n');
  if (/:\/\/(?:[^/\s"'@]*@)?[^/\s"'@]*(\[|:[^/\s"'@]*:)/.test(text)) return 'Go 1.26 host rules';
  const ourYamlError = Object.values(mine.keyErrors).some((e) => e.includes('error converting YAML to JSON: yaml:'));
  if (ourYamlError && /"[^"\n]*\n[^"]*"|\[[^\]]*\n[^\]]*\]/.test(text)) return 'under-indented continuation';
  if (/\[[^\]\n]*[^\s\[,][?:][\s,\]]/.test(text)) return 'indicator inside a flow plain scalar';
  return undefined;
}

async function runOracle(binary: string, cases: CorpusCase[]): Promise<OracleVerdict[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`oracle exited ${code}: ${Buffer.concat(err).toString()}`));
      const lines = Buffer.concat(out).toString('utf8').trim().split('\n');
      resolve(lines.map((l) => JSON.parse(l) as OracleVerdict));
    });
    child.stdin.end(cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
  });
}

describe('differential: TypeScript parser vs Go oracle', () => {
  const corpus = [...HANDWRITTEN, ...generated(600), ...mutated(300)];
  let verdicts: OracleVerdict[];
  beforeAll(async () => {
    // One oracle process judges the whole corpus.
    verdicts = await runOracle(await buildGo('oracle'), corpus);
  });

  it(`agrees on all ${corpus.length} cases, except documented YAML syntax divergences`, () => {
    expect(verdicts).toHaveLength(corpus.length);
    const disagreements: string[] = [];
    const known = new Map<string, string[]>();
    corpus.forEach((c, i) => {
      const [mine, theirs] = comparable(c, verdicts[i] as OracleVerdict);
      if (JSON.stringify(mine) === JSON.stringify(theirs)) return;
      const divergence = knownDivergence(c, mine);
      if (divergence) known.set(divergence, [...(known.get(divergence) ?? []), c.id]);
      else disagreements.push(`${c.id} ${JSON.stringify(c.data)}\n  ours:   ${JSON.stringify(mine)}\n  oracle: ${JSON.stringify(theirs)}`);
    });
    expect(`${disagreements.length} disagreements\n${disagreements.slice(0, 10).join('\n\n')}`).toBe('0 disagreements\n');
    // Known divergences stay rare: only the random character mutations reach them.
    const syntax = [...known.entries()].filter(([kind]) => kind !== 'Go 1.26 host rules').flatMap(([, ids]) => ids);
    expect(syntax.every((id) => id.startsWith('mut-'))).toBe(true);
    expect(syntax.length).toBeLessThan(corpus.filter((c) => c.id.startsWith('mut-')).length / 20);
    // The newer host rules are exercised (and their verdicts tested in parse.test.ts).
    expect(known.get('Go 1.26 host rules')?.length ?? 0).toBeGreaterThan(0);
  });

  it('covers both outcomes and every kind of fatal error', () => {
    const fatals = verdicts.map((v) => v.fatal);
    for (const fragment of [
      'cannot unmarshal object into Go value of type []types.PluginItem',
      'error converting YAML to JSON: yaml:',
      'must be in the format of <namespace>/<name>',
      'failed to parse plugin location',
      'plugin location must be of http(s) or file scheme',
      'does not match expected hash',
      'document contains excessive aliasing',
      'json: unsupported value: NaN',
    ]) {
      expect(fatals.some((f) => f.includes(fragment)), fragment).toBe(true);
    }
    expect(verdicts.filter((v) => v.outcome === 'accepted').length).toBeGreaterThan(20);
  });
});
