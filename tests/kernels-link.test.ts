// Kernel profiles across files on tests/fixtures/kernels: a template kernel defined in a header and
// launched from another file, a launch through a macro and through cudaLaunchKernel, __device__ callees
// followed through #include (a same-named helper elsewhere is not linked), WARP_SIZE from a header;
// then hazards per target (and per product), hours, Ascend alternatives, and the hazard file's validation.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../src/scan/scan.js';
import type { Report } from '../src/report/build.js';
import { loadKernelHazards } from '../src/kernels/hazard-rules.js';
import { renderText } from '../src/report/text.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { ROOT, RULES_DIR, scratchHazardsFile } from './helpers.js';
import { parse } from '../src/parse/grammars.js';
import { profileKernels } from '../src/kernels/profile.js';
import { kernelKey, linkKernels } from '../src/kernels/link.js';

const FIXTURE = join(ROOT, 'tests', 'fixtures', 'kernels');
const kernel = (report: Report, name: string) => report.kernels.find((k) => k.name === name)!;

describe('kernel linking and hazards on the fixture project', () => {
  let report: Report;
  beforeAll(async () => {
    report = await scan({ paths: [FIXTURE], rulesDir: RULES_DIR, jobs: 0 });
  });

  it('ties each launch to its kernel: header template kernel, macro launch, cudaLaunchKernel', () => {
    const sum = kernel(report, 'block_sum');
    expect(sum.file).toBe('app/include/kernels.cuh');
    expect(sum.template).toBe(true);
    expect(sum.launches.map((l) => [l.file, l.line, l.via])).toEqual([['app/main.cu', 12, '<<<>>>']]);
    const scale = kernel(report, 'scale');
    expect(scale.launches.map((l) => [l.line, l.via, l.macro ?? null])).toEqual([[13, 'macro', 'LAUNCH_1D'], [15, 'cudaLaunchKernel', null]]);
    expect(report.unresolvedLaunches.count).toBe(0);
  });

  it('follows __device__ callees through #include only', () => {
    const sum = kernel(report, 'block_sum');
    expect(sum.callees.map((c) => `${c.file}:${c.line} ${c.name}`)).toEqual(['app/include/warp.cuh:5 warp_sum']);
    expect(sum.features['inline-ptx']).toBeUndefined(); // other/unrelated.cu's warp_sum is not included
  });

  it('collects features from the body, the callees, WARP_SIZE uses and the launch sites', () => {
    const sum = kernel(report, 'block_sum');
    const warp = sum.features['warp-size-assumption']!;
    const places = warp.evidence.map((e) => `${e.file ?? sum.file}:${e.line}${e.via ? ` ${e.via}` : ''} ${e.detail}`);
    expect(places).toContain('app/include/kernels.cuh:8 WARP_SIZE is 32 (app/include/warp.cuh:3)');
    expect(places).toContain('app/include/warp.cuh:6 warp_sum shuffle reduction starting at offset 16 (32 lanes)');
    expect(sum.features.atomic!.evidence[0]!.detail).toBe('atomicAdd(T)'); // the template parameter, as declared
    expect(sum.features['warp-intrinsic']!.count).toBe(1);
    expect(kernel(report, 'scale').features).toEqual({});
  });

  it('gives hazards with reasons and locations per target, and the kernel status', () => {
    const sum = kernel(report, 'block_sum');
    const dcu = sum.hazards.dcu!.find((h) => h.feature === 'warp-size-assumption')!;
    expect(dcu.status).toBe('adapt');
    expect(dcu.reason).toMatch(/^DCU: `.+` at app\/include\/kernels\.cuh:7 assumes 32-wide warps; the DCU wavefront is 64 lanes/);
    expect(dcu.source).toBe('dcu-dtk-facts');
    expect(sum.status.dcu).toBe('adapt');
    expect(sum.status.cann).toBe('rewrite');
    expect(kernel(report, 'scale').hazards.dcu).toEqual([]);
    expect(kernel(report, 'scale').status.dcu).toBe('native');
  });

  it('costs hazards on top of the kernel (not where it is rewritten) and feeds the target totals', () => {
    const sum = kernel(report, 'block_sum');
    const plain = report.assumptions.kernels.adapt;
    expect(sum.hours.dcu![1]).toBeGreaterThan(plain.base[1] + (plain.per100Lines[1] * sum.lines) / 100);
    const rewrite = report.assumptions.kernels.rewrite;
    // Costed lines are its own plus the device-callee lines attributed to it (src/kernels/callee-lines.ts).
    expect(sum.hours.cann![1]).toBeCloseTo(rewrite.base[1] + (rewrite.per100Lines[1] * (sum.lines + sum.calleeLines)) / 100, 1);
    for (const t of report.targets) {
      const total = report.kernels.reduce((n, k) => n + k.hours[t]![1], 0);
      expect(report.targetSummaries[t]!.estimate.breakdown.kernels[1]).toBeCloseTo(total, 0);
    }
    // Heaviest first.
    expect(report.kernels[0]!.name).toBe('block_sum');
  });

  it('suggests Ascend alternatives the evidence supports', () => {
    const kinds = kernel(report, 'block_sum').ascendAlternatives.map((a) => a.kind);
    expect(kinds).toEqual(['triton-ascend', 'ascend-c-simt']);
  });

  it('follows the chosen product: S5000 warps are 32 lanes', async () => {
    const s5000 = await scan({ paths: [FIXTURE], rulesDir: RULES_DIR, jobs: 0, targets: ['musa'], products: { musa: 's5000' } });
    expect(kernel(s5000, 'block_sum').hazards.musa!.some((h) => h.feature === 'warp-size-assumption')).toBe(false);
    expect(kernel(report, 'block_sum').hazards.musa!.some((h) => h.feature === 'warp-size-assumption')).toBe(true);
  });

  it('renders the kernel section in text and Markdown', () => {
    const text = renderText(report);
    expect(text).toContain('Kernels, heaviest first');
    // name, lines, a status and hours per target, the location last (cut from the left when long).
    expect(text).toMatch(/block_sum +9 +\w+ [\d.]+ h .* app\/include\/kernels\.cuh:6\n/);
    // Each hazard with its place and reason comes with --detail; by default one line says how many.
    expect(text).not.toContain('DCU: `');
    expect(text).toMatch(/Kernel hazards: \d+ kernel\(s\) with device features; --detail lists each hazard/);
    expect(renderText(report, { detail: true })).toContain('DCU: `');
    const md = renderMarkdown(report);
    expect(md).toContain('### Kernel hazards');
    expect(md).toContain('(source `dcu-dtk-facts`)');
  });
});

