import { describe, expect, it } from 'vitest';
import { constantBytes, sharedMemory } from '../src/kernels/shared-memory.js';
import type { Evidence } from '../src/kernels/model.js';

const ev = (line: number, detail: string, extra: Partial<Evidence> = {}): Evidence => ({ feature: 'shared-static', line, column: 3, text: '__shared__ ...', detail, ...extra });

describe('shared memory bytes', () => {
  it('evaluates constant launch sizes, and refuses what is not constant', () => {
    expect(constantBytes('2 * 256 * sizeof(float)')).toBe(2048);
    expect(constantBytes('(128 + 4) * sizeof(half)')).toBe(264);
    expect(constantBytes('1024u')).toBe(1024);
    expect(constantBytes('smem_size')).toBeUndefined();
    expect(constantBytes('n * sizeof(T)')).toBeUndefined();
  });
  it('sums static arrays of kernel and callees once each, counts unsized ones, takes the largest constant dynamic size', () => {
    const smem = sharedMemory([ev(4, '4096 bytes'), ev(4, '4096 bytes'), ev(9, '128 bytes', { file: 'h.cuh', via: 'f' }), ev(12, 'size not constant'), ev(20, '999 bytes', { possible: true })], [
      { file: 'a.cu', line: 1, via: '<<<>>>', config: { sharedMem: '256 * sizeof(float)' } },
      { file: 'a.cu', line: 2, via: '<<<>>>', config: { sharedMem: 'bytes' } },
    ]);
    expect(smem).toEqual({ staticBytes: 4224, unsized: 1, dynamicBytes: 1024 });
  });
  it('says nothing for a kernel without shared memory', () => {
    expect(sharedMemory([], [{ file: 'a.cu', line: 1, via: '<<<>>>', config: { sharedMem: '0' } }])).toBeUndefined();
  });
});
