// The baseline: findings a team has accepted, identified by fingerprint (src/scan/fingerprint.ts: path,
// rule, name, enclosing function, folded line text, occurrence index; no line number), so entries survive
// lines moving. `cuport baseline` writes it; `scan --baseline FILE` marks the findings it lists as
// suppressed (`external`) so the gate ignores them, and counts entries that no longer match anything.
import { readFileSync } from 'node:fs';
import type { Finding } from '../model.js';

export const BASELINE_SCHEMA = 'cuport-baseline';
export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  /** For people reading the file; matching uses the fingerprint only. */
  ruleId: string;
  name: string;
  file: string;
}

export interface Baseline {
  schema: typeof BASELINE_SCHEMA;
  version: number;
  entries: BaselineEntry[];
}

export interface BaselineOutcome {
  file: string;
  entries: number;
  /** Findings matched by an entry (now suppressed). */
  baselined: number;
  /** Entries that match no finding any more (fixed, or the line changed). */
  stale: number;
}

/** A baseline file that cannot be used: exit code 2, naming the file and the field. */
export class BaselineError extends Error {}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The baseline of the given findings: those not already suppressed in source, sorted, one entry each. */
export function baselineOf(findings: readonly Finding[]): Baseline {
  const entries = findings
    .filter((f) => !f.suppression && f.fingerprint)
    .map((f) => ({ fingerprint: f.fingerprint!, ruleId: f.ruleId, name: f.name, file: f.file }))
    .sort((a, b) => cmp(a.file, b.file) || cmp(a.ruleId, b.ruleId) || cmp(a.name, b.name) || cmp(a.fingerprint, b.fingerprint));
  return { schema: BASELINE_SCHEMA, version: BASELINE_VERSION, entries };
}

export function renderBaseline(baseline: Baseline): string {
  return JSON.stringify(baseline, null, 2) + '\n';
}

/** Reads and checks a baseline file; any problem is a BaselineError naming the file and the field. */
export function loadBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new BaselineError(`${file}: cannot read the baseline (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const fail = (field: string, problem: string): never => {
    throw new BaselineError(`${file}: ${field} ${problem}`);
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail('top level', 'must be an object');
  const o = data as Record<string, unknown>;
  if (o.schema !== BASELINE_SCHEMA) fail('"schema"', `must be "${BASELINE_SCHEMA}"`);
  if (o.version !== BASELINE_VERSION) fail('"version"', `must be ${BASELINE_VERSION} (got ${JSON.stringify(o.version)})`);
  if (!Array.isArray(o.entries)) fail('"entries"', 'must be an array');
  const entries = (o.entries as unknown[]).map((e, i) => {
    if (typeof e !== 'object' || e === null) fail(`entries[${i}]`, 'must be an object');
    const entry = e as Record<string, unknown>;
    for (const field of ['fingerprint', 'ruleId', 'name', 'file'] as const) {
      if (typeof entry[field] !== 'string' || entry[field] === '') fail(`entries[${i}].${field}`, 'must be a non-empty string');
    }
    if (!/^[0-9a-f]{32}$/.test(entry.fingerprint as string)) fail(`entries[${i}].fingerprint`, 'must be 32 lowercase hex digits');
    return entry as unknown as BaselineEntry;
  });
  return { schema: BASELINE_SCHEMA, version: BASELINE_VERSION, entries };
}

/** Marks findings listed in the baseline as suppressed (`external`), in place. */
export function applyBaseline(findings: Finding[], baseline: Baseline, file: string): BaselineOutcome {
  const accepted = new Set(baseline.entries.map((e) => e.fingerprint));
  const matched = new Set<string>();
  let baselined = 0;
  for (const f of findings) {
    if (!f.fingerprint || !accepted.has(f.fingerprint)) continue;
    matched.add(f.fingerprint);
    if (f.suppression) continue;
    f.suppression = { kind: 'external', justification: `baseline ${file}` };
    baselined++;
  }
  return { file, entries: accepted.size, baselined, stale: accepted.size - matched.size };
}
