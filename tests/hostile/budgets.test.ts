// Per-file work budgets (src/scan/budget.ts): a file over the node or finding budget is skipped as
// too-complex with the figure, the scan goes on, and nothing outside the tree is opened. The files are
// generated at test time; the budgets are the defaults unless a case is about the flags.
import { describe, expect, it } from 'vitest';
import { runTraced } from './traced.js';
import { parse } from '../../src/parse/grammars.js';
import { BudgetExceeded, DEFAULT_BUDGETS, WorkMeter } from '../../src/scan/budget.js';
import { scan } from '../../src/scan/scan.js';
import { RULES_DIR, tempTree } from '../helpers.js';

interface JsonReport {
  summary: { filesScanned: number; filesSkipped: number };
  files: { file: string }[];
  skipped: { file: string; reason: string; message: string; budget?: { name: string; value: number; limit: number } }[];
  findings: { file: string; name: string }[];
}

const tree = (files: Record<string, string>) => tempTree(files, 'cuport-budget-');

function scanJson(root: string, extra: string[] = []): { code: number | null; report: JsonReport } {
  const r = runTraced(['scan', root, '--format', 'json', '--no-config', '--no-cache', '-q', ...extra], [root], { timeout: 120_000 });
  expect(r.signal).toBeNull();
  expect(r.outside).toEqual([]);
  expect(r.stderr).toBe('');
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport };
}

const OK_FILE = 'void ok() { cudaMalloc(0, 0); }\n';
const statements = (n: number) => 'cudaFree(0);\n'.repeat(n);

describe('per-file work budgets', () => {
  it('a file with more findings than the default budget is too-complex, with the figure; the others are scanned', () => {
    const over = DEFAULT_BUDGETS.maxFindings + 1;
    const root = tree({
      'many.cu': `void f() {\n${statements(over)}}\n`,
      // One #define body: a handful of nodes, as many findings as tokens.
      'macro.cu': `#define BIG \\\n${'  cudaFree(0); \\\n'.repeat(over)}  cudaFree(0)\n`,
      'ok.cu': OK_FILE,
    });
    const { code, report } = scanJson(root);
    expect(code).toBe(0);
    expect(report.skipped).toEqual([
      { file: 'macro.cu', reason: 'too-complex', message: `${(over + 1).toLocaleString('en-US')} findings exceed the budget of 20,000 per file (--max-file-findings)`, budget: { name: 'findings', value: over + 1, limit: 20_000 } },
      { file: 'many.cu', reason: 'too-complex', message: `${over.toLocaleString('en-US')} findings exceed the budget of 20,000 per file (--max-file-findings)`, budget: { name: 'findings', value: over, limit: 20_000 } },
    ]);
    expect(report.files.map((f) => f.file)).toEqual(['ok.cu']);
    expect(report.findings.map((f) => `${f.file}:${f.name}`)).toEqual(['ok.cu:cudaMalloc']);
    expect(report.summary.filesScanned + report.summary.filesSkipped).toBe(3);
  }, 120_000);

  it('a 4 MiB dense file (built here) is too-complex by its node count, not minutes of detection; the scan goes on', () => {
    const unit = 'cudaFree(0);\n';
    const body = statements(Math.floor((4 * 1024 * 1024 - 64) / unit.length));
    const dense = `void f() {\n${body}}\n`;
    expect(dense.length).toBeLessThanOrEqual(4 * 1024 * 1024); // under --max-file-size: the budget, not the size cap, stops it
    const root = tree({ 'dense.cu': dense, 'ok.cu': OK_FILE });
    const { code, report } = scanJson(root);
    expect(code).toBe(0);
    const nodes = parse(dense, 'cuda').rootNode.descendantCount;
    expect(nodes).toBeGreaterThan(DEFAULT_BUDGETS.maxNodes);
    expect(report.skipped).toEqual([{
      file: 'dense.cu', reason: 'too-complex',
      message: `syntax tree of ${nodes.toLocaleString('en-US')} nodes exceeds the budget of 2,000,000 (--max-file-nodes)`,
      budget: { name: 'nodes', value: nodes, limit: 2_000_000 },
    }]);
    expect(report.files.map((f) => f.file)).toEqual(['ok.cu']);
    expect(report.summary.filesScanned + report.summary.filesSkipped).toBe(2);
  }, 120_000);

  it('--max-file-nodes and --max-file-findings set the budgets; a file at the limit is scanned', () => {
    const small = `void f() {\n${statements(3)}}\n`;
    const nodes = parse(small, 'cuda').rootNode.descendantCount;
    const root = tree({ 'small.cu': small });
    const byNodes = scanJson(root, ['--max-file-nodes', String(nodes - 1)]).report;
    expect(byNodes.skipped.map((s) => s.budget)).toEqual([{ name: 'nodes', value: nodes, limit: nodes - 1 }]);
    expect(scanJson(root, ['--max-file-nodes', String(nodes)]).report.findings).toHaveLength(3);
    const byFindings = scanJson(root, ['--max-file-findings', '2']).report;
    expect(byFindings.skipped.map((s) => s.budget)).toEqual([{ name: 'findings', value: 3, limit: 2 }]);
    expect(byFindings.summary.filesScanned + byFindings.summary.filesSkipped).toBe(1);
    expect(scanJson(root, ['--max-file-findings', '3']).report.skipped).toEqual([]);
  }, 120_000);

  it('the time budget is read from the clock every 1024 nodes and stops the walk once past the limit', () => {
    let clock = 0;
    const meter = new WorkMeter({ ...DEFAULT_BUDGETS, maxDetectMillis: 100 }, () => clock);
    for (let i = 0; i < 1024; i++) meter.tick(); // the 1024th reads the clock: 0 ms
    clock = 101;
    for (let i = 0; i < 1023; i++) meter.tick(); // past the limit, but no clock read until the 2048th
    let stopped: unknown;
    try {
      meter.tick();
    } catch (e) {
      stopped = e;
    }
    expect(stopped).toBeInstanceOf(BudgetExceeded);
    expect((stopped as BudgetExceeded).skipped('x.cu')).toEqual({
      file: 'x.cu', reason: 'too-complex',
      message: 'detection stopped after 101 ms, over the budget of 100 ms (--max-file-seconds; a safety net, not deterministic)',
      budget: { name: 'time', value: 101, limit: 100 },
    });
  });
});

describe('in-process scans (--jobs 0)', () => {
  it('turn a detector stack overflow into too-deep, as the workers do, and go on', async () => {
    const root = tree({ 'deep.py': `x = ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`, 'ok.py': 'import torch\ntorch.cuda.synchronize()\n' });
    const report = await scan({ paths: [root], rulesDir: RULES_DIR, jobs: 0 });
    expect(report.skipped.map((s) => `${s.file}:${s.reason}`)).toEqual(['deep.py:too-deep']);
    expect(report.files.map((f) => f.file)).toEqual(['ok.py']);
    expect(report.summary.filesScanned + report.summary.filesSkipped).toBe(2);
  });
});
