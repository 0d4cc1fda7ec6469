import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { assignScopes, findVendoredCopies, inTreeGuard, loadScopeRules, optionalFeature, scopeOfPath, shimNames } from '../src/scope/scope.js';
import { shimRenames } from '../src/scope/shim-renames.js';
import { estimateTarget } from '../src/estimate/estimate.js';
import { loadEffortModel } from '../src/estimate/effort-model.js';
import type { ClassifiedFinding } from '../src/classify/classify.js';

const rules = loadScopeRules(join(__dirname, '..', 'rules'));
const model = loadEffortModel(join(__dirname, '..', 'rules'));

describe('scopes', () => {
  it('assigns scopes from paths, with project overrides winning', () => {
    expect(scopeOfPath('src/layer.cu', rules)).toBe('product');
    expect(scopeOfPath('src/caffe/test/test_net.cpp', rules)).toBe('tests');
    expect(scopeOfPath('dev/cuda/attention.cu', rules)).toBe('experiments');
    expect(scopeOfPath('third_party/foo/a.cu', rules)).toBe('vendored');
    expect(scopeOfPath('examples/mnist/train.cpp', rules)).toBe('examples');
    expect(scopeOfPath('src/gemm_bench.cu', rules)).toBe('benchmarks');
    expect(scopeOfPath('dev/cuda/attention.cu', rules, { 'dev/': 'product' })).toBe('product');
  });

  it('recognises a vendored CUB copy by its header, not by its folder name', () => {
    const paths = ['src/kernels/cub/cub.cuh', 'src/kernels/cub/block/block_reduce.cuh', 'src/main.cu', 'other/cub/cub.cuh'];
    const copies = findVendoredCopies(paths, rules, (rel) => (rel.startsWith('src/') ? '#pragma once\nnamespace cub {' : 'unrelated'));
    expect(copies).toEqual([{ library: 'CUB', root: 'src/kernels/cub', rule: 'cpplib.cub', files: 2 }]);
    const scopes = assignScopes(paths, rules, copies);
    expect(scopes.get('src/kernels/cub/block/block_reduce.cuh')).toEqual({ scope: 'vendored', library: 'CUB' });
    expect(scopes.get('other/cub/cub.cuh')).toEqual({ scope: 'product' });
  });
});

describe('in-tree ports and optional features', () => {
  it('recognises HIP, MUSA and CANN guards on either branch', () => {
    expect(inTreeGuard(['#if defined(USE_ROCM)'], 'dcu', rules)).toBe('USE_ROCM');
    expect(inTreeGuard(['#else (of #ifdef GGML_USE_HIP)'], 'dcu', rules)).toBe('GGML_USE_HIP');
    expect(inTreeGuard(['#ifdef __MUSACC__'], 'musa', rules)).toBe('__MUSACC__');
    expect(inTreeGuard(['#ifdef __MUSACC__'], 'dcu', rules)).toBeUndefined();
    expect(inTreeGuard(['#if defined(USE_ASCEND) && X'], 'cann', rules)).toBe('USE_ASCEND');
    expect(inTreeGuard(['#ifndef CPU_ONLY'], 'dcu', rules)).toBeUndefined();
  });

  it('reads the CUDA names a shim header renames to a target', () => {
    const text = '#pragma once\n#define cudaMalloc hipMalloc\n#define cublasSgemm hipblasSgemm\n#define cudaFree musaFree\n#define MY_MACRO hipThing\n';
    expect(shimRenames(text)).toEqual([['cudaMalloc', 'hipMalloc'], ['cublasSgemm', 'hipblasSgemm'], ['cudaFree', 'musaFree']]);
    expect(shimNames(shimRenames(text), rules)).toEqual({ dcu: ['cudaMalloc', 'cublasSgemm'], musa: ['cudaFree'] });
  });

  it('leaves code under #ifdef USE_CUDNN out of the minimal port, not its #else', () => {
    expect(optionalFeature(['#ifndef CPU_ONLY', '#ifdef USE_CUDNN'], rules)).toBe('USE_CUDNN');
    expect(optionalFeature(['#else (of #ifdef USE_CUDNN)'], rules)).toBeUndefined();
    expect(optionalFeature(['#if defined(USE_NCCL)'], rules)).toBe('USE_NCCL');
  });
});

describe('pricing the construct where it is', () => {
  const f = (file: string, line: number, extra: Partial<ClassifiedFinding> = {}): ClassifiedFinding => ({
    ruleId: 'dev.__stcs', name: '__stcs', kind: 'device-intrinsic', file, line, column: 1, endLine: line, endColumn: 2, status: { dcu: 'unsupported' }, ...extra,
  });
  it('costs an unsupported construct in a shared header once, and its kernels as edits, not rewrites', () => {
    const kernels = ['a.cu', 'b.cu', 'c.cu'].map((file) => ({
      name: `k_${file}`, file, line: 1, endLine: 100, lines: 100, template: false, status: { dcu: 'unsupported' as const },
      hazards: { dcu: [{ status: 'unsupported' as const, feature: 'cuda-api' }] },
    }));
    const e = estimateTarget('dcu', [f('common.h', 10)], kernels, () => 'CUDA device', model, false);
    expect(e.counts.distinctApis).toEqual({ unsupported: 1 });
    expect(e.counts.kernels).toEqual({ adapt: 3 });
    const stcs = e.causes.find((c) => c.name === '__stcs')!;
    expect(stcs.places).toEqual([{ file: 'common.h', count: 1 }]);
    // Where kernels are rewritten (no SIMT model), the kernel's status stands.
    const rewritten = estimateTarget('dcu', [], kernels, () => 'CUDA device', model, true);
    expect(rewritten.counts.kernels).toEqual({ unsupported: 3 });
  });

  it('charges a use under an in-tree port branch as verification only, and an enum family as one decision', () => {
    const ported = f('x.cu', 1, { guards: ['#ifdef USE_ROCM'] });
    const c1 = f('x.cu', 2, { ruleId: 'cudnn.CUDNN_STATUS_BAD_PARAM', name: 'CUDNN_STATUS_BAD_PARAM', kind: 'constant', status: { dcu: 'adapt' } });
    const c2 = f('x.cu', 3, { ruleId: 'cudnn.CUDNN_STATUS_ALLOC_FAILED', name: 'CUDNN_STATUS_ALLOC_FAILED', kind: 'constant', status: { dcu: 'adapt' } });
    const e = estimateTarget('dcu', [ported, c1, c2], [], () => 'cuDNN', model, false, {
      ported: (x) => !!inTreeGuard(x.guards, 'dcu', rules),
      decisionOf: (x) => (x.kind === 'constant' ? `family:${x.name.split('_').slice(0, 2).join('_')}` : x.ruleId),
    });
    expect(e.counts.ported).toBe(1);
    expect(e.counts.distinctApis).toEqual({ adapt: 1 });
    expect(e.breakdown.alreadyPorted).toEqual([0, 0, 0]);
  });
});
