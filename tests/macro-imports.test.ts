// The cross-file macro table (src/scan/macro-imports.ts): macros a project header defines are applied in the
// files including it, on a second pass cached under a key holding the imported definitions.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scan } from '../src/scan/scan.js';
import type { Report } from '../src/report/build.js';
import { effectiveImportedNames, exportedDefinitions } from '../src/detect/macro-table.js';
import { usedImports } from '../src/scan/macro-imports.js';
import { RULES_DIR } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'cuport-macro-imports-'));
  dirs.push(root);
  write(root, files);
  return root;
}
function write(root: string, files: Record<string, string>) {
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), c);
  }
}
const kernels = (r: Report) => r.kernels.map((k) => ({ name: k.name, file: k.file, macro: k.macro, callees: k.callees.map((c) => c.name), features: Object.keys(k.features).sort() }));

const HEADER = '#pragma once\n#define DEVICE_FUNC static inline __device__\n#define DEFINE_KERNEL(name, T) __global__ void name(T* out)\n';
const OPS = `#include "inc/common.cuh"
DEVICE_FUNC unsigned lane_id() {
  unsigned id; asm volatile("mov.u32 %0, %%laneid;" : "=r"(id)); return id;
}
DEFINE_KERNEL(fill_kernel, float) { out[0] = lane_id(); }
void run(float* p) { fill_kernel<<<1, 32>>>(p); }
`;

describe('exported definitions', () => {
  it('exports qualifier, head and instantiation macro candidates, all branches of one, not a header-private one', () => {
    const defs = exportedDefinitions(`
#ifdef __CUDACC__
#define HD __host__ __device__
#else
#define HD
#endif
#define HDI HD inline
#define SIZE 128
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define K(name) __global__ void name(float* x)
#define INST(T) template __global__ void k<T>(T*);
#define LOCAL_DF __device__
LOCAL_DF int f() { return 0; }
#undef LOCAL_DF
`);
    expect(defs.filter((d) => !d.undef).map((d) => d.name)).toEqual(['HD', 'HD', 'HDI', 'K', 'INST']);
    // The private macro's #undef travels (it ends nothing but what another header defined: include order).
    expect(defs.filter((d) => d.undef).map((d) => d.name)).toEqual(['LOCAL_DF']);
    expect(effectiveImportedNames(defs)).toEqual(['HD', 'HDI', 'INST', 'K']);
  });

  it('a library macro imported with the meaning cuport gives it changes nothing', () => {
    expect(effectiveImportedNames(exportedDefinitions('#define CUTLASS_DEVICE __forceinline__ __device__\n'))).toEqual([]);
    expect(effectiveImportedNames(exportedDefinitions('#define CUTLASS_DEVICE __global__\n'))).toEqual(['CUTLASS_DEVICE']);
  });

  it('a file uses an imported name only where it does not define or #undef it itself', () => {
    expect(usedImports('DF int f();', ['DF', 'HD'])).toEqual(['DF']);
    expect(usedImports('#define DF\nDF int f();', ['DF'])).toEqual([]);
    expect(usedImports('#undef DF\nDF int f();', ['DF'])).toEqual([]);
    expect(usedImports('int DFX();', ['DF'])).toEqual([]);
  });
});

describe('macros from included project headers', () => {
  it('a header qualifier macro makes a device function visible (callee counted, inline PTX seen); a head macro gives its kernel', async () => {
    const root = project({ 'inc/common.cuh': HEADER, 'ops.cu': OPS });
    const report = await scan({ paths: [root], rulesDir: RULES_DIR, jobs: 0 });
    expect(kernels(report)).toEqual([{ name: 'fill_kernel', file: 'ops.cu', macro: 'DEFINE_KERNEL', callees: ['lane_id'], features: ['inline-ptx'] }]);
    expect(report.unresolvedLaunches.count).toBe(0);
    expect(report.kernels[0]!.launches.map((l) => `${l.file}:${l.line}`)).toEqual(['ops.cu:6']);
  });

  it('a macro defined in a header the file does not include is not applied', async () => {
    const root = project({ 'inc/common.cuh': HEADER, 'ops.cu': OPS.replace('#include "inc/common.cuh"\n', '// no include\n') });
    const report = await scan({ paths: [root], rulesDir: RULES_DIR, jobs: 0 });
    expect(report.kernels.map((k) => k.name)).not.toContain('fill_kernel');
    // Transitively included: applied.
    write(root, { 'mid.h': '#include "inc/common.cuh"\n', 'ops.cu': OPS.replace('inc/common.cuh', 'mid.h') });
    const again = await scan({ paths: [root], rulesDir: RULES_DIR, jobs: 0 });
    expect(kernels(again).map((k) => [k.name, k.callees])).toEqual([['fill_kernel', ['lane_id']]]);
  });

  it('the file\'s own definition wins over the header\'s', async () => {
    const root = project({ 'inc/common.cuh': HEADER, 'ops.cu': OPS.replace('#include "inc/common.cuh"\n', '#include "inc/common.cuh"\n#undef DEVICE_FUNC\n#define DEVICE_FUNC static inline\n') });
    const report = await scan({ paths: [root], rulesDir: RULES_DIR, jobs: 0 });
    expect(kernels(report)).toEqual([{ name: 'fill_kernel', file: 'ops.cu', macro: 'DEFINE_KERNEL', callees: [], features: [] }]);
  });

  it('a changed header macro changes the dependant\'s cached result (no stale rescan reused); an unchanged one is read from the cache', async () => {
    const root = project({ 'inc/common.cuh': HEADER, 'ops.cu': OPS, 'plain.cu': '#include "inc/common.cuh"\n__global__ void other() {}\n' });
    const cacheDir = mkdtempSync(join(tmpdir(), 'cuport-macro-cache-'));
    dirs.push(cacheDir);
    const run = () => scan({ paths: [root], rulesDir: RULES_DIR, jobs: 0, cacheDir });
    const first = await run();
    expect(kernels(first).map((k) => [k.name, k.callees])).toEqual([['fill_kernel', ['lane_id']], ['other', []]]);
    const count = readdirSync(cacheDir, { recursive: true }).length;
    const warm = await run();
    expect(JSON.stringify(warm)).toBe(JSON.stringify(first));
    expect(readdirSync(cacheDir, { recursive: true }).length).toBe(count);
    // The header's macro no longer says __device__: ops.cu's bytes are the same, its result must not be.
    write(root, { 'inc/common.cuh': HEADER.replace('static inline __device__', 'static inline') });
    const changed = await run();
    expect(kernels(changed).map((k) => [k.name, k.callees])).toEqual([['fill_kernel', []], ['other', []]]);
    // And back: the first result again, from the cache.
    write(root, { 'inc/common.cuh': HEADER });
    expect(JSON.stringify(await run())).toBe(JSON.stringify(first));
  });
});
