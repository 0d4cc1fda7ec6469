import { describe, expect, it } from 'vitest';
import { byName, cuda, names } from './helpers.js';

describe('C/C++/CUDA detector: names in code', () => {
  it('finds runtime calls, types and constants with their rule ids and positions', () => {
    const { findings } = cuda(`
void copy(float* d, const float* h, size_t n, cudaStream_t s) {
  cudaMemcpyAsync(d, h, n, cudaMemcpyHostToDevice, s);
}`);
    expect(findings.map((f) => [f.ruleId, f.kind, f.line, f.column])).toEqual([
      ['cudart.cudaStream_t', 'type', 2, 47],
      ['cudart.cudaMemcpyAsync', 'runtime-call', 3, 3],
      ['cudart.cudaMemcpyHostToDevice', 'constant', 3, 28],
    ]);
    expect(findings.every((f) => f.scope === 'copy')).toBe(true);
  });

  it('never reports names inside comments or string literals', () => {
    const { findings } = cuda(`
// cudaMalloc is called below? no: this comment mentions cudaFree and cublasSgemm
/* cudaMemcpy(dst, src, n, cudaMemcpyDeviceToHost); */
const char* msg = "cudaMalloc failed: cudaErrorMemoryAllocation";
const char* raw = R"(cudaDeviceSynchronize())";
char c = 'c';
void f() { puts("use cudaMemcpyAsync"); }
`);
    expect(findings).toEqual([]);
  });

  it('ignores unrelated identifiers that merely contain "cuda"', () => {
    const { findings } = cuda(`
struct Pool { float* myCudaBuffer; int cudaless; };
int useCuda = 1; void initCudaLater(); int mycudaMalloc(int);
void g(Pool& p) { p.myCudaBuffer = nullptr; initCudaLater(); mycudaMalloc(useCuda); }
`);
    expect(findings).toEqual([]);
  });

  it('finds qualified library names and namespaces without template arguments', () => {
    const { findings } = cuda(`
#include <mma.h>
__global__ void k() {
  nvcuda::wmma::fragment<nvcuda::wmma::matrix_a, 16, 16, 16, half, nvcuda::wmma::row_major> a;
  ::cudaDeviceSynchronize();
}`);
    const wmma = findings.filter((f) => f.name.startsWith('nvcuda::wmma::'));
    expect(wmma[0]?.name).toBe('nvcuda::wmma::fragment');
    expect(wmma[0]?.kind).toBe('device-intrinsic');
    expect(byName(findings, 'cudaDeviceSynchronize')).toHaveLength(1);
  });

  it('does not count a declaration of a CUDA-looking name as a use', () => {
    const { findings, definedNames } = cuda(`
cudaError_t cudaStatus = cudaSuccess;
static void cudaCheck(cudaError_t e, const char* file, int line) {}
#define CUDA_CHECK(x) cudaCheck((x), __FILE__, __LINE__)
void run() { CUDA_CHECK(cudaStatus); }
`);
    // Functions and macros are shared with the whole scan (which drops their uses everywhere, see
    // scan.test.ts); the variable cudaStatus only hides the name in this file.
    expect(definedNames).toEqual(['CUDA_CHECK', 'cudaCheck']);
    expect(findings.filter((f) => f.ruleId !== 'unrecognized').map((f) => f.name)).toEqual([
      'cudaError_t', 'cudaSuccess', 'cudaError_t',
    ]);
    expect(findings.filter((f) => f.name === 'cudaStatus')).toEqual([]);
  });

  it('reports CUDA-looking names the table does not know as unrecognized', () => {
    const { findings } = cuda(`void f() { cudaSomeFutureApi(0); cuMemFutureDriverCall(); CUBLAS_SOME_NEW_FLAG; }`);
    expect(findings.map((f) => [f.name, f.ruleId])).toEqual([
      ['cudaSomeFutureApi', 'unrecognized'],
      ['cuMemFutureDriverCall', 'unrecognized'],
      ['CUBLAS_SOME_NEW_FLAG', 'unrecognized'],
    ]);
  });
});

