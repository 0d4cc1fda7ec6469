import { describe, expect, it } from 'vitest';
import { estimateTarget, libraryVerdict, KERNELS_DRIVER, SETUP_DRIVER } from '../src/estimate/estimate.js';
import type { EffortModel } from '../src/estimate/effort-model.js';
import type { ClassifiedFinding, ClassifiedKernel } from '../src/classify/classify.js';
import type { Status } from '../src/model.js';

const r = (n: number): [number, number, number] => [n, n * 2, n * 4];
const model: EffortModel = {
  version: 1,
  setup: { musa: r(10), cann: r(20), birensupa: r(30), dcu: r(5) },
  libraryFirstUse: { native: r(0), rename: r(1), adapt: r(2), unknown: r(3), rewrite: r(4), unsupported: r(5) },
  perDistinctApi: { native: r(0), rename: r(0.5), adapt: r(1), unknown: r(2), rewrite: r(4), unsupported: r(8) },
  perOccurrence: { native: r(0), rename: r(0.1), adapt: r(0.5), unknown: r(0.5), rewrite: r(1), unsupported: r(2) },
  kernels: {
    native: { base: r(1), per100Lines: r(1) }, rename: { base: r(1), per100Lines: r(1) }, adapt: { base: r(2), per100Lines: r(2) },
    unknown: { base: r(2), per100Lines: r(2) }, rewrite: { base: r(10), per100Lines: r(10) }, unsupported: { base: r(10), per100Lines: r(10) },
  },
  coveredByKernelRewrite: ['device-intrinsic', 'kernel-launch'],
};
const finding = (ruleId: string, status: Status, kind: ClassifiedFinding['kind'] = 'runtime-call', name = ruleId): ClassifiedFinding => ({
  ruleId, name, kind, file: 'a.cu', line: 1, column: 1, endLine: 1, endColumn: 2, status: { cann: status },
});
const library = (id: string) => (id.startsWith('cublas') ? 'cuBLAS' : 'CUDA Runtime');

