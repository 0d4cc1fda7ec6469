// Hard facts (data/facts/facts.yaml) are stated once; every verdict they decide must agree with them.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { factApplies, factViolations, loadFacts } from '../scripts/generate-rules.mjs';
import { loadRules } from '../src/rules/load.js';
import { RULES_DIR } from './helpers.js';

interface Fact { id: string; target: string; allowed: string[]; verdict: { status: string; source: string; ref: string } }
const facts = loadFacts() as Fact[];
const { rules, sources } = loadRules(RULES_DIR);
const fact = (id: string) => facts.find((f) => f.id === id)!;
const rule = (name: string) => rules.find((r) => r.cuda === name && r.language === 'cpp')!;

describe('facts decide verdicts', () => {
  it('no verdict in the rule table (hand-curated or generated, product overrides included) contradicts a fact', () => {
    expect(factViolations(rules, facts)).toEqual([]);
  });

  it('detects a verdict that contradicts a fact, on a product override too', () => {
    const rename = { status: 'rename', name: 'sublasDgemm', confidence: 'inferred', source: 'biren-naming-pattern', ref: 'x' };
    const ok = { status: 'unknown', confidence: 'inferred', source: 'cann-runtime', ref: 'x' };
    const bad = { cuda: 'cublasDgemm', language: 'cpp', targets: { musa: ok, cann: { ...ok, status: 'unsupported', products: { 950: { status: 'rename', name: 'aclblasDgemm' } } }, birensupa: rename, dcu: ok } };
    expect(factViolations([bad], facts)).toEqual([
      { fact: 'birensupa-no-fp64', cuda: 'cublasDgemm', where: 'birensupa', status: 'rename' },
      { fact: 'cann-ops-blas-no-fp64', cuda: 'cublasDgemm', where: 'cann/950', status: 'rename' },
    ]);
  });

  it('is about the double-precision routines only, not names that merely start with D', () => {
    const fp64 = fact('birensupa-no-fp64');
    for (const n of ['cublasDgemm', 'cublasZgemm_v2', 'cublasDznrm2', 'cusolverDnDgetrf', 'cusolverDnDDgels', 'cusparseDcsrmv', 'cufftExecZ2Z', 'CUFFT_D2Z', 'curandGenerateNormalDouble']) expect(factApplies(fp64, n), n).toBe(true);
    for (const n of ['cublasDestroy', 'cublasLtDestroy', 'cublasDotEx', 'cublasDiagType_t', 'cusolverDnCreate', 'cusolverDnHandle_t', 'cusolverDn.h', 'cusolverDeterministicMode_t', 'cusparseDestroy', 'cusparseDnMatDescr_t', 'cublasSgemm', 'cufftExecC2C']) expect(factApplies(fp64, n), n).toBe(false);
    const surfaces = fact('cann-no-surfaces-textures-arrays');
    for (const n of ['cudaCreateSurfaceObject', 'cudaTextureObject_t', 'cudaArray_t', 'cuTexRefSetArray', 'CUsurfObject']) expect(factApplies(surfaces, n), n).toBe(true);
    for (const n of ['cudaMalloc', 'cudaStreamCreate', 'cudaGetTextures', 'cudaMemcpy2D']) expect(factApplies(surfaces, n), n).toBe(false);
  });

  it('the generator derives the verdicts: FP64 cuBLAS is unsupported on BIRENSUPA and CANN, surfaces on CANN, each with the fact source', () => {
    expect(rule('cublasDgemm').targets.birensupa).toMatchObject({ status: 'unsupported', confidence: 'confirmed', source: 'biren-torch_supa' });
    expect(rule('cublasZgemm').targets.cann.status).toBe('unsupported');
    expect(rule('cublasZtrsm').targets.cann).toMatchObject({ status: 'unsupported', source: 'cann-ops-blas' });
    expect(rule('cuSurfObjectCreate').targets.cann).toMatchObject({ status: 'unsupported', confidence: 'inferred' });
    expect(rule('cublasSgemm').targets.birensupa.status).not.toBe('unsupported');
    for (const f of facts) {
      expect(sources[f.verdict.source], f.id).toBeDefined();
      expect(f.verdict.ref, f.id).toMatch(/@[0-9a-f]{40}/);
      expect(f.allowed, f.id).toContain(f.verdict.status);
    }
  });
});

describe('APIs that run but do nothing', () => {
  it('are adapt, not unsupported (NVTX no-op stubs, cuDNN flags without effect on MUSA)', () => {
    const runsButNoOp = /no-op stub|has no muDNN effect/;
    const bad = rules.flatMap((r) => Object.entries(r.targets).filter(([, m]) => m.status === 'unsupported' && runsButNoOp.test(m.note ?? '')).map(([t]) => `${r.id} ${t}`));
    expect(bad).toEqual([]);
    const py = (n: string) => rules.find((r) => r.cuda === n && r.language === 'python')!;
    expect(py('torch.cuda.nvtx.range_push').targets.musa.status).toBe('adapt');
    expect(py('torch.backends.cudnn.benchmark').targets.musa.status).toBe('adapt');
  });
});
