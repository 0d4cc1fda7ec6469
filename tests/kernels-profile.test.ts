// The kernel profiler on small inline sources: one positive and one negative case per feature.
import { describe, expect, it } from 'vitest';
import { parse } from '../src/parse/grammars.js';
import { cuda } from './helpers.js';
import { profileKernels } from '../src/kernels/profile.js';
import type { KernelFeature } from '../src/kernels/model.js';

const profile = (source: string) => profileKernels(parse(source, 'cuda'));
/** `feature@line` of every evidence in the first function, or in the function named. */
const features = (source: string, name?: string) => {
  const fns = profile(source).functions;
  const fn = name ? fns.find((f) => f.name === name) : fns[0];
  return (fn?.features ?? []).map((e) => `${e.feature}@${e.line}`);
};
const has = (source: string, feature: KernelFeature) => features(source).some((f) => f.startsWith(`${feature}@`));

describe('kernel profiler: functions', () => {
  it('finds __global__ and __device__ functions, templates, extern "C" and lines of code', () => {
    const { functions } = profile(`
extern "C" __global__ void k1(float* x) {
  x[0] = 1.0f;
}
template <typename T> __global__ void k2(T* x) { }
__device__ float helper(float v) { return v; }
__host__ __device__ int both(int v) { return v; }
void host_only() {}
`);
    expect(functions.map((f) => [f.name, f.kind, f.line, f.lines, f.template, f.externC])).toEqual([
      ['k1', 'global', 2, 3, false, true],
      ['k2', 'global', 5, 1, true, false],
      ['helper', 'device', 6, 1, false, false],
      ['both', 'device', 7, 1, false, false],
    ]);
  });

  it('records the functions a device function calls', () => {
    const { functions } = profile(`__global__ void k(float* x) { x[0] = helper(x[1]) + ns::other<int>(2); }`);
    expect(functions[0]!.calls).toEqual(['helper', 'other']);
  });
});

