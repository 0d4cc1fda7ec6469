// Real CUDA names absent from HIPIFY's tables are in the table, each with a sourced verdict per target.
import { describe, expect, it } from 'vitest';
import { loadRules } from '../src/rules/load.js';
import { RULES_DIR, cuda } from './helpers.js';

const NAMES = ['CUDNN_VERSION', 'CUBLAS_VERSION', 'CUSPARSE_VERSION', 'CUDNN_MAJOR', 'tex2D', 'cudaLaunchKernelEx', 'curand_mtgp32_host.h', 'texture_fetch_functions.h',
  'cudaGridDependencySynchronize', 'cudaTriggerProgrammaticLaunchCompletion'];

describe('CUDA names missing from HIPIFY', () => {
  it('are recognised in code, not reported as unrecognized', () => {
    const { findings } = cuda(`#include <curand_mtgp32_host.h>
#include <texture_fetch_functions.h>
#if CUDNN_VERSION >= 8000 && CUDNN_MAJOR > 7 && CUBLAS_VERSION > 1 && CUSPARSE_VERSION > 1
#endif
__global__ void k(cudaTextureObject_t t, float* o) { o[0] = tex2D<float>(t, 0.f, 0.f); }
void f(cudaLaunchConfig_t* c) { cudaLaunchKernelEx(c, k, 0, nullptr); }
__global__ void pdl(float* o) { cudaGridDependencySynchronize(); o[0] = 1.f; cudaTriggerProgrammaticLaunchCompletion(); }
`);
    const names = new Set(findings.filter((f) => f.ruleId !== 'unrecognized').map((f) => f.name));
    for (const n of NAMES) expect(names.has(n), n).toBe(true);
  });

  it('have the verdicts their tables state', () => {
    const { rules } = loadRules(RULES_DIR);
    const t = (n: string) => rules.find((r) => r.cuda === n)!.targets;
    expect(t('CUDNN_VERSION').musa).toMatchObject({ status: 'rename', name: 'MUDNN_VERSION', confidence: 'confirmed' });
    expect(t('CUBLAS_VERSION').musa).toMatchObject({ status: 'rename', name: 'MUBLAS_VERSION' });
    expect(t('curand_mtgp32_host.h').dcu).toMatchObject({ status: 'rename', name: 'hiprand/hiprand_mtgp32_host.h' });
    expect(t('tex2D').cann.status).toBe('unsupported');
    expect(t('tex2D').dcu.status).toBe('native');
    expect(t('cudaLaunchKernelEx').dcu).toMatchObject({ status: 'unsupported', confidence: 'inferred' });
    expect(t('cudaGridDependencySynchronize').musa).toMatchObject({ status: 'adapt', name: '((void)0)', source: 'musa-torchada' });
    expect(t('cudaTriggerProgrammaticLaunchCompletion').birensupa.status).toBe('unknown');
  });
});
