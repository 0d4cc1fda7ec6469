// End to end through scan(): scopes from paths and a .cuport.yaml override, an in-tree HIP branch, a
// shim header, and minimal vs full port on an #ifdef USE_CUDNN fixture.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { loadSources, RuleFileError } from '../src/rules/load.js';
import { loadContext, scan } from '../src/scan/scan.js';
import { RULES_DIR, tempTree } from './helpers.js';

const tree = (files: Record<string, string>) => tempTree(files, 'cuport-scope-');

const CUDNN_LAYER = `#include <cuda_runtime.h>
void plain(float* p) { cudaMalloc((void**)&p, 4); }
#ifdef USE_CUDNN
#include <cudnn.h>
void fast(cudnnHandle_t h) { cudnnCreate(&h); cudnnDestroy(h); }
#else
void slow(float* p) { cudaFree(p); }
#endif
`;

describe('scopes and branches in a scan', () => {
  it('totals product code, shows tests beside it, and leaves USE_CUDNN out of the minimal port', async () => {
    const dir = tree({ 'src/layer.cpp': CUDNN_LAYER, 'tests/test_layer.cpp': 'void t(float* p) { cudaMalloc((void**)&p, 4); cudaDeviceSynchronize(); }\n' });
    const report = await scan({ paths: [dir], targets: ['dcu'], rulesDir: RULES_DIR, jobs: 0 });
    expect(report.scopes.files).toEqual({ product: 1, tests: 1 });
    const dcu = report.targetSummaries.dcu!;
    expect(dcu.beside.tests).toBeDefined();
    expect(dcu.estimate.fileHours.map((f) => f.file)).toEqual(['src/layer.cpp']);
    expect(dcu.optionalFeatures).toEqual([{ macro: 'USE_CUDNN', findings: 4 }]);
    expect(dcu.minimal.total[1]).toBeLessThan(dcu.estimate.total[1]);
    expect(dcu.minimal.counts.distinctApis.adapt ?? 0).toBeLessThan(dcu.estimate.counts.distinctApis.adapt ?? 0);
  });

  it('costs a HIP branch and shim-mapped names as verification only on DCU, not on MUSA', async () => {
    const shim = ['cudaMalloc', 'cudaFree', 'cudaMemcpy', 'cudaStream_t', 'cudaDeviceSynchronize'].map((n) => `#define ${n} hip${n.slice(4)}`).join('\n');
    const dir = tree({
      'src/vendors/hip.h': `#pragma once\n#include <hip/hip_runtime.h>\n${shim}\n`,
      'src/a.cu': '#include "vendors/hip.h"\nvoid f(float* p) { cudaMalloc((void**)&p, 4); cudaFree(p); }\n#if defined(USE_ROCM)\nvoid g() { cudaGetLastError(); }\n#endif\n',
    });
    const report = await scan({ paths: [dir], targets: ['dcu', 'musa'], rulesDir: RULES_DIR, jobs: 0 });
    const dcu = report.targetSummaries.dcu!;
    expect(dcu.inTree).not.toBeNull();
    expect(dcu.inTree!.via).toEqual(['USE_ROCM', 'shim src/vendors/hip.h']);
    expect(dcu.inTree!.covered).toBe(dcu.inTree!.of - (report.findings.filter((f) => f.file === 'src/a.cu' && !['cudaMalloc', 'cudaFree', 'cudaGetLastError'].includes(f.name)).length));
    expect(report.targetSummaries.musa!.inTree).toBeNull();
  });

  it('finds a shim header saved as UTF-16 (read from the text its scan decoded, not from the bytes again)', async () => {
    const shim = ['cudaMalloc', 'cudaFree', 'cudaMemcpy', 'cudaStream_t', 'cudaDeviceSynchronize'].map((n) => `#define ${n} hip${n.slice(4)}`).join('\n');
    const dir = tree({ 'src/a.cu': '#include "vendors/hip.h"\nvoid f(float* p) { cudaMalloc((void**)&p, 4); cudaFree(p); }\n' });
    mkdirSync(join(dir, 'src/vendors'));
    writeFileSync(join(dir, 'src/vendors/hip.h'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`#pragma once\n${shim}\n`, 'utf16le')]));
    const report = await scan({ paths: [dir], targets: ['dcu', 'musa'], rulesDir: RULES_DIR, jobs: 0 });
    expect(report.files.find((f) => f.file === 'src/vendors/hip.h')?.encoding).toBe('utf-16le');
    expect(report.targetSummaries.dcu!.inTree?.via).toEqual(['shim src/vendors/hip.h']);
    expect(report.targetSummaries.musa!.inTree).toBeNull();
  });

  it('reads scope overrides from .cuport.yaml and rejects an unknown scope', () => {
    const dir = tree({ '.cuport.yaml': 'scopes:\n  "dev/": product\n', 'bad.yaml': 'scopes:\n  "dev/": everything\n' });
    const sources = loadSources(RULES_DIR);
    const config = loadConfig(join(dir, '.cuport.yaml'), RULES_DIR, sources);
    expect(config.scopes).toEqual({ 'dev/': 'product' });
    expect(loadContext(RULES_DIR, config).scopeOverrides).toEqual({ 'dev/': 'product' });
    expect(() => loadConfig(join(dir, 'bad.yaml'), RULES_DIR, sources)).toThrow(RuleFileError);
  });

  it('costs nothing for a kernel hazard on the CUDA side of an in-tree HIP branch or inside a __CUDA_ARCH__ branch', async () => {
    const kernel = (ptx: string) => `#include <cuda_runtime.h>
__global__ void k(const unsigned* in, unsigned* out) {
  unsigned v;
  ${ptx}
  out[threadIdx.x] = v;
}
void run(const unsigned* in, unsigned* out) { k<<<1, 64>>>(in, out); }
`;
    const ported = tree({ 'src/k.cu': kernel('#if BNB_HIP\n  v = __builtin_nontemporal_load(in);\n#else\n  asm volatile("ld.global.cs.u32 %0, [%1];" : "=r"(v) : "l"(in));\n#endif\n#if __CUDA_ARCH__ >= 900\n  asm volatile("ld.global.nc.u32 %0, [%1];" : "=r"(v) : "l"(in));\n#endif') });
    const onlyHip = tree({ 'src/k.cu': kernel('#if BNB_HIP\n  v = __builtin_nontemporal_load(in);\n#else\n  asm volatile("ld.global.cs.u32 %0, [%1];" : "=r"(v) : "l"(in));\n#endif') });
    const plain = tree({ 'src/k.cu': kernel('asm volatile("ld.global.cs.u32 %0, [%1];" : "=r"(v) : "l"(in));') });
    const scanDcu = (dir: string) => scan({ paths: [dir], targets: ['dcu'], rulesDir: RULES_DIR, jobs: 0 });
    const [a, b, c] = [await scanDcu(ported), await scanDcu(plain), await scanDcu(onlyHip)];
    const ptx = (r: typeof a) => r.kernels[0]!.hazards.dcu!.find((h) => h.feature === 'inline-ptx')!;
    expect(ptx(c).covered).toBe('target-path');
    expect(ptx(a).covered).toBe('arch-branch'); // one place on the HIP branch's other side, one in the arch branch
    expect(ptx(b).covered).toBeUndefined();
    expect(a.kernels[0]!.hazards.dcu!.find((h) => h.feature === 'cuda-arch-branch')!.covered).toBeUndefined(); // the branch itself is the decision
    // The inline PTX makes the plain kernel a rewrite; covered, the kernel is an edit and costs less, in the
    // kernels table and the estimate alike.
    expect(a.kernels[0]!.hours.dcu![1]).toBeLessThan(b.kernels[0]!.hours.dcu![1]);
    const kernelHours = (r: typeof a) => r.targetSummaries.dcu!.estimate.breakdown.kernels[1];
    expect(kernelHours(a)).toBeCloseTo(a.kernels[0]!.hours.dcu![1], 1);
    expect(kernelHours(a)).toBeLessThan(kernelHours(b));
  });

  it('groups the estimate by driver: cuDNN layers hold the cuDNN names the table does not know, and <cudnn.h>', async () => {
    const dir = tree({ 'src/layer.cpp': '#include <cudnn.h>\nvoid f(cudnnHandle_t h, cudnnTensorDescriptor_t d) { cudnnCreate(&h); cudnnActivationForward_v4(h); cudaMalloc(0, 4); }\n' });
    const report = await scan({ paths: [dir], targets: ['dcu'], rulesDir: RULES_DIR, jobs: 0 });
    const drivers = report.targetSummaries.dcu!.estimate.drivers;
    const cudnn = drivers.find((d) => d.name === 'cuDNN layers')!;
    expect(cudnn.causes).toContain('cudnnActivationForward_v4');
    expect(cudnn.causes).toContain('cudnn.h');
    expect(drivers.find((d) => d.name === 'runtime and driver API')!.causes).toEqual(['cudaMalloc']);
    expect(drivers.map((d) => d.likelyHours)).toEqual([...drivers.map((d) => d.likelyHours)].sort((x, y) => y - x));
  });

  it('reads git submodules as vendored, and estimates vendored code that is no library copy beside the product', async () => {
    const dir = tree({
      '.gitmodules': '[submodule "deps/fastops"]\n\tpath = deps/fastops\n\turl = https://example.invalid/fastops.git\n[submodule "bad"]\n\tpath = ../outside\n',
      'deps/fastops/ops.cu': '__global__ void op(float* p) { p[threadIdx.x] = 0; }\nvoid run(float* p) { op<<<1, 32>>>(p); cudaDeviceSynchronize(); }\n',
      'src/main.cu': 'void f(float* p) { cudaMalloc((void**)&p, 4); }\n',
    });
    const report = await scan({ paths: [dir], targets: ['dcu'], rulesDir: RULES_DIR, jobs: 0 });
    expect(report.scopes.submodules).toEqual(['deps/fastops']); // `../outside` is no path inside the tree
    expect(report.files.find((f) => f.file === 'deps/fastops/ops.cu')!.scope).toBe('vendored');
    const dcu = report.targetSummaries.dcu!;
    expect(dcu.estimate.fileHours.map((f) => f.file)).toEqual(['src/main.cu']);
    expect(dcu.beside.vendored![1]).toBeGreaterThan(0);
  });

  it('costs an identical copy of a product file once: the copy is a duplicate, estimated beside', async () => {
    const code = 'void f(float* p) { cudaMalloc((void**)&p, 4); cudaFree(p); }\n';
    const dir = tree({ 'a/ops.cu': code, 'b/ops.cu': code, 'c/other.cu': 'void g(float* p) { cudaFree(p); }\n' });
    const report = await scan({ paths: [dir], targets: ['dcu'], rulesDir: RULES_DIR, jobs: 0 });
    const b = report.files.find((f) => f.file === 'b/ops.cu')!;
    expect([b.scope, b.duplicateOf]).toEqual(['duplicate', 'a/ops.cu']);
    expect(report.files.find((f) => f.file === 'a/ops.cu')!.scope).toBe('product');
    const dcu = report.targetSummaries.dcu!;
    expect(dcu.estimate.fileHours.map((f) => f.file)).toEqual(['a/ops.cu', 'c/other.cu']);
    expect(dcu.beside.duplicate![1]).toBeGreaterThan(0);
    expect(report.scopes.files).toEqual({ product: 2, duplicate: 1 });
  });
});
