import { archBranch } from '../../src/kernels/checks/arch-branch.js';
import { testCheck } from './check-tester.js';

testCheck(archBranch, {
  valid: [
    '__global__ void k(float* x) {\n#if USE_FAST\n  x[0] = 1.0f;\n#endif\n}',
    // Around the whole definition: picks a definition, no branch inside the kernel.
    '#if __CUDA_ARCH__ >= 800\n__global__ void k(float* x) { x[0] = 1.0f; }\n#endif',
  ],
  invalid: [
    { code: '__global__ void k(float* x) {\n#if __CUDA_ARCH__ >= 800\n  x[0] = 1.0f;\n#endif\n}', evidence: ['cuda-arch-branch@2'] },
    { code: '__device__ void f(float* x) {\n#ifdef __CUDA_ARCH_FEAT_SM90_ALL\n  x[0] = 1.0f;\n#endif\n}', evidence: ['cuda-arch-branch@2'] },
  ],
});