describe('C/C++/CUDA detector: headers', () => {
  it('matches CUDA headers in both include forms and ignores project headers', () => {
    const { findings } = cuda(`
#include <cuda_runtime.h>
#include "cublas_v2.h"
#include "cuda_utils.h"
#include <vector>
#include <thrust/device_vector.h>
`);
    expect(findings.map((f) => [f.name, f.kind, f.line])).toEqual([
      ['cuda_runtime.h', 'header', 2],
      ['cublas_v2.h', 'header', 3],
      ['thrust/device_vector.h', 'header', 6],
    ]);
    expect(findings.every((f) => f.ruleId !== 'unrecognized')).toBe(true);
  });

  it('reports an unknown CUDA system header as unrecognized', () => {
    const { findings } = cuda(`#include <cuda_some_new_header.h>\n`);
    expect(findings.map((f) => [f.name, f.ruleId])).toEqual([['cuda_some_new_header.h', 'unrecognized']]);
  });
});

describe('C/C++/CUDA detector: macros and the preprocessor', () => {
  it('tokenizes #define bodies, skipping comments and strings inside them', () => {
    const { findings } = cuda(`
#define CHECK(call) do { cudaError_t e_ = (call); /* cudaFree */ \\
  if (e_ != cudaSuccess) { fprintf(stderr, "cudaMalloc %s", cudaGetErrorString(e_)); } } while (0)
`);
    expect(names(findings)).toEqual(['cudaError_t@2', 'cudaSuccess@3', 'cudaGetErrorString@3']);
    expect(findings.every((f) => f.inMacro)).toBe(true);
    expect(findings[2]!.column).toBe(61);
    expect(findings[1]!.column).toBe(13);
  });

  it('reads the rest of a #define that tree-sitter ends at a `/* comment */ \\` line, past a stringized `#name`', () => {
    const { findings } = cuda(`
#define TRY(name, ...) do { \\
    if (pfn_##name == nullptr) \\
      return ncclInternalError; /* missing symbol */ \\
    int e = pfn_##name(__VA_ARGS__); \\
    if (e != 0) { \\
      WARN(#name "() failed"); \\
      return ncclSystemError; \\
    } \\
  } while (0)
#pragma once
`);
    expect(findings.filter((f) => f.ruleId.startsWith('nccl.')).map((f) => `${f.name}@${f.line}:${f.inMacro}`)).toEqual([
      'ncclInternalError@4:true', 'ncclSystemError@8:true',
    ]);
  });

  it('finds launches and PTX inside macro bodies', () => {
    const { findings } = cuda(`
#define LAUNCH(k, g, b) k<<<g, b>>>()
#define LANE(x) asm volatile("mov.u32 %0, %%laneid;" : "=r"(x))
`);
    expect(findings.map((f) => [f.kind, f.detail])).toEqual([
      ['kernel-launch', 'launches k'],
      ['inline-ptx', 'PTX: mov.u32'],
    ]);
  });

  it('scans every #if/#elif/#else branch and records the guard', () => {
    const { findings } = cuda(`
#if CUDART_VERSION >= 11020
void* a() { void* p; cudaMallocAsync(&p, 16, 0); return p; }
#elif defined(USE_MANAGED)
void* a() { void* p; cudaMallocManaged(&p, 16); return p; }
#else
void* a() { void* p; cudaMalloc(&p, 16); return p; }
#endif
#ifdef __CUDACC__
int x = warpSize;
#endif
`);
    const guardOf = (name: string) => byName(findings, name)[0]?.guards;
    expect(guardOf('cudaMallocAsync')).toEqual(['#if CUDART_VERSION >= 11020']);
    expect(guardOf('cudaMallocManaged')).toEqual(['#elif defined(USE_MANAGED)']);
    expect(guardOf('cudaMalloc')).toEqual(['#else (of #if CUDART_VERSION >= 11020, #elif defined(USE_MANAGED))']);
    expect(guardOf('warpSize')).toEqual(['#ifdef __CUDACC__']);
    expect(byName(findings, 'CUDART_VERSION')).toHaveLength(1);
    expect(byName(findings, '__CUDACC__')).toHaveLength(1);
  });

  it('keeps nested guards outermost first', () => {
    const { findings } = cuda(`
#ifdef USE_CUDA
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
__device__ void f() { __syncwarp(); }
#endif
#endif
`);
    expect(byName(findings, '__syncwarp')[0]?.guards).toEqual([
      '#ifdef USE_CUDA',
      '#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800',
    ]);
  });
});

