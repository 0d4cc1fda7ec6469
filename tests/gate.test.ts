// Suppressions, baseline and pull-request mode, through the built binary, in git repositories the tests make.
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, tempGitRepo } from './helpers.js';
import { readSuppressions } from '../src/detect/suppressions.js';

interface JsonFinding { file: string; line: number; ruleId: string; name: string; fingerprint: string; suppression?: { kind: string; justification: string } }
interface JsonReport {
  findings: JsonFinding[];
  kernels: { name: string; suppression?: unknown }[];
  gate?: {
    suppressions: { inSource: number; unused: { file: string; line: number }[]; problems: { file: string; line: number; ruleId: string }[] };
    baseline?: { baselined: number; stale: number; entries: number };
    changedSince?: { findingsOutside: number };
  };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function repo(files: Record<string, string>): string {
  const dir = tempGitRepo(files, 'cuport-gate-');
  dirs.push(dir);
  return dir;
}

function write(dir: string, files: Record<string, string>) {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

function cuport(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1' } });
}

function json(cwd: string, ...args: string[]): JsonReport {
  const r = cuport(cwd, 'scan', '.', '--quiet', '--format', 'json', ...args);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as JsonReport;
}

const where = (r: JsonReport) => r.findings.map((f) => `${f.file}:${f.line}:${f.name}${f.suppression ? `(${f.suppression.kind})` : ''}`);

describe('inline suppressions', () => {
  it('C++: same line, next line, blocks, families; strings are not directives; reasons are required', () => {
    const dir = repo({
      'a.cu': [
        'void f(void *p) {',
        '  cudaMalloc(&p, 4); // cuport-ignore cudart.cudaMalloc -- sized by the caller',
        '  // cuport-ignore-next-line cudart.* -- one family',
        '  cudaFree(p);',
        '  const char *s = "// cuport-ignore * -- not a comment"; cudaDeviceSynchronize();',
        '  /* cuport-ignore-start cudart.cudaMemset, cudart.cudaMemcpy -- block */',
        '  cudaMemset(p, 0, 4);',
        '  cudaMemcpy(p, p, 4, cudaMemcpyDefault);',
        '  // cuport-ignore-end',
        '  cudaStreamSynchronize(0); // cuport-ignore cudart.cudaStreamSynchronize',
        '  cudaSetDevice(0); // cuport-ignore cudart.cudaGetDevice -- matches nothing',
        '}',
        '',
      ].join('\n'),
    });
    const r = json(dir);
    const suppressed = r.findings.filter((f) => f.suppression).map((f) => `${f.line}:${f.name}:${f.suppression!.justification}`);
    expect(suppressed).toEqual(['2:cudaMalloc:sized by the caller', '4:cudaFree:one family', '7:cudaMemset:block', '8:cudaMemcpy:block']);
    // The string on line 5 suppresses nothing; the directive without a reason on line 10 neither.
    expect(r.findings.find((f) => f.name === 'cudaDeviceSynchronize')!.suppression).toBeUndefined();
    expect(r.findings.find((f) => f.name === 'cudaStreamSynchronize')!.suppression).toBeUndefined();
    expect(r.gate!.suppressions.inSource).toBe(4);
    expect(r.gate!.suppressions.problems.map((p) => `${p.line}:${p.ruleId}`)).toEqual(['10:cuport.suppression-without-reason']);
    expect(r.gate!.suppressions.unused.map((u) => u.line)).toEqual([11]);
    // A suppression without a reason fails the gate and is listed; suppressed findings are not gated.
    const gate = cuport(dir, 'scan', '.', '--format', 'json', '--fail-on', 'rename');
    expect(gate.status).toBe(1);
    expect(gate.stderr).toContain('a.cu:10: cuport.suppression-without-reason');
  });

  it('Python, CMake and requirements files use # cuport: ignore[RULE] -- reason', () => {
    const dir = repo({
      'm.py': ['import torch', 'x = torch.cuda.is_available()  # cuport: ignore[*] -- probed, CPU fallback', 's = "# cuport: ignore[*] -- a string"; torch.cuda.synchronize()', ''].join('\n'),
      'CMakeLists.txt': ['# cuport: ignore[*] -- the CUDA language is optional here', 'project(x LANGUAGES CXX CUDA)', 'find_package(CUDAToolkit) # cuport: ignore[*]', ''].join('\n'),
      'requirements.txt': ['# cuport: ignore[*] -- pinned for the CUDA build only', 'cupy-cuda12x==13.0', ''].join('\n'),
    });
    const r = json(dir);
    const suppressed = r.findings.filter((f) => f.suppression).map((f) => `${f.file}:${f.line}`);
    expect(suppressed).toContain('m.py:2');
    expect(suppressed).toContain('CMakeLists.txt:2');
    expect(suppressed).toContain('requirements.txt:2');
    expect(suppressed.filter((s) => s.startsWith('m.py:3'))).toEqual([]);
    expect(r.findings.some((f) => f.file === 'm.py' && f.line === 3 && !f.suppression)).toBe(true);
    expect(r.gate!.suppressions.problems.map((p) => `${p.file}:${p.line}`)).toEqual(['CMakeLists.txt:3']);
  });

  it('a kernel hazard is accepted by a directive on its own line, only where it covers every place of the hazard', () => {
    const kernel = (lines: string[]) => `__global__ void k(float* x) {\n${lines.join('\n')}\n}\n`;
    const dir = repo({
      // One 32-wide lane mask, accepted where it is written.
      'one.cu': kernel(['  int lane = threadIdx.x & 31;  // cuport-ignore kernel.warp-size-assumption -- this kernel runs on 32-wide hardware only', '  x[lane] = 0;']),
      // Two: the directive covers one, so the hazard (both places) stays gated.
      'two.cu': kernel(['  int a = threadIdx.x & 31;  // cuport-ignore kernel.warp-size-assumption -- only this one', '  int b = threadIdx.x % 32;', '  x[a + b] = 0;']),
      // A directive for another kernel feature does not accept the warp assumption.
      'other.cu': kernel(['  int lane = threadIdx.x & 31;  // cuport-ignore kernel.atomic -- not the warp', '  x[lane] = 0;']),
    });
    type Hazard = { feature: string; suppression?: { kind: string; justification: string } };
    const r = JSON.parse(cuport(dir, 'scan', '.', '-q', '--format', 'json', '--target', 'dcu').stdout) as JsonReport & { kernels: { file: string; hazards: { dcu?: Hazard[] } }[] };
    const warp = (file: string) => r.kernels.find((k) => k.file === file)!.hazards.dcu!.find((h) => h.feature === 'warp-size-assumption')!;
    expect(warp('one.cu').suppression).toEqual({ kind: 'inSource', justification: 'this kernel runs on 32-wide hardware only' });
    expect(warp('two.cu').suppression).toBeUndefined();
    expect(warp('other.cu').suppression).toBeUndefined();
    expect(r.gate!.suppressions.inSource).toBe(1);
    expect(r.gate!.suppressions.unused.map((u) => `${u.file}:${u.line}`)).toEqual(['other.cu:2', 'two.cu:2']);
    // The gate: only the accepted kernel passes; SARIF carries the suppression.
    const gate = cuport(dir, 'scan', '.', '--target', 'dcu', '--fail-on', 'adapt', '-o', join(dir, '..', `${dir.split('/').pop()}-gate.txt`));
    expect(gate.status).toBe(1);
    expect(gate.stderr).toMatch(/two\.cu:2 {2}kernel\.warp-size-assumption/);
    expect(gate.stderr).toMatch(/other\.cu:2 {2}kernel\.warp-size-assumption/);
    expect(gate.stderr).not.toMatch(/one\.cu/);
    const sarif = JSON.parse(cuport(dir, 'scan', '.', '-q', '--format', 'sarif', '--target', 'dcu').stdout);
    const results = sarif.runs[0].results.filter((x: { ruleId: string }) => x.ruleId === 'kernel.warp-size-assumption');
    expect(results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; suppressions?: unknown[] }) =>
      `${x.locations[0]!.physicalLocation.artifactLocation.uri}:${x.suppressions ? 'suppressed' : 'open'}`).sort()).toEqual(['one.cu:suppressed', 'other.cu:open', 'two.cu:open']);
  });

