import { typeNames } from '../../src/kernels/checks/type-names.js';
import { testCheck } from './check-tester.js';

testCheck(typeNames, {
  valid: [
    '__global__ void k(float4* x) { float4 v = x[0]; x[1] = v; }',
    'void h(__half* x) { __half v = x[0]; }',
  ],
  invalid: [
    { code: '__global__ void k(__half* x) {\n  __nv_bfloat16 b;\n  __nv_fp8_e4m3 c;\n}', evidence: ['fp16@1: __half', 'bf16@2: __nv_bfloat16', 'fp8@3: __nv_fp8_e4m3'] },
    { code: '__global__ void k(cudaTextureObject_t t, cudaSurfaceObject_t s, const __grid_constant__ CUtensorMap m) { }', evidence: ['texture-object@1', 'surface@1', 'tma@1'] },
  ],
});
