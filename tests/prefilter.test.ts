// The prefilter (src/scan/prefilter.ts) must never change a report: on a generated file per C/C++ rule,
// on samples/ and on host-only files whose kernel data matters across files, a scan with the prefilter and
// one without (CUPORT_PREFILTER=0) give the same JSON, byte for byte. The prefilter must also filter
// something: plain C++ passes neither check.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../src/scan/scan.js';
import { renderJson } from '../src/report/json.js';
import { loadRuleTable } from '../src/rules/compiled.js';
import { buildMatchTable } from '../src/rules/match-table.js';
import { buildPrefilter } from '../src/scan/prefilter.js';
import { BUILD_TOKEN_NAME, CONSTRUCT_TRIGGERS, detectorTriggers } from '../src/scan/prefilter-triggers.js';
import { RULES_DIR, SAMPLES_DIR } from './helpers.js';

const compiled = loadRuleTable(RULES_DIR);
const table = buildMatchTable(compiled.rules, compiled.unrecognized);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Scans `paths` in-process with the prefilter on or off and returns the JSON report. */
async function jsonOf(paths: string[], prefilter: boolean): Promise<string> {
  const before = process.env.CUPORT_PREFILTER;
  if (prefilter) delete process.env.CUPORT_PREFILTER;
  else process.env.CUPORT_PREFILTER = '0';
  try {
    return renderJson(await scan({ paths, rulesDir: RULES_DIR, jobs: 0 }));
  } finally {
    if (before === undefined) delete process.env.CUPORT_PREFILTER;
    else process.env.CUPORT_PREFILTER = before;
  }
}

/** Real code using one construct rule the detector emits on syntax. */
const CONSTRUCT_USES: Record<string, string> = {
  '<<<>>>': '__host__ void launch(float* x) { k<<<1, 32>>>(x); }\n',
  '.is_cuda()': 'void check(const at::Tensor& x) { TORCH_CHECK(x.is_cuda(), "x"); }\n',
  __global__: '__global__ void k(float* x) { x[0] = 1; }\n',
  __device__: '__device__ float twice(float v) { return 2 * v; }\n',
  __shared__: '__global__ void k(float* x) { __shared__ float s[32]; s[0] = x[0]; }\n',
  __constant__: '__constant__ float table[4];\n',
  __managed__: '__managed__ int counter;\n',
  __launch_bounds__: '__global__ void __launch_bounds__(128) k(float* x) { x[0] = 0; }\n',
  asm: 'void lane(unsigned* out) { unsigned id; asm("mov.u32 %0, %%laneid;" : "=r"(id)); *out = id; }\n',
};

/** A short C/C++ file that uses rule name `name` the way code does. */
function useOf(name: string, kind: string): string {
  if (CONSTRUCT_USES[name]) return CONSTRUCT_USES[name]!;
  if (kind === 'header') return `#include <${name.endsWith('/') ? `${name}config.h` : name}>\nint main() { return 0; }\n`;
  const callee = name.endsWith('::') ? `${name}helper` : name;
  return `void use_it(void* p) {\n  ${callee}(p);\n}\n`;
}

