import { deviceLaunches } from '../../src/kernels/checks/device-launches.js';
import { testCheck } from './check-tester.js';

testCheck(deviceLaunches, {
  valid: [
    // Launches from host code are no dynamic parallelism; a method named like the API is no launch.
    '__global__ void child(float* x) { x[0] = 1; }\nvoid h(float* x) {\n  child<<<1, 32>>>(x);\n  cudaLaunchKernel((void*)child, 1, 32, 0, 0, 0);\n}',
    '__global__ void k(float* x, Runtime r) {\n  r.cudaLaunchKernel(x);\n}',
  ],
  invalid: [
    {
      code: '__global__ void child(float* x) { x[0] = 1; }\n__global__ void parent(float* x) {\n  child<<<1, 32>>>(x);\n}',
      evidence: ['dynamic-parallelism@3: launches child'],
    },
    {
      code: '__global__ void child(float* x) { x[0] = 1; }\n__global__ void parent(void** args) {\n  cudaLaunchKernel((void*)child, dim3(1), dim3(32), args, 0, 0);\n}',
      evidence: ['dynamic-parallelism@3: launches child'],
    },
  ],
});