describe('C/C++/CUDA detector: kernels, launches and PTX', () => {
  it('finds __global__ and __device__ definitions, templates and extern "C" kernels', () => {
    const { findings, kernels } = cuda(`
template <typename T, int BLOCK>
__global__ void __launch_bounds__(256) reduce(const T* in, T* out) {
  __shared__ T smem[BLOCK];
  out[0] = in[0];
}
extern "C" __global__ void plain(float* x) { x[0] = 1.f; }
__host__ __device__ inline float sq(float v) { return v * v; }
__global__ void declared_only(int);
__device__ int counter;
`);
    expect(kernels.map((k) => [k.name, k.line, k.lines, k.template])).toEqual([
      ['reduce', 3, 4, true],
      ['plain', 7, 1, false],
    ]);
    expect(findings.filter((f) => f.kind !== 'device-intrinsic').map((f) => [f.kind, f.name, f.line])).toEqual([
      ['kernel-definition', 'reduce', 3],
      ['kernel-definition', 'plain', 7],
      ['device-function', 'sq', 8],
      ['device-function', '__device__', 10],
    ]);
  });

  it('ties <<<>>> launches and cudaLaunchKernel to the kernel launched', () => {
    const { findings } = cuda(`
void host(float* d, cudaStream_t s) {
  reduce<float, 256><<<dim3(64), 256, 256 * sizeof(float), s>>>(d, d);
  void* args[] = {&d};
  cudaLaunchKernel(reinterpret_cast<const void*>(&plain), dim3(1), dim3(32), args, 0, s);
}`);
    const launches = findings.filter((f) => f.kind === 'kernel-launch');
    expect(launches.map((f) => [f.name, f.detail, f.line])).toEqual([
      ['reduce', 'launches reduce', 3],
      ['cudaLaunchKernel', 'launches plain', 5],
    ]);
  });

  it('reports inline PTX with its opcodes, and not host assembly', () => {
    const { findings } = cuda(`
__device__ unsigned lane() { unsigned r; asm volatile("mov.u32 %0, %%laneid;" : "=r"(r)); return r; }
__device__ void mma() { asm("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0}, {%1}, {%2}, {%3};\\n" "ld.global.nc.f32 %0, [%1];" : : ); }
static inline void cpu_relax() { asm volatile("pause" ::: "memory"); }
static inline unsigned long long rdtsc() { unsigned lo, hi; __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi)); return lo; }
`);
    const ptx = findings.filter((f) => f.kind === 'inline-ptx');
    expect(ptx.map((f) => [f.line, f.detail])).toEqual([
      [2, 'PTX: mov.u32'],
      [3, 'PTX: ld.global.nc.f32, mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32'],
    ]);
  });

  it('finds warp intrinsics and atomics in device code', () => {
    const { findings } = cuda(`
__device__ float warp_sum(float v) {
  for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffff, v, o);
  return v;
}
__global__ void k(float* out, float v) { atomicAdd(out, warp_sum(v)); __syncthreads(); }
`);
    expect(findings.filter((f) => f.kind === 'device-intrinsic').map((f) => f.name)).toEqual([
      '__shfl_down_sync', 'atomicAdd', '__syncthreads',
    ]);
    expect(findings.filter((f) => f.kind === 'device-intrinsic').every((f) => f.deviceCode)).toBe(true);
    const host = cuda('void h() { cudaDeviceSynchronize(); }').findings;
    expect(host[0]!.deviceCode).toBeUndefined();
  });

  it('counts syntax errors but still scans the rest of the file', () => {
    const { findings, parseErrors } = cuda(`
void broken( { int x = ;
void ok() { cudaDeviceSynchronize(); }
`);
    expect(parseErrors).toBeGreaterThan(0);
    expect(byName(findings, 'cudaDeviceSynchronize')).toHaveLength(1);
  });
});

