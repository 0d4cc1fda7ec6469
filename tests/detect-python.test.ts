import { describe, expect, it } from 'vitest';
import { python } from './helpers.js';

const summary = (src: string) => python(src).findings.map((f) => `${f.kind} ${f.name} @${f.line}`);

describe('Python detector', () => {
  it('resolves torch.cuda through imports and aliases', () => {
    expect(
      summary(`
import torch
import torch.cuda as tc
from torch import cuda
from torch.cuda import amp
from torch.cuda.amp import GradScaler as Scaler
torch.cuda.synchronize()
tc.empty_cache()
cuda.device_count()
with amp.autocast():
    pass
s = Scaler()
torch.backends.cudnn.benchmark = True
`),
    ).toEqual([
      'python-api torch.cuda.synchronize @7',
      'python-api torch.cuda.empty_cache @8',
      'python-api torch.cuda.device_count @9',
      'python-api torch.cuda.amp.autocast @10',
      'python-api torch.cuda.amp.GradScaler @12',
      'python-api torch.backends.cudnn.benchmark @13',
    ]);
  });

  it('reports each use once, with the enclosing function as scope', () => {
    const { findings } = python(`
import torch
class Trainer:
    def step(self):
        torch.cuda.synchronize()
`);
    expect(findings.map((f) => [f.name, f.scope])).toEqual([['torch.cuda.synchronize', 'Trainer.step']]);
  });

  it('finds .cuda() calls, device strings where a device is meant, and the nccl backend', () => {
    expect(
      summary(`
import torch
import torch.distributed as dist
x = torch.zeros(3).cuda()
model.cuda(local_rank)
dev = torch.device("cuda:0")
y = x.to("cuda")
z = torch.ones(2, device="cuda")
w = torch.load(path, map_location=f"cuda:{rank}")
device = "cuda" if torch.cuda.is_available() else "cpu"
def run(batch, device="cuda"):
    pass
dist.init_process_group("nccl")
dist.init_process_group(backend="nccl", init_method="env://")
`),
    ).toEqual([
      'python-api .cuda() @4',
      'python-api .cuda() @5',
      'device-string "cuda:0" @6',
      'device-string "cuda" @7',
      'device-string "cuda" @8',
      'device-string "cuda:{…}" @9',
      'device-string "cuda" @10',
      'python-api torch.cuda.is_available @10',
      'device-string "cuda" @11',
      'distributed-backend "nccl" @13',
      'distributed-backend "nccl" @14',
    ]);
  });

  it('never reports comments, docstrings or strings that do not name a device', () => {
    expect(
      summary(`
"""Calls torch.cuda.synchronize() before timing; see also x.cuda()."""
import torch
# torch.cuda.empty_cache() is not called here
msg = "torch.cuda.is_available() is False"
env = {"cuda": torch.version.__version__}
print("cuda")
log(device_name="cuda")
class CudaPrefetcher:
    """Moves batches with .cuda() asynchronously."""
`),
    ).toEqual([]);
  });

  it('finds CUDA extension builds and CUDA-only package imports', () => {
    expect(
      summary(`
from torch.utils.cpp_extension import BuildExtension, CUDAExtension
import cupy as cp
from numba import cuda
import pycuda.driver as drv
import triton
import numpy
ext = CUDAExtension("ops", ["ops.cu"])
`),
    ).toEqual([
      'python-import cupy @3',
      'python-import numba.cuda @4',
      'python-import pycuda.driver @5',
      'python-import triton @6',
      'extension-build torch.utils.cpp_extension.CUDAExtension @8',
    ]);
  });

  it('reports unknown torch.cuda names as unrecognized rather than dropping them', () => {
    const { findings } = python(`import torch\ntorch.cuda.some_future_api()\n`);
    expect(findings.map((f) => [f.ruleId, f.name])).toEqual([['unrecognized', 'torch.cuda.some_future_api']]);
  });

  it('scans code inside f-string interpolations but not the literal text', () => {
    const { findings } = python(`import torch\nprint(f"torch.cuda.synchronize {torch.cuda.memory_allocated()}")\n`);
    expect(findings.map((f) => f.name)).toEqual(['torch.cuda.memory_allocated']);
  });
});

describe('Python detector: device comparisons and f-strings', () => {
  it('finds "cuda" compared with a device, and f-string device assignments', () => {
    expect(
      summary(`
device = f"cuda:{local_rank}"
if device == "cuda":
    pass
if x.device.type != 'cuda' or device_type == "cuda":
    pass
if mode == "cuda":
    pass
`),
    ).toEqual(['device-string "cuda:{…}" @2', 'device-string "cuda" @3', 'device-string "cuda" @5', 'device-string "cuda" @5']);
  });
});

