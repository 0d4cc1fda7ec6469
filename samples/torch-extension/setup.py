"""Build the fused_ops CUDA extension.

    pip install --no-build-isolation -v .      # or: python setup.py develop

The build needs torch already installed (it provides the compiler wrappers and
headers), hence --no-build-isolation.
"""
from setuptools import find_packages, setup
from torch.utils.cpp_extension import BuildExtension, CUDAExtension

setup(
    name="fused_ops",
    version="0.2.0",
    description="Fused bias+GeLU and LayerNorm CUDA kernels for PyTorch",
    packages=find_packages(exclude=("tests",)),
    ext_modules=[
        CUDAExtension(
            name="fused_ops._C",
            sources=["csrc/fused_ops.cpp", "csrc/fused_ops_kernel.cu"],
            extra_compile_args={
                "cxx": ["-O3", "-std=c++17"],
                # A100 only for now; add a -gencode line per extra architecture.
                "nvcc": ["-O3", "--use_fast_math", "-gencode=arch=compute_80,code=sm_80"],
            },
        )
    ],
    cmdclass={"build_ext": BuildExtension},
    python_requires=">=3.9",
    install_requires=["torch>=2.1"],
)
