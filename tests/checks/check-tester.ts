// One tester for every kernel feature check (src/kernels/checks/), in the spirit of ESLint's RuleTester:
// each check gets valid cases (it records nothing) and invalid cases (it records exactly the evidence
// listed). What a check records is told apart from the rest of the profiler by profiling the source
// twice, with the check and with no check at all.
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parse/grammars.js';
import { profileKernels } from '../../src/kernels/profile.js';
import type { KernelCheck } from '../../src/kernels/checks/index.js';

export interface CheckCases {
  /** Sources in which the check records nothing. */
  valid: string[];
  /** Sources and what the check records in them: `feature@line`, or `feature@line: detail` when the case gives it. */
  invalid: { code: string; evidence: string[] }[];
}

/** `feature@line: detail` of every evidence (certain and warp-dependent) of every function. */
function evidence(source: string, checks: readonly KernelCheck[]): string[] {
  return profileKernels(parse(source, 'cuda'), undefined, checks).functions.flatMap((f) =>
    [...f.features, ...f.warpDependent].map((e) => `${e.feature}@${e.line}${e.detail ? `: ${e.detail}` : ''}`));
}

/** What the check alone adds: evidence with it minus evidence without any check (as multisets). */
export function recordedBy(check: KernelCheck, source: string): string[] {
  const without = evidence(source, []);
  const out: string[] = [];
  for (const e of evidence(source, [check])) {
    const k = without.indexOf(e);
    if (k >= 0) without.splice(k, 1);
    else out.push(e);
  }
  return out.sort();
}

export function testCheck(check: KernelCheck, cases: CheckCases): void {
  describe(`kernel check ${check.id}`, () => {
    it('has valid and invalid cases', () => {
      expect(cases.valid.length).toBeGreaterThan(0);
      expect(cases.invalid.length).toBeGreaterThan(0);
    });
    cases.valid.forEach((code, i) => {
      it(`valid #${i + 1} records nothing`, () => expect(recordedBy(check, code)).toEqual([]));
    });
    cases.invalid.forEach(({ code, evidence: expected }, i) => {
      it(`invalid #${i + 1} records ${expected.join(', ')}`, () => {
        const got = recordedBy(check, code);
        // An expectation without a detail matches the feature and line only.
        const shown = got.map((g) => (expected.includes(g) ? g : g.split(': ')[0]!));
        expect(shown.sort()).toEqual([...expected].sort());
        for (const g of got) expect(check.features).toContain(g.split('@')[0]);
      });
    });
  });
}
