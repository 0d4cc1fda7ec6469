"""Autograd wrappers and nn.Modules around the fused kernels in fused_ops._C."""
import torch
import torch.nn.functional as F
from torch import nn

from . import _C


class _BiasGeLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, bias):
        x, bias = x.contiguous(), bias.contiguous()
        ctx.save_for_backward(x, bias)
        return _C.bias_gelu_forward(x, bias)

    @staticmethod
    def backward(ctx, grad_out):
        x, bias = ctx.saved_tensors
        grad_in = _C.bias_gelu_backward(grad_out.contiguous(), x, bias)
        grad_bias = None
        if ctx.needs_input_grad[1]:
            # bias is broadcast over every leading dim; reduce in fp32 so fp16
            # sums over large batches do not overflow.
            grad_bias = grad_in.reshape(-1, bias.numel()).float().sum(0).to(bias.dtype)
        return grad_in, grad_bias


class _LayerNorm(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias, eps):
        y, mean, rstd = _C.layer_norm_forward(x.contiguous(), weight, bias, eps)
        ctx.save_for_backward(x, weight, mean, rstd)
        return y

    @staticmethod
    def backward(ctx, grad_out):
        # Eager backward from the saved statistics. TODO: fused kernel once
        # profiling shows this matters (it is ~3% of step time today).
        x, weight, mean, rstd = ctx.saved_tensors
        n = weight.numel()
        x2 = x.reshape(-1, n).to(mean.dtype)
        g2 = grad_out.reshape(-1, n).to(mean.dtype)
        mean, rstd = mean.unsqueeze(1), rstd.unsqueeze(1)
        x_hat = (x2 - mean) * rstd
        grad_weight = (g2 * x_hat).sum(0).to(weight.dtype)
        grad_bias = g2.sum(0).to(weight.dtype)
        gw = g2 * weight.to(mean.dtype)
        grad_x = rstd * (gw - gw.mean(1, keepdim=True) - x_hat * (gw * x_hat).mean(1, keepdim=True))
        return grad_x.to(x.dtype).reshape(x.shape), grad_weight, grad_bias, None


def bias_gelu(x, bias):
    """gelu(x + bias, approximate="tanh") in one kernel."""
    return _BiasGeLU.apply(x, bias)


def layer_norm(x, weight, bias, eps=1e-5):
    """LayerNorm over the last dimension (weight/bias of shape [x.shape[-1]])."""
    return _LayerNorm.apply(x, weight, bias, eps)


class FusedLayerNorm(nn.Module):
    def __init__(self, hidden, eps=1e-5, device="cuda", dtype=None):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(hidden, device=device, dtype=dtype))
        self.bias = nn.Parameter(torch.zeros(hidden, device=device, dtype=dtype))

    def forward(self, x):
        if not x.is_cuda:  # CPU path for export and CPU-only unit tests
            return F.layer_norm(x, (self.weight.numel(),), self.weight, self.bias, self.eps)
        return layer_norm(x, self.weight, self.bias, self.eps)


class FusedBiasGeLU(nn.Module):
    """Linear (no bias) followed by the fused bias + GeLU: a transformer MLP up-projection."""

    def __init__(self, in_features, out_features, device="cuda", dtype=None):
        super().__init__()
        self.linear = nn.Linear(in_features, out_features, bias=False, device=device, dtype=dtype)
        self.bias = nn.Parameter(torch.zeros(out_features, device=device, dtype=dtype))

    @classmethod
    def from_linear(cls, linear):
        """Build from an existing nn.Linear, e.g. a pretrained MLP's fc1."""
        mod = cls(linear.in_features, linear.out_features, dtype=linear.weight.dtype)
        with torch.no_grad():
            mod.linear.weight.copy_(linear.weight.cuda())
            if linear.bias is not None:
                mod.bias.copy_(linear.bias.cuda())
        return mod

    def forward(self, x):
        return bias_gelu(self.linear(x), self.bias)
