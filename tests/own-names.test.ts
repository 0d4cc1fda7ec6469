// Issue 9, class 6: names a project declares itself (file-level extern declarations, prototypes, types)
// and macros its build files define (-D, compile definitions, define_macros) are not `unrecognized`
// CUDA; a re-declared real CUDA API stays that API and an undeclared unknown cudaXyz is still reported.
import { describe, expect, it } from 'vitest';
import { definedMacros } from '../src/detect/build/defines.js';
import { scan } from '../src/scan/scan.js';
import { cuda, RULES_DIR, tempTree } from './helpers.js';

const found = async (files: Record<string, string>) =>
  (await scan({ paths: [tempTree(files)], rulesDir: RULES_DIR, jobs: 0 })).findings.map((f) => `${f.file}:${f.ruleId}:${f.name}`);

describe('a project\'s own declarations', () => {
  it('a file-level extern declaration or prototype of a name the table does not know is shared with the scan; types and variables stay local', () => {
    const { definedNames } = cuda(`
extern "C" cudaError_t cudaFooLaunch(int n);
extern int cudaFooFlags;
struct cudaFooDesc { int cudaMemberName; };
cudaError_t cudaGlobalStatus = cudaSuccess;
namespace ns { void cudaNsHelperDecl(); }
extern "C" { int cudaInBlock(int); }
extern "C" cudaError_t cudaMalloc(void** p, size_t n);
void f(int cudaParamName) { int cudaLocalName = 0; }
`);
    // Known API (cudaMalloc), types, plain variables, parameters, members and locals (tests/detect-cpp.test.ts:
    // a dynamic-loading sample re-declares driver names as variables and typedefs) are not shared.
    expect(definedNames).toEqual(['cudaFooFlags', 'cudaFooLaunch', 'cudaInBlock', 'cudaNsHelperDecl']);
  });

  it('their uses in other files are not unrecognized; a re-declared real API and an undeclared unknown name still are reported', async () => {
    const findings = await found({
      'api.h': 'extern "C" cudaError_t cudaFooLaunch(int n);\nextern int cudaFooFlags;\nextern "C" cudaError_t cudaMalloc(void** p, size_t n);\n',
      'use.cu': '#include "api.h"\nvoid g() { cudaFooLaunch(3); cudaFooFlags = 1; cudaMalloc(0, 0); cudaTotallyUnknownThing(1); }\n',
    });
    expect(findings.filter((f) => f.startsWith('use.cu'))).toEqual([
      'use.cu:cudart.cudaMalloc:cudaMalloc', 'use.cu:unrecognized:cudaTotallyUnknownThing',
    ]);
  });
});

describe('macros defined by build files', () => {
  it('reads -D flags, CMake compile definitions, Bazel defines and setup.py define_macros', () => {
    expect(definedMacros('cmake', `
add_definitions(-DCUDA_HAS_FP16 -DFOO=1)
target_compile_definitions(cudaTarget PRIVATE CUDA_MY_FLAG=1 "$<$<CONFIG:Debug>:CUDA_DEBUG_X>")
add_compile_definitions(CUDA_ALL)
set(CMAKE_CUDA_FLAGS "\${CMAKE_CUDA_FLAGS} -DCUDA_NVCC_X")
`)).toEqual(['CUDA_ALL', 'CUDA_DEBUG_X', 'CUDA_HAS_FP16', 'CUDA_MY_FLAG', 'CUDA_NVCC_X', 'FOO']);
    expect(definedMacros('make', 'NVCCFLAGS += -DCUDA_MAKE_X -O3\nCFLAGS=-DCUDA_MAKE_Y\nx = a-DNOT_A_FLAG\n')).toEqual(['CUDA_MAKE_X', 'CUDA_MAKE_Y']);
    expect(definedMacros('bazel', 'cc_library(name = "x", defines = ["CUDA_BZL=1"], local_defines = ["CUDA_LOCAL"], copts = ["-DCUDA_COPT"])'))
      .toEqual(['CUDA_BZL', 'CUDA_COPT', 'CUDA_LOCAL']);
    expect(definedMacros('python', `
ext = CUDAExtension("x", ["a.cu"], define_macros=[("CUDA_PY", None), ('CUDA_PY2', "1")],
                    extra_compile_args={"nvcc": ["-DCUDA_NVCC=1", "-O3"]})
y = a -DIFF
`)).toEqual(['CUDA_NVCC', 'CUDA_PY', 'CUDA_PY2']);
  });

  it('a macro the build defines is not unrecognized in the sources; an unknown one nobody defines still is', async () => {
    const findings = await found({
      'CMakeLists.txt': 'add_definitions(-DCUDA_HAS_FP16)\ntarget_compile_definitions(x PRIVATE CUDA_MY_FLAG=1)\n',
      'Makefile': 'NVCCFLAGS += -DCUDA_MAKE_X\n',
      'setup.py': 'from setuptools import setup\nsetup(ext_modules=[CUDAExtension("x", ["a.cu"], define_macros=[("CUDA_PY_MACRO", None)], extra_compile_args={"nvcc": ["-DCUDA_NVCC_FLAG=1"]})])\n',
      'a.cu': [
        '#ifdef CUDA_HAS_FP16', '#endif', '#if defined(CUDA_MY_FLAG) || CUDA_MAKE_X || CUDA_PY_MACRO || CUDA_NVCC_FLAG', '#endif',
        '#if CUDA_UNKNOWN_MACRO_X', '#endif', '#if CUDNN_VERSION > 8000', '#endif', '',
      ].join('\n'),
    });
    expect(findings.filter((f) => f.startsWith('a.cu'))).toEqual(['a.cu:unrecognized:CUDA_UNKNOWN_MACRO_X', 'a.cu:macro.CUDNN_VERSION:CUDNN_VERSION']);
  });

  it('a build file defining a name the table knows does not hide its uses', async () => {
    const findings = await found({ 'CMakeLists.txt': 'add_definitions(-DCUDNN_VERSION=8000)\n', 'a.cu': '#if CUDNN_VERSION > 8000\n#endif\n' });
    expect(findings).toContain('a.cu:macro.CUDNN_VERSION:CUDNN_VERSION');
  });
});
