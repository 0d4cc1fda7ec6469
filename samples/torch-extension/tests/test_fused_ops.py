import pytest
import torch
import torch.nn.functional as F

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="fused_ops needs a CUDA device")

fused_ops = pytest.importorskip("fused_ops")

# fp32 is loose on purpose: setup.py builds with --use_fast_math, which turns
# tanhf into the hardware approximation.
TOL = {
    torch.float32: dict(atol=1e-3, rtol=1e-3),
    torch.float16: dict(atol=2e-3, rtol=2e-3),
    torch.float64: dict(atol=1e-10, rtol=1e-10),
}


@pytest.mark.parametrize("dtype", [torch.float32, torch.float16, torch.float64])
@pytest.mark.parametrize("shape", [(8, 1024), (4, 7, 768), (3, 33)])  # 33: odd, no half2 path
def test_bias_gelu_matches_eager(dtype, shape):
    torch.manual_seed(0)
    x = torch.randn(shape, device="cuda", dtype=dtype)
    bias = torch.randn(shape[-1], dtype=dtype).cuda()
    ref = F.gelu(x.float() + bias.float(), approximate="tanh").to(dtype)
    torch.testing.assert_close(fused_ops.bias_gelu(x, bias), ref, **TOL[dtype])


def test_bias_gelu_gradcheck():
    x = torch.randn(4, 16, device="cuda", dtype=torch.float64, requires_grad=True)
    bias = torch.randn(16, device="cuda", dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(fused_ops.bias_gelu, (x, bias))


@pytest.mark.parametrize("dtype", [torch.float32, torch.float16])
@pytest.mark.parametrize("hidden", [64, 768, 4099])
def test_layer_norm_forward(dtype, hidden):
    x = torch.randn(16, hidden, device="cuda", dtype=dtype) * 3 + 1
    ln = fused_ops.FusedLayerNorm(hidden, dtype=dtype)
    torch.nn.init.normal_(ln.weight)
    torch.nn.init.normal_(ln.bias)
    ref = F.layer_norm(x.float(), (hidden,), ln.weight.float(), ln.bias.float()).to(dtype)
    tol = dict(atol=1e-2, rtol=1e-2) if dtype == torch.float16 else dict(atol=1e-4, rtol=1e-4)
    torch.testing.assert_close(ln(x), ref, **tol)


def test_layer_norm_backward_matches_eager():
    x = torch.randn(2, 5, 256, device="cuda", requires_grad=True)
    w = torch.randn(256, device="cuda", requires_grad=True)
    b = torch.randn(256, device="cuda", requires_grad=True)
    grad = torch.randn(2, 5, 256).cuda()

    got = torch.autograd.grad(fused_ops.layer_norm(x, w, b), (x, w, b), grad)
    ref = torch.autograd.grad(F.layer_norm(x, (256,), w, b), (x, w, b), grad)
    for g, r in zip(got, ref):
        torch.testing.assert_close(g, r, atol=1e-4, rtol=1e-4)


def test_non_contiguous_input():
    x = torch.randn(64, 32, device="cuda").t()  # (32, 64), non-contiguous
    bias = torch.randn(64, device="cuda")
    ref = F.gelu(x + bias, approximate="tanh")
    torch.testing.assert_close(fused_ops.bias_gelu(x, bias), ref, **TOL[torch.float32])


def test_rejects_cpu_tensors():
    with pytest.raises(RuntimeError, match="must be a CUDA tensor"):
        fused_ops._C.bias_gelu_forward(torch.randn(4, 8), torch.randn(8))
