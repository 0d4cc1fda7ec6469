// The CI formats (sarif, github, gitlab, summary) and the gate, through the built binary, on fixture
// trees the tests write themselves.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, tempGitRepo, tempTree } from './helpers.js';
import { renderSarif } from '../src/report/sarif.js';
import { escapeData, escapeProperty } from '../src/report/github.js';
import { SUMMARY_LIMIT } from '../src/report/summary.js';
import type { Report } from '../src/report/build.js';

const require = createRequire(import.meta.url);
// The official schema is draft-04 (tests/schemas/README.md): ajv 8 needs its draft-04 class.
const AjvDraft04 = require('ajv-draft-04') as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } };
const SARIF_SCHEMA = JSON.parse(readFileSync(join(__dirname, 'schemas', 'sarif-schema-2.1.0.json'), 'utf8'));
// `format: uri` etc. are not checked (no ajv-formats); every structural rule is.
const validateSarif = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false }).compile(SARIF_SCHEMA);

const KERNEL = `#include <cuda_runtime.h>
__global__ void reduce(float* x) {
  int lane = threadIdx.x & 31;
  x[lane] += 1.0f;
}
int main() { float* p; cudaMalloc(&p, 4); reduce<<<1, 32>>>(p); cudaFree(p); return 0; }
`;

const tree = (files: Record<string, string>) => tempTree(files, 'cuport-ci-');
// The gate and the PR summary run in CI on a checkout: those tests scan a git repository made here.
const repo = (files: Record<string, string>) => tempGitRepo(files, 'cuport-ci-');

function cuport(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1' }, maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('--format sarif', () => {
  const dir = tree({ 'src/a.cu': KERNEL });
  const sarif = JSON.parse(cuport(dir, 'scan', '.', '--format', 'sarif', '--target', 'musa,dcu').stdout);
  const run = sarif.runs[0];

  it('validates against the official SARIF 2.1.0 schema', () => {
    const ok = validateSarif(sarif);
    expect(validateSarif.errors ?? null).toBeNull();
    expect(ok).toBe(true);
    expect(sarif.runs).toHaveLength(1);
  });

  it('declares every rule used exactly once, with the explain text and per-target verdicts', () => {
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    const malloc = run.tool.driver.rules.find((r: { id: string }) => r.id === 'cudart.cudaMalloc');
    expect(malloc.help.text).toContain('source:');
    expect(malloc.help.text).toContain('hipMalloc');
    expect(malloc.fullDescription.text).toMatch(/MUSA.*musaMalloc.*DCU.*hipMalloc/);
    expect(malloc.helpUri).toMatch(/^https:\/\//);
    expect(malloc.properties.tags).toContain('cuda-port');
  });

  it('reports kernel hazards as results with relative %SRCROOT% locations', () => {
    const warp = run.results.find((r: { ruleId: string }) => r.ruleId === 'kernel.warp-size-assumption');
    expect(warp.level).toBe('warning');
    expect(warp.message.text).toContain('dcu adapt');
    expect(warp.locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: 'src/a.cu', uriBaseId: '%SRCROOT%' }, region: { startLine: 3 } });
    const malloc = run.results.find((r: { ruleId: string }) => r.ruleId === 'cudart.cudaMalloc');
    expect(malloc.level).toBe('note');
  });

  it('keeps partialFingerprints when lines are inserted above', () => {
    const moved = tree({ 'src/a.cu': `// a comment\n\n\n${KERNEL}` });
    const after = JSON.parse(cuport(moved, 'scan', '.', '--format', 'sarif', '--target', 'musa,dcu').stdout).runs[0];
    const key = (r: { ruleId: string; partialFingerprints: Record<string, string> }) => `${r.ruleId} ${r.partialFingerprints['cuport/v1']}`;
    expect(after.results.map(key).sort()).toEqual(run.results.map(key).sort());
    expect(after.results[0].locations[0].physicalLocation.region.startLine).not.toBe(run.results[0].locations[0].physicalLocation.region.startLine);
  });

  it('carries a suppression and its justification', () => {
    const report = JSON.parse(cuport(dir, 'scan', '.', '--format', 'json', '--target', 'dcu').stdout) as Report;
    const target = report.findings.find((f) => f.name === 'cudaFree')!;
    target.suppression = { kind: 'inSource', justification: 'freed by the pool on exit' };
    const out = JSON.parse(renderSarif(report, { rules: new Map(), sources: report.sources, explain: () => '' }));
    expect(validateSarif(out)).toBe(true);
    const suppressed = out.runs[0].results.filter((r: { suppressions?: unknown[] }) => r.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0].ruleId).toBe('cudart.cudaFree');
    expect(suppressed[0].suppressions).toEqual([{ kind: 'inSource', justification: 'freed by the pool on exit' }]);
  });
});

