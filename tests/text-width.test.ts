// The text report stays within 120 terminal columns: on samples/ and on a synthetic tree with long,
// deep paths and many kernels; long lines are wrapped, not cut (every word is still there).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../src/scan/scan.js';
import { renderText } from '../src/report/text.js';
import { displayWidth, fitWidth } from '../src/report/text-width.js';
import { RULES_DIR, SAMPLES_DIR } from './helpers.js';

function syntheticTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'cuport-wide-'));
  for (let d = 0; d < 12; d++) {
    const dir = join(root, `very_long_directory_name_for_module_${d}`, 'subsystem_with_a_long_name', 'kernels_and_host_code');
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < 8; f++) {
      const k = `an_unusually_long_kernel_name_for_testing_width_${d}_${f}`;
      writeFileSync(join(dir, `translation_unit_with_long_file_name_${f}.cu`),
        `__global__ void ${k}(float* x) { int lane = threadIdx.x & 31; x[lane] = __shfl_down_sync(0xffffffff, x[lane], 1); }\n` +
        `void host_${d}_${f}() { float* p; cudaMalloc(&p, 4); cudaMemcpy(p, p, 4, cudaMemcpyDeviceToDevice); ${k}<<<1, 32>>>(p); cudaFree(p); }\n`);
    }
  }
  return root;
}

describe('text report width', () => {
  it('fitWidth wraps under the line\'s own indentation and keeps every word', () => {
    const line = `    ${'word '.repeat(40).trim()}`;
    const out = fitWidth(line, 50).split('\n');
    for (const l of out) expect(displayWidth(l)).toBeLessThanOrEqual(50);
    expect(out.slice(1).every((l) => l.startsWith('      '))).toBe(true);
    expect(out.join(' ').split(/\s+/).filter(Boolean)).toHaveLength(40);
  });
  it('counts CJK characters as two columns', () => {
    expect(displayWidth('摘要ab')).toBe(6);
  });
  for (const [name, tree] of [['samples/', () => SAMPLES_DIR], ['a synthetic tree of 96 files with long paths', syntheticTree]] as const) {
    it(`fits 120 columns on ${name}, by default, with --detail and in zh-CN`, async () => {
      const report = await scan({ paths: [tree()], rulesDir: RULES_DIR, jobs: 0 });
      expect(report.findings.length).toBeGreaterThan(50);
      for (const options of [{}, { detail: true }, { lang: 'zh-CN' as const }, { lang: 'zh-CN' as const, detail: true }]) {
        for (const line of renderText(report, options).split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(120);
      }
    });
    it(`stays under 150 lines on ${name} by default; --detail lists every kernel and blocker`, async () => {
      const report = await scan({ paths: [tree()], rulesDir: RULES_DIR, jobs: 0 });
      const short = renderText(report);
      const long = renderText(report, { detail: true });
      expect(short.split('\n').length).toBeLessThanOrEqual(150);
      expect(renderText(report, { lang: 'zh-CN' }).split('\n').length).toBeLessThanOrEqual(150);
      // The cut lists say so, and --detail has what they left out.
      expect(short).toMatch(/… \d+ more, see --detail/);
      expect(long).not.toContain('see --detail');
      expect(long.split('\n').length).toBeGreaterThan(short.split('\n').length);
      expect(report.kernels.length).toBeGreaterThan(5);
      for (const k of report.kernels) expect(long).toContain(k.name);
      expect(report.kernels.filter((k) => !short.includes(k.name)).length).toBeGreaterThan(0);
      for (const t of report.targets) for (const b of report.blockers[t] ?? []) expect(long).toContain(b.name);
    });
  }
});