describe('assignment targets', () => {
  it('an unknown attribute the project assigns on torch.cuda is not a use; a known CUDA setting assigned is', () => {
    const { findings } = python(`
import torch
torch.cuda.my_project_flag = 1
torch.cuda.my_counter += 1
torch.backends.cudnn.benchmark = True
print(torch.cuda.other_unknown_name)
`);
    expect(findings.map((f) => `${f.ruleId} ${f.name} @${f.line}`)).toEqual([
      'torch.backends.cudnn.benchmark torch.backends.cudnn.benchmark @5',
      'unrecognized torch.cuda.other_unknown_name @6',
    ]);
  });
});

describe('Python detector: f-string code in the one cursor walk', () => {
  it('reads an expression in a format spec, and an expression of a nested f-string once', () => {
    expect(
      summary(`
import torch
print(f"{x:{torch.cuda.device_count()}}")
print(f"{f'{torch.cuda.synchronize()}'}")
y = "a" f"{torch.cuda.empty_cache()}"
`),
    ).toEqual([
      'python-api torch.cuda.device_count @3',
      'python-api torch.cuda.synchronize @4',
      'python-api torch.cuda.empty_cache @5',
    ]);
  });

  it('is the same in an import that comes after the use (imports are read before the walk)', () => {
    expect(summary(`
def f():
    return torch.cuda.synchronize()
import torch
`)).toEqual(['python-api torch.cuda.synchronize @3']);
  });
});

describe('Python detector: the torch.cuda module as a value', () => {
  it('reports bare torch.cuda passed, returned or bound, and only the bare name', () => {
    expect(
      summary(`
import torch
from torch import cuda
if hasattr(torch.cuda, "is_bf16_supported"):
    pass
def f():
    return torch.cuda
m = torch.cuda
g(cuda)
torch.cuda.my_helper()
torch.cuda.synchronize()
`),
    ).toEqual([
      'python-api torch.cuda @4',
      'python-api torch.cuda @7',
      'python-api torch.cuda @8',
      'python-api torch.cuda @9',
      'python-api torch.cuda.my_helper @10',
      'python-api torch.cuda.synchronize @11',
    ]);
    // The member name of a method call is not the `cuda` that `from torch import cuda` binds.
    expect(summary('from torch import cuda\nfrom torch.cuda import synchronize\nx = y.cuda()\nz.synchronize()\n')).toEqual([
      'python-api .cuda() @3',
    ]);
    const ids = python('import torch\ntorch.cuda.my_helper()\nx = torch.cuda\n').findings.map((f) => `${f.name} ${f.ruleId}`);
    expect(ids).toEqual(['torch.cuda.my_helper unrecognized', 'torch.cuda torch.cuda']);
  });
});

describe('Python detector: assignment targets are not uses', () => {
  it('drops rebinding and non-API attributes, and marks an assigned known API (a monkey-patch or a setting)', () => {
    const found = python(`
import torch
from torch import cuda
torch.cuda.my_flag = 1
x.cuda = 1
x.is_cuda = True
cuda = None
torch.cuda.synchronize = my_sync
torch.cuda.synchronize()
ok = y.is_cuda
`).findings.map((f) => `${f.name} @${f.line}${f.detail ? ` (${f.detail})` : ''}`);
    expect(found).toEqual([
      'torch.cuda.synchronize @8 (assigned)',
      'torch.cuda.synchronize @9',
      '.is_cuda @10',
    ]);
  });
});

describe('Python detector: targets inside tuple/list patterns, for loops and with-as are bound, not read', () => {
  it('drops them like a plain assignment target, and marks an assigned known API', () => {
    const found = python(`
import torch
x, y.is_cuda = 1, True
(a, torch.backends.cudnn.benchmark) = (1, True)
[b, *torch.cuda.rest] = [1, 2]
for torch.cuda.item in things:
    pass
with open("f") as torch.cuda.handle:
    pass
pairs = [p for p, torch.cuda.q in zip(u, v)]
d[torch.cuda.current_device()] = 1
first, second = torch.cuda.device_count(), z.is_cuda
`).findings.map((f) => `${f.name} @${f.line}${f.detail ? ` (${f.detail})` : ''}`);
    expect(found).toEqual([
      'torch.backends.cudnn.benchmark @4 (assigned)',
      'torch.cuda.current_device @11',
      'torch.cuda.device_count @12',
      '.is_cuda @12',
    ]);
  });
});