describe('rules/kernels/hazards.yaml', () => {
  it('loads, and every hazard cites a known source', () => {
    const rules = loadKernelHazards(RULES_DIR);
    expect(rules.hazards['warp-size-assumption']!.targets.dcu!.status).toBe('adapt');
    expect(rules.ascend.aclnn.operators.length).toBeGreaterThan(5);
  });

  it('names file, line and field of a mistake', () => {
    const { dir, text, bad } = scratchHazardsFile();
    writeFileSync(bad, text.replace('status: adapt\n        reason: assumes 32-wide warps; the DCU', 'status: maybe\n        reason: assumes 32-wide warps; the DCU'));
    const line = text.split('\n').findIndex((l) => l.includes('reason: assumes 32-wide warps; the DCU')) ; // the status is the line before
    expect(() => loadKernelHazards(dir, bad)).toThrow(`${bad}:${line}: hazards.warp-size-assumption.targets.dcu.status: must be one of`);
    writeFileSync(bad, text.replace('source: dcu-dtk-facts', 'source: nowhere'));
    expect(() => loadKernelHazards(dir, bad)).toThrow(/source: unknown source key "nowhere"/);
  });
});

describe('linking by reference, overloads, warp-size scoping', () => {
  const link = (files: Record<string, string>) => {
    const linked = linkKernels(Object.entries(files).map(([file, src]) => ({ file, scan: profileKernels(parse(src, 'cuda')) })));
    // The one kernel defined at file:line (the key holds its name too).
    const at = (file: string, line: number) => [...linked.profiles].find(([key]) => key.startsWith(kernelKey(file, line, '')))![1];
    return { ...linked, at };
  };

  it('follows a dependent member template call (obj.template f<...>()) to the member it names', () => {
    const { at } = link({
      'softmax.h': `template <int N> struct Softmax {
  template <bool First> __device__ void rescale(float* s) { s[0] = exp2f(s[0]); }
};`,
      'fwd.cu': `#include "softmax.h"
template <typename T> __global__ void attn(float* s) {
  Softmax<4> softmax;
  softmax.template rescale</*First=*/true>(s);
}`,
    });
    expect(at('fwd.cu', 2).callees.map((c) => c.name)).toEqual(['rescale']);
    expect(at('fwd.cu', 2).calls).toContain('rescale');
    expect(at('fwd.cu', 2).calls).not.toContain('templaterescale');
  });

  it('follows function pointers, ternary returns and trait members to the __device__ functions they name', () => {
    const { at } = link({
      'mma.cuh': `__device__ void mma_tile(int* a) { asm("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0}, {%1}, {%2}, {%3};" : "+r"(a[0])); }
__device__ int dp4a_dot(int a) { return a; }
__device__ int unused_dot(int a) { return a; }`,
      'mmq.cu': `#include "mma.cuh"
template <int T> struct traits { static constexpr vec_dot_t vec_dot_mma = mma_tile; };
__device__ vec_dot_t pick(int t) { return t ? dp4a_dot : dp4a_dot; }
__global__ void mul_mat_q(int* x) {
  constexpr vec_dot_t vd = traits<4>::vec_dot_mma;
  vd(x);
  pick(1)(x[0]);
}`,
    });
    const k = at('mmq.cu', 4);
    expect(k.callees.map((c) => c.name).sort()).toEqual(['dp4a_dot', 'mma_tile', 'pick']);
    expect(k.features['tensor-core']?.evidence[0]?.via).toBe('mma_tile');
  });

  it('gives a kernel the launches made through a function-pointer variable passed to a launcher; counts the ones it cannot tie', () => {
    const { at, unresolved } = link({
      'fattn.cu': `typedef void (*fattn_kernel_t)(float*);
__global__ void flash_a(float* x) {}
__global__ void flash_b(float* x) {}
void launch_fattn(int n, fattn_kernel_t k) { k<<<1, 32>>>(nullptr); }
void run(bool c, fattn_kernel_t external) {
  fattn_kernel_t k;
  if (c) k = flash_a; else k = flash_b;
  launch_fattn(1, k);
  launch_fattn(2, external);
}`,
    });
    expect(at('fattn.cu', 2).launches.map((l) => l.line)).toEqual([8]);
    expect(at('fattn.cu', 3).launches.map((l) => l.line)).toEqual([8]);
    expect(unresolved.map((u) => [u.line, u.kernel])).toEqual([[9, 'external']]);
  });

  it('picks overloads by arity and obvious types; features of only some fitting overloads are possible, not hazards', () => {
    const { at } = link({
      'ov.cu': `__device__ float red(float v) { return __shfl_xor_sync(0xffffffff, v, 1); }
__device__ half2 red(half2 v) { return v; }
__device__ float red(float v, int w) { printf("x"); return v; }
__device__ float amb(float v) { return atomicAdd(&v, 1.0f); }
__device__ float amb(double v) { return v; }
__global__ void k_half(half2 h) { red(h); }
__global__ void k_float(float f) { red(f, 2); }
__global__ void k_amb(int i) { amb(i); }`,
    });
    expect(at('ov.cu', 6).callees.map((c) => c.line)).toEqual([2]);
    expect(at('ov.cu', 6).features['warp-intrinsic']).toBeUndefined();
    expect(at('ov.cu', 7).callees.map((c) => c.line)).toEqual([3]);
    const amb = at('ov.cu', 8);
    expect(amb.callees.map((c) => [c.line, c.possible ?? false])).toEqual([[4, true], [5, true]]);
    expect(amb.features.atomic).toMatchObject({ count: 1, possible: 1 });
    expect(amb.features.atomic!.evidence[0]!.possible).toBe(true);
  });

  it('resolves WARP_SIZE through #include scoping: a file defining it as 64 does not take another file\'s 32', () => {
    const { at } = link({
      'cuda/common.cuh': `#define WARP_SIZE 32`,
      'cuda/k.cu': `#include "common.cuh"\n__global__ void k(float* s) { s[threadIdx.x % WARP_SIZE] = 0; }`,
      'hip/common.cuh': `#define WARP_SIZE 64`,
      'hip/k.cu': `#include "common.cuh"\n__global__ void k(float* s) { s[threadIdx.x % WARP_SIZE] = 0; }`,
    });
    expect(at('cuda/k.cu', 2).features['warp-size-assumption']?.count).toBe(1);
    expect(at('hip/k.cu', 2).features['warp-size-assumption']).toBeUndefined();
  });

  it('keeps warp-dependent patterns only where the kernel or a callee does warp-level work', () => {
    const { at } = link({
      'q.cu': `__device__ float wsum(float v) { return __shfl_xor_sync(__activemask(), v, 1, warpSize); }
__global__ void dequant(float* y) { int tid = threadIdx.x; int n = tid / 32; int l = tid - 32 * n; y[l] = n; }
__global__ void reduce(float* y) { int tid = threadIdx.x; int n = tid / 32; y[n] = wsum(y[tid]); }`,
    });
    expect(at('q.cu', 2).features['warp-size-assumption']).toBeUndefined();
    expect(at('q.cu', 3).features['warp-size-assumption']?.evidence.map((e) => e.detail)).toEqual(['/ 32 (warp index or warp count for 32-wide warps)']);
  });

  it('answers each file its own nearest definition: answers are remembered per file and per scan, never shared', () => {
    const helper = (body: string) => `__device__ float helper(float v) { ${body} }`;
    const kernels = (include: string) => `#include "${include}"
__global__ void k1(float* s) { s[0] = helper(s[0]); }
__global__ void k2(float* s) { s[1] = helper(s[1]); }`;
    const calleeFiles = (at: (file: string, line: number) => { callees: { file: string }[] }, file: string) =>
      [2, 3].map((line) => at(file, line).callees.map((c) => c.file));
    // Two kernels per file ask for the same name (the second is answered from memory), from two folders.
    const first = link({
      'a/h.cuh': helper('return v + 1.0f;'), 'a/k.cu': kernels('h.cuh'),
      'b/h.cuh': helper('return v * 2.0f;'), 'b/k.cu': kernels('h.cuh'),
    });
    expect(calleeFiles(first.at, 'a/k.cu')).toEqual([['a/h.cuh'], ['a/h.cuh']]);
    expect(calleeFiles(first.at, 'b/k.cu')).toEqual([['b/h.cuh'], ['b/h.cuh']]);
    // The same paths in another scan, where b/k.cu now includes a's header: nothing from the first scan is reused.
    const second = link({ 'a/h.cuh': helper('return v + 1.0f;'), 'a/k.cu': kernels('h.cuh'), 'b/k.cu': kernels('../a/h.cuh') });
    expect(calleeFiles(second.at, 'b/k.cu')).toEqual([['a/h.cuh'], ['a/h.cuh']]);
  });

  it('reports one place per line: three 0xffffffff on a line are one location', () => {
    const { at } = link({ 'm.cu': `__global__ void k(float v) { v = __shfl_xor_sync(0xffffffff, v, 1) + __shfl_xor_sync(0xffffffff, v, 2) + __shfl_xor_sync(0xffffffff, v, 4); }` });
    expect(at('m.cu', 1).features['warp-size-assumption']?.count).toBe(1);
  });
});

