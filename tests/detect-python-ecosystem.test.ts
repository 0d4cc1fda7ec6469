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
      // One finding per build token per line, as in build files.
      'build.cuda-arch -gencode @2:36',
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

describe('GPU DSLs and CUDA-only Python packages', () => {
  it('recognises cuda-python, CuTe DSL, QuACK and TileLang imports', () => {
    expect(summary(`from cuda.bindings import driver
import cuda
from cuda import cudart
import cutlass
import cutlass.cute as cute
from quack import rmsnorm
import tilelang.language as T
`)).toEqual([
      'pypkg.cuda.bindings cuda.bindings.driver @1:6',
      'pypkg.cuda cuda @2:8',
      'pypkg.cuda cuda.cudart @3:6',
      'pypkg.cutlass cutlass @4:8',
      'pypkg.cutlass.cute cutlass.cute @5:8',
      'pypkg.quack quack.rmsnorm @6:6',
      'pypkg.tilelang tilelang.language @7:8',
    ]);
  });

  it('matches only the top-level module named cuda, not torch.cuda, numba.cuda or relative imports', () => {
    const found = summary(`import torch.cuda
from numba import cuda
from . import cuda
from .cuda import helpers
import cudatoolkit_helpers
`);
    expect(found.filter((f) => f.startsWith('pypkg.cuda '))).toEqual([]);
    expect(found).toContain('pypkg.numba.cuda numba.cuda @2:6');
  });

  it('flags maxnreg= in triton.Config like num_warps, and leaves tl.math (portable core math) alone', () => {
    const found = summary(`import triton
import triton.language as tl
cfg = triton.Config({"B": 64}, num_warps=4, maxnreg=128)
def f(x):
    return tl.math.exp(x) + tl.extra.cuda.libdevice.exp(x)
other(maxnreg=128)
`);
    expect(found).toContain('triton.maxnreg maxnreg @3:45');
    expect(found).toContain('triton.language.extra.cuda triton.language.extra.cuda.libdevice.exp @5:29');
    expect(found.filter((f) => f.includes('triton.language.math'))).toEqual([]);
    expect(found.filter((f) => f.includes('@6:'))).toEqual([]);
  });
});

describe('import bindings, legacy torch.cuda names and re-exports', () => {
  it('resolves a use through whichever branch of a compatibility shim reaches a CUDA rule, once', () => {
    const found = summary(`try:
    from torch.amp import custom_fwd
except ImportError:
    from torch.cuda.amp import custom_fwd
if new_torch:
    from torch.amp import autocast
else:
    from torch.cuda.amp import autocast

@custom_fwd
def f():
    with autocast():
        pass
`);
    expect(found.filter((f) => f.includes('@10:'))).toEqual(['torch.cuda.amp.custom_fwd torch.cuda.amp.custom_fwd @10:2']);
    expect(found.filter((f) => f.includes('@12:'))).toEqual(['torch.cuda.amp.autocast torch.cuda.amp.autocast @12:10']);
    // A portable-only binding is not a finding.
    expect(summary(`from torch.amp import custom_fwd
@custom_fwd
def f(): pass
`)).toEqual([]);
  });

  it('finds torch.version.cuda and the legacy CUDA tensor types', () => {
    expect(summary(`import torch
if torch.version.cuda:
    a = torch.cuda.HalfTensor(2)
    b = torch.cuda.DoubleTensor(2)
c = torch.version.hip
d = torch.HalfTensor(2)
`)).toEqual([
      'torch.version.cuda torch.version.cuda @2:4',
      'torch.cuda.HalfTensor torch.cuda.HalfTensor @3:9',
      'torch.cuda.DoubleTensor torch.cuda.DoubleTensor @4:9',
    ]);
  });

  it('resolves torch.cuda.<submodule>.X to the rule for torch.cuda.X, keeping exact submodule rules', () => {
    expect(summary(`import torch
g = torch.cuda.graphs.CUDAGraph()
s = torch.cuda.streams.Stream()
t = torch.cuda.amp.grad_scaler.GradScaler()
torch.cuda.random.manual_seed(0)
torch.cuda.memory._record_memory_history()
`)).toEqual([
      'torch.cuda.CUDAGraph torch.cuda.graphs.CUDAGraph @2:5',
      'torch.cuda.Stream torch.cuda.streams.Stream @3:5',
      'torch.cuda.amp.GradScaler torch.cuda.amp.grad_scaler.GradScaler @4:5',
      'torch.cuda.manual_seed torch.cuda.random.manual_seed @5:1',
      'torch.cuda.memory._record_memory_history torch.cuda.memory._record_memory_history @6:1',
    ]);
  });
});

