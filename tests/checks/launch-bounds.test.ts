import { launchBounds } from '../../src/kernels/checks/launch-bounds.js';
import { testCheck } from './check-tester.js';

testCheck(launchBounds, {
  valid: [
    '__global__ void k(float* x) { x[0] = 1.0f; }',
    // Host code: not profiled.
    'void h() { int n = 256; }',
  ],
  invalid: [
    { code: '__global__ void __launch_bounds__(256, 2) k(float* x) { x[0] = 1.0f; }', evidence: ['launch-bounds@1: 2 argument(s)'] },
  ],
});
