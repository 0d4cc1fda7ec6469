import { describe, expect, it } from 'vitest';
import { detectBuildFile } from '../src/detect/build/index.js';
import { languageOf } from '../src/discover/discover.js';
import type { BuildLanguage } from '../src/model.js';
import { realTable } from './helpers.js';

const scan = (language: BuildLanguage, text: string) => detectBuildFile(language, text, realTable().table).map((f) => `${f.ruleId} ${f.name} @${f.line}:${f.column}`);

describe('build-file discovery', () => {
  it('recognises build and dependency files by name', () => {
    expect(['CMakeLists.txt', 'cmake/cuda.cmake', 'Makefile', 'src/GNUmakefile', 'rules.mk', 'BUILD', 'BUILD.bazel', 'defs.bzl', 'Dockerfile', 'docker/Dockerfile.cuda', 'requirements.txt', 'requirements-dev.txt', 'requirements/cuda.txt', 'pyproject.toml', 'setup.cfg', 'environment.yml'].map((p) => languageOf(p)))
      .toEqual(['cmake', 'cmake', 'make', 'make', 'make', 'bazel', 'bazel', 'bazel', 'dockerfile', 'dockerfile', 'pip-requirements', 'pip-requirements', 'pip-requirements', 'pyproject', 'setup-cfg', 'conda-env']);
    expect(['notes.txt', 'README.md', 'build.sh', 'config.toml', 'ci.yml'].map((p) => languageOf(p))).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('CMake', () => {
  it('finds the CUDA language, packages, targets, architectures, flags and sources', () => {
    expect(scan('cmake', `cmake_minimum_required(VERSION 3.18)
project(app LANGUAGES CXX CUDA)
set(CMAKE_CUDA_ARCHITECTURES 80 90)
find_package(CUDAToolkit REQUIRED)
add_library(k STATIC a.cu b.cpp
  c.cuh)
target_compile_options(k PRIVATE $<$<COMPILE_LANGUAGE:CUDA>:--expt-relaxed-constexpr>)
target_link_libraries(k PRIVATE CUDA::cudart CUDA::cublas)
if(CUDA_FOUND)
endif()
`)).toEqual([
      'cmake.cuda-language project(... CUDA) @2:27',
      'build.cuda-arch CMAKE_CUDA_ARCHITECTURES @3:5',
      'cmake.find_package-CUDAToolkit find_package(CUDAToolkit) @4:1',
      'build.cu-source a.cu @5:22',
      'build.cu-source c.cuh @6:3',
      'build.nvcc-flag $<COMPILE_LANGUAGE:CUDA> @7:34',
      'build.cuda-lib CUDA::cudart @8:33',
      'build.cuda-lib CUDA::cublas @8:46',
      'cmake.cuda-variable CUDA_FOUND @9:4',
    ]);
  });

  it('reads FindCUDA, enable_language and LANGUAGE CUDA', () => {
    expect(scan('cmake', `find_package(CUDA 11 REQUIRED)
enable_language(CUDA)
cuda_add_library(k k.cu)
set_source_files_properties(x.cpp PROPERTIES LANGUAGE CUDA)
`)).toEqual([
      'cmake.find_package-CUDA find_package(CUDA) @1:1',
      'cmake.cuda-language enable_language(CUDA) @2:1',
      'cmake.cuda_add_library cuda_add_library @3:1',
      'build.cu-source k.cu @3:20',
      'cmake.cuda-language LANGUAGE CUDA @4:46',
    ]);
  });

  it('never reports comments, bracket comments or message text', () => {
    expect(scan('cmake', `# enable_language(CUDA) find_package(CUDAToolkit)
#[[ project(x LANGUAGES CUDA)
    set(CMAKE_CUDA_ARCHITECTURES 80) ]]
message(STATUS "nvcc at \${CMAKE_CUDA_COMPILER}, CUDA::cudart -arch=sm_80")
set(MY_CUDA_KERNEL_SOURCE k.txt) # CUDA::cublas
`)).toEqual([]);
  });
});

describe('Makefile', () => {
  it('finds nvcc, arch, nvcc flags, CUDA libraries, toolkit paths and .cu rules', () => {
    expect(scan('make', `NVCC ?= /usr/local/cuda/bin/nvcc
CFLAGS = -O3 -arch=sm_80 --use_fast_math
LDLIBS = -lcudart -lcublas -lm
%.o: %.cu
\t$(NVCC) $(CFLAGS) -c $< -o $@
`)).toEqual([
      'build.nvcc /usr/local/cuda/bin/nvcc @1:9',
      'build.cuda-arch -arch=sm_80 @2:14',
      'build.nvcc-flag --use_fast_math @2:26',
      'build.cuda-lib -lcudart @3:10',
      'build.cuda-lib -lcublas @3:19',
      'build.cu-source %.cu @4:6',
    ]);
  });

  it('skips comments (continued by a backslash) and messages', () => {
    expect(scan('make', `# NVCC = nvcc -arch=sm_80 \\
  -lcublas still a comment
CC = gcc # nvcc
$(info nvcc not found, skipping CUDA builds)
all:
\t@echo "building with nvcc -lcudart"
ESCAPED = \\# nvcc
`)).toEqual(['build.nvcc nvcc @7:14']);
  });
});

describe('requirements', () => {
  it('finds CUDA wheel indexes, CUDA-tagged versions, NVIDIA runtime wheels and CUDA-only packages', () => {
    expect(scan('pip-requirements', `--extra-index-url https://download.pytorch.org/whl/cu121
torch==2.3.1+cu121
cupy-cuda12x>=13
flash-attn==2.5.8 ; platform_system == "Linux"
nvidia-cudnn-cu12==8.9.2.26
jax[cuda12]==0.4.30
numpy>=1.26
`)).toEqual([
      'dep.cuda-wheel-index https://download.pytorch.org/whl/cu121 @1:19',
      'dep.cuda-wheel-tag torch==2.3.1+cu121 @2:1',
      'pypkg.cupy cupy-cuda12x @3:1',
      'pypkg.flash_attn flash-attn @4:1',
      'dep.nvidia-cuda-wheel nvidia-cudnn-cu12 @5:1',
      'dep.cuda-wheel-tag jax[cuda12] @6:1',
    ]);
  });

  it('ignores comments, other indexes and packages that are not CUDA-only', () => {
    expect(scan('pip-requirements', `# torch==2.3.1+cu121 and flash-attn
--index-url https://pypi.org/simple
numpy  # cupy-cuda12x
-r base.txt
torch>=2.1
`)).toEqual([]);
  });
});

describe('pyproject.toml, setup.cfg, environment.yml', () => {
  it('reads PEP 621 dependencies, optional dependencies, build requires and uv indexes, not other strings', () => {
    expect(scan('pyproject', `[project]
name = "flash-attn-user"
description = "uses xformers" # triton
dependencies = [
  "torch>=2.1",
  "triton>=2.1",   # "xformers"
]
[project.optional-dependencies]
cuda = ["cupy-cuda12x"]
[[tool.uv.index]]
url = "https://download.pytorch.org/whl/cu124"
[tool.poetry.dependencies]
bitsandbytes = "^0.43"
`)).toEqual([
      'pypkg.triton triton @6:4',
      'pypkg.cupy cupy-cuda12x @9:10',
      'dep.cuda-wheel-index https://download.pytorch.org/whl/cu124 @11:8',
      'pypkg.bitsandbytes bitsandbytes @13:1',
    ]);
  });

  it('recognises the same CUDA wheel indexes as requirements files: a mirror\'s /cu121/ path, a Poetry +cu121 version', () => {
    expect(scan('pyproject', `[[tool.uv.index]]
url = "https://mirrors.example.org/pytorch-wheels/cu121/"
[[tool.uv.index]]
url = "https://mirrors.example.org/pypi/simple/"
[tool.poetry.dependencies]
torch = "2.3.1+cu121"
`)).toEqual([
      'dep.cuda-wheel-index https://mirrors.example.org/pytorch-wheels/cu121/ @2:8',
      'dep.cuda-wheel-tag torch 2.3.1+cu121 @6:10',
    ]);
  });

  it('reads setup.cfg install_requires and extras', () => {
    expect(scan('setup-cfg', `[metadata]
name = xformers-demo
[options]
install_requires =
    torch
    xformers>=0.0.25
# flash-attn
[options.extras_require]
gpu = pynvml
`)).toEqual(['pypkg.xformers xformers @6:5', 'pypkg.pynvml pynvml @9:7']);
  });

  it('reads conda dependencies and the pip sub-list', () => {
    expect(scan('conda-env', `name: train
channels: [pytorch, nvidia]
dependencies:
  - python=3.11
  - pytorch-cuda=12.1   # cudatoolkit
  - pip:
      - flash-attn
`)).toEqual(['dep.nvidia-cuda-wheel pytorch-cuda @5:5', 'pypkg.flash_attn flash-attn @7:9']);
  });
});

describe('Dockerfile and Bazel', () => {
  it('finds CUDA base images, build settings and pip installs in RUN lines', () => {
    expect(scan('dockerfile', `# FROM nvidia/cuda:11.8.0-devel-ubuntu22.04
FROM nvidia/cuda:12.1.1-cudnn8-devel-ubuntu22.04 AS build
ENV TORCH_CUDA_ARCH_LIST="8.0 9.0"
RUN pip install --no-cache-dir torch==2.3.1 \\
    --index-url https://download.pytorch.org/whl/cu121 && \\
    pip install flash-attn && echo "nvcc -lcudart"
FROM python:3.11-slim
`)).toEqual([
      'docker.cuda-base-image nvidia/cuda:12.1.1-cudnn8-devel-ubuntu22.04 @2:6',
      'build.cuda-arch TORCH_CUDA_ARCH_LIST @3:5',
      'dep.cuda-wheel-index https://download.pytorch.org/whl/cu121 @5:17',
      'pypkg.flash_attn flash-attn @6:17',
    ]);
  });

  it('finds rules_cuda rules, CUDA labels and copts', () => {
    expect(scan('bazel', `load("@rules_cuda//cuda:defs.bzl", "cuda_library")
# cuda_library(name = "old")
cuda_library(
    name = "kernels",
    srcs = ["k.cu"],
    copts = ["--use_fast_math"],
    deps = ["@local_config_cuda//cuda:cudart"],
)
`)).toEqual([
      'bazel.cuda-dep @rules_cuda//cuda:defs.bzl @1:7',
      'bazel.cuda-rule cuda_library @3:1',
      'build.cu-source k.cu @5:14',
      'build.nvcc-flag --use_fast_math @6:15',
      'bazel.cuda-dep @local_config_cuda//cuda:cudart @7:14',
    ]);
  });
});

describe('nvcc-context flags, nvidia-smi and .cmake.in files', () => {
  it('reads *.cmake.in as CMake', () => {
    expect(languageOf('cmake/Config.cmake.in')).toBe('cmake');
    expect(languageOf('config.h.in')).toBe(undefined);
  });

  it('counts -t/--threads and -m64/--machine only where the words go to nvcc', () => {
    expect(scan('make', `NVCCFLAGS = -t 4 -m64
cuda: a.cu
\tnvcc --threads 8 --machine=64 -maxrregcount=64 -o a a.cu
pack:
\ttar -t -f x.tar
\tgcc -m64 -o b b.c
`)).toEqual([
      'build.nvcc-flag -t @1:13',
      'build.cu-source a.cu @2:7',
      'build.nvcc nvcc @3:2',
      'build.nvcc-flag --threads @3:7',
      'build.cu-source a.cu @3:54',
    ]);
    expect(scan('cmake', `set(CMAKE_CUDA_FLAGS
  "--threads 4")
target_compile_options(x PRIVATE -m64)
`)).toEqual(['build.nvcc-flag CMAKE_CUDA_FLAGS @1:5', 'build.nvcc-flag --threads @2:4']);
  });

  it('finds nvidia-smi invoked from build files, not in comments', () => {
    expect(scan('make', `# nvidia-smi is needed
gpu:
\tnvidia-smi --query-gpu=name --format=csv
`)).toEqual(['build.nvidia-smi nvidia-smi @3:2']);
    expect(scan('dockerfile', `FROM ubuntu:22.04
RUN /usr/bin/nvidia-smi -L || true
`)).toEqual(['build.nvidia-smi /usr/bin/nvidia-smi @2:5']);
  });
});

describe('dependencies on CUDA-only Python DSLs', () => {
  it('maps cuda-python, nvidia-cutlass-dsl, quack-kernels and tilelang to their import rules', () => {
    expect(scan('pip-requirements', `cuda-python>=12.8
nvidia-cutlass-dsl==4.2.0
quack-kernels
tilelang
cuda-pathfinder
`)).toEqual([
      'pypkg.cuda cuda-python @1:1',
      'pypkg.cutlass.cute nvidia-cutlass-dsl @2:1',
      'pypkg.quack quack-kernels @3:1',
      'pypkg.tilelang tilelang @4:1',
    ]);
  });
});
