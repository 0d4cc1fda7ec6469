import { describe, expect, it } from 'vitest';
import { calleeLines } from '../src/kernels/callee-lines.js';
import type { KernelProfile } from '../src/kernels/model.js';

const profile = (callees: KernelProfile['callees']): KernelProfile => ({ externC: false, callees, launches: [], features: {} });

describe('callee lines for costing', () => {
  it('a thin wrapper is costed with the lines of the device functions it reaches', () => {
    const m = calleeLines([{ file: 'a.cu', line: 1, key: 'a' }], () => profile([{ name: 'big', file: 'b.cuh', line: 10, lines: 773 }]));
    expect(m.get('a')).toEqual({ attributed: 773, reached: 773 });
  });
  it('a shared callee is counted once, with the first kernel in (file, line) order; possible callees are not counted', () => {
    const shared = { name: 's', file: 'h.cuh', line: 5, lines: 40 };
    const profiles: Record<string, KernelProfile> = {
      late: profile([shared, { name: 'own', file: 'z.cu', line: 1, lines: 7 }]),
      early: profile([shared, { name: 'maybe', file: 'h.cuh', line: 90, lines: 100, possible: true }]),
    };
    const m = calleeLines([{ file: 'z.cu', line: 50, key: 'late' }, { file: 'a.cu', line: 3, key: 'early' }], (k) => profiles[k]);
    expect(m.get('early')).toEqual({ attributed: 40, reached: 40 });
    expect(m.get('late')).toEqual({ attributed: 7, reached: 47 });
  });
});
