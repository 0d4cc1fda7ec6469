// Golden reports on samples/: any change to detection, rules, the effort model or a reporter shows up
// here as a diff. After an intended change: UPDATE_GOLDEN=1 npx vitest run tests/golden.test.ts
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../src/scan/scan.js';
import type { Report } from '../src/report/build.js';
import { renderJson } from '../src/report/json.js';
import { renderText } from '../src/report/text.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { CLI, ROOT, RULES_DIR, SAMPLES_DIR } from './helpers.js';

const GOLDEN = join(ROOT, 'tests', 'golden');

function golden(name: string, actual: string) {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('golden reports on samples/', () => {
  let report: Report;
  beforeAll(async () => {
    report = await scan({ paths: [SAMPLES_DIR], rulesDir: RULES_DIR, jobs: 0 });
  });

  it('JSON', () => golden('samples.report.json', renderJson(report)));
  it('text', () => golden('samples.report.txt', renderText(report)));
  it('Markdown', () => golden('samples.report.md', renderMarkdown(report)));
  it('text, zh-CN', () => golden('samples.report.zh-CN.txt', renderText(report, { lang: 'zh-CN' })));
  it('Markdown, zh-CN', () => golden('samples.report.zh-CN.md', renderMarkdown(report, { lang: 'zh-CN' })));
  it('text, --detail', () => golden('samples.report.detail.txt', renderText(report, { detail: true })));

  it('zh-CN leaves no English heading or message of the catalog in the text and Markdown reports', () => {
    const en = JSON.parse(readFileSync(join(ROOT, 'rules', 'i18n', 'en.json'), 'utf8')) as Record<string, string>;
    const zh = JSON.parse(readFileSync(join(ROOT, 'rules', 'i18n', 'zh-CN.json'), 'utf8')) as Record<string, string>;
    // The fixed words of each English message (its text between placeholders), long enough to be telling.
    const phrases = Object.entries(en)
      .filter(([key]) => zh[key] !== en[key])
      .flatMap(([, text]) => text.split(/\{\w+\}/).map((p) => p.trim()))
      .filter((p) => p.length >= 12);
    expect(phrases.length).toBeGreaterThan(50);
    for (const rendered of [renderText(report, { lang: 'zh-CN' }), renderMarkdown(report, { lang: 'zh-CN' })]) {
      for (const phrase of phrases) expect(rendered, phrase).not.toContain(phrase);
      expect(rendered).toContain('迁移到');
    }
  });

  it('finds what the samples deliberately contain', () => {
    const at = (file: string, line: number) => report.findings.filter((f) => f.file === file && f.line === line).map((f) => f.name);
    // Macro bodies, both #if branches, inline PTX, aliases.
    expect(at('cuda-app/src/cuda_check.h', 19)).toContain('cudaGetErrorString');
    expect(at('cuda-app/src/main.cu', 94)).toContain('cudaMallocAsync');
    expect(at('cuda-app/src/main.cu', 97)).toContain('cudaMalloc');
    expect(report.findings.some((f) => f.kind === 'inline-ptx' && f.file === 'cuda-app/src/kernels.cuh')).toBe(true);
    expect(at('pytorch-train/utils.py', 66)).toContain('torch.cuda.amp.autocast');
    expect(report.findings.filter((f) => f.kind === 'distributed-backend')).toHaveLength(1);
    expect(report.kernels.length).toBeGreaterThanOrEqual(8);
  });

  it('reports nothing from the deliberate comment, string and identifier traps', () => {
    const at = (file: string, line: number) => report.findings.filter((f) => f.file === file && f.line === line);
    expect(at('cuda-app/src/main.cu', 100)).toEqual([]); // "cudaMalloc failed" string
    expect(at('cuda-app/src/gemm.cu', 70)).toEqual([]); // TODO comment naming cudaMemcpy
    expect(at('pytorch-train/utils.py', 5)).toEqual([]); // docstring
    expect(at('pytorch-train/utils.py', 71)).toEqual([]); // comment
    expect(at('pytorch-train/utils.py', 99)).toEqual([]); // env["cuda"] dict key
    expect(report.findings.filter((f) => f.file === 'cuda-app/src/util.cpp')).toEqual([]); // myCudaBuffer
    expect(report.findings.filter((f) => f.file === 'pytorch-train/model.py')).toEqual([]);
    // Each `case CUBLAS_STATUS_X: return "CUBLAS_STATUS_X";` line counts once, not twice.
    for (let line = 41; line <= 47; line++) expect(at('cuda-app/src/cuda_check.h', line)).toHaveLength(1);
  });

  it('adds up: per-target status counts equal the findings, and the scopes add up to all', () => {
    for (const t of report.targets) {
      const counts = Object.values(report.targetSummaries[t]!.statusCounts).reduce((a, b) => a + b, 0);
      expect(counts).toBe(report.findings.length);
    }
    expect(Object.values(report.scopes.findings).reduce((n, c) => n + c!, 0)).toBe(report.findings.length);
    expect(Object.values(report.scopes.files).reduce((n, c) => n + c!, 0)).toBe(report.summary.filesScanned);
    // samples/torch-extension/tests is test code: priced beside the estimate, not in it.
    expect(report.scopes.findings.tests).toBeGreaterThan(0);
    expect(report.files.find((f) => f.file.includes('/tests/'))!.scope).toBe('tests');
  });
});

describe('the JSON report schema (docs/report-schema.json)', () => {
  it('validates the report on samples/', async () => {
    const { createRequire } = await import('node:module');
    const Ajv = createRequire(import.meta.url)('ajv');
    const schema = JSON.parse(readFileSync(join(ROOT, 'docs', 'report-schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const report = JSON.parse(readFileSync(join(GOLDEN, 'samples.report.json'), 'utf8'));
    expect(validate(report) ? [] : validate.errors).toEqual([]);
  });
});

describe('the CLI scanning samples/ on worker threads', () => {
  it('writes the golden JSON: a result posted from a worker (as JSON text, src/scan/worker.ts) loses and changes nothing', () => {
    // samples/ has more files than a scan keeps in the calling thread (IN_PROCESS_MAX_FILES), so the built
    // CLI scans them on workers, with one worker and with two.
    const dir = mkdtempSync(join(tmpdir(), 'cuport-golden-cli-'));
    for (const jobs of ['1', '2']) {
      const out = join(dir, `jobs-${jobs}.json`);
      execFileSync(process.execPath, [CLI, 'scan', SAMPLES_DIR, '--format', 'json', '--no-config', '--no-cache', '-q', '--jobs', jobs, '-o', out]);
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(GOLDEN, 'samples.report.json'), 'utf8'));
    }
  });
});