describe('effort model', () => {
  it('charges a distinct API once and each occurrence separately', () => {
    const repeated = Array.from({ length: 10 }, () => finding('cudart.cudaMemcpy', 'adapt'));
    const e = estimateTarget('cann', repeated, [], library, model);
    expect(e.breakdown.setup).toEqual([20, 40, 80]);
    expect(e.breakdown.libraries).toEqual([2, 4, 8]);
    expect(e.breakdown.distinctApis).toEqual([1, 2, 4]);
    expect(e.breakdown.occurrences).toEqual([5, 10, 20]);
    expect(e.total).toEqual([28, 56, 112]);
    expect(e.counts.distinctApis).toEqual({ adapt: 1 });
  });

  it('costs a library by the status most of its distinct APIs have (ties: the worse), and unrecognized names one by one', () => {
    const findings = [
      finding('cublas.cublasCreate', 'rename'),
      finding('cublas.cublasLtMatmul', 'unsupported'),
      finding('unrecognized', 'unknown', 'runtime-call', 'cudaFoo'),
      finding('unrecognized', 'unknown', 'runtime-call', 'cudaBar'),
    ];
    const e = estimateTarget('cann', findings, [], library, model);
    expect(e.counts.libraries).toEqual({ unsupported: 1, unknown: 1 });
    expect(e.counts.distinctApis).toEqual({ rename: 1, unsupported: 1, unknown: 2 });
    expect(e.breakdown.libraries).toEqual([8, 16, 32]);
  });

  it('costs kernels by size and status, not as API occurrences', () => {
    const kernels: ClassifiedKernel[] = [
      { name: 'k', file: 'a.cu', line: 1, endLine: 50, lines: 50, template: false, status: { cann: 'rewrite' } },
    ];
    const e = estimateTarget('cann', [finding('construct.global-kernel', 'rewrite', 'kernel-definition')], kernels, library, model, true);
    expect(e.breakdown.kernels).toEqual([15, 30, 60]);
    expect(e.breakdown.occurrences).toEqual([0, 0, 0]);
    expect(e.total).toEqual([35, 70, 140]);
  });

  it('does not charge device-side findings again when their kernel is rewritten', () => {
    const findings = [
      { ...finding('dev.__syncthreads', 'rewrite', 'device-intrinsic'), deviceCode: true },
      finding('construct.triple-chevron-launch', 'rewrite', 'kernel-launch'),
      { ...finding('dev.__shfl_sync', 'adapt', 'device-intrinsic'), deviceCode: true },
      finding('cudart.cudaFuncSetAttribute', 'rewrite', 'runtime-call'),
    ];
    const e = estimateTarget('cann', findings, [], library, model, true);
    expect(e.counts.occurrences).toEqual({ adapt: 1, rewrite: 1 });
    expect(e.counts.distinctApis).toEqual({ adapt: 1, rewrite: 1 });
    // Where kernels are not rewritten (PTX on MUSA), a rewrite is charged like any other API.
    const notRewritten = estimateTarget('cann', findings, [], library, model, false);
    expect(notRewritten.counts.occurrences).toEqual({ adapt: 1, rewrite: 3 });
  });

  it('makes the total the exact sum of the breakdown as shown', () => {
    const findings = Array.from({ length: 7 }, (_, i) => finding(`cudart.api${i % 3}`, 'rename'));
    const e = estimateTarget('cann', findings, [], library, model);
    const sum = Object.values(e.breakdown).reduce((acc, part) => acc.map((v, i) => v + part[i]!), [0, 0, 0]);
    expect(e.total).toEqual(sum.map((v) => Math.round(v * 10) / 10));
  });

  it('takes a library\'s first use at its majority status: one unknown macro does not make the runtime unknown', () => {
    expect(libraryVerdict(['rename', 'rename', 'unknown'])).toBe('rename');
    expect(libraryVerdict(['rename', 'unknown'])).toBe('unknown');
    expect(libraryVerdict([])).toBe('native');
    const findings = [finding('cudart.cudaMalloc', 'rename'), finding('cudart.cudaFree', 'rename'), finding('cudart.CUDA_VERSION', 'unknown', 'macro')];
    const e = estimateTarget('cann', findings, [], library, model);
    expect(e.counts.libraries).toEqual({ rename: 1 });
    expect(e.breakdown.libraries).toEqual([1, 2, 4]);
    expect(e.counts.distinctApis).toEqual({ rename: 2, unknown: 1 }); // the unknown name is charged on its own
  });

  it('charges build-system findings the setup covers per edit only: no library first use, no per-API decision', () => {
    const covering: EffortModel = { ...model, setupCovers: ['build-system'], setupCoveredEdit: r(0.05) };
    const build = [finding('cmake.cuda-variable', 'adapt', 'build-system', 'CUDA_ARCH_BIN'), finding('cmake.cuda-variable', 'adapt', 'build-system', 'CUDA_ARCH_BIN'), finding('build.nvcc', 'unknown', 'build-system', 'nvcc')];
    const without = estimateTarget('cann', build, [], library, model);
    const withSetup = estimateTarget('cann', build, [], library, covering);
    expect(without.breakdown.libraries[1]).toBeGreaterThan(0);
    expect(withSetup.breakdown.libraries).toEqual([0, 0, 0]);
    expect(withSetup.breakdown.distinctApis).toEqual([0, 0, 0]);
    expect(withSetup.breakdown.occurrences).toEqual([0.2, 0.3, 0.6]); // 3 edits × [0.05, 0.1, 0.2]
    expect(withSetup.causes.map((c) => c.name)).toEqual(['CUDA_ARCH_BIN', 'nvcc']); // still listed, each with its places
  });

  it('groups the hours by driver: layers of libraries, kernels, setup; the drivers add up to the total', () => {
    const withDrivers: EffortModel = { ...model };
    const findings = [finding('cublas.cublasSgemm', 'adapt'), finding('cudart.cudaMalloc', 'rename'), { ...finding('cudart.__shfl_sync', 'adapt', 'device-intrinsic'), deviceCode: true }];
    const kernels: ClassifiedKernel[] = [{ name: 'k', file: 'k.cu', line: 1, endLine: 20, lines: 20, template: false, status: { cann: 'adapt' } }];
    const driverOf = (f: ClassifiedFinding, lib: string) => (f.deviceCode ? KERNELS_DRIVER : lib === 'cuBLAS' ? 'math libraries' : lib);
    const e = estimateTarget('cann', findings, kernels, library, withDrivers, false, { driverOf });
    expect(e.drivers.map((d) => d.name)).toEqual([SETUP_DRIVER, KERNELS_DRIVER, 'math libraries', 'CUDA Runtime']);
    const sum = e.drivers.reduce((n, d) => n + d.likelyHours, 0);
    expect(sum).toBeCloseTo(e.total[1], 0);
    const kernelsDriver = e.drivers.find((d) => d.name === KERNELS_DRIVER)!;
    expect(kernelsDriver.causes).toContain('adapt kernels');
    expect(kernelsDriver.files).toBe(2); // the kernel's file and the device-side finding's
  });
});
