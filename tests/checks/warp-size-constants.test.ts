import { warpSizeConstants } from '../../src/kernels/checks/warp-size-constants.js';
import { testCheck } from './check-tester.js';

testCheck(warpSizeConstants, {
  valid: [
    // 64 is no 32-wide assumption; a constant not named for the warp size; the built-in warpSize.
    '__global__ void k(int* x) {\n  constexpr int kWarpSize = 64;\n  const int THREADS = 32;\n  int w = warpSize;\n  x[0] = kWarpSize + THREADS + w;\n}',
    // At file scope the constant is kept for linking, not recorded by the check.
    'constexpr int WARP_SIZE = 32;\n__global__ void k(int* x) { x[0] = 1; }',
  ],
  invalid: [
    {
      code: '__global__ void k(int* x) {\n  constexpr int WARP_SIZE = 32;\n  const unsigned kWarpSize = 0x20u;\n  x[0] = WARP_SIZE + kWarpSize;\n}',
      evidence: ['warp-size-assumption@2: WARP_SIZE = 32', 'warp-size-assumption@3: kWarpSize = 32'],
    },
    {
      code: '__device__ void f(int* x) {\n  enum { THREADS_PER_WARP = 32, OTHER = 32 };\n  x[0] = THREADS_PER_WARP;\n}',
      evidence: ['warp-size-assumption@2: THREADS_PER_WARP = 32'],
    },
  ],
});