  it('reads directives only from comments', () => {
    expect(readSuppressions('cuda', 'x = "/* cuport-ignore * -- no */"; // cuport-ignore * -- yes\n').map((d) => d.reason)).toEqual(['yes']);
    expect(readSuppressions('cuda', "int n = 1'000; char c = '\"'; // cuport-ignore * -- after literals\n").map((d) => d.line)).toEqual([1]);
    expect(readSuppressions('python', 'x = """\n# cuport: ignore[*] -- inside a docstring\n"""\n')).toEqual([]);
    expect(readSuppressions('pip-requirements', 'pkg @ https://x/y#cuport: ignore[*] -- a URL fragment\n')).toEqual([]);
  });
});

describe('baseline', () => {
  const kernel = ['__global__ void k(float *x) { x[threadIdx.x] = 0; }', 'void f(void *p) {', '  cudaMalloc(&p, 4);', '  cudaFree(p);', '}', ''].join('\n');

  it('round trip: a baseline accepts today\'s findings, survives inserted lines, gates only new ones', () => {
    const dir = repo({ 'a.cu': kernel });
    const made = cuport(dir, 'baseline', '.', '-o', 'base.json', '--quiet');
    expect(made.status).toBe(0);
    const baseline = JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8'));
    expect(baseline.schema).toBe('cuport-baseline');
    expect(baseline.entries.map((e: { name: string }) => e.name)).toEqual(expect.arrayContaining(['cudaMalloc', 'cudaFree']));
    // Deterministic: the same tree gives the same bytes.
    expect(cuport(dir, 'baseline', '.', '-o', 'again.json', '--quiet').status).toBe(0);
    expect(readFileSync(join(dir, 'again.json'), 'utf8')).toBe(readFileSync(join(dir, 'base.json'), 'utf8'));

    const before = json(dir, '--exclude', '*.json');
    write(dir, { 'a.cu': '// a comment\n\n' + kernel.replace('  cudaFree(p);', '  cudaFree(p);\n  cudaDeviceSynchronize();') });
    const after = json(dir, '--baseline', 'base.json');
    const fp = (r: JsonReport, name: string) => r.findings.find((f) => f.name === name)!.fingerprint;
    expect(fp(after, 'cudaMalloc')).toBe(fp(before, 'cudaMalloc'));
    expect(after.findings.filter((f) => !f.suppression).map((f) => f.name)).toEqual(['cudaDeviceSynchronize']);
    expect(after.findings.find((f) => f.name === 'cudaMalloc')!.suppression).toEqual({ kind: 'external', justification: 'baseline base.json' });
    expect(after.kernels.find((k) => k.name === 'k')!.suppression).toMatchObject({ kind: 'external' });
    expect(after.gate!.baseline).toMatchObject({ baselined: baseline.entries.length, stale: 0 });
    expect(cuport(dir, 'scan', '.', '--baseline', 'base.json', '--fail-on', 'rename', '--quiet').status).toBe(1);

    // Fixing a baselined finding leaves a stale entry, reported in the text summary.
    write(dir, { 'a.cu': kernel.replace('  cudaFree(p);\n', '') });
    const text = cuport(dir, 'scan', '.', '--baseline', 'base.json', '--quiet');
    expect(text.stdout).toContain(`${baseline.entries.length - 1} baselined, 1 stale baseline entries (base.json)`);
    expect(cuport(dir, 'scan', '.', '--baseline', 'base.json', '--format', 'summary').stdout)
      .toContain(`Baseline \`base.json\`: ${baseline.entries.length - 1} findings accepted (not gated), 1 stale entries.`);
    expect(cuport(dir, 'scan', '.', '--baseline', 'base.json', '--fail-on', 'rename', '--quiet').status).toBe(0);
  });

  it('a malformed baseline is a usage error naming the file and the field', () => {
    const dir = repo({ 'a.cu': kernel, 'bad.json': JSON.stringify({ schema: 'cuport-baseline', version: 1, entries: [{ fingerprint: 'x', ruleId: 'r', name: 'n', file: 'f' }] }) });
    const r = cuport(dir, 'scan', '.', '--baseline', 'bad.json');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('bad.json: entries[0].fingerprint must be 32 lowercase hex digits');
    writeFileSync(join(dir, 'bad.json'), '{');
    expect(cuport(dir, 'scan', '.', '--baseline', 'bad.json').stderr).toContain('bad.json: not valid JSON');
  });
});

