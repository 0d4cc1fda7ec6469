// gemm.cu - C = A * B for row-major float matrices, three ways:
//   1. tiled_matmul_kernel: shared-memory tiling, our baseline
//   2. cublasSgemm: plain FP32 SGEMM
//   3. cublasGemmEx with TF32 tensor-core math (Ampere and newer)
//
// cuBLAS is column-major. A row-major M x N buffer read as column-major is the
// N x M transpose, so for row-major C = A * B we ask cuBLAS for
// C^T = B^T * A^T: swap the operands and swap M/N. No explicit transposes.

#include <algorithm>
#include <vector>

#include <cublas_v2.h>

#include "cuda_check.h"
#include "kernels.cuh"
#include "util.h"

namespace {

constexpr int kTile = 32;

// One thread per C element, TILE x TILE threads per block. Each iteration
// stages a TILE-wide slab of A and B in shared memory.
template <int TILE>
__global__ void tiled_matmul_kernel(const float* __restrict__ A, const float* __restrict__ B,
                                    float* __restrict__ C, int M, int N, int K) {
  __shared__ float sA[TILE][TILE];
  __shared__ float sB[TILE][TILE];

  const int tx = threadIdx.x;
  const int ty = threadIdx.y;
  const int row = blockIdx.y * TILE + ty;
  const int col = blockIdx.x * TILE + tx;

  float acc = 0.0f;
  for (int t = 0; t < K; t += TILE) {
    sA[ty][tx] = (row < M && t + tx < K) ? A[static_cast<size_t>(row) * K + t + tx] : 0.0f;
    sB[ty][tx] = (t + ty < K && col < N) ? B[static_cast<size_t>(t + ty) * N + col] : 0.0f;
    __syncthreads();

#pragma unroll
    for (int k = 0; k < TILE; ++k) acc += sA[ty][k] * sB[k][tx];
    __syncthreads();
  }
  if (row < M && col < N) C[static_cast<size_t>(row) * N + col] = acc;
}

// Runs fn() `iters` times on `stream` and returns the mean time per call.
template <typename Fn>
double time_on_stream(cudaStream_t stream, int iters, Fn&& fn) {
  cudaEvent_t start, stop;
  CUDA_CHECK(cudaEventCreate(&start));
  CUDA_CHECK(cudaEventCreate(&stop));
  fn();  // warm-up (cuBLAS picks its kernel on the first call)
  CUDA_CHECK(cudaEventRecord(start, stream));
  for (int i = 0; i < iters; ++i) fn();
  CUDA_CHECK(cudaEventRecord(stop, stream));
  CUDA_CHECK(cudaEventSynchronize(stop));
  float ms = 0.0f;
  CUDA_CHECK(cudaEventElapsedTime(&ms, start, stop));
  CUDA_CHECK(cudaEventDestroy(start));
  CUDA_CHECK(cudaEventDestroy(stop));
  return static_cast<double>(ms) / std::max(iters, 1);
}

std::vector<float> download(const float* d_src, size_t count, cudaStream_t stream) {
  std::vector<float> h(count);
  CUDA_CHECK(cudaStreamSynchronize(stream));
  // TODO: replace cudaMemcpy with cudaMemcpyAsync into a pinned staging buffer
  // once verification is on the hot path; today it only runs once per size.
  CUDA_CHECK(cudaMemcpy(h.data(), d_src, count * sizeof(float), cudaMemcpyDeviceToHost));
  return h;
}

}  // namespace

GemmReport run_gemm_benchmark(int M, int N, int K, int iters, bool verify,
                              cudaStream_t stream) {
  GemmReport report;
  const size_t size_a = static_cast<size_t>(M) * K;
  const size_t size_b = static_cast<size_t>(K) * N;
  const size_t size_c = static_cast<size_t>(M) * N;

  std::vector<float> h_a(size_a), h_b(size_b);
  fill_uniform(h_a.data(), size_a, 42u, -1.0f, 1.0f);
  fill_uniform(h_b.data(), size_b, 43u, -1.0f, 1.0f);

  float *d_a = nullptr, *d_b = nullptr, *d_c = nullptr;
  CUDA_CHECK(cudaMalloc(&d_a, size_a * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_b, size_b * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_c, size_c * sizeof(float)));
  // Pageable sources: these copies are staged by the driver, fine for setup.
  CUDA_CHECK(cudaMemcpyAsync(d_a, h_a.data(), size_a * sizeof(float), cudaMemcpyHostToDevice, stream));
  CUDA_CHECK(cudaMemcpyAsync(d_b, h_b.data(), size_b * sizeof(float), cudaMemcpyHostToDevice, stream));

  cublasHandle_t handle;
  CUBLAS_CHECK(cublasCreate(&handle));
  CUBLAS_CHECK(cublasSetStream(handle, stream));
  const float alpha = 1.0f;
  const float beta = 0.0f;

  // 1. Tiled kernel.
  const dim3 block(kTile, kTile);
  const dim3 grid(ceil_div(N, kTile), ceil_div(M, kTile));
  report.ms_tiled = time_on_stream(stream, iters, [&] {
    tiled_matmul_kernel<kTile><<<grid, block, 0, stream>>>(d_a, d_b, d_c, M, N, K);
  });
  CUDA_CHECK_LAUNCH();
  std::vector<float> c_tiled = verify ? download(d_c, size_c, stream) : std::vector<float>();

  // 2. FP32 SGEMM (operands swapped, see the header comment).
  report.ms_sgemm = time_on_stream(stream, iters, [&] {
    CUBLAS_CHECK(cublasSgemm(handle, CUBLAS_OP_N, CUBLAS_OP_N, N, M, K, &alpha, d_b, N, d_a, K,
                             &beta, d_c, N));
  });
  std::vector<float> c_sgemm = verify ? download(d_c, size_c, stream) : std::vector<float>();

  // 3. TF32 through GemmEx: FP32 storage, 10-bit mantissa multiplies.
  report.ms_tf32 = time_on_stream(stream, iters, [&] {
    CUBLAS_CHECK(cublasGemmEx(handle, CUBLAS_OP_N, CUBLAS_OP_N, N, M, K, &alpha,
                              d_b, CUDA_R_32F, N, d_a, CUDA_R_32F, K, &beta,
                              d_c, CUDA_R_32F, N, CUBLAS_COMPUTE_32F_FAST_TF32,
                              CUBLAS_GEMM_DEFAULT));
  });

  if (verify) {
    std::vector<float> c_tf32 = download(d_c, size_c, stream);
    // The O(MNK) host reference is slow; for big problems compare with SGEMM.
    std::vector<float> ref = c_sgemm;
    if (static_cast<double>(M) * N * K <= 512.0 * 512.0 * 512.0) {
      host_gemm(h_a.data(), h_b.data(), ref.data(), M, N, K);
    }
    report.max_err_tiled = max_rel_error(ref.data(), c_tiled.data(), size_c);
    report.max_err_tf32 = max_rel_error(ref.data(), c_tf32.data(), size_c);
  }

  CUBLAS_CHECK(cublasDestroy(handle));
  CUDA_CHECK(cudaFree(d_a));
  CUDA_CHECK(cudaFree(d_b));
  CUDA_CHECK(cudaFree(d_c));
  return report;
}
