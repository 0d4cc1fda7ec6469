import { warpSlotCheck } from '../../src/kernels/checks/warp-slot.js';
import { testCheck } from './check-tester.js';

testCheck(warpSlotCheck, {
  valid: [
    // A [32] array indexed by something that is no warp id, and a [64] array indexed by one.
    '__global__ void k(float* x) {\n  __shared__ float s[32];\n  __shared__ float t[64];\n  int warp = threadIdx.x / warpSize;\n  s[x[0] > 0] = 1; t[warp] = 2;\n}',
  ],
  invalid: [
    {
      code: '__global__ void k(float* x) {\n  __shared__ float s_sum[32];\n  int warp_id = threadIdx.x / warpSize;\n  s_sum[warp_id] = x[0];\n}',
      evidence: ['warp-size-assumption@4: s_sum[32] has one slot per 32-lane warp'],
    },
  ],
});
