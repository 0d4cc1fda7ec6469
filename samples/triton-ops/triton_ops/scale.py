"""The same op written against CuPy and torch's inline extension loader (CUDA source in strings)."""
import cupy as cp
import torch
from torch.utils.cpp_extension import load_inline

# The kernel text below is CUDA C++; cuport scans it as CUDA.
SCALE_SRC = r"""
extern "C" __global__ void scale(const float* x, float* y, float a, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = a * x[i];
}
"""
scale_kernel = cp.RawKernel(SCALE_SRC, "scale")

CUDA_SRC = """
#include <c10/cuda/CUDAStream.h>
__global__ void relu_kernel(float* x, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n && x[i] < 0.f) x[i] = 0.f;
}
void relu_(torch::Tensor x) {
    TORCH_CHECK(x.is_cuda(), "x must be a CUDA tensor");
    int n = x.numel();
    auto stream = at::cuda::getCurrentCUDAStream();
    relu_kernel<<<(n + 255) / 256, 256, 0, stream>>>(x.data_ptr<float>(), n);
    C10_CUDA_KERNEL_LAUNCH_CHECK();
}
"""
relu_ext = load_inline(
    name="relu_ext",
    cpp_sources="void relu_(torch::Tensor x);",
    cuda_sources=CUDA_SRC,
    functions=["relu_"],
    extra_cuda_cflags=["--use_fast_math", "-gencode=arch=compute_80,code=sm_80"],
)


def scale(x: cp.ndarray, a: float) -> cp.ndarray:
    y = cp.empty_like(x)
    n = x.size
    scale_kernel(((n + 255) // 256,), (256,), (x, y, cp.float32(a), cp.int32(n)))
    return y


def relu(x: torch.Tensor) -> torch.Tensor:
    relu_ext.relu_(x)
    return x