describe('prefilter soundness', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cuport-prefilter-'));
    const names = new Map<string, string>();
    for (const rule of compiled.rules) {
      if (rule.language === 'python') continue;
      for (const name of [rule.cuda, ...(rule.aliases ?? [])]) if (!BUILD_TOKEN_NAME.test(name)) names.set(name, rule.kind);
    }
    let i = 0;
    for (const [name, kind] of [...names].sort()) {
      const folder = join(dir, 'rules', String(Math.floor(i / 500)));
      if (i % 500 === 0) mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, `r${i++}.cu`), useOf(name, kind));
    }
    // Host-only files whose kernel data matters elsewhere: a launcher macro called from a plain .cpp file,
    // a plain header between a .cu file and the .cuh it reaches, a file-level alias of a device function.
    const linked = join(dir, 'linked');
    mkdirSync(linked);
    writeFileSync(join(linked, 'launch.cuh'), '#define LAUNCH(kernel, n) kernel<<<1, n>>>()\n__global__ void scale() {}\n');
    writeFileSync(join(linked, 'host.cpp'), '#include "launch.cuh"\nvoid run() { LAUNCH(scale, 64); }\n');
    writeFileSync(join(linked, 'kernels.cuh'), '__device__ float helper(float v) { return v * 2; }\n__device__ float apply(float (*f)(float), float v) { return f(v); }\n' +
      '__global__ void body(float* x) { x[0] = apply(pick, x[0]); }\n');
    writeFileSync(join(linked, 'common.h'), '#include "kernels.cuh"\nstatic const auto pick = helper;\n');
    writeFileSync(join(linked, 'main.cu'), '#include "common.h"\nvoid go(float* x) { body<<<1, 1>>>(x); }\n');
    // Device code declared only through a library qualifier macro (src/detect/macro-table.ts): no
    // `__device__` in the file, yet a kernel elsewhere calls it.
    writeFileSync(join(linked, 'lane.h'), '#include <cutlass/cutlass.h>\nCUTLASS_DEVICE int lane_of(int t) { return t & 31; }\n');
    writeFileSync(join(linked, 'uses_lane.cu'), '#include "lane.h"\n__global__ void lanes(int* o) { o[0] = lane_of(threadIdx.x); }\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same JSON with and without the prefilter on a file per C/C++ rule', async () => {
    const on = await jsonOf([join(dir, 'rules')], true);
    const off = await jsonOf([join(dir, 'rules')], false);
    expect(JSON.parse(on).summary.findings).toBeGreaterThan(8000);
    expect(on).toBe(off);
  }, 600_000);

  it('gives the same JSON on samples/', async () => {
    expect(await jsonOf([SAMPLES_DIR], true)).toBe(await jsonOf([SAMPLES_DIR], false));
  }, 120_000);

  it('keeps launches through a launcher called from a host-only file, and includes through a plain header', async () => {
    const on = await jsonOf([join(dir, 'linked')], true);
    expect(on).toBe(await jsonOf([join(dir, 'linked')], false));
    const report = JSON.parse(on) as { kernels: { name: string; launches: { file: string }[]; callees: { name: string }[] }[] };
    expect(report.kernels.find((k) => k.name === 'scale')?.launches.map((l) => l.file)).toContain('host.cpp');
    expect(report.kernels.find((k) => k.name === 'body')?.callees.map((c) => c.name)).toContain('helper');
    expect(report.kernels.find((k) => k.name === 'lanes')?.callees.map((c) => c.name)).toContain('lane_of');
  }, 60_000);
});

describe('prefilter triggers', () => {
  const prefilter = buildPrefilter(table, false);

  it('has a trigger for every construct rule (a rule name that is not a name)', () => {
    const constructs = Object.keys(table.cppNames).filter((n) => !IDENTIFIER.test(n) && !BUILD_TOKEN_NAME.test(n));
    expect(constructs.length).toBeGreaterThan(0);
    for (const name of constructs) expect(CONSTRUCT_TRIGGERS[name], name).toBeDefined();
  });

  it('passes CUDA code and rejects plain C++', () => {
    expect(prefilter.detector('#include <cuda_runtime.h>\n')).toBe(true);
    expect(prefilter.detector('void f() { thrust :: sort(a, b); }')).toBe(true);
    expect(prefilter.profiler('__global__ void k() {}')).toBe(true);
    expect(prefilter.profiler('constexpr int kWarpSize = 32;')).toBe(true);
    expect(prefilter.profiler('CUTE_HOST_DEVICE int f(int x) { return x; }')).toBe(true);
    const plain = '#include <vector>\nint add(int a, int b) { return a + b; }\n';
    expect(prefilter.detector(plain)).toBe(false);
    expect(prefilter.profiler(plain)).toBe(false);
  });

  it('passes a file whose names a line continuation could splice', () => {
    expect(prefilter.detector('#define X cuda\\\nMalloc\n')).toBe(true);
    expect(prefilter.profiler('#define X a\\\nb\n')).toBe(true);
  });

  it('turns off with CUPORT_PREFILTER=0 and when a pattern cannot be cut', () => {
    const off = buildPrefilter(table, true);
    expect(off.detector('int x;')).toBe(true);
    expect(detectorTriggers({ ...table, unrecognizedCpp: ['^a$|^b$'] })).toBeUndefined();
    expect(buildPrefilter({ ...table, unrecognizedCpp: ['^a$|^b$'] }, false).detector('int x;')).toBe(true);
  });
});