describe('pull-request mode (--changed-since)', () => {
  it('reports exactly the added findings, with context from untouched headers', () => {
    const dir = repo({
      'inc/check.h': '#pragma once\n#define cudaCheckCall(x) (x)\ninline void cudaProjectHelper() {}\n',
      'a.cu': '#include "inc/check.h"\nvoid f(void *p) {\n  cudaCheckCall(cudaMalloc(&p, 4));\n}\n',
    });
    execFileSync('git', ['checkout', '-qb', 'feature'], { cwd: dir });
    write(dir, { 'a.cu': '#include "inc/check.h"\nvoid f(void *p) {\n  cudaCheckCall(cudaMalloc(&p, 4));\n  cudaProjectHelper();\n  cudaCheckCall(cudaFree(p));\n}\n__global__ void k(float *x) { x[0] = 1; }\n' });
    execFileSync('git', ['commit', '-qam', 'change'], { cwd: dir });
    const r = json(dir, '--changed-since', 'main');
    // The project's own helpers (defined in the untouched header) are not `unrecognized`.
    expect(where(r)).toEqual(['a.cu:5:cudaFree', 'a.cu:7:k']);
    expect(r.kernels.map((k) => k.name)).toEqual(['k']);
    expect(r.gate!.changedSince!.findingsOutside).toBe(1);
    // The PR comment says what the change adds and what it leaves out.
    const summary = cuport(dir, 'scan', '.', '--changed-since', 'main', '--format', 'summary').stdout;
    expect(summary).toMatch(/\*\*This change\*\* \(since `main`, merge-base `[0-9a-f]{12}`, 1 changed files\) adds 2 findings and touches 1 kernels/);
    expect(summary).toContain('1 findings and 0 kernels on unchanged lines are not shown');
    expect(cuport(dir, 'scan', '.', '--format', 'summary').stdout).not.toContain('This change');
  });

  it('reports a kernel whose body changed, and counts uncommitted edits', () => {
    const body = (v: string) => `__global__ void scale(float *x) {\n  int i = threadIdx.x;\n  x[i] = x[i] * ${v};\n}\n__global__ void other(float *x) { x[0] = 0; }\n`;
    const dir = repo({ 'k.cu': body('2.0f') });
    write(dir, { 'k.cu': body('3.0f') });
    const r = json(dir, '--changed-since', 'HEAD');
    expect(r.kernels.map((k) => k.name)).toEqual(['scale']);
    expect(r.findings).toEqual([]);
    expect(r.gate!.changedSince!.kernelsOutside).toBe(1);
  });

  it('with a warm cache: the changed file and its changed header are scanned again (the early worker), an unused early worker does not keep the process alive', () => {
    const dir = repo({
      'inc/check.h': '#pragma once\ninline void cudaProjectHelper() {}\n',
      'a.cu': '#include "inc/check.h"\nvoid f(void *p) {\n  cudaProjectHelper();\n}\n',
      'b.cu': 'void g(void *p) { cudaFree(p); }\n',
    });
    const cache = mkdtempSync(join(tmpdir(), 'cuport-gate-cache-'));
    dirs.push(cache);
    json(dir, '--cache', cache); // fills the cache
    execFileSync('git', ['checkout', '-qb', 'feature'], { cwd: dir });
    // The header no longer defines the helper: a.cu's call becomes a CUDA-looking name it does not define.
    // Four more new files make the change bigger than the calling thread scans itself, so the early worker starts.
    write(dir, {
      'inc/check.h': '#pragma once\n',
      'a.cu': '#include "inc/check.h"\nvoid f(void *p) {\n  cudaProjectHelper();\n  cudaMalloc(&p, 4);\n}\n',
      ...Object.fromEntries([1, 2, 3, 4].map((i) => [`c${i}.cu`, `void c${i}(void *p) { cudaFree(p); }\n`])),
    });
    execFileSync('git', ['add', '.'], { cwd: dir });
    execFileSync('git', ['commit', '-qam', 'change'], { cwd: dir });
    const cold = json(dir, '--no-cache', '--changed-since', 'main');
    const warm = json(dir, '--cache', cache, '--changed-since', 'main');
    expect(where(warm)).toEqual(where(cold));
    expect(where(warm)).toContain('a.cu:4:cudaMalloc');
    expect(JSON.stringify(warm)).toBe(JSON.stringify(cold));
    // Now every file is cached: the early worker is never given work, and the run still ends with the same report.
    const again = cuport(dir, 'scan', '.', '--quiet', '--format', 'json', '--cache', cache, '--changed-since', 'main');
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(cold);
  });

  it('fails with exit 2 when the ref is missing or there is no merge-base', () => {
    const dir = repo({ 'a.cu': 'void f() {}\n' });
    const missing = cuport(dir, 'scan', '.', '--changed-since', 'no-such-branch');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--changed-since no-such-branch: no such commit or branch');
    execFileSync('git', ['checkout', '-q', '--orphan', 'other'], { cwd: dir });
    execFileSync('git', ['commit', '-qm', 'unrelated'], { cwd: dir });
    const unrelated = cuport(dir, 'scan', '.', '--changed-since', 'main');
    expect(unrelated.status).toBe(2);
    expect(unrelated.stderr).toContain('no merge-base between main and HEAD');
  });
});