describe('C/C++/CUDA detector: namespaces, declarations and device constructs', () => {
  it('resolves namespace aliases and `using namespace` for qualified names', () => {
    const { findings } = cuda(`
#include <cooperative_groups.h>
#include <mma.h>
namespace cg = cooperative_groups;
using namespace nvcuda;
__global__ void k() {
  cg::grid_group g = cg::this_grid();
  wmma::fragment<wmma::accumulator, 16, 16, 16, float> acc;
  cuda::memcpy_async(nullptr, nullptr, 0, 0);
}`);
    const names = findings.filter((f) => f.name.includes('::')).map((f) => `${f.name}:${f.ruleId}`);
    expect(names).toEqual([
      'cooperative_groups::grid_group:dev.cooperative_groups',
      'cooperative_groups::this_grid:dev.cooperative_groups-this_grid',
      'nvcuda::wmma::fragment:dev.nvcuda-wmma',
      'cuda::memcpy_async:unrecognized',
    ]);
  });

  it('treats `struct cudaDeviceProp p;` as a use and `struct X { ... }` as a declaration', () => {
    const { findings, definedNames } = cuda(`
struct cudaDeviceProp prop;
struct cudaGraphicsResource* res;
struct cudaProjectState { int n; };
`);
    expect(findings.map((f) => f.name)).toEqual(['cudaDeviceProp', 'cudaGraphicsResource']);
    expect(definedNames).toEqual([]);
  });

  it('hides a re-declared SDK name only in the file that declares it', () => {
    // A dynamic-loading sample re-declares driver API names as variables and typedefs.
    const { findings, definedNames } = cuda(`
typedef int CUresultLike; typedef void* CUmyHandle;
tcuInit* cuMemFancyAlloc;
void f() { cuMemFancyAlloc(0); }
`);
    expect(findings.map((f) => f.name)).toEqual([]);
    expect(definedNames).toEqual([]); // nothing leaks to other files
  });

  it('shares project helpers (functions, macros) with the scan, but not vendor rename shims', () => {
    const { definedNames } = cuda(`
void cudaCheckHelper(int) {}
#define CUDA_TRY(x) cudaCheckHelper(x)
#define cudaMallocFancy hipMallocFancy
#define cudaStreamFancy(...) hipStreamFancy(__VA_ARGS__)
`);
    expect(definedNames).toEqual(['CUDA_TRY', 'cudaCheckHelper']);
  });

  it('does not take snake_case members for library APIs', () => {
    const { findings } = cuda(`
struct Ctx { cublasHandle_t cublas_handles[4]; cublasHandle_t cublas_handle(int d); };
void g(Ctx& c) { c.cublas_handles[0] = nullptr; auto h = c.cublas_handle(0); int nvtx_range = 0; }
`);
    expect(findings.map((f) => f.name)).toEqual(['cublasHandle_t', 'cublasHandle_t']);
  });

  it('reports __shared__, __constant__, __launch_bounds__ and the built-in thread indices', () => {
    const { findings } = cuda(`
__constant__ float coeffs[16];
__global__ void __launch_bounds__(256) k(float* out) {
  extern __shared__ float tile[];
  tile[threadIdx.x] = coeffs[blockIdx.x % 16];
  out[blockIdx.x * blockDim.x + threadIdx.x] = tile[threadIdx.x];
}`);
    expect(findings.filter((f) => f.kind === 'device-intrinsic').map((f) => f.name)).toEqual([
      '__constant__', '__launch_bounds__', '__shared__', 'threadIdx', 'blockIdx', 'blockIdx', 'blockDim', 'threadIdx', 'threadIdx',
    ]);
  });

  it('does not call a function-pointer lookup of a launch API a launch of some kernel', () => {
    const { findings } = cuda(`void load() { GET_PROC(cuLaunchKernel); }`);
    expect(findings.map((f) => [f.name, f.detail])).toEqual([['cuLaunchKernel', undefined]]);
  });
});

describe('C/C++/CUDA detector: misparsed calls', () => {
  it('reports a CUDA call that tree-sitter reads as a declaration (macro-wrapped cast argument)', () => {
    const { findings } = cuda(`
void f() {
  C10_CUDA_CHECK(cudaFuncSetAttribute(ROCM_ONLY((void *)) kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, 10));
  cudaFuncSetAttribute(R((void *)) kernel, 1, 10);
}
cudaError_t cudaMallocWrapper(void** p);
cudaError_t cudaMalloc(void** p, size_t n);
`);
    expect(findings.filter((f) => f.name === 'cudaFuncSetAttribute').map((f) => f.line)).toEqual([3, 4]);
    expect(findings.some((f) => f.name === 'cudaMallocWrapper' || f.name === 'cudaMalloc')).toBe(false);
  });
});

