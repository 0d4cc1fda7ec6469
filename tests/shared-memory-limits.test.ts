// Shared memory against the per-block limits a public source states (rules/kernels/hazards.yaml
// sharedMemoryLimits): over a stated limit is a hazard; no stated limit is said, never guessed.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadKernelHazards } from '../src/kernels/hazard-rules.js';
import { sharedMemoryFit, sharedMemoryHazard } from '../src/kernels/shared-memory-limits.js';
import { scan } from '../src/scan/scan.js';
import { RULES_DIR, scratchHazardsFile, tempTree } from './helpers.js';

const { sharedMemoryLimits: limits } = loadKernelHazards(RULES_DIR);
const smem = (staticBytes: number, dynamicBytes?: number, unsized = 0) => ({ staticBytes, unsized, ...(dynamicBytes !== undefined ? { dynamicBytes } : {}) });

describe('shared memory against stated per-block limits', () => {
  it('Ascend 950 counts static and dynamic bytes against the 216 KB left of the 256 KB Unified Buffer', () => {
    const fits = sharedMemoryFit('cann', '950', smem(64 * 1024, 100 * 1024), limits);
    expect(fits).toMatchObject({ bytes: 221184, counts: 'static+dynamic', usedBytes: 164 * 1024, exceeds: false, fits: true, confidence: 'confirmed', source: 'cann-ascendc-simt-api' });
    const over = sharedMemoryFit('cann', '950', smem(128 * 1024, 100 * 1024), limits);
    expect(over).toMatchObject({ usedBytes: 228 * 1024, exceeds: true });
    const hazard = sharedMemoryHazard('cann', over, 'src/k.cu:10');
    expect(hazard).toMatchObject({ feature: 'shared-memory-limit', status: 'adapt', locations: ['src/k.cu:10'], source: 'cann-ascendc-simt-api' });
    expect(hazard!.reason).toContain('233472 bytes of shared memory (static + dynamic), over the 221184-byte per-block limit');
  });

  it('MUSA S80/S3000/S4000 bound static shared memory only (28 KB), inferred; S5000 has no stated limit', () => {
    const s80 = sharedMemoryFit('musa', 's80', smem(16 * 1024, 64 * 1024), limits);
    expect(s80).toMatchObject({ bytes: 28672, counts: 'static', usedBytes: 16 * 1024, exceeds: false, confidence: 'inferred' });
    expect(sharedMemoryHazard('musa', s80, 'a.cu:1')).toBeUndefined();
    const s4000 = sharedMemoryFit('musa', 's4000', smem(32 * 1024), limits);
    expect(sharedMemoryHazard('musa', s4000, 'a.cu:1')!.reason).toMatch(/static shared memory, over the 28672-byte per-block limit \(inferred\)/);
    expect(sharedMemoryFit('musa', 's5000', smem(32 * 1024), limits)).toEqual({ noLimit: 'no public source states a per-block shared memory limit for musa s5000' });
    expect(sharedMemoryFit('musa', undefined, smem(1), limits)).toEqual({ noLimit: expect.stringContaining('recorded for s80, s3000, s4000') });
  });

  it('says why there is no limit rather than guessing one, and claims a fit only when every array is sized', () => {
    expect(sharedMemoryFit('cann', undefined, smem(1), limits)).toEqual({ noLimit: expect.stringMatching(/A2\/A3 AI Cores are not SIMT/) });
    expect(sharedMemoryFit('dcu', undefined, smem(1), limits)).toEqual({ noLimit: 'no public source states a per-block shared memory limit for dcu' });
    expect(sharedMemoryFit('birensupa', undefined, smem(1), limits)).toEqual({ noLimit: 'no public source states a per-block shared memory limit for birensupa' });
    expect(sharedMemoryFit('cann', '950', undefined, limits)).toBeUndefined();
    const unsized = sharedMemoryFit('cann', '950', smem(1024, undefined, 2), limits);
    expect(unsized).toMatchObject({ exceeds: false });
    expect(unsized).not.toHaveProperty('fits');
  });

  it('judges a template kernel by its largest known instantiation', () => {
    const perInst = { staticBytes: 0, unsized: 1, instantiations: [{ templateArgs: '<float, 64>', staticBytes: 20000 }, { templateArgs: '<double, 64>', staticBytes: 40000 }] };
    const fit = sharedMemoryFit('musa', 's80', perInst, limits);
    expect(fit).toMatchObject({ usedBytes: 40000, instantiation: '<double, 64>', exceeds: true });
    const small = sharedMemoryFit('cann', '950', perInst, limits);
    expect(small).toMatchObject({ usedBytes: 40000, exceeds: false, fits: true });
  });

  it('rejects a limit entry with a bad field, naming file, line and field', () => {
    const { dir, text, bad } = scratchHazardsFile('cuport-smem-limits-');
    writeFileSync(bad, text.replace('bytes: 221184', 'bytes: -1'));
    expect(() => loadKernelHazards(dir, bad)).toThrow(/sharedMemoryLimits\.cann\.products\.950\.bytes: must be a positive integer/);
    writeFileSync(bad, text.replace('s4000: { bytes: 28672', 's9000: { bytes: 28672'));
    expect(() => loadKernelHazards(dir, bad)).toThrow(/sharedMemoryLimits\.musa\.products\.s9000: unknown musa product/);
    writeFileSync(bad, text.replace('counts: static+dynamic', 'counts: everything'));
    expect(() => loadKernelHazards(dir, bad)).toThrow(/counts: must be static or static\+dynamic/);
  });
});

describe('through a scan', () => {
  it('a kernel with 240,000 bytes of static shared memory is over the Ascend 950 limit and says so', async () => {
    const dir = tempTree({ 'k.cu': '__global__ void big(float* out) {\n  __shared__ float tile[60000];\n  tile[threadIdx.x] = out[threadIdx.x];\n  __syncthreads();\n  out[threadIdx.x] = tile[0];\n}\n' });
    const report = await scan({ paths: [dir], targets: ['cann', 'dcu'], products: { cann: '950' }, rulesDir: RULES_DIR, jobs: 0 });
    const k = report.kernels.find((x) => x.name === 'big')!;
    expect(k.sharedMemory).toEqual({ staticBytes: 240000, unsized: 0 });
    expect(k.sharedMemoryLimits?.cann).toMatchObject({ bytes: 221184, usedBytes: 240000, exceeds: true, product: '950' });
    expect(k.sharedMemoryLimits?.dcu).toEqual({ noLimit: 'no public source states a per-block shared memory limit for dcu' });
    expect(k.hazards.cann!.map((h) => h.feature)).toContain('shared-memory-limit');
    expect(k.hazards.dcu!.map((h) => h.feature)).not.toContain('shared-memory-limit');
  });
});
