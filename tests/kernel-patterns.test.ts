// Device-code patterns the profiler used to miss, each with a case that must not count: ATen's atomic
// wrappers and PTX red/atom, library half types written qualified, full masks written as uint32_t(-1),
// enum warp-size constants, and the `auto kernel` aliases of two lambdas kept apart.
import { describe, expect, it } from 'vitest';
import { parse } from '../src/parse/grammars.js';
import { profileKernels } from '../src/kernels/profile.js';
import { linkKernels, kernelKey } from '../src/kernels/link.js';

const profile = (source: string) => profileKernels(parse(source, 'cuda'));
const features = (source: string) => (profile(source).functions[0]?.features ?? []).map((e) => `${e.feature}:${e.detail ?? ''}`);

describe('atomics through wrappers and PTX', () => {
  it('gpuAtomicAdd and fastAtomicAdd are atomics; a project function named addAtomically is not', () => {
    expect(features('__global__ void k(float* x) { gpuAtomicAdd(x, 1.f); fastAtomicAdd(x, 0, 1, 1.f, true); }')).toEqual([
      'atomic:gpuAtomicAdd(float)', 'atomic:fastAtomicAdd(float)',
    ]);
    expect(features('__global__ void k(float* x) { addAtomically(x, 1.f); }')).toEqual([]);
  });

  it('PTX red.* and atom.* are atomics (f64 ones fp64 too); ld.global is not', () => {
    const f = features('__global__ void k(double* x, float* y) { asm volatile("red.global.add.f32 [%0], %1;" :: "l"(y), "f"(1.f)); asm volatile("atom.global.add.f64 %0, [%1], %2;" : "=d"(x[0]) : "l"(x), "d"(1.0)); }');
    expect(f).toContain('atomic:PTX red.global.add.f32');
    expect(f).toContain('atomic:PTX atom.global.add.f64');
    expect(f).toContain('fp64:PTX atom.global.add.f64 on double');
    expect(features('__global__ void k(float* y) { float v; asm volatile("ld.global.f32 %0, [%1];" : "=f"(v) : "l"(y)); }').filter((e) => e.startsWith('atomic'))).toEqual([]);
  });
});

describe('half types written qualified', () => {
  it('c10::Half, at::BFloat16 and cutlass::half_t in device code; at::Tensor is neither', () => {
    const f = features('__global__ void k(c10::Half* a, at::BFloat16* b) { cutlass::half_t h; }');
    expect(f).toContain('fp16:c10::Half');
    expect(f).toContain('bf16:at::BFloat16');
    expect(f).toContain('fp16:cutlass::half_t');
    expect(features('__global__ void k(at::Tensor* t) { }')).toEqual([]);
  });
});

describe('warp-size assumptions written otherwise', () => {
  it('uint32_t(-1) and (unsigned)-1 as a warp intrinsic mask; -1 elsewhere is not', () => {
    expect(features('__global__ void k(float v) { v = __shfl_xor_sync(uint32_t(-1), v, 1); }')).toContain('warp-size-assumption:full 32-lane mask uint32_t(-1)');
    expect(features('__global__ void k(float v) { v = __shfl_xor_sync((unsigned)-1, v, 1); }')).toContain('warp-size-assumption:full 32-lane mask (unsigned)-1');
    expect(features('__global__ void k(int* x) { x[0] = int(-1); }')).toEqual([]);
  });

  it('enum { THREADS_PER_WARP = 32 } is a warp-size constant; = 64 is recorded as not 32', () => {
    const scan = profile('enum { THREADS_PER_WARP = 32 };\nenum { WARP_THREADS = 64 };\n__global__ void k(int* x) { x[0] = threadIdx.x / THREADS_PER_WARP; }');
    expect(scan.warpSizeConstants.map((c) => [c.name, c.is32])).toEqual([['THREADS_PER_WARP', true], ['WARP_THREADS', false]]);
    const linked = linkKernels([{ file: 'a.cu', scan }]);
    const k = linked.profiles.get(kernelKey('a.cu', 3, 'k'))!;
    expect(k.features['warp-size-assumption']?.evidence[0]?.detail).toBe('THREADS_PER_WARP is 32 (a.cu:1)');
  });
});

describe('lambda aliases', () => {
  it('two lambdas binding `auto kernel` to different kernels: each launch goes to its own', () => {
    const scan = profile(`
__global__ void ka(float* x) { }
__global__ void kb(float* x) { }
void host(float* x, bool c) {
  SWITCH(c, [&] {
    auto kernel = &ka;
    kernel<<<1, 1>>>(x);
  });
  SWITCH(c, [&] {
    auto kernel = &kb;
    kernel<<<1, 1>>>(x);
  });
}`);
    expect(scan.launches.map((l) => [l.kernel, l.line])).toEqual([['kernel|ka', 7], ['kernel|kb', 11]]);
  });

  it('a lambda still sees an alias bound in its function', () => {
    const scan = profile('__global__ void ka(float* x) { }\nvoid host(float* x) { auto kernel = &ka; run([&] { kernel<<<1, 1>>>(x); }); }');
    expect(scan.launches.map((l) => l.kernel)).toEqual(['kernel|ka']);
  });
});

describe('fp64 graded', () => {
  it('a scalar double parameter is fp64-parameter; double data, locals and arithmetic are fp64', () => {
    expect(features('__global__ void k(float* x, const double eps) { x[0] = x[0] + (float)eps; }').map((f) => f.split(':')[0])).toEqual(['fp64-parameter']);
    expect(features('__global__ void k(double* x, int n) { double acc = 0; x[0] = acc; }').map((f) => f.split(':')[0])).toEqual(['fp64', 'fp64']);
  });
});
