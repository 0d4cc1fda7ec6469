import { doubleType } from '../../src/kernels/checks/double-type.js';
import { testCheck } from './check-tester.js';

testCheck(doubleType, {
  valid: [
    '__global__ void k(float* x, const float eps) { x[0] = eps; }',
    // double in host code.
    'double h(double v) { return v * 2; }',
  ],
  invalid: [
    { code: '__global__ void k(float* x, const double eps) { x[0] = eps; }', evidence: ['fp64-parameter@1: double parameter eps'] },
    { code: '__global__ void k(double* x) {\n  double acc = x[0];\n  x[1] = acc;\n}', evidence: ['fp64@1', 'fp64@2'] },
  ],
});
