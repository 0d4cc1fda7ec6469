// Sources selected per backend by a project's CMake build (src/scope/build-selection.ts): the sources its
// own HIP branch compiles are on DCU's path (verification only); sources built only for CUDA beside that
// branch, or only for one CUDA architecture, leave the minimal port; headers follow their includers.
import { describe, expect, it } from 'vitest';
import { buildSelection, cmakeSourceMentions } from '../src/scope/build-selection.js';
import { scan } from '../src/scan/scan.js';
import { RULES_DIR, tempTree } from './helpers.js';

const CMAKE = `cmake_minimum_required(VERSION 3.22)
set(GPU_FILES csrc/ops.cu csrc/kernels.cu)
set(CPP_FILES csrc/interface.cpp)
if(BUILD_CUDA)
  list(APPEND SRC_FILES \${GPU_FILES})
  list(APPEND SRC_FILES csrc/gemm_simt.cu)
  if(75 IN_LIST _cc_all) # sm75 tensor-core path
    list(APPEND SRC_FILES csrc/gemm_sm75.cu)
  endif()
  list(APPEND SRC_FILES csrc/cuda_only.cu)
elseif(BUILD_HIP)
  list(APPEND SRC_FILES \${GPU_FILES})
  set_source_files_properties(csrc/gemm_simt.cu PROPERTIES LANGUAGE HIP)
  list(APPEND SRC_FILES csrc/gemm_simt.cu)
endif()
add_library(mylib SHARED \${CPP_FILES} \${SRC_FILES})
`;

describe('cmakeSourceMentions', () => {
  it('expands variables at the compiling command with the branches of both the definition and the use', () => {
    const mentions = cmakeSourceMentions(CMAKE, 'CMakeLists.txt');
    const stacks = (file: string) => mentions.filter((m) => m.file === file).map((m) => m.stack.map((b) => `${b.command}(${b.text})`).join(' > '));
    expect(stacks('csrc/kernels.cu')).toEqual(['if(BUILD_CUDA)', 'elseif(BUILD_HIP)']);
    expect(stacks('csrc/gemm_sm75.cu')).toEqual(['if(BUILD_CUDA) > if(75 IN_LIST _cc_all)']);
    expect(stacks('csrc/interface.cpp')).toEqual(['']);
    // set_source_files_properties compiles it too, in the HIP branch.
    expect(stacks('csrc/gemm_simt.cu').sort()).toEqual(['elseif(BUILD_HIP)', 'elseif(BUILD_HIP)', 'if(BUILD_CUDA)']);
  });

  it('resolves paths against the CMake file\'s folder and ignores what it cannot follow', () => {
    const mentions = cmakeSourceMentions('file(GLOB SRCS *.cu)\nadd_library(x ${SRCS} a.cu $<$<CONFIG:Debug>:dbg.cu> ${CMAKE_CURRENT_SOURCE_DIR}/b.cu)\n', 'lib/CMakeLists.txt');
    expect(mentions.map((m) => m.file)).toEqual(['lib/a.cu', 'lib/b.cu']);
  });

  it('a source listed but never compiled is no mention', () => {
    expect(cmakeSourceMentions('set(UNUSED a.cu)\n', 'CMakeLists.txt')).toEqual([]);
  });
});

