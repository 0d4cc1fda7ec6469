// reduce.cu - two-pass float sum.
//
// Pass 1: every block reduces a grid-stride slice of the input to one partial
// sum. Pass 2: a single block reduces the partials. Both passes use the same
// block reduction: shuffles inside each warp, one value per warp through
// shared memory, then warp 0 reduces those.

#include <algorithm>

#include "cuda_check.h"
#include "kernels.cuh"

namespace {

__device__ __forceinline__ float warp_reduce_sum(float v) {
  // Tree over 32 lanes; the full mask assumes every lane of the warp is active,
  // which holds because the callers never return early.
#pragma unroll
  for (int offset = 16; offset > 0; offset >>= 1) {
    v += __shfl_down_sync(0xffffffff, v, offset);
  }
  return v;  // lane 0 holds the warp total
}

template <int BLOCK>
__device__ float block_reduce_sum(float v) {
  static_assert(BLOCK % 32 == 0 && BLOCK <= 1024, "BLOCK must be a multiple of 32, <= 1024");
  __shared__ float warp_sums[BLOCK / 32];

  const int lane = threadIdx.x & 31;
  const int warp = threadIdx.x >> 5;

  v = warp_reduce_sum(v);
  if (lane == 0) warp_sums[warp] = v;
  __syncthreads();

  // Warp 0 reduces the per-warp partials.
  v = (threadIdx.x < BLOCK / 32) ? warp_sums[lane] : 0.0f;
  if (warp == 0) v = warp_reduce_sum(v);
  return v;  // only valid in thread 0
}

template <int BLOCK>
__global__ void __launch_bounds__(BLOCK)
reduce_sum_kernel(const float* __restrict__ in, float* __restrict__ out, size_t n) {
  const size_t tid = static_cast<size_t>(blockIdx.x) * BLOCK + threadIdx.x;
  const size_t stride = static_cast<size_t>(gridDim.x) * BLOCK;

  // Vectorized main loop. Inputs come straight from the allocator, which
  // guarantees 256-byte alignment, so float4 loads are safe.
  float acc = 0.0f;
  const size_t n4 = n / 4;
  const float4* in4 = reinterpret_cast<const float4*>(in);
  for (size_t i = tid; i < n4; i += stride) {
    const float4 v = in4[i];
    acc += (v.x + v.y) + (v.z + v.w);
  }
  for (size_t i = n4 * 4 + tid; i < n; i += stride) acc += in[i];

  acc = block_reduce_sum<BLOCK>(acc);
  if (threadIdx.x == 0) out[blockIdx.x] = acc;
}

using ReduceKernelFn = void (*)(const float*, float*, size_t);

struct ReduceVariant {
  int block;
  ReduceKernelFn fn;
};

// Block size is a runtime option (--block), but BLOCK has to be a template
// parameter for the shared-memory array, so keep a table of instantiations.
const ReduceVariant kVariants[] = {
    {128, reduce_sum_kernel<128>},
    {256, reduce_sum_kernel<256>},
    {512, reduce_sum_kernel<512>},
};

const ReduceVariant& pick_variant(int block_size) {
  for (const ReduceVariant& v : kVariants) {
    if (v.block == block_size) return v;
  }
  std::fprintf(stderr, "reduce: unsupported block size %d, using 256\n", block_size);
  return kVariants[1];
}

int sm_count() {
  static int cached = 0;
  if (cached == 0) {
    int dev = 0;
    CUDA_CHECK(cudaGetDevice(&dev));
    CUDA_CHECK(cudaDeviceGetAttribute(&cached, cudaDevAttrMultiProcessorCount, dev));
  }
  return cached;
}

}  // namespace

void device_sum_async(const float* d_in, size_t n, float* d_scratch, float* d_result,
                      int block_size, cudaStream_t stream) {
  const ReduceVariant& variant = pick_variant(block_size);

  // Enough blocks to fill the machine a few times over, never more than the
  // scratch buffer holds. Each thread handles at least 4 elements.
  const size_t wanted = ceil_div<size_t>(n, static_cast<size_t>(variant.block) * 4);
  int grid = static_cast<int>(std::min<size_t>(wanted, static_cast<size_t>(sm_count()) * 8));
  grid = std::max(1, std::min(grid, kMaxReduceBlocks));

  // The kernel is picked at run time, so launch it through the runtime API:
  // cudaLaunchKernel takes an array of pointers to the arguments, in order.
  void* args[] = {&d_in, &d_scratch, &n};
  CUDA_CHECK(cudaLaunchKernel(reinterpret_cast<const void*>(variant.fn), dim3(grid),
                              dim3(variant.block), args, 0, stream));

  // Second pass: one block folds the partial sums.
  reduce_sum_kernel<1024><<<1, 1024, 0, stream>>>(d_scratch, d_result, static_cast<size_t>(grid));
  CUDA_CHECK_LAUNCH();
}
