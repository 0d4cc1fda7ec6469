// fused_ops_kernel.cu - CUDA kernels and launchers for fused_ops: bias+GeLU
// (forward/backward, with a __half2 fast path for fp16) and LayerNorm forward
// (one block per row). Math runs in acc_type: fp32 for half/float, fp64 for double.

#include <ATen/ATen.h>
#include <ATen/AccumulateType.h>
#include <ATen/Dispatch.h>
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAException.h>

#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>

namespace {

constexpr int kThreads = 256;

__device__ __forceinline__ float tanh_(float v) { return tanhf(v); }
__device__ __forceinline__ double tanh_(double v) { return tanh(v); }
__device__ __forceinline__ float rsqrt_(float v) { return rsqrtf(v); }
__device__ __forceinline__ double rsqrt_(double v) { return rsqrt(v); }

// 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))), same as
// torch.nn.functional.gelu(x, approximate="tanh").
template <typename T>
__device__ __forceinline__ T gelu_tanh(T x) {
  const T k0 = T(0.7978845608028654);
  const T k1 = T(0.044715);
  return T(0.5) * x * (T(1) + tanh_(k0 * (x + k1 * x * x * x)));
}

template <typename T>
__device__ __forceinline__ T gelu_tanh_grad(T x) {
  const T k0 = T(0.7978845608028654);
  const T k1 = T(0.044715);
  const T x2 = x * x;
  const T t = tanh_(k0 * (x + k1 * x2 * x));
  return T(0.5) * (T(1) + t) + T(0.5) * x * (T(1) - t * t) * k0 * (T(1) + T(3) * k1 * x2);
}

// Grid-stride launches: enough blocks to cover every SM a few times over.
int grid_for(int64_t work, int threads) {
  const int64_t sms = at::cuda::getCurrentDeviceProperties()->multiProcessorCount;
  const int64_t blocks = (work + threads - 1) / threads;
  return static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(blocks, sms * 8)));
}

// ---- bias + GeLU ---------------------------------------------------------------

template <typename scalar_t, typename acc_t>
__global__ void bias_gelu_fwd_kernel(const scalar_t* __restrict__ x,
                                     const scalar_t* __restrict__ bias,
                                     scalar_t* __restrict__ out, int64_t numel, int64_t hidden) {
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < numel;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const acc_t v = static_cast<acc_t>(x[i]) + static_cast<acc_t>(bias[i % hidden]);
    out[i] = static_cast<scalar_t>(gelu_tanh(v));
  }
}

// fp16 fast path. hidden is even, so a __half2 pair never straddles two rows
// and bias[i % hidden2] lines up with x[i].
__global__ void bias_gelu_fwd_half2_kernel(const __half2* __restrict__ x,
                                           const __half2* __restrict__ bias,
                                           __half2* __restrict__ out, int64_t numel2,
                                           int64_t hidden2) {
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < numel2;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const float2 xv = __half22float2(x[i]);
    const float2 bv = __half22float2(bias[i % hidden2]);
    const __half lo = __float2half(gelu_tanh(xv.x + bv.x));
    const __half hi = __float2half(gelu_tanh(xv.y + bv.y));
    out[i] = __halves2half2(lo, hi);
  }
}

template <typename scalar_t, typename acc_t>
__global__ void bias_gelu_bwd_kernel(const scalar_t* __restrict__ grad,
                                     const scalar_t* __restrict__ x,
                                     const scalar_t* __restrict__ bias,
                                     scalar_t* __restrict__ grad_in, int64_t numel,
                                     int64_t hidden) {
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < numel;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const acc_t v = static_cast<acc_t>(x[i]) + static_cast<acc_t>(bias[i % hidden]);
    grad_in[i] = static_cast<scalar_t>(static_cast<acc_t>(grad[i]) * gelu_tanh_grad(v));
  }
}

// ---- LayerNorm -------------------------------------------------------------------

template <typename T>
__device__ __forceinline__ T warp_allreduce_sum(T v) {
#pragma unroll
  for (int mask = 16; mask > 0; mask >>= 1) {
    v += __shfl_xor_sync(0xffffffff, v, mask);
  }
  return v;
}

// Sum over the whole block, result returned to every thread. `shared` needs
// 33 slots (one per warp plus the broadcast slot) and may be reused right
// after the call returns.
template <typename T>
__device__ T block_allreduce_sum(T v, T* shared) {
  const int lane = threadIdx.x & 31;
  const int warp = threadIdx.x >> 5;
  const int num_warps = (blockDim.x + 31) >> 5;

  v = warp_allreduce_sum(v);
  if (lane == 0) shared[warp] = v;
  __syncthreads();
  if (warp == 0) {
    T w = lane < num_warps ? shared[lane] : T(0);
    w = warp_allreduce_sum(w);
    if (lane == 0) shared[32] = w;
  }
  __syncthreads();
  const T total = shared[32];
  __syncthreads();  // everyone has read the slot before it can be overwritten
  return total;
}