describe('buildSelection', () => {
  const scanned = new Set(['CMakeLists.txt', 'csrc/ops.cu', 'csrc/kernels.cu', 'csrc/interface.cpp', 'csrc/gemm_simt.cu', 'csrc/gemm_sm75.cu', 'csrc/cuda_only.cu', 'csrc/common.cuh', 'csrc/mma.cuh', 'tests/t.cu']);
  const includes: Record<string, string[]> = { 'csrc/kernels.cu': ['csrc/common.cuh'], 'csrc/gemm_sm75.cu': ['csrc/mma.cuh', 'csrc/common.cuh'], 'tests/t.cu': [] };
  const selection = buildSelection(cmakeSourceMentions(CMAKE, 'CMakeLists.txt'), scanned, (f) => new Set(includes[f] ?? []));

  it('marks what the HIP branch compiles, unconditional sources and their headers as on DCU\'s path', () => {
    expect([...selection.targetBuilt.dcu!].sort()).toEqual(['csrc/common.cuh', 'csrc/gemm_simt.cu', 'csrc/interface.cpp', 'csrc/kernels.cu', 'csrc/ops.cu']);
    expect(selection.builtBy.dcu).toEqual(['CMakeLists.txt:11 elseif(BUILD_HIP)']);
  });

  it('leaves CUDA-only and architecture-only sources (and headers only they include) out of the minimal port', () => {
    const dcu = selection.optional.dcu!;
    expect([...dcu.keys()].sort()).toEqual(['csrc/cuda_only.cu', 'csrc/gemm_sm75.cu', 'csrc/mma.cuh']);
    expect(dcu.get('csrc/gemm_sm75.cu')!.why).toBe('built only when 75 IN_LIST _cc_all (CMakeLists.txt:7)');
    expect(dcu.get('csrc/mma.cuh')!.why).toMatch(/^included only by sources built only when 75 IN_LIST/);
    expect(dcu.get('csrc/cuda_only.cu')!.why).toMatch(/built only for CUDA \(CMakeLists.txt:4\), not in the project's own dcu build/);
  });

  it('on a target the project has no branch for, only architecture-only sources are optional, and nothing is on its path', () => {
    expect(selection.targetBuilt.musa).toBeUndefined();
    expect([...selection.optional.musa!.keys()].sort()).toEqual(['csrc/gemm_sm75.cu', 'csrc/mma.cuh']);
  });

  it('a header also included by a source that is neither built nor optional stays in the port', () => {
    const s = buildSelection(cmakeSourceMentions(CMAKE, 'CMakeLists.txt'), scanned, (f) => new Set(f === 'tests/t.cu' ? ['csrc/mma.cuh'] : (includes[f] ?? [])));
    expect(s.optional.musa!.has('csrc/mma.cuh')).toBe(false);
  });

  it('names a backend by whole words only: BUILD_INPUT_TESTS is no NPU branch, CHIP_ID no HIP branch', () => {
    const s = buildSelection(cmakeSourceMentions('if(BUILD_INPUT_TESTS OR CHIP_ID)\nadd_library(t a.cu)\nendif()\nif(\${BACKEND} STREQUAL "npu")\nadd_library(n b.cu)\nendif()\n', 'CMakeLists.txt'), new Set(['a.cu', 'b.cu']), () => new Set());
    expect(s.targetBuilt.dcu).toBeUndefined();
    expect([...s.targetBuilt.cann!]).toEqual(['a.cu', 'b.cu']);
  });

  it('a source under if(NOT BUILD_HIP) is not on DCU\'s path', () => {
    const s = buildSelection(cmakeSourceMentions('if(BUILD_HIP)\nadd_library(h a.cu)\nendif()\nif(NOT BUILD_HIP)\nadd_library(c b.cu)\nendif()\n', 'CMakeLists.txt'), new Set(['a.cu', 'b.cu']), () => new Set());
    expect([...s.targetBuilt.dcu!]).toEqual(['a.cu']);
  });
});

describe('build selection in a scan', () => {
  const kernel = (name: string) => `#include "common.cuh"
__global__ void ${name}(float* x) {
  unsigned m = __ballot_sync(0xffffffff, x[threadIdx.x] > 0);
  if (threadIdx.x % 32 == 0) x[0] = __popc(m);
}
void launch_${name}(float* x, cudaStream_t s) { ${name}<<<1, 32, 0, s>>>(x); cudaGetLastError(); }
`;
  const files = {
    'CMakeLists.txt': CMAKE,
    'csrc/common.cuh': '#pragma once\n#include <cuda_runtime.h>\n',
    'csrc/ops.cu': '#include "common.cuh"\nvoid copy(float* d, const float* h, size_t n) { cudaMemcpy(d, h, n, cudaMemcpyHostToDevice); }\n',
    'csrc/kernels.cu': kernel('warp_sum'),
    'csrc/interface.cpp': 'void api() {}\n',
    'csrc/gemm_simt.cu': kernel('gemm_simt'),
    'csrc/gemm_sm75.cu': kernel('gemm_sm75'),
    'csrc/cuda_only.cu': kernel('cuda_only'),
  };

  it('costs the HIP-built sources as verification on DCU and leaves the sm75 and CUDA-only sources out of its minimal port', async () => {
    const dir = tempTree(files, 'cuport-build-sel-');
    const report = await scan({ paths: [dir], targets: ['dcu', 'musa'], rulesDir: RULES_DIR, jobs: 0 });
    const dcu = report.targetSummaries.dcu!;
    expect(dcu.inTree!.via).toContain('build CMakeLists.txt:11 elseif(BUILD_HIP)');
    const dcuFiles = (e: typeof dcu.minimal) => e.fileHours.map((f) => f.file).sort();
    expect(dcuFiles(dcu.minimal)).not.toContain('csrc/gemm_sm75.cu');
    expect(dcuFiles(dcu.minimal)).not.toContain('csrc/cuda_only.cu');
    expect(dcuFiles(dcu.estimate)).toContain('csrc/gemm_sm75.cu');
    expect(dcu.optionalFeatures.map((o) => o.macro)).toEqual(['CMakeLists.txt:4 if(BUILD_CUDA)', 'CMakeLists.txt:7 if(75 IN_LIST _cc_all)']);
    // The warp-size hazard of a HIP-built kernel is on DCU's path: covered, and the kernel costs as native.
    const warpSum = report.kernels.find((k) => k.name === 'warp_sum')!;
    expect(warpSum.hazards.dcu!.length).toBeGreaterThan(0);
    expect(warpSum.hazards.dcu!.every((h) => h.covered === 'target-path')).toBe(true);
    const gemmSm75 = report.kernels.find((k) => k.name === 'gemm_sm75')!;
    expect(gemmSm75.hazards.dcu!.some((h) => !h.covered)).toBe(true);
    expect(warpSum.hours.dcu![1]).toBeLessThan(gemmSm75.hours.dcu![1]);
    // MUSA: no branch of its own, so nothing is on its path; the sm75 source still leaves its minimal port.
    const musa = report.targetSummaries.musa!;
    expect(musa.inTree).toBeNull();
    expect(musa.optionalFeatures.map((o) => o.macro)).toEqual(['CMakeLists.txt:7 if(75 IN_LIST _cc_all)']);
  });
});