describe('C/C++/CUDA detector: PTX with state spaces', () => {
  it('reads opcodes with `::` state spaces (TMA, mbarrier) and special registers alone', () => {
    const { findings } = cuda(`
__device__ void tma(void* d, void* s) { asm volatile("cp.async.bulk.tensor.2d.shared::cluster.global.mbarrier::complete_tx::bytes [%0], [%1];" :: "r"(d), "l"(s)); }
__device__ unsigned sm() { unsigned r; asm("mov.u32 %0, %%smid;" : "=r"(r)); return r; }
__device__ unsigned cl() { unsigned r; asm("{ .reg .u32 t; }" : "=r"(r)); return r; }
`);
    expect(findings.filter((f) => f.kind === 'inline-ptx').map((f) => [f.line, f.detail])).toEqual([
      [2, 'PTX: cp.async.bulk.tensor.2d.shared::cluster.global.mbarrier::complete_tx::bytes'],
      [3, 'PTX: mov.u32'],
      [4, 'PTX'],
    ]);
  });

  // Measured on faiss and nccl (bench/README.md "Recall and precision"): each of these was lost.
  it('reads capital cache qualifiers, \\t-separated statements, string macros and trap in device code', () => {
    const { findings } = cuda(`
#if __CUDA_ARCH__ >= 350
#define LD_NC_V1 "ld.global.cs.nc.u32"
#else
#define LD_NC_V1 "ld.global.cs.u32"
#endif
__device__ void ld(unsigned* c, const void* p) {
  asm volatile("ld.relaxed.gpu.global.L1::no_allocate.b32 %0, [%1];" : "=r"(c[0]) : "l"(p));
  asm(LD_NC_V1 " {%0}, [%1 + 4];" : "=r"(c[1]) : "l"(p));
  asm volatile("{\\n\\t"
               ".reg .pred P1;\\n\\t"
               "}\\n\\t" :: );
  asm("trap;");
}
static inline void host_trap() { asm volatile("trap"); }
`);
    expect(findings.filter((f) => f.kind === 'inline-ptx').map((f) => [f.line, f.detail])).toEqual([
      [8, 'PTX: ld.relaxed.gpu.global.L1::no_allocate.b32'],
      [9, 'PTX: ld.global.cs.nc.u32'],
      [10, 'PTX'],
      [13, 'PTX: trap'],
    ]);
  });

  it('reads a macro body\'s asm template across its pieces: stringized parameters and string macros', () => {
    const { findings } = cuda(`
#define PTX_relaxed_gpu "relaxed.gpu"
#define DEFINE_LD(space, ty) \\
  __device__ void ld_##space(void* addr) { \\
    asm volatile("ld." #space "." #ty " %0, [%1];" : "=r"(tmp) : "l"(addr) : "memory"); \\
  }
#define LD_RELAXED(ty) asm volatile("ld." PTX_relaxed_gpu ".global." #ty " %0, [%1];" : "=r"(v) : "l"(addr))
`);
    expect(findings.filter((f) => f.kind === 'inline-ptx').map((f) => [f.line, f.detail])).toEqual([
      [5, 'PTX: ld.space.ty'],
      [7, 'PTX: ld.relaxed.gpu.global.ty'],
    ]);
  });
});

describe('C/C++/CUDA detector: Ascend C kernels', () => {
  it('does not take an Ascend C __global__ __aicore__ kernel for a CUDA kernel', () => {
    const { findings, kernels } = cuda(`extern "C" __global__ __aicore__ void ascendc_add(GM_ADDR x, GM_ADDR y) { }\n__global__ void cuda_add(float* x) { }\n`);
    expect(kernels.map((k) => k.name)).toEqual(['cuda_add']);
    expect(findings.filter((f) => f.kind === 'kernel-definition').map((f) => f.name)).toEqual(['cuda_add']);
  });
});

