// Kernels a body macro defines together, all placed at the line of its use (src/kernels/macro-kernels.ts):
// each is its own kernel, keyed by file, line and name (src/kernels/link.ts kernelKey), with its own
// features, launches and callee lines. Each with the cases that must not count.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../src/scan/scan.js';
import type { Report } from '../src/report/build.js';
import { ROOT, RULES_DIR } from './helpers.js';

describe('two kernels from one body macro at one line', () => {
  let report: Report;
  beforeAll(async () => {
    report = await scan({ paths: [join(ROOT, 'tests', 'fixtures', 'macro-kernel-pairs')], rulesDir: RULES_DIR, jobs: 0 });
  });
  const kernel = (name: string) => report.kernels.find((k) => k.name === name)!;
  const features = (name: string) => Object.keys(kernel(name).features).sort();

  it('six kernels, each named from its use, at the use line', () => {
    expect(report.kernels.map((k) => `${k.name}@${k.line}`).sort()).toEqual([
      'gelu_bwd@17', 'gelu_fwd@17', 'relu_bwd@14', 'relu_fwd@14', 'silu_bwd@17', 'silu_fwd@17',
    ]);
  });

  it('each kernel has its own body features: the forward pass its warp shuffle, the backward pass its double atomics', () => {
    for (const name of ['relu', 'gelu', 'silu']) {
      expect(features(`${name}_fwd`)).toEqual(['warp-intrinsic', 'warp-size-assumption']);
      expect(features(`${name}_bwd`)).toEqual(['atomic', 'fp64']);
    }
  });

  it('not: the other kernel of the pair features (no atomic in a forward kernel, no shuffle in a backward one)', () => {
    expect(kernel('relu_fwd').features.atomic).toBeUndefined();
    expect(kernel('relu_fwd').features.fp64).toBeUndefined();
    expect(kernel('gelu_bwd').features['warp-intrinsic']).toBeUndefined();
  });

  it('launches tie to the kernel they name: the macro-body launcher to the forward kernel, the host launch to relu_bwd', () => {
    expect(kernel('relu_fwd').launches.map((l) => [l.line, l.macro])).toEqual([[14, 'DEFINE_PAIR']]);
    expect(kernel('relu_bwd').launches.map((l) => [l.line, l.macro])).toEqual([[20, undefined]]);
    expect(kernel('gelu_bwd').launches).toEqual([]);
    expect(kernel('silu_fwd').launches.map((l) => l.line)).toEqual([17]);
  });

  it('callee lines count both device functions of one use (both at its line), each for its own kernel', () => {
    expect(kernel('relu_fwd').callees.map((c) => c.name)).toEqual(['relu_scale', 'relu_shift']);
    expect(kernel('relu_fwd').calleeLines).toBe(2);
    expect(kernel('silu_fwd').callees.map((c) => c.name)).toEqual(['silu_scale', 'silu_shift']);
    expect(kernel('relu_bwd').calleeLines).toBe(0);
  });
});
