import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configScopeRules, loadScopeRules, scopeClassifier, submodulePaths } from '../src/scope/scopes.js';
import { RULES_DIR } from './helpers.js';

const builtin = loadScopeRules(RULES_DIR);

describe('scopes from paths (rules/scopes.yaml)', () => {
  const scopeOf = scopeClassifier(builtin);
  it.each([
    ['src/kernels/gelu.cu', 'product'],
    ['train_gpt2.cu', 'product'],
    ['dev/cuda/gelu_forward.cu', 'experiments'],
    ['test/test_gpt2.cu', 'tests'],
    ['python/tests/test_ops.py', 'tests'],
    ['csrc/layer_norm_test.cu', 'tests'],
    ['examples/mnist/train.py', 'examples'],
    ['Samples/0_Introduction/vectorAdd/vectorAdd.cu', 'examples'],
    ['benchmarks/bench_gemm.cu', 'benchmarks'],
    ['third_party/cub/cub/cub.cuh', 'vendored'],
    ['3rdparty/cutlass/include/cutlass/gemm.h', 'vendored'],
    ['src/caffe/proto/caffe.pb.h', 'generated'],
    ['src/contest/latest.cu', 'product'],
    ['src/device/attest.cu', 'product'],
  ])('%s is %s', (path, scope) => {
    expect(scopeOf(path)).toBe(scope);
  });

  it('lets a project rule win over the built-in ones', () => {
    const scopeOf2 = scopeClassifier([...configScopeRules({ product: ['examples/server/**'], vendored: ['src/cub_copy/**'] }, '.cuport.yaml'), ...builtin]);
    expect(scopeOf2('examples/server/main.cu')).toBe('product');
    expect(scopeOf2('examples/other/main.cu')).toBe('examples');
    expect(scopeOf2('src/cub_copy/block_reduce.cuh')).toBe('vendored');
  });

  it('treats git submodules as vendored', () => {
    const root = mkdtempSync(join(tmpdir(), 'cuport-scopes-'));
    writeFileSync(join(root, '.gitmodules'), '[submodule "cutlass"]\n\tpath = csrc/cutlass\n\turl = https://github.com/NVIDIA/cutlass\n');
    const subs = submodulePaths(root);
    expect(subs).toEqual(['csrc/cutlass']);
    const scopeOf3 = scopeClassifier(builtin, subs);
    expect(scopeOf3('csrc/cutlass/include/cute/tensor.hpp')).toBe('vendored');
    expect(scopeOf3('csrc/cutlass_ops.cu')).toBe('product');
    expect(submodulePaths(join(root, 'none'))).toEqual([]);
  });

  it('rejects a bad scope rule with file, line and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cuport-scopes-bad-'));
    writeFileSync(join(dir, 'scopes.yaml'), 'version: 1\nscopes:\n  - scope: product\n    paths: [src/**]\n  - scope: docs\n    paths: [docs/**]\n');
    expect(() => loadScopeRules(dir)).toThrow(/scopes\.yaml:5: scopes\.1\.scope: must be one of product, tests/);
  });
});
