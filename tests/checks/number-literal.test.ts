import { numberLiteral } from '../../src/kernels/checks/number-literal.js';
import { testCheck } from './check-tester.js';

testCheck(numberLiteral, {
  valid: [
    // Suffixed float constants, a conversion, a 32 that is no shuffle width.
    '__global__ void k(float* x) { x[0] = x[1] * 0.5f; float h = 0.5; int n = 32; x[2] = h + n; }',
    // Host code.
    'void h(float* x) { x[0] = x[1] * 0.5; unsigned m = 0xffffffff; }',
  ],
  invalid: [
    {
      code: '__global__ void k(float* x) {\n  float v = __shfl_sync(0xffffffff, x[0], 0, 32);\n}',
      evidence: ['warp-size-assumption@2: full 32-lane mask 0xffffffff', 'warp-size-assumption@2: literal 32 passed to __shfl_sync'],
    },
    {
      code: '__global__ void k(float* x) {\n  float v = x[0];\n  for (int o = 16; o > 0; o /= 2) v += __shfl_down_sync(0xffffffffu, v, o);\n  x[0] = v;\n}',
      evidence: ['warp-size-assumption@3: full 32-lane mask 0xffffffffu', 'warp-size-assumption@3: shuffle reduction starting at offset 16 (32 lanes)'],
    },
    { code: '__global__ void k(float* x) {\n  x[0] = x[1] * 0.5;\n}', evidence: ['fp64-literal@2: 0.5 is a double constant'] },
    // A mask kept in a non-mask integer of a kernel: warp-dependent evidence (counted when it does warp work).
    { code: '__global__ void k(unsigned* x) {\n  x[0] = x[1] & 0xFFFFFFFF;\n}', evidence: ['warp-size-assumption@2'] },
  ],
});
