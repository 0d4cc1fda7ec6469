// Source text is never looked up in a plain object: a project whose code says `toString`, `constructor`
// or `__proto__` is scanned like any other (these names once found Object.prototype and dropped the file).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from './helpers.js';

/** Every name Object.prototype has (toString, valueOf, constructor, hasOwnProperty, __proto__, __defineGetter__ ...). */
const PROTO = Object.getOwnPropertyNames(Object.prototype).sort();

const cudaSource = () => {
  const uses = PROTO.map((n, k) => `  int ${n}_v${k} = ${n}(${k}); s.${n}(); ${n} ${n}_x; ${n}<<<1, 1>>>(p);`);
  return [
    '#include <cuda_runtime.h>',
    `#define ${PROTO[0]}_MACRO(x) x`,
    ...PROTO.map((n) => `__device__ int ${n}(int v) { return v; }`),
    `struct S { ${PROTO.map((n) => `int ${n}();`).join(' ')} };`,
    '__global__ void scale(float* p) { p[threadIdx.x] *= 2.0f; }',
    'int main() {',
    '  S s; float* p;',
    ...uses,
    '  cudaMalloc(&p, 64);',
    '  cudaLaunchKernel((void*)scale, 1, 1, nullptr, 0, 0);',
    '  scale<<<1, 32>>>(p);',
    '  return 0;',
    '}',
  ].join('\n');
};

const pythonSource = () =>
  [
    'import torch',
    ...PROTO.map((n) => `def ${n}(x=None, **kw): return x`),
    ...PROTO.map((n) => `y = ${n}(1)`),
    ...PROTO.map((n) => `${n}(${n}=1); torch.${n}; x.${n}()`),
    ...PROTO.map((n) => `from ${n} import ${n}`),
    't = torch.zeros(3).cuda()',
    'torch.cuda.synchronize()',
    'class constructor: pass',
    'valueOf = hasOwnProperty = __proto__ = 1',
    'x = toString(1); y = constructor(); z = isPrototypeOf(propertyIsEnumerable)',
    'x.toString(); x.constructor(); x.__proto__.valueOf()',
    'import toString',
    'from constructor import hasOwnProperty',
  ].join('\n');

describe('Object.prototype names in scanned code', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cuport-proto-'));
  writeFileSync(join(dir, 'proto.cu'), cudaSource());
  writeFileSync(join(dir, 'proto.py'), pythonSource());
  const r = spawnSync(process.execPath, [CLI, 'scan', dir, '--format', 'json', '--quiet', '--jobs', '1'], { encoding: 'utf8' });
  const report = JSON.parse(r.stdout) as {
    skipped: unknown[];
    findings: { file: string; name: string; ruleId: string }[];
    kernels: { name: string }[];
  };
  const found = (file: string) => report.findings.filter((f) => f.file === file).map((f) => f.ruleId);

  it('covers the names that broke scans', () => {
    expect(PROTO).toEqual(expect.arrayContaining(['toString', 'valueOf', 'constructor', 'hasOwnProperty', '__proto__', '__defineGetter__']));
  });

  it('scans both files and skips neither', () => {
    expect(r.status).toBe(0);
    expect(report.skipped).toEqual([]);
  });

  it('reports the real CUDA findings of the .cu file', () => {
    expect(found('proto.cu')).toEqual(expect.arrayContaining([
      'hdr.cuda_runtime.h', 'cudart.cudaMalloc', 'cudart.cudaLaunchKernel', 'construct.global-kernel', 'construct.triple-chevron-launch',
    ]));
    expect(report.kernels.map((k) => k.name)).toContain('scale');
  });

  it('reports the real CUDA findings of the .py file', () => {
    expect(found('proto.py')).toEqual(expect.arrayContaining(['pyconstruct.tensor-cuda', 'torch.cuda.synchronize']));
  });
});