describe('kernel profiler: features, each with a negative case', () => {
  it('static and dynamic shared memory, with the static size when it is literal', () => {
    const fns = profile(`__global__ void k() { __shared__ float tile[16][17]; extern __shared__ char dyn[]; }`).functions;
    expect(fns[0]!.features.map((e) => [e.feature, e.detail])).toEqual([
      ['shared-static', '1088 bytes'],
      ['shared-dynamic', 'extern __shared__ char'],
    ]);
    expect(has(`__global__ void k() { float local[16]; }`, 'shared-static')).toBe(false);
  });

  it('warp intrinsics, including cooperative-groups tile collectives', () => {
    expect(features(`__global__ void k(float v) {\n v = __shfl_xor_sync(__activemask(), v, 1, warpSize);\n}`)).toContain('warp-intrinsic@2');
    expect(has(`__global__ void k(cg::thread_block_tile<16> t, float v) { v = t.shfl_down(v, 1); }`, 'warp-intrinsic')).toBe(true);
    expect(has(`__global__ void k(float v) { v = __shfl_custom(v); }`, 'warp-intrinsic')).toBe(false);
  });

  it('warp-size assumptions: & 31, % 32, >> 5, / 32, offset-16 reductions, 0xffffffff masks, 32-bit ballots, tiles of 32', () => {
    const src = `
__global__ void k(float v) {
  int lane = threadIdx.x & 31;
  int lane2 = threadIdx.x % 32;
  int warp = threadIdx.x >> 5;
  int warps = blockDim.x / 32;
  for (int offset = 16; offset > 0; offset /= 2) v += __shfl_down_sync(0xffffffff, v, offset);
  unsigned int ballot = __ballot_sync(__activemask(), v > 0);
  auto tile = cg::tiled_partition<32>(cg::this_thread_block());
}`;
    const lines = features(src).filter((f) => f.startsWith('warp-size-assumption@')).map((f) => Number(f.split('@')[1]));
    expect([...new Set(lines)]).toEqual([3, 4, 5, 6, 7, 8, 9]);
  });

  it('warpSize-correct code raises no warp-size assumption', () => {
    const src = `
__global__ void k(float v, int n) {
  int lane = threadIdx.x % warpSize;
  int warp = threadIdx.x / warpSize;
  for (int offset = warpSize / 2; offset > 0; offset /= 2) v += __shfl_down_sync(__activemask(), v, offset);
  int blocks = (n & 31) + n / 32;         // sizes, not lanes
  unsigned long long mask = __ballot_sync(__activemask(), v > 0);
}`;
    expect(has(src, 'warp-size-assumption')).toBe(false);
    expect(has(src, 'warp-intrinsic')).toBe(true);
  });

  it('a named warp-size constant defined as 32 is recorded for linking, its uses in device code too', () => {
    const scan = profile(`#define WARP_SIZE 32\nconstexpr int kWarpSize = 32;\nconstexpr int OTHER = 32;\n__global__ void k() { int l = threadIdx.x % WARP_SIZE; }`);
    expect(scan.warpSizeConstants.map((c) => c.name)).toEqual(['WARP_SIZE', 'kWarpSize']);
    expect(scan.functions[0]!.warpSizeNames.map((u) => u.name)).toEqual(['WARP_SIZE']);
  });

  it('atomics with the operand type from the declaration; atomicAdd on double is also fp64', () => {
    const fns = profile(`__global__ void k(float* f, double* d, unsigned int* c) {
  __shared__ int bins[8];
  atomicAdd(&f[threadIdx.x], 1.0f); atomicAdd(d, 2.0); atomicInc(c, 4u); atomicMax(&bins[0], 3); atomicCAS((unsigned long long*)d, 0ull, 1ull);
}`).functions;
    expect(fns[0]!.features.filter((e) => e.feature === 'atomic').map((e) => e.detail)).toEqual([
      'atomicAdd(float)', 'atomicAdd(double)', 'atomicInc(unsigned int)', 'atomicMax(int)', 'atomicCAS(unsigned long long)',
    ]);
    expect(fns[0]!.features.some((e) => e.feature === 'fp64' && e.detail === 'atomicAdd on double')).toBe(true);
    expect(has(`__global__ void k(int* c) { myAtomicThing(c); }`, 'atomic')).toBe(false);
  });

  it('tensor cores: wmma, and mma/ldmatrix/cp.async in PTX; inline PTX with its opcodes', () => {
    expect(has(`__global__ void k() { nvcuda::wmma::fragment<nvcuda::wmma::matrix_a, 16, 16, 16, half, nvcuda::wmma::row_major> a; }`, 'tensor-core')).toBe(true);
    const fns = profile(`__global__ void k(unsigned a) {
  asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];" : "=r"(a), "=r"(a), "=r"(a), "=r"(a) : "r"(a));
  asm volatile("mov.u32 %0, %%laneid;" : "=r"(a));
}`).functions;
    expect(fns[0]!.features.map((e) => `${e.feature}:${e.detail}`)).toEqual([
      'inline-ptx:ldmatrix.sync.aligned.m8n8.x4.shared.b16', 'tensor-core:ldmatrix.sync.aligned.m8n8.x4.shared.b16', 'inline-ptx:mov.u32',
    ]);
    expect(has(`__global__ void k() { asm volatile("" ::: "memory"); }`, 'inline-ptx')).toBe(false);
  });

  it('inline PTX the detector reads too: a string macro of the file, cache qualifiers, `trap`', () => {
    const fns = profile(`#define LD_NC "ld.global.nc.L1::no_allocate.L2::256B"
__global__ void k(int* p, int v) {
  asm volatile(LD_NC ".s32 %0, [%1];" : "=r"(v) : "l"(p));
  asm volatile("cp.async.bulk.global.shared::cta.bulk_group.L2::cache_hint [%0], [%1], %2, %3;" :: "l"(p), "r"(v), "r"(v), "l"(p));
  asm("trap;");
}`).functions;
    expect(fns[0]!.features.map((e) => `${e.feature}:${e.detail}`)).toEqual([
      'inline-ptx:ld.global.nc.L1::no_allocate.L2::256B.s32',
      'async-copy:cp.async.bulk.global.shared::cta.bulk_group.L2::cache_hint', 'inline-ptx:cp.async.bulk.global.shared::cta.bulk_group.L2::cache_hint',
      'inline-ptx:trap',
    ]);
  });

  it('cooperative groups (through an alias) and grid sync; not a lookalike name', () => {
    const src = `namespace cg = cooperative_groups;\n__global__ void k() { cg::grid_group g = cg::this_grid(); g.sync(); }`;
    expect(has(src, 'cooperative-groups')).toBe(true);
    expect(has(src, 'grid-sync')).toBe(true);
    expect(has(`__global__ void k() { my::this_grid_like(); }`, 'grid-sync')).toBe(false);
  });

  it('an alias written with comments and blanks between its tokens is the same alias for the detector and the profiler', () => {
    // The detector and the profiler read the alias once, through the pass (src/detect/pass-context.ts).
    const src = `namespace cg /* groups */ = ::cooperative_groups ;\n__global__ void k() { cg::grid_group g = cg::this_grid(); g.sync(); }`;
    expect(has(src, 'grid-sync')).toBe(true);
    const names = cuda(src).findings.map((f) => f.name);
    expect(names).toContain('cooperative_groups::this_grid');
  });

  it('dynamic parallelism: a launch from device code, not from host code', () => {
    const scan = profile(`__global__ void child() {}\n__global__ void parent() { child<<<1, 1>>>(); }\nvoid host() { child<<<1, 1>>>(); }`);
    expect(scan.functions.find((f) => f.name === 'parent')!.features.map((e) => e.feature)).toEqual(['dynamic-parallelism']);
    expect(scan.launches.map((l) => [l.kernel, l.fromDevice])).toEqual([['child', true], ['child', false]]);
  });

  it('texture objects, legacy texture references and surfaces', () => {
    const src = `texture<float, 2, cudaReadModeElementType> texRef;
__global__ void k(cudaTextureObject_t t, cudaSurfaceObject_t s, float* o) {
  o[0] = tex2D<float>(t, 0, 0) + tex2D(texRef, 1, 1);
  surf2Dwrite(o[0], s, 0, 0);
}`;
    expect(features(src).filter((f) => /texture|surface/.test(f))).toEqual(
      ['texture-object@2', 'surface@2', 'texture-object@3', 'texture-reference@3', 'surface@4'],
    );
    expect(has(`__global__ void k(float* t) { t[0] = texture_lookup(t); }`, 'texture-object')).toBe(false);
  });

  it('__launch_bounds__ with its argument count', () => {
    const fns = profile(`__global__ void __launch_bounds__(256, 2) k() {}`).functions;
    expect(fns[0]!.features.map((e) => `${e.feature}:${e.detail}`)).toEqual(['launch-bounds:2 argument(s)']);
    expect(has(`__global__ void k() {}`, 'launch-bounds')).toBe(false);
  });

  it('half, bf16, fp8 and double; double constants only where they make double arithmetic', () => {
    const src = `__global__ void k(half* h, __nv_bfloat16* b, __nv_fp8_e4m3* f, double* d, float x) {
  float y = x * 0.5;
  float z = float(0.5) + 1.0f;
}`;
    expect(features(src)).toEqual(['fp16@1', 'bf16@1', 'fp8@1', 'fp64@1', 'fp64-literal@2']);
  });

  it('printf and assert in device code, not in host code', () => {
    expect(features(`__global__ void k(int n) {\n printf("%d", n);\n assert(n > 0);\n}`)).toEqual(['device-printf@2', 'device-assert@3']);
    expect(profile(`void host(int n) { printf("%d", n); assert(n); }`).functions).toEqual([]);
  });

  it('clusters, TMA and distributed shared memory', () => {
    const src = `__global__ void k(const __grid_constant__ CUtensorMap map, unsigned a) {
  cg::cluster_group c = cg::this_cluster();
  int* remote = c.map_shared_rank(&a, 1);
  asm volatile("cp.async.bulk.tensor.2d.shared::cluster.global.mbarrier::complete_tx::bytes [%0], [%1, {%2, %3}], [%4];" :: "r"(a), "l"(&map), "r"(a), "r"(a), "r"(a));
}`;
    const got = new Set(features(src).map((f) => f.split('@')[0]));
    for (const f of ['cluster', 'tma', 'distributed-shared-memory', 'inline-ptx'] as const) expect(got.has(f)).toBe(true);
    expect(got.has('tensor-core')).toBe(false);
  });

  it('__CUDA_ARCH__ branches inside a kernel; a guard around a definition and other #if conditions are not', () => {
    const src = `#if defined(__CUDA_ARCH__)\n__device__ void d() {}\n#endif\n__global__ void k() {\n#if __CUDA_ARCH__ >= 800\n int x;\n#endif\n#ifdef USE_FAST\n int y;\n#endif\n}`;
    // The guard picks which definition of d compiles (llm.c's __ldcs/__stcs fallback): no branch in d.
    expect(features(src, 'd')).toEqual([]);
    expect(features(src, 'k')).toEqual(['cuda-arch-branch@5']);
  });
});

