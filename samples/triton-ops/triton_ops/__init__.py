"""Fused element-wise ops three ways: Triton, CuPy RawKernel and an inline CUDA extension."""
