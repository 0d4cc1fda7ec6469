import { deviceCalls } from '../../src/kernels/checks/device-calls.js';
import { testCheck } from './check-tester.js';

testCheck(deviceCalls, {
  valid: [
    '__device__ float helper(float v) { return v; }\n__global__ void k(float* x) { x[0] = helper(x[1]); }',
    // Host code: printf, atomics and syncs are not device features.
    'void h(int* x) { printf("%d", x[0]); atomicAdd(x, 1); cudaDeviceSynchronize(); }',
    // A grid group used for its rank is no grid sync; a user's atomicAggInc is no atomic.
    '__global__ void k(int* x, grid_group g) {\n  x[g.thread_rank()] = atomicAggInc(x);\n}',
  ],
  invalid: [
    { code: '__global__ void k(double* x) {\n  atomicAdd(&x[0], 1.0);\n}', evidence: ['atomic@2: atomicAdd(double)', 'fp64@2: atomicAdd on double'] },
    { code: '__global__ void k(float* x) {\n  x[0] = __shfl_xor_sync(uint32_t(-1), x[0], 1);\n}', evidence: ['warp-intrinsic@2: __shfl_xor_sync', 'warp-size-assumption@2: full 32-lane mask uint32_t(-1)'] },
    { code: '__global__ void k(float* x) {\n  printf("%f", x[0]);\n  assert(x[0] > 0);\n}', evidence: ['device-printf@2', 'device-assert@3'] },
    { code: 'texture<float> tex;\n__global__ void k(float* x) {\n  x[0] = tex1Dfetch(tex, 0);\n}', evidence: ['texture-reference@3: tex1Dfetch'] },
    { code: '__global__ void k(float* x) {\n  cooperative_groups::grid_group g = cooperative_groups::this_grid();\n  g.sync();\n}', evidence: ['cooperative-groups@2: this_grid', 'grid-sync@3: grid-wide sync()'] },
    { code: '__global__ void k(float* x) {\n  x[0] = __half2float(__float2half(x[1]));\n}', evidence: ['fp16@2: __half2float', 'fp16@2: __float2half'] },
  ],
});
