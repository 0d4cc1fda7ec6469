import { describe, expect, it } from 'vitest';
import { constantBytes, sharedMemory } from '../src/kernels/shared-memory.js';
import { templateParamNames } from '../src/kernels/instantiations.js';
import { parse } from '../src/parse/grammars.js';
import { profileKernels } from '../src/kernels/profile.js';
import { linkKernels } from '../src/kernels/link.js';
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
  it('reads template parameter names', () => {
    expect(templateParamNames('<typename T, int BLOCK = 128, class... Rest, typename>')).toEqual(['T', 'BLOCK', 'Rest', '']);
  });
  it('sizes a template kernel\'s arrays per known instantiation (explicit and launch), not through a callee\'s parameters', () => {
    const source = `
template <typename T, int BLOCK>
__global__ void reduce(T* out) {
  __shared__ T partial[BLOCK * 2];
  __shared__ float flag[4];
  out[0] = partial[0] + flag[0];
}
template __global__ void reduce<double, 64>(double*);
void run(float* p) { reduce<float, 256><<<1, 256>>>(p); reduce<float, n><<<1, 256>>>(p); }
template <typename T>
__global__ void via_callee(T* out) { helper<T>(out); }
`;
    const tree = parse(source, 'cuda');
    const { profiles } = linkKernels([{ file: 'k.cu', scan: profileKernels(tree) }]);
    const smem = [...profiles.entries()].map(([key, p]) => [key, p.sharedMemory]);
    expect(smem).toEqual([
      ['k.cu:3:reduce', {
        staticBytes: 16, unsized: 1,
        // double × 128 + 16; float × 512 + 16; `<float, n>` is not constant: not listed.
        instantiations: [{ templateArgs: '<double, 64>', staticBytes: 1040 }, { templateArgs: '<float, 256>', staticBytes: 2064 }],
      }],
      ['k.cu:11:via_callee', undefined],
    ]);
  });
});
