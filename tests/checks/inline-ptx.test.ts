import { inlinePtx } from '../../src/kernels/checks/inline-ptx.js';
import { testCheck } from './check-tester.js';

testCheck(inlinePtx, {
  valid: [
    '__global__ void k(float* x) { x[0] = 1.0f; }',
    // An asm statement in host code is not device code.
    'void h() { asm volatile("mov.u32 %0, 1;" : "=r"(n)); }',
  ],
  invalid: [
    {
      code: '__global__ void k(unsigned* x) {\n  asm volatile("mov.u32 %0, %%laneid;" : "=r"(x[0]));\n}',
      evidence: ['inline-ptx@2'],
    },
    {
      code: '__global__ void k(double* x, double v) {\n  asm volatile("red.global.add.f64 [%0], %1;" :: "l"(x), "d"(v));\n}',
      evidence: ['inline-ptx@2: red.global.add.f64', 'atomic@2: PTX red.global.add.f64', 'fp64@2: PTX red.global.add.f64 on double'],
    },
    {
      code: '__global__ void k(unsigned* a) {\n  asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0}, {%1}, {%2}, {%3};" : "=r"(a[0]) : "r"(a[1]), "r"(a[2]), "r"(a[3]));\n}',
      evidence: ['inline-ptx@2', 'tensor-core@2'],
    },
    {
      code: '__global__ void k(unsigned* a) {\n  asm volatile("cp.async.cg.shared.global [%0], [%1], 16;" :: "r"(a[0]), "l"(a));\n}',
      evidence: ['inline-ptx@2', 'async-copy@2: cp.async.cg.shared.global'],
    },
  ],
});
