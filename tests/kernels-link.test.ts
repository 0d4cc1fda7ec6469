// Kernel profiles across files on tests/fixtures/kernels: a template kernel defined in a header and
// launched from another file, a launch through a macro and through cudaLaunchKernel, __device__ callees
// followed through #include (a same-named helper elsewhere is not linked), WARP_SIZE from a header;
// then hazards per target (and per product), hours, Ascend alternatives, and the hazard file's validation.
import { mkdtempSync, writeFileSync, cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../src/scan/scan.js';
import type { Report } from '../src/report/build.js';
import { loadKernelHazards } from '../src/kernels/hazard-rules.js';
import { renderText } from '../src/report/text.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { ROOT, RULES_DIR } from './helpers.js';

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
    expect(sum.hours.cann![1]).toBeCloseTo(rewrite.base[1] + (rewrite.per100Lines[1] * sum.lines) / 100, 1);
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
    expect(text).toMatch(/block_sum +app\/include\/kernels\.cuh:6 +9 +\w+ [\d.]+ h/);
    expect(text).toContain('DCU: `');
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
    const dir = mkdtempSync(join(tmpdir(), 'cuport-hazards-'));
    cpSync(join(RULES_DIR, 'sources.yaml'), join(dir, 'sources.yaml'));
    const text = readFileSync(join(RULES_DIR, 'kernels', 'hazards.yaml'), 'utf8');
    const bad = join(dir, 'hazards.yaml');
    writeFileSync(bad, text.replace('status: adapt\n        reason: assumes 32-wide warps; the DCU', 'status: maybe\n        reason: assumes 32-wide warps; the DCU'));
    const line = text.split('\n').findIndex((l) => l.includes('reason: assumes 32-wide warps; the DCU')) ; // the status is the line before
    expect(() => loadKernelHazards(dir, bad)).toThrow(`${bad}:${line}: hazards.warp-size-assumption.targets.dcu.status: must be one of`);
    writeFileSync(bad, text.replace('source: dcu-dtk-facts', 'source: nowhere'));
    expect(() => loadKernelHazards(dir, bad)).toThrow(/source: unknown source key "nowhere"/);
  });
});