describe('C/C++/CUDA detector: using namespace', () => {
  it('does not prefix names the rule table does not know under the used namespace', () => {
    const { findings } = cuda(`
using namespace cute;
__global__ void k(int a, int b) {
  int m = std::min(a, b);
  std::vector<int> v;
  auto t = flash::thing(a);
}`);
    expect(findings.filter((f) => f.name.startsWith('cute::'))).toEqual([]);
  });

  it('still resolves a name the table knows under the used namespace', () => {
    const { findings } = cuda(`
using namespace nvcuda;
__device__ void f() { wmma::fragment<wmma::accumulator, 16, 16, 16, float> acc; }`);
    expect(findings.some((f) => f.name.startsWith('nvcuda::wmma::'))).toBe(true);
  });
});

describe('C/C++/CUDA detector: a CUDA type after a user macro', () => {
  it('reads the type tree-sitter mistakes for a scope (MY_API cudaError_t f(int); DS_D_INLINE __half to(__half v))', () => {
    const r = cuda('#define MY_API __attribute__((visibility("default")))\nMY_API cudaError_t f(int);\nDS_D_INLINE __half to(__half v) { return v; }\ninline TCNN_DEVICE __half2 g(__half2 a);\n');
    expect(names(r.findings)).toEqual(['cudaError_t@2', '__half@3', '__half@3', '__half2@4', '__half2@4']);
    expect(byName(r.findings, '__half')[0]).toMatchObject({ line: 3, column: 13 });
  });

  it('reads the template arguments of a declared specialization (struct std::hash<cudaIpcMemHandle_t>)', () => {
    expect(names(cuda('template <> struct std::hash<cudaIpcMemHandle_t> { size_t operator()(const cudaIpcMemHandle_t& h) const; };\n').findings)).toEqual(['cudaIpcMemHandle_t@1', 'cudaIpcMemHandle_t@1']);
  });

  it('reads a parameter type after a misparse, where the parameter reads as `cudaStream_t::stream` (faiss)', () => {
    const src = 'SELECT_DECL(float, true, 1);\n#if K >= 2048\nSELECT_DECL(float, true, 2048);\n#endif\n\nvoid run(\n    Tensor<float, 2, true>& in,\n    int k,\n    cudaStream_t stream) {\n  ASSERT(k <= 4);\n}\n';
    expect(cuda(src).findings.map((f) => `${f.ruleId}:${f.name}@${f.line}:${f.column}`)).toEqual(['cudart.cudaStream_t:cudaStream_t@9:5']);
  });

  it('a real out-of-line definition or specialization without CUDA names gives nothing', () => {
    expect(names(cuda('void cudaHelpers::init(int n) { }\nstruct my::thing<int> { };\nMY_API int f(int);\n').findings)).toEqual([]);
  });
});

describe('C/C++/CUDA detector: a CUDA type tree-sitter takes for a member name', () => {
  it('is a use when the misread puts it in a member-name position (declaration after a macro, in an #ifdef)', () => {
    const src = 'struct V { float x;\n#ifdef __CUDACC__\ninline TCNN_DEVICE __half fma(__half a) {\n  return a;\n}\n#endif\n};\n';
    const halves = byName(cuda(src).findings, '__half').map((f) => `${f.line}:${f.column}`);
    expect(halves).toContain('3:20');
    expect(halves).toContain('3:31');
  });

  it('so is a CUDA library\'s type there (nccl: `NCCL_DEVICE_INLINE ncclResult_t sync(...);` in a struct)', () => {
    const src = 'template <typename Coop> struct Barrier {\n  NCCL_DEVICE_INLINE ncclResult_t sync(Coop, int timeout);\n};\nNCCL_EXTERN_C __host__ ncclResult_t ncclFooCreate(int n);\n';
    expect(cuda(src).findings.filter((f) => f.ruleId === 'nccl.ncclResult_t').map((f) => `${f.line}:${f.column}`)).toEqual(['2:22', '4:24']);
  });

  it('a real member named like a generic word (texture, dim3-like names) or a project name stays a member', () => {
    expect(names(cuda('struct S { int texture; float scale; int cudaLikeCount; };\n').findings)).toEqual([]);
  });
});