describe('--format github and gitlab', () => {
  const dir = tree({ 'src/a.cu': KERNEL });

  it('prints escaped workflow commands by status, then a summary line', () => {
    const lines = cuport(dir, 'scan', '.', '--format', 'github', '--target', 'dcu').stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^::warning file=src\/a\.cu,line=3,col=1,endLine=3,title=cuport kernel\.warp-size-assumption%3A dcu adapt::reduce%0A/);
    expect(lines.some((l) => l.startsWith('::notice file=src/a.cu,line=6,') && l.includes('cudaMalloc'))).toBe(true);
    expect(lines.at(-1)).toMatch(/^::notice title=cuport::\d+ annotation\(s\) on dcu$/);
    expect(escapeData('50% a\r\nb')).toBe('50%25 a%0D%0Ab');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
  });

  it('caps annotations at 50 and says how many were left out', () => {
    const many = tree(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}.cu`, KERNEL])));
    const lines = cuport(many, 'scan', '.', '--format', 'github', '--target', 'dcu').stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(51);
    expect(lines.at(-1)).toMatch(/annotation\(s\) on dcu; \d+ not shown/);
  });

  it('writes GitLab Code Quality issues with the documented fields', () => {
    const issues = JSON.parse(cuport(dir, 'scan', '.', '--format', 'gitlab', '--target', 'dcu').stdout);
    expect(issues.length).toBeGreaterThan(3);
    for (const i of issues) {
      expect(Object.keys(i).sort()).toEqual(['check_name', 'description', 'fingerprint', 'location', 'severity']);
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(i.severity);
      expect(i.location.path).toBe('src/a.cu');
      expect(Number.isInteger(i.location.lines.begin)).toBe(true);
      expect(i.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(new Set(issues.map((i: { fingerprint: string }) => i.fingerprint)).size).toBe(issues.length);
    expect(issues.find((i: { check_name: string }) => i.check_name === 'kernel.warp-size-assumption').severity).toBe('major');
  });
});

describe('the gate', () => {
  it('--fail-on fails on a kernel hazard alone and lists it', () => {
    // No finding is adapt on DCU here; only the kernel's 32-wide lane mask is.
    const dir = repo({ 'k.cu': '__global__ void k(float* x) {\n  int lane = threadIdx.x & 31;\n  x[lane] = 0;\n}\n' });
    const r = cuport(dir, 'scan', '.', '--fail-on', 'adapt', '--target', 'dcu', '-o', join(dir, '..', 'out.txt'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/k\.cu:2 {2}kernel\.warp-size-assumption \(kernel k\) {2}dcu {2}adapt {2}.*32-wide warps/);
    expect(cuport(dir, 'scan', '.', '--fail-on', 'rewrite', '--target', 'dcu', '-q').code).toBe(0);
  });

  it('--max-hours fails over budget, passes under it, and rejects bad values', () => {
    const dir = repo({ 'a.cu': KERNEL });
    const over = cuport(dir, 'scan', '.', '--target', 'dcu', '--max-hours', 'dcu=1', '-o', join(dir, '..', 'o.txt'));
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/dcu: likely [\d.]+ h > --max-hours 1 h/);
    expect(cuport(dir, 'scan', '.', '--target', 'dcu', '--max-hours', 'dcu=100000', '-q').code).toBe(0);
    expect(cuport(dir, 'scan', '.', '--target', 'dcu', '--max-hours', 'musa=1', '-q').code).toBe(2);
    expect(cuport(dir, 'scan', '.', '--max-hours', 'dcu', '-q').code).toBe(2);
  });
});

describe('--format summary', () => {
  it('stays under the comment limit on a large synthetic tree', () => {
    // 300 files, each with many distinct unknown names and a long kernel name: far beyond 60,000 chars as markdown.
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) {
      const calls = Array.from({ length: 20 }, (_, j) => `  cudaMadeUpCall${i}x${j}(p);`).join('\n');
      files[`dir${i % 17}/f${i}.cu`] = `#include <cuda_runtime.h>\n__global__ void kernel_with_a_very_long_name_${'x'.repeat(150)}_${i}(float* x) { int lane = threadIdx.x & 31; x[lane] = 0; }\nvoid host${i}(float* p) {\n${calls}\n  cudaMalloc(&p, 4);\n}\n`;
    }
    const dir = repo(files);
    const r = cuport(dir, 'scan', '.', '--format', 'summary', '--target', 'musa,cann,dcu');
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeLessThan(SUMMARY_LIMIT);
    expect(r.stdout).toContain('| MUSA (Moore Threads) |');
    expect(r.stdout).toMatch(/### Top blockers on DCU/);
    expect(r.stdout).toMatch(/### Kernel hazards \(\d{3,}/);
    expect(r.stdout).toContain('--format markdown');
    // The markdown report of the same tree is what the summary replaces.
    expect(cuport(dir, 'scan', '.', '--format', 'markdown', '--target', 'musa,cann,dcu').stdout.length).toBeGreaterThan(SUMMARY_LIMIT);
  }, 120_000);
});

