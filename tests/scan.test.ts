import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../src/scan/scan.js';
import { RULES_DIR } from './helpers.js';

function project(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'cuport-scan-'));
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), c);
  }
  return root;
}

describe('scan pipeline', () => {
  it("drops unrecognized names that the project defines itself, in any file", async () => {
    const root = project({
      'include/check.h': 'inline void cudaCheck(int e) {}\n#define CUDA_TRY(x) cudaCheck(x)\n',
      'src/a.cu': '#include "../include/check.h"\nvoid f() { cudaCheck(cudaDeviceSynchronize()); CUDA_TRY(0); cudaUnknownThing(); }\n',
    });
    const report = await scan({ paths: [root], rulesDir: RULES_DIR, jobs: 0 });
    expect(report.findings.map((f) => `${f.file}:${f.name}:${f.ruleId}`)).toEqual([
      'src/a.cu:cudaDeviceSynchronize:cudart.cudaDeviceSynchronize',
      'src/a.cu:cudaUnknownThing:unrecognized',
    ]);
    expect(report.rules['unrecognized:cudaUnknownThing']?.targets.musa?.status).toBe('unknown');
  });

  it('reports skipped files and goes on, and never writes into the scanned tree', async () => {
    const root = project({ 'ok.cu': 'void f() { cudaFree(0); }\n', 'bin.cu': 'x\u0000y' });
    const before = readdirSync(root).map((f) => [f, statSync(join(root, f)).mtimeMs]);
    const report = await scan({ paths: [root], rulesDir: RULES_DIR, jobs: 0 });
    expect(report.skipped).toEqual([{ file: 'bin.cu', reason: 'binary', message: 'contains NUL bytes' }]);
    expect(report.findings.map((f) => f.name)).toEqual(['cudaFree']);
    expect(readdirSync(root).map((f) => [f, statSync(join(root, f)).mtimeMs])).toEqual(before);
  });

  it('classifies only the selected targets', async () => {
    const root = project({ 'k.cu': '__global__ void k() {}\n' });
    const report = await scan({ paths: [root], rulesDir: RULES_DIR, jobs: 0, targets: ['cann', 'dcu'] });
    expect(report.targets).toEqual(['cann', 'dcu']);
    expect(report.findings[0]!.status).toEqual({ cann: 'rewrite', dcu: 'native' });
    expect(report.kernels[0]!.status).toEqual({ cann: 'rewrite', dcu: 'native' });
    expect(Object.keys(report.targetSummaries)).toEqual(['cann', 'dcu']);
  });
});

describe('project functions named like CUDA device functions', () => {
  it('are the project\'s own when it defines them; CUDA\'s otherwise', async () => {
    const own = project({ 'math.cpp': 'float saturate(float x) { return x < 0 ? 0 : x > 1 ? 1 : x; }\nfloat g(float v) { return saturate(v); }\n' });
    expect((await scan({ paths: [own], rulesDir: RULES_DIR, jobs: 0 })).findings.map((f) => f.name)).toEqual([]);
    const cudaUse = project({ 'k.cu': '__global__ void k(float* x) { x[0] = saturate(x[0]); }\n' });
    expect((await scan({ paths: [cudaUse], rulesDir: RULES_DIR, jobs: 0 })).findings.map((f) => f.name)).toContain('saturate');
    // A shim that defines a CUDA-looking API name does not hide the real calls.
    const shim = project({ 'shim.cpp': 'int cudaFree(void* p) { return 0; }\nvoid h() { cudaFree(0); }\n' });
    expect((await scan({ paths: [shim], rulesDir: RULES_DIR, jobs: 0 })).findings.map((f) => f.name)).toEqual(['cudaFree']);
  });

  it('hide the uses of their name, not their own __device__/__global__ definitions or launches', async () => {
    // nccl's bitops.h defines `__host__ __device__ mul64hi` (a CUDA device function's name): its device
    // function finding was dropped with the calls to it.
    const root = project({ 'bits.cu': `__host__ __device__ unsigned long long mul64hi(unsigned long long a, unsigned long long b) { return a; }
__global__ void saturate(float* x) { x[0] = mul64hi(1, 2); }
void run(float* x) { saturate<<<1, 1>>>(x); }
` });
    const findings = (await scan({ paths: [root], rulesDir: RULES_DIR, jobs: 0 })).findings;
    expect(findings.map((f) => `${f.line}:${f.ruleId}:${f.name}`)).toEqual([
      '1:construct.device-function:mul64hi',
      '2:construct.global-kernel:saturate',
      '3:construct.triple-chevron-launch:saturate',
    ]);
  });
});