describe('device strings, is_cuda and CUDA environment variables', () => {
  it('finds "cuda" under every add_argument option string, device_map=, subscripts, dict pairs and membership tests', () => {
    expect(summary(`p.add_argument("-d", "--device", default="cuda")
p.add_argument("-b", "--dist-backend", default="nccl")
m = load(device_map="cuda")
cfg["device_type"] = "cuda"
opts = {"device": "cuda:0", "name": "cuda"}
if device_type in {"cuda", "xpu"}: pass
if x.device.type in ("cuda",): pass
`)).toEqual([
      'pyconstruct.device-string "cuda" @1:42',
      'pyconstruct.nccl-backend "nccl" @2:48',
      'pyconstruct.device-string "cuda" @3:21',
      'pyconstruct.device-string "cuda" @4:22',
      'pyconstruct.device-string "cuda:0" @5:19',
      'pyconstruct.device-string "cuda" @6:20',
      'pyconstruct.device-string "cuda" @7:22',
    ]);
  });

  it('leaves "cuda" strings alone where no device is named', () => {
    expect(summary(`p.add_argument("-n", "--name", default="cuda")
cfg["label"] = "cuda"
opts = {"kind": "cuda"}
if mode in {"cuda", "cpu"}: pass
`)).toEqual([]);
  });

  it('finds .is_cuda properties and CUDA_VISIBLE_DEVICES / NCCL_* environment variables', () => {
    expect(summary(`import os
if x.is_cuda: pass
os.environ["CUDA_VISIBLE_DEVICES"] = "0,1"
level = os.getenv("NCCL_DEBUG", "WARN")
os.environ.setdefault("NCCL_SOCKET_IFNAME", "eth0")
os.putenv("CUDA_VISIBLE_DEVICES", "0")
`)).toEqual([
      'pyconstruct.is-cuda .is_cuda @2:6',
      'pyconstruct.env-cuda-visible-devices CUDA_VISIBLE_DEVICES @3:12',
      'pyconstruct.env-nccl NCCL_DEBUG @4:19',
      'pyconstruct.env-nccl NCCL_SOCKET_IFNAME @5:23',
      'pyconstruct.env-cuda-visible-devices CUDA_VISIBLE_DEVICES @6:11',
    ]);
    expect(summary(`import os
x.is_cuda_like = 1
y = obj.is_cuda()
os.environ["HOME"] = "/root"
os.getenv("NCCLX")
d = {"CUDA_VISIBLE_DEVICES": "0"}
`)).toEqual([]);
  });

  it('reports TORCH_CUDA_ARCH_LIST once per line of setup.py', () => {
    expect(summary(`import os
os.environ["TORCH_CUDA_ARCH_LIST"] = "8.0;9.0"
`)).toEqual(['build.cuda-arch TORCH_CUDA_ARCH_LIST @2:1']);
  });
});

describe('first-party imports', () => {
  it('drops imports of the packages the scanned tree provides itself, not real CUDA-only dependencies', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { scan } = await import('../src/scan/scan.js');
    const { RULES_DIR } = await import('./helpers.js');
    const root = mkdtempSync(join(tmpdir(), 'cuport-firstparty-'));
    mkdirSync(join(root, 'mamba_ssm', 'ops'), { recursive: true });
    writeFileSync(join(root, 'mamba_ssm', '__init__.py'), 'from mamba_ssm.ops import selective_scan\n');
    writeFileSync(join(root, 'mamba_ssm', 'ops', '__init__.py'), '');
    writeFileSync(join(root, 'mamba_ssm', 'ops', 'selective_scan.py'), 'import causal_conv1d\nimport triton\n');
    writeFileSync(join(root, 'bench.py'), 'import mamba_ssm\nfrom causal_conv1d import causal_conv1d_fn\n');
    const report = await scan({ paths: [root], rulesDir: RULES_DIR, jobs: 0 });
    const imports = report.findings.filter((f) => f.kind === 'python-import').map((f) => `${f.file} ${f.name}`);
    expect(imports).toEqual([
      'bench.py causal_conv1d.causal_conv1d_fn',
      'mamba_ssm/ops/selective_scan.py causal_conv1d',
      'mamba_ssm/ops/selective_scan.py triton',
    ]);
  });
});
