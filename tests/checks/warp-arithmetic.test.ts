import { warpArithmeticCheck } from '../../src/kernels/checks/warp-arithmetic.js';
import { testCheck } from './check-tester.js';

testCheck(warpArithmeticCheck, {
  valid: [
    // Written with warpSize, or arithmetic on sizes that is no lane arithmetic.
    '__global__ void k(int* x, int n) {\n  int lane = threadIdx.x % warpSize;\n  x[lane] = n / 32 + n % 32;\n}',
    'void h(int t) { int lane = t & 31; }',
  ],
  invalid: [
    {
      code: '__global__ void k(int* x) {\n  int lane = threadIdx.x & 31;\n  int warp_id = threadIdx.x / 32;\n  x[lane] = warp_id;\n}',
      evidence: ['warp-size-assumption@2: & 31 (lane in a 32-wide warp)', 'warp-size-assumption@3: / 32 (warp index or warp count for 32-wide warps)'],
    },
    // `& 31` on another operand: warp-dependent evidence.
    { code: '__global__ void k(int* x, int n) {\n  x[0] = n & 31;\n}', evidence: ['warp-size-assumption@2: & 31 (lane in a 32-wide warp)'] },
    { code: '__global__ void k(int* x) {\n  if (threadIdx.x < 32) x[0] = 1;\n}', evidence: ['warp-size-assumption@2: < 32 (the first 32-lane warp of the block)'] },
  ],
});
