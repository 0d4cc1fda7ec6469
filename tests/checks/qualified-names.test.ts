import { qualifiedNames } from '../../src/kernels/checks/qualified-names.js';
import { testCheck } from './check-tester.js';

testCheck(qualifiedNames, {
  valid: [
    '__global__ void k(float* x) { std::size_t n = 1; x[0] = std::max(x[0], 1.0f); }',
    'void h() { c10::Half v; cutlass::gemm::GemmShape<1, 2, 3> s; }',
  ],
  invalid: [
    { code: '__global__ void k(c10::Half* x) {\n  at::BFloat16 b;\n}', evidence: ['fp16@1: c10::Half', 'bf16@2: at::BFloat16'] },
    { code: '__global__ void k(float* x) {\n  wmma::fragment<wmma::accumulator, 16, 16, 16, float> f;\n}', evidence: ['tensor-core@2'] },
    {
      code: 'namespace cg = cooperative_groups;\n__global__ void k(float* x) {\n  cg::grid_group g = cg::this_grid();\n}',
      evidence: ['cooperative-groups@3: grid_group', 'cooperative-groups@3: this_grid'],
    },
    { code: '__global__ void k(float* x) {\n  cute::Tensor t;\n}', evidence: ['cutlass-cute@2: cute::Tensor'] },
  ],
});