describe('kernel profiler: launch sites', () => {
  it('<<<grid, block, shmem, stream>>> with template arguments, and the launch APIs with their kernel argument', () => {
    const scan = profile(`void host(void** args, cudaStream_t s, CUfunction f, CUmodule m) {
  kern<float, 4><<<g, b, 1024, s>>>(x);
  cudaLaunchKernel((const void*)kern2, g, b, args, 0, s);
  cudaLaunchCooperativeKernel(reinterpret_cast<void*>(&kern3), g, b, args, 64, s);
  cudaLaunchKernelEx(&config, kern4, 1, 2);
  cuModuleGetFunction(&f, m, "kernDrv");
  cuLaunchKernel(f, 1, 1, 1, 32, 1, 1, 0, s, args, nullptr);
}`);
    expect(scan.launches.map((l) => [l.kernel, l.via, l.line, l.config?.sharedMem ?? null])).toEqual([
      ['kern', '<<<>>>', 2, '1024'],
      ['kern2', 'cudaLaunchKernel', 3, '0'],
      ['kern3', 'cudaLaunchCooperativeKernel', 4, '64'],
      ['kern4', 'cudaLaunchKernelEx', 5, null],
      ['kernDrv', 'cuLaunchKernel', 7, '0'],
    ]);
    expect(scan.launches[0]!.templateArgs).toBe('<float, 4>');
  });

  it('launch macros and launcher functions whose parameter is the kernel', () => {
    const scan = profile(`#define LAUNCH(k, n) k<<<(n + 255) / 256, 256>>>
template <typename K> void launch(K kernel, int n) { kernel<<<n, 1>>>(); }
void host(int n) { LAUNCH(my_kernel, n)(n); launch(other_kernel, n); }`);
    expect(scan.launchers.map((l) => [l.name, l.kernelArg, l.kind])).toEqual([['LAUNCH', 0, 'macro'], ['launch', 0, 'function']]);
    expect(scan.macroCalls.map((c) => [c.callee, c.args[0]])).toEqual([['LAUNCH', 'my_kernel'], ['launch', 'other_kernel']]);
  });

  it('cudaFuncSetAttribute opt-ins with the kernel named', () => {
    const scan = profile(`void host() { cudaFuncSetAttribute(kern<float>, cudaFuncAttributeMaxDynamicSharedMemorySize, 96 * 1024); }`);
    expect(scan.attributes.map((a) => [a.kernel, a.attribute, a.value])).toEqual([['kern', 'cudaFuncAttributeMaxDynamicSharedMemorySize', '96 * 1024']]);
  });
});

