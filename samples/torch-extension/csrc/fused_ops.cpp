// fused_ops.cpp - Python bindings and argument checking. Device code lives in
// fused_ops_kernel.cu; launchers get the current stream so the kernels are
// ordered with the rest of PyTorch's work.

#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAGuard.h>

#include <limits>
#include <vector>

// Launchers, defined in fused_ops_kernel.cu.
void bias_gelu_forward_cuda(const at::Tensor& x, const at::Tensor& bias, at::Tensor& out,
                            cudaStream_t stream);
void bias_gelu_backward_cuda(const at::Tensor& grad, const at::Tensor& x, const at::Tensor& bias,
                             at::Tensor& grad_in, cudaStream_t stream);
void layer_norm_forward_cuda(const at::Tensor& x, const at::Tensor& gamma, const at::Tensor& beta,
                             double eps, at::Tensor& y, at::Tensor& mean, at::Tensor& rstd,
                             cudaStream_t stream);

#define CHECK_CUDA(x) TORCH_CHECK((x).is_cuda(), #x " must be a CUDA tensor")
#define CHECK_CONTIGUOUS(x) TORCH_CHECK((x).is_contiguous(), #x " must be contiguous")
#define CHECK_INPUT(x) \
  CHECK_CUDA(x);       \
  CHECK_CONTIGUOUS(x)

namespace {

void check_bias(const at::Tensor& x, const at::Tensor& bias) {
  TORCH_CHECK(bias.dim() == 1, "bias must be 1-D, got ", bias.dim(), "-D");
  TORCH_CHECK(x.dim() >= 1 && x.size(-1) == bias.size(0), "last dim of x (", x.size(-1),
              ") does not match bias (", bias.size(0), ")");
  TORCH_CHECK(x.scalar_type() == bias.scalar_type(), "x and bias must have the same dtype");
}

}  // namespace

at::Tensor bias_gelu_forward(const at::Tensor& x, const at::Tensor& bias) {
  CHECK_INPUT(x);
  CHECK_INPUT(bias);
  check_bias(x, bias);
  // The caller's current device may differ from x's (e.g. in a DataParallel replica).
  const c10::cuda::CUDAGuard device_guard(x.device());
  at::Tensor out = at::empty_like(x);
  if (x.numel() > 0) {
    bias_gelu_forward_cuda(x, bias, out, at::cuda::getCurrentCUDAStream());
  }
  return out;
}

at::Tensor bias_gelu_backward(const at::Tensor& grad, const at::Tensor& x, const at::Tensor& bias) {
  CHECK_INPUT(grad);
  CHECK_INPUT(x);
  CHECK_INPUT(bias);
  check_bias(x, bias);
  TORCH_CHECK(grad.sizes() == x.sizes(), "grad and x must have the same shape");
  TORCH_CHECK(grad.scalar_type() == x.scalar_type(), "grad and x must have the same dtype");
  const c10::cuda::CUDAGuard device_guard(x.device());
  at::Tensor grad_in = at::empty_like(x);
  if (x.numel() > 0) {
    bias_gelu_backward_cuda(grad, x, bias, grad_in, at::cuda::getCurrentCUDAStream());
  }
  return grad_in;
}

// Returns {y, mean, rstd}; mean and rstd have one entry per row and are kept
// in fp32 (fp64 for double inputs) for the backward pass.
std::vector<at::Tensor> layer_norm_forward(const at::Tensor& x, const at::Tensor& gamma,
                                           const at::Tensor& beta, double eps) {
  TORCH_CHECK(x.is_cuda(), "layer_norm_forward: x must be a CUDA tensor");
  TORCH_CHECK(x.is_contiguous(), "layer_norm_forward: x must be contiguous");
  CHECK_INPUT(gamma);
  CHECK_INPUT(beta);
  const int64_t cols = gamma.numel();
  TORCH_CHECK(x.dim() >= 1 && x.size(-1) == cols, "layer_norm_forward: last dim of x must be ",
              cols);
  TORCH_CHECK(beta.numel() == cols, "gamma and beta must have the same size");
  TORCH_CHECK(gamma.scalar_type() == x.scalar_type() && beta.scalar_type() == x.scalar_type(),
              "gamma/beta must have the same dtype as x");

  const c10::cuda::CUDAGuard device_guard(x.device());
  const int64_t rows = cols > 0 ? x.numel() / cols : 0;
  TORCH_CHECK(rows <= std::numeric_limits<int32_t>::max(), "too many rows for one launch");
  const auto stat_type = x.scalar_type() == at::kDouble ? at::kDouble : at::kFloat;

  at::Tensor y = at::empty_like(x);
  at::Tensor mean = at::empty({rows}, x.options().dtype(stat_type));
  at::Tensor rstd = at::empty({rows}, x.options().dtype(stat_type));
  if (rows > 0) {
    layer_norm_forward_cuda(x, gamma, beta, eps, y, mean, rstd, at::cuda::getCurrentCUDAStream());
  }
  return {y, mean, rstd};
}

PYBIND11_MODULE(TORCH_EXTENSION_NAME, m) {
  m.doc() = "fused_ops: fused bias+GeLU and LayerNorm kernels";
  m.def("bias_gelu_forward", &bias_gelu_forward, "gelu_tanh(x + bias)", py::arg("x"),
        py::arg("bias"));
  m.def("bias_gelu_backward", &bias_gelu_backward, "grad * gelu_tanh'(x + bias)",
        py::arg("grad"), py::arg("x"), py::arg("bias"));
  m.def("layer_norm_forward", &layer_norm_forward, "LayerNorm over the last dim",
        py::arg("x"), py::arg("gamma"), py::arg("beta"), py::arg("eps") = 1e-5);
}
