import { sharedDeclarations } from '../../src/kernels/checks/shared-declarations.js';
import { testCheck } from './check-tester.js';

testCheck(sharedDeclarations, {
  valid: [
    // Locals and a register array are no shared memory.
    '__global__ void k(float* x) {\n  float r[32];\n  int i = threadIdx.x;\n  x[i] = r[0];\n}',
    // A __shared__ declaration outside device code is not walked as a kernel's.
    '__shared__ float g[64];\nvoid h() {}',
  ],
  invalid: [
    {
      code: '__global__ void k(float* x) {\n  __shared__ float tile[32][33];\n  __shared__ float a[4], b[8];\n  x[0] = tile[0][0] + a[0] + b[0];\n}',
      evidence: ['shared-static@2: 4224 bytes', 'shared-static@3: 16 bytes', 'shared-static@3: 32 bytes'],
    },
    {
      code: 'template <int N> __global__ void k(float* x) {\n  __shared__ float s[N];\n  x[0] = s[0];\n}',
      evidence: ['shared-static@2: size not constant'],
    },
    {
      code: '__global__ void k(float* x) {\n  extern __shared__ float smem[];\n  x[0] = smem[0];\n}',
      evidence: ['shared-dynamic@2: extern __shared__ float'],
    },
    {
      // A struct field declared __shared__ inside a kernel is a declaration like any other.
      code: '__device__ void f() {\n  struct S { int v; };\n  __shared__ S s;\n  s.v = 1;\n}',
      evidence: ['shared-static@3: size not constant'],
    },
  ],
});
