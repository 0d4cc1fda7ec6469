"""fused_ops: fused bias+GeLU and LayerNorm CUDA kernels for PyTorch."""
import torch  # noqa: F401  (loads libtorch before the extension module)

try:
    from . import _C  # noqa: F401
except ImportError as exc:  # pragma: no cover
    raise ImportError(
        "fused_ops._C is not built; run `pip install --no-build-isolation -e .` "
        "in an environment with nvcc and a CUDA build of torch"
    ) from exc

from .functional import FusedBiasGeLU, FusedLayerNorm, bias_gelu, layer_norm

__all__ = ["FusedBiasGeLU", "FusedLayerNorm", "bias_gelu", "layer_norm"]
__version__ = "0.2.0"
