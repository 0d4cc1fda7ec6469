import { maskWidth } from '../../src/kernels/checks/mask-width.js';
import { testCheck } from './check-tester.js';

testCheck(maskWidth, {
  valid: [
    // A 64-bit mask, or a 32-bit value that is no mask.
    '__global__ void k(int* x) {\n  unsigned long long m = __ballot_sync(0xffffffff, x[0] > 0);\n  unsigned n = __popc(x[1]);\n  x[0] = m + n;\n}',
  ],
  invalid: [
    {
      code: '__global__ void k(int* x) {\n  unsigned mask = __ballot_sync(0xffffffff, x[0] > 0);\n  uint32_t act = (uint32_t)(__activemask());\n  x[0] = mask + act;\n}',
      evidence: ['warp-size-assumption@2: __ballot_sync result in 32-bit unsigned', 'warp-size-assumption@3: __activemask result in 32-bit uint32_t'],
    },
  ],
});
