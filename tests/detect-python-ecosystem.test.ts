import { describe, expect, it } from 'vitest';
import { cuda, python } from './helpers.js';

const summary = (src: string) => python(src).findings.map((f) => `${f.ruleId} ${f.name} @${f.line}:${f.column}`);

describe('CUDA source embedded in Python strings', () => {
  it('scans load_inline cuda_sources as CUDA, following variables, with positions in the Python file', () => {
    const result = python(`from torch.utils.cpp_extension import load_inline

cuda_src = """
__global__ void add_one(float* x) { x[threadIdx.x] += 1.0f; }
void launch(float* x) { add_one<<<1, 32>>>(x); cudaDeviceSynchronize(); }
"""
mod = load_inline(name="m", cpp_sources="", cuda_sources=[cuda_src])
`);
    const found = result.findings.map((f) => `${f.ruleId} ${f.name} @${f.line}:${f.column}`);
    expect(found).toContain('torch.utils.cpp_extension.load_inline torch.utils.cpp_extension.load_inline @7:7');
    expect(found).toContain('construct.global-kernel add_one @4:17');
    expect(found).toContain('cudart.cudaDeviceSynchronize cudaDeviceSynchronize @5:48');
    expect(result.findings.find((f) => f.name === 'cudaDeviceSynchronize')?.detail).toBe('CUDA source in load_inline');
    expect(result.kernels.map((k) => `${k.name}@${k.line}-${k.endLine}`)).toEqual(['add_one@4-4']);
  });

  it('scans CuPy RawKernel and PyCUDA SourceModule sources, including the first line of the string', () => {
    const found = summary(`import cupy as cp
from pycuda.compiler import SourceModule
k = cp.RawKernel(r'''extern "C" __global__ void f(float* x) { x[0] = __shfl_down_sync(0xffffffff, x[0], 1); }''', 'f')
m = SourceModule("__global__ void g() { __syncthreads(); }")
`);
    expect(found).toContain('construct.global-kernel f @3:49');
    expect(found.some((f) => f === 'dev.__shfl_down_sync __shfl_down_sync @3:70')).toBe(true);
    expect(found).toContain('construct.global-kernel g @4:35');
  });

  it('leaves strings that are not CUDA sources alone: docstrings, comments, other calls', () => {
    expect(summary(`"""Module docstring: cudaMalloc(&p, n); __global__ void k() {}"""
def f():
    """cudaMemcpy in a docstring"""
    # load_inline(cuda_sources="__global__ void k() {}")
    print("__global__ void k() { cudaFree(p); }")
    return "cudaMalloc"
`)).toEqual([]);
  });
});

describe('Triton', () => {
  it('finds kernels, autotune, launches, tuning knobs and tl constructs', () => {
    expect(summary(`import triton
import triton.language as tl

@triton.autotune(configs=[triton.Config({"BLOCK": 128}, num_warps=4, num_stages=3)], key=["n"])
@triton.jit
def add_kernel(x_ptr, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    acc = tl.dot(a, b)
    tl.debug_barrier()

def add(x):
    add_kernel[(triton.cdiv(x.numel(), 128),)](x, x.numel(), num_warps=8)
`)).toEqual([
      'pypkg.triton triton @1:8',
      'pypkg.triton triton.language @2:8',
      'triton.autotune triton.autotune @4:2',
      'triton.num_warps num_warps @4:57',
      'triton.num_stages num_stages @4:70',
      'triton.jit triton.jit @5:2',
      'triton.language.dot triton.language.dot @8:11',
      'triton.language.debug_barrier triton.language.debug_barrier @9:5',
      'triton.launch add_kernel @12:5',
      'triton.num_warps num_warps @12:62',
    ]);
  });

  it('does not treat subscripts of ordinary functions as launches', () => {
    expect(summary(`def table(): pass
x = table[0](1, num_warps=2)
`)).toEqual([]);
  });
});

describe('setup.py, backends and torch.compile', () => {
  it('reads nvcc args, architecture flags and install_requires, not messages', () => {
    expect(summary(`from setuptools import setup
flags = ["-O3", "--use_fast_math", "-gencode", "arch=compute_80,code=sm_80"]
setup(
    name="x",
    ext_modules=[],
    extra_compile_args={"cxx": ["-O3"], "nvcc": flags},
    install_requires=["torch", "flash-attn>=2"],
)
print("nvcc was not found, -arch=sm_80 ignored")
`)).toEqual([
      'build.nvcc-flag --use_fast_math @2:17',
      'build.cuda-arch -gencode @2:36',
      'build.cuda-arch arch=compute_80,code=sm_80 @2:48',
      'pypkg.flash_attn flash-attn @7:33',
      'build.nvcc-flag extra_compile_args["nvcc"] @6:41',
    ]);
  });

  it('finds nccl through backend variables, defaults and environment lookups', () => {
    expect(summary(`import os
import torch
import torch.distributed as dist
backend = "nccl" if use_cuda else "gloo"
def init(dist_backend="nccl"):
    dist.init_process_group(backend=os.environ.get("BACKEND", "nccl"))
model = torch.compile(model)
`)).toEqual([
      'pyconstruct.nccl-backend "nccl" @4:11',
      'pyconstruct.nccl-backend "nccl" @5:23',
      'pyconstruct.nccl-backend "nccl" @6:63',
      'torch.compile torch.compile @7:9',
    ]);
  });
});

describe('PyTorch C++ CUDA API in extensions', () => {
  it('recognises ATen/c10 CUDA headers, streams, guards, checks and is_cuda()', () => {
    const { findings } = cuda(`#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAGuard.h>
void f(torch::Tensor x) {
  TORCH_CHECK(x.is_cuda(), "x must be CUDA");
  const at::cuda::OptionalCUDAGuard guard(device_of(x));
  auto stream = at::cuda::getCurrentCUDAStream();
  auto handle = at::cuda::getCurrentCUDABlasHandle();
  AT_CUDA_CHECK(cudaGetLastError());
  C10_CUDA_KERNEL_LAUNCH_CHECK();
  auto opts = torch::TensorOptions().device(torch::kCUDA);
  // at::cuda::getCurrentCUDAStream() in a comment
}
`);
    expect(findings.filter((f) => f.ruleId.startsWith('torchcpp.')).map((f) => `${f.ruleId}@${f.line}`)).toEqual([
      'torchcpp.ATen-cuda-headers@1',
      'torchcpp.c10-cuda-headers@2',
      'torchcpp.is_cuda@4',
      'torchcpp.OptionalCUDAGuard@5',
      'torchcpp.getCurrentCUDAStream@6',
      'torchcpp.getCurrentCUDABlasHandle@7',
      'torchcpp.AT_CUDA_CHECK@8',
      'torchcpp.C10_CUDA_KERNEL_LAUNCH_CHECK@9',
      'torchcpp.kCUDA@10',
    ]);
  });
});