describe('integrations', () => {
  const { parse } = require('yaml') as typeof import('yaml');
  const root = join(__dirname, '..');

  it('the pre-commit hook runs cuport with flags it accepts, on the staged file names', () => {
    const [hook] = parse(readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8'));
    expect(hook).toMatchObject({ id: 'cuport', language: 'node' });
    const [bin, ...args] = hook.entry.split(' ');
    expect(bin).toBe('cuport');
    const dir = tree({ 'a.cu': KERNEL });
    // pre-commit appends the file names; a CUDA kernel is `rewrite` on CANN, so the default hook fails.
    expect(cuport(dir, ...args, 'a.cu').code).toBe(1);
    expect(cuport(dir, ...args, '--target', 'dcu', 'a.cu').code).toBe(0);
    expect(new RegExp(hook.files).test('src/x.cu') && !new RegExp(hook.files).test('README.md')).toBe(true);
  });

  it('the Action writes SARIF with the CLI and uploads it with codeql-action/upload-sarif', () => {
    const action = parse(readFileSync(join(root, 'action.yml'), 'utf8'));
    expect(action.runs.using).toBe('composite');
    const upload = action.runs.steps.find((s: { uses?: string }) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload.with.sarif_file).toBe('${{ inputs.sarif-file }}');
    const scan = action.runs.steps.find((s: { id?: string }) => s.id === 'scan').run as string;
    for (const format of ['sarif', 'github', 'summary']) expect(scan).toContain(`--format ${format}`);
  });
});

describe('SARIF size cap', () => {
  it('drops the least severe results with a warning until the gzip size fits', () => {
    const dir = tree({ 'src/a.cu': KERNEL });
    const report = JSON.parse(cuport(dir, 'scan', '.', '--format', 'json', '--target', 'dcu').stdout) as Report;
    const ctx = { rules: new Map(), sources: report.sources, explain: () => '' };
    const full = JSON.parse(renderSarif(report, ctx)).runs[0];
    const capped = JSON.parse(renderSarif(report, ctx, 1200)).runs[0];
    expect(capped.results.length).toBeLessThan(full.results.length);
    expect(capped.results.map((r: { ruleId: string }) => r.ruleId)).toEqual(full.results.slice(0, capped.results.length).map((r: { ruleId: string }) => r.ruleId));
    expect(capped.invocations[0].toolExecutionNotifications[0].message.text).toMatch(/only the \d+ most severe/);
    expect(full.invocations[0].toolExecutionNotifications).toEqual([]);
  });
});