describe('kernel status: one place decides it, from the kernel, its callees and its hazards', () => {
  it('a kernel inherits the status of the findings in its __device__ callees, listed as a cuda-api hazard', async () => {
    const report = await scan({ paths: [join(ROOT, 'tests', 'fixtures', 'kernels-status')], rulesDir: RULES_DIR, jobs: 0, targets: ['dcu'] });
    const rows = kernel(report, 'copy_rows');
    const stcg = report.findings.find((f) => f.name === '__stcg')!;
    expect(stcg.status.dcu).toBe('unsupported');
    expect(rows.status.dcu).toBe('unsupported');
    const h = rows.hazards.dcu!.find((x) => x.feature === 'cuda-api')!;
    expect(h.status).toBe('unsupported');
    expect(h.reason).toMatch(/^DCU: `__stcg` at store\.cuh:4 \(in store_streaming\) is unsupported/);
    // Every kernel's status is explained by one of its hazards (or is native).
    for (const k of report.kernels) {
      expect(k.status.dcu === 'native' || k.hazards.dcu!.some((x) => x.status === k.status.dcu)).toBe(true);
    }
    const plain = kernel(report, 'copy_plain');
    expect(plain.status.dcu).toBe('native');
    expect(plain.hazards.dcu).toEqual([]);
  });
});