describe('kernel profiler: references, arity, warp-dependent patterns', () => {
  it('records names used as values (not calls, not locals) and leaves calls through a local pointer out', () => {
    const fn = profile(`__global__ void k(int t) {
  constexpr vec_dot_t vd = traits<4>::vec_dot_mma;
  float s = vd(1, 2);
  auto pick = t ? vec_a : vec_b;
  s += helper(s);
}`).functions[0]!;
    expect(fn.refs).toEqual(expect.arrayContaining(['vec_a', 'vec_b', 'vec_dot_mma']));
    expect(fn.refs).not.toContain('helper');
    expect(fn.refs).not.toContain('s');
    expect(fn.calls).toEqual(['helper']); // vd is a local function pointer, not a callee
  });

  it('records file-scope and struct-member function aliases', () => {
    const scan = profile(`constexpr vec_dot_t f = vec_dot_q4_0;
template <int N> struct traits { static constexpr vec_dot_t vec_dot_mma = vec_dot_q8_mma<N>; };
const int n = 4;`);
    expect(scan.valueAliases.map((a) => [a.name, a.targets])).toEqual([['f', ['vec_dot_q4_0']], ['vec_dot_mma', ['vec_dot_q8_mma']]]);
  });

  it('records arity with defaults and argument types that are obvious', () => {
    const fns = profile(`__device__ float h(float a, float b = 1.0f) { return a; }
__global__ void k(half2 v, float x) { h(x); h(x, 2.0f); g(v); }`).functions;
    expect(fns[0]!.arity).toEqual([1, 2]);
    expect(fns[1]!.callTypes).toEqual({ g: [['half2']], h: [['float'], ['float', 'float']] });
  });

  it('& 31, / 32 and 0xffffffff on non-lane operands are warp-dependent; lane and warp names are certain', () => {
    const fn = profile(`__global__ void k(int n, unsigned h) {
  int tid = threadIdx.x;
  int half = tid / 32;
  int warp_id = tid / 32;
  int r = n & 31;
  unsigned m = h & 0xffffffff;
  int lane = threadIdx.x & 31;
}`).functions[0]!;
    expect(fn.features.map((e) => `${e.line} ${e.detail}`)).toEqual(['4 / 32 (warp index or warp count for 32-wide warps)', '7 & 31 (lane in a 32-wide warp)']);
    expect(fn.warpDependent.map((e) => e.line)).toEqual([3, 5, 6]);
  });

  it('tid < 32, tid + 32, 32 - x and per-warp __shared__ [32] arrays; warpSize code stays silent', () => {
    const src = `__global__ void k(float* x) {
  __shared__ float s_sum[32];
  __shared__ float tile[32];
  int tid = threadIdx.x, warp_id = tid / warpSize, lane = tid % warpSize;
  if (tid < 32) x[tid] += x[tid + 32];
  s_sum[warp_id] = x[0];
  tile[tid] = 1.0f;
}`;
    const fn = profile(src).functions[0]!;
    expect(fn.features.filter((e) => e.feature === 'warp-size-assumption').map((e) => `${e.line} ${e.detail}`)).toEqual([
      '5 < 32 (the first 32-lane warp of the block)', '5 + 32 (warp-synchronous step across 32 lanes)', '6 s_sum[32] has one slot per 32-lane warp',
    ]);
    const silent = profile(`__global__ void k(float* x) { int lane = threadIdx.x % warpSize; int w = threadIdx.x / warpSize; x[lane] = w; }`).functions[0]!;
    expect([...silent.features, ...silent.warpDependent].filter((e) => e.feature === 'warp-size-assumption')).toEqual([]);
    expect(profile(`__global__ void k(int l) { int r = 32 - l; }`).functions[0]!.warpDependent.map((e) => e.detail)).toEqual(['32 - x (lanes left in a 32-wide warp)']);
  });

  it('grid sync only for sync() on a grid group, not for this_grid() used for its rank', () => {
    expect(has(`__global__ void k() { cg::grid_group g = cg::this_grid(); g.sync(); }`, 'grid-sync')).toBe(true);
    expect(has(`__global__ void k() { cg::this_grid().sync(); }`, 'grid-sync')).toBe(true);
    expect(has(`__device__ void d(cg::grid_group grid) { cg::sync(grid); }`, 'grid-sync')).toBe(true);
    expect(has(`__global__ void k(int* x) { auto g = cg::this_grid(); x[g.thread_rank()] = g.size(); }`, 'grid-sync')).toBe(false);
    expect(has(`__global__ void k() { cg::thread_block b = cg::this_thread_block(); b.sync(); }`, 'grid-sync')).toBe(false);
  });

  it('atomics are the CUDA atomic intrinsics only', () => {
    expect(has(`__global__ void k(int* c) { atomicAdd_block(c, 1); }`, 'atomic')).toBe(true);
    expect(has(`__global__ void k(int* c) { int i = atomicAggInc(c); }`, 'atomic')).toBe(false);
  });

  it('async copies: cp.async, __pipeline_memcpy_async, cuda::memcpy_async / pipeline / barrier; not tensor cores', () => {
    expect(has(`__global__ void k(float* s, const float* g) { __pipeline_memcpy_async(s, g, 16); __pipeline_commit(); }`, 'async-copy')).toBe(true);
    expect(has(`__global__ void k(float* s, const float* g, cuda::pipeline<cuda::thread_scope_thread> p) { cuda::memcpy_async(s, g, 16, p); }`, 'async-copy')).toBe(true);
    const ptx = `__global__ void k(void* s, const void* g) { asm volatile("cp.async.cg.shared.global [%0], [%1], 16;" :: "r"(s), "l"(g)); }`;
    expect(has(ptx, 'async-copy')).toBe(true);
    expect(has(ptx, 'tensor-core')).toBe(false);
    expect(has(`__global__ void k(float* s, const float* g) { memcpy(s, g, 16); }`, 'async-copy')).toBe(false);
  });
});
