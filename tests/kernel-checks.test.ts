// The kernel feature list (src/kernels/features.ts) and the check registry (src/kernels/checks/) are the
// one source of what features exist: the report schema's enum and the README's table must say the same,
// and every check has its fixture. Regenerate the README table with UPDATE_GOLDEN=1.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATURE_DOCS, KERNEL_FEATURES, featureTable } from '../src/kernels/features.js';
import { KERNEL_CHECKS, RECORDED_OUTSIDE_CHECKS } from '../src/kernels/checks/index.js';
import { ROOT } from './helpers.js';

const START = '<!-- kernel-features:start (generated from src/kernels/features.ts) -->';
const END = '<!-- kernel-features:end -->';

describe('kernel feature registry', () => {
  it('lists each feature once', () => {
    expect(new Set(KERNEL_FEATURES).size).toBe(KERNEL_FEATURES.length);
    expect(KERNEL_FEATURES).toEqual(FEATURE_DOCS.map((f) => f.id));
  });

  it('is the report schema enum, in order', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'docs', 'report-schema.json'), 'utf8'));
    expect(schema.definitions.kernelFeature.enum).toEqual([...KERNEL_FEATURES]);
  });

  it('is the README feature table', () => {
    const path = join(ROOT, 'README.md');
    const readme = readFileSync(path, 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const table = `${START}\n${featureTable()}\n${END}`;
    if (process.env.UPDATE_GOLDEN) writeFileSync(path, readme.slice(0, start) + table + readme.slice(end + END.length));
    else expect(readme.slice(start, end + END.length)).toBe(table);
  });

  it('has unique check ids, each with its fixture test and known features', () => {
    const ids = KERNEL_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const check of KERNEL_CHECKS) {
      expect(existsSync(join(ROOT, 'tests', 'checks', `${check.id}.test.ts`)), `tests/checks/${check.id}.test.ts`).toBe(true);
      expect(existsSync(join(ROOT, 'src', 'kernels', 'checks', `${check.id}.ts`)), `src/kernels/checks/${check.id}.ts`).toBe(true);
      expect(check.nodeTypes.length).toBeGreaterThan(0);
      for (const f of check.features) expect(KERNEL_FEATURES).toContain(f);
    }
  });

  it('has every feature recorded somewhere, and the profiler records none outside the checks', () => {
    const recorded = new Set<string>([...KERNEL_CHECKS.flatMap((c) => c.features), ...Object.values(RECORDED_OUTSIDE_CHECKS).flat()]);
    expect(KERNEL_FEATURES.filter((f) => !recorded.has(f))).toEqual([]);
    // The literal feature ids the profiler and the linker record themselves: none in the profiler (its
    // `add` is the checks' CheckContext.add), the linker's listed.
    const literals = (file: string, pattern: RegExp) => [...new Set([...readFileSync(join(ROOT, 'src', 'kernels', file), 'utf8').matchAll(pattern)].map((m) => m[1]!))].sort();
    expect(literals('profile.ts', /'([a-z0-9-]+)'/g).filter((id) => (KERNEL_FEATURES as readonly string[]).includes(id))).toEqual([]);
    const linked = literals('link.ts', /feature: '([a-z0-9-]+)'/g);
    for (const f of linked) expect(RECORDED_OUTSIDE_CHECKS.link).toContain(f);
  });
});
