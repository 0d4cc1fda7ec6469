// kernels.cuh - device helpers and small templated kernels shared by the .cu
// files, plus the host-side entry points implemented in reduce.cu / gemm.cu.
//
// Everything here assumes 32-lane warps (lane masks are 32-bit, lane ids come
// from %laneid). Revisit before running on hardware with a different width.
#pragma once

#include <cstddef>
#include <cstdint>

#include <cuda_runtime.h>

constexpr int kWarpSize = 32;
constexpr int kMaxReduceBlocks = 1024;  // scratch size for device_sum_async

template <typename T>
__host__ __device__ constexpr T ceil_div(T a, T b) {
  return (a + b - 1) / b;
}

// Hardware lane index. Same as threadIdx.x & 31 for 1-D blocks, but also
// right for 2-D/3-D blocks where the linear thread id is not threadIdx.x.
__device__ __forceinline__ unsigned int lane_id() {
  unsigned int lane;
  asm volatile("mov.u32 %0, %%laneid;" : "=r"(lane));
  return lane;
}

__device__ __forceinline__ size_t global_thread_id() {
  return static_cast<size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
}

__device__ __forceinline__ size_t grid_stride() {
  return static_cast<size_t>(gridDim.x) * blockDim.x;
}

// Warp-aggregated atomic increment: the lowest active lane does a single
// atomicAdd for the whole warp and broadcasts the base offset. Returns the
// slot reserved for the calling lane.
__device__ __forceinline__ unsigned int atomic_inc_aggregated(unsigned int* counter) {
  const unsigned int active = __activemask();
  const unsigned int leader = __ffs(active) - 1;
  const unsigned int lane = lane_id();
  unsigned int base = 0;
  if (lane == leader) {
    base = atomicAdd(counter, static_cast<unsigned int>(__popc(active)));
  }
  base = __shfl_sync(active, base, leader);
  return base + __popc(active & ((1u << lane) - 1u));
}

// y = alpha * x + beta * y
template <typename T>
__global__ void axpby_kernel(size_t n, T alpha, const T* __restrict__ x, T beta,
                             T* __restrict__ y) {
  for (size_t i = global_thread_id(); i < n; i += grid_stride()) {
    y[i] = alpha * x[i] + beta * y[i];
  }
}

// Histogram of values in [lo, hi) into nbins equal bins. Each block keeps a
// private histogram in dynamic shared memory (nbins * 4 bytes) and flushes it
// with one global atomicAdd per non-empty bin. More than 12288 bins needs
// more than 48 KB: the caller must raise the kernel's
// cudaFuncAttributeMaxDynamicSharedMemorySize before launching.
template <typename T>
__global__ void histogram_kernel(const T* __restrict__ in, size_t n, T lo, T hi,
                                 int nbins, unsigned int* __restrict__ bins) {
  extern __shared__ unsigned int s_bins[];
  for (int b = threadIdx.x; b < nbins; b += blockDim.x) s_bins[b] = 0u;
  __syncthreads();

  const float scale = static_cast<float>(nbins) / static_cast<float>(hi - lo);
  for (size_t i = global_thread_id(); i < n; i += grid_stride()) {
    const T v = in[i];
    if (v < lo || !(v < hi)) continue;  // out of range, also drops NaN
    const int b = min(static_cast<int>(static_cast<float>(v - lo) * scale), nbins - 1);
    atomicAdd(&s_bins[b], 1u);
  }
  __syncthreads();

  for (int b = threadIdx.x; b < nbins; b += blockDim.x) {
    const unsigned int c = s_bins[b];
    if (c != 0u) atomicAdd(&bins[b], c);
  }
}

// Stream compaction: writes the indices of |in[i]| > threshold to out_idx (up
// to capacity entries, in no particular order). *count receives the total
// number of matches, which may exceed capacity.
template <typename T>
__global__ void select_above_kernel(const T* __restrict__ in, size_t n, T threshold,
                                    unsigned int* __restrict__ out_idx,
                                    unsigned int capacity,
                                    unsigned int* __restrict__ count) {
  for (size_t i = global_thread_id(); i < n; i += grid_stride()) {
    const T v = in[i];
    if (v > threshold || v < -threshold) {
      const unsigned int slot = atomic_inc_aggregated(count);
      if (slot < capacity) out_idx[slot] = static_cast<unsigned int>(i);
    }
  }
}

// ---- host-side entry points ------------------------------------------------

// reduce.cu: *d_result = sum(d_in[0..n)). d_scratch must hold kMaxReduceBlocks
// floats. block_size is 128, 256 or 512. Asynchronous on `stream`.
void device_sum_async(const float* d_in, size_t n, float* d_scratch, float* d_result,
                      int block_size, cudaStream_t stream);

// gemm.cu: times the tiled kernel, cublasSgemm and TF32 cublasGemmEx on an
// M x K by K x N product and (optionally) checks them against the host.
struct GemmReport {
  double ms_tiled = 0.0;
  double ms_sgemm = 0.0;
  double ms_tf32 = 0.0;
  float max_err_tiled = 0.0f;
  float max_err_tf32 = 0.0f;
};

GemmReport run_gemm_benchmark(int M, int N, int K, int iters, bool verify,
                              cudaStream_t stream);