template <typename scalar_t, typename acc_t>
__global__ void layer_norm_fwd_kernel(const scalar_t* __restrict__ x,
                                      const scalar_t* __restrict__ gamma,
                                      const scalar_t* __restrict__ beta,
                                      scalar_t* __restrict__ y, acc_t* __restrict__ mean_out,
                                      acc_t* __restrict__ rstd_out, int64_t cols, acc_t eps) {
  __shared__ acc_t s_red[33];
  const int64_t row = blockIdx.x;
  const scalar_t* xr = x + row * cols;
  scalar_t* yr = y + row * cols;

  acc_t sum = 0;
  for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) sum += static_cast<acc_t>(xr[j]);
  const acc_t mean = block_allreduce_sum(sum, s_red) / static_cast<acc_t>(cols);

  // Second pass for the variance (the row is hot in L1/L2): avoids the
  // cancellation of E[x^2] - E[x]^2 on rows with a large mean.
  acc_t sq = 0;
  for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) {
    const acc_t d = static_cast<acc_t>(xr[j]) - mean;
    sq += d * d;
  }
  const acc_t var = block_allreduce_sum(sq, s_red) / static_cast<acc_t>(cols);
  const acc_t rstd = rsqrt_(var + eps);

  for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) {
    const acc_t xhat = (static_cast<acc_t>(xr[j]) - mean) * rstd;
    yr[j] = static_cast<scalar_t>(xhat * static_cast<acc_t>(gamma[j]) + static_cast<acc_t>(beta[j]));
  }
  if (threadIdx.x == 0) {
    mean_out[row] = mean;
    rstd_out[row] = rstd;
  }
}

}  // namespace

void bias_gelu_forward_cuda(const at::Tensor& x, const at::Tensor& bias, at::Tensor& out,
                            cudaStream_t stream) {
  const int64_t numel = x.numel();
  const int64_t hidden = bias.numel();

  const auto aligned4 = [](const at::Tensor& t) {
    return reinterpret_cast<uintptr_t>(t.data_ptr()) % 4 == 0;
  };
  if (x.scalar_type() == at::kHalf && hidden % 2 == 0 && aligned4(x) && aligned4(bias) &&
      aligned4(out)) {
    bias_gelu_fwd_half2_kernel<<<grid_for(numel / 2, kThreads), kThreads, 0, stream>>>(
        reinterpret_cast<const __half2*>(x.data_ptr<at::Half>()),
        reinterpret_cast<const __half2*>(bias.data_ptr<at::Half>()),
        reinterpret_cast<__half2*>(out.data_ptr<at::Half>()), numel / 2, hidden / 2);
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return;
  }

  AT_DISPATCH_FLOATING_TYPES_AND_HALF(x.scalar_type(), "bias_gelu_forward_cuda", [&] {
    using acc_t = at::acc_type<scalar_t, /*is_cuda=*/true>;
    bias_gelu_fwd_kernel<scalar_t, acc_t><<<grid_for(numel, kThreads), kThreads, 0, stream>>>(
        x.data_ptr<scalar_t>(), bias.data_ptr<scalar_t>(), out.data_ptr<scalar_t>(), numel,
        hidden);
    C10_CUDA_KERNEL_LAUNCH_CHECK();
  });
}

void bias_gelu_backward_cuda(const at::Tensor& grad, const at::Tensor& x, const at::Tensor& bias,
                             at::Tensor& grad_in, cudaStream_t stream) {
  const int64_t numel = x.numel();
  AT_DISPATCH_FLOATING_TYPES_AND_HALF(x.scalar_type(), "bias_gelu_backward_cuda", [&] {
    using acc_t = at::acc_type<scalar_t, /*is_cuda=*/true>;
    bias_gelu_bwd_kernel<scalar_t, acc_t><<<grid_for(numel, kThreads), kThreads, 0, stream>>>(
        grad.data_ptr<scalar_t>(), x.data_ptr<scalar_t>(), bias.data_ptr<scalar_t>(),
        grad_in.data_ptr<scalar_t>(), numel, bias.numel());
    C10_CUDA_KERNEL_LAUNCH_CHECK();
  });
}

void layer_norm_forward_cuda(const at::Tensor& x, const at::Tensor& gamma, const at::Tensor& beta,
                             double eps, at::Tensor& y, at::Tensor& mean, at::Tensor& rstd,
                             cudaStream_t stream) {
  const int64_t cols = gamma.numel();
  const int64_t rows = x.numel() / cols;
  // Wider rows get more threads; keep at least a few elements per thread.
  const int threads = cols >= 4096 ? 1024 : (cols >= 1024 ? 256 : 128);

  AT_DISPATCH_FLOATING_TYPES_AND_HALF(x.scalar_type(), "layer_norm_forward_cuda", [&] {
    using acc_t = at::acc_type<scalar_t, /*is_cuda=*/true>;
    layer_norm_fwd_kernel<scalar_t, acc_t><<<static_cast<unsigned int>(rows), threads, 0, stream>>>(
        x.data_ptr<scalar_t>(), gamma.data_ptr<scalar_t>(), beta.data_ptr<scalar_t>(),
        y.data_ptr<scalar_t>(), mean.data_ptr<acc_t>(), rstd.data_ptr<acc_t>(), cols,
        static_cast<acc_t>(eps));
    C10_CUDA_KERNEL_LAUNCH_CHECK();
  });
}
