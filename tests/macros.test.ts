// Kernels and device functions behind macros (src/detect/macro-table.ts): qualifier macros applied
// where they are used, head macros naming a kernel by an argument. Each with a case that must not count.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../src/scan/scan.js';
import type { Report } from '../src/report/build.js';
import { parse } from '../src/parse/grammars.js';
import { profileKernels } from '../src/kernels/profile.js';
import { detectCpp } from '../src/detect/cpp.js';
import { buildMacroTable, macroContext } from '../src/detect/macro-table.js';
import { realTable, ROOT, RULES_DIR } from './helpers.js';

const { matcher } = realTable();
const analyse = (source: string) => {
  const { masked, context } = macroContext(source);
  const tree = parse(masked, 'cuda');
  return { scan: profileKernels(tree, context), detection: detectCpp(tree, matcher, context), masked };
};

describe('macro table', () => {
  it('reads qualifier macros, through other macros and #ifdef branches; not macros with other words', () => {
    const t = buildMacroTable(`
#define DEVICE_FUNCTION static inline __device__
#ifdef __CUDACC__
#define HD __host__ __device__
#else
#define HD
#endif
#define HDI HD __forceinline__
#define KERNEL extern "C" __global__
#define RESTRICT __restrict__
#define SQUARE(x) ((x) * (x))
#define HOST_ONLY static inline
// #define IN_COMMENT __device__
`);
    expect([...t.qualifiers].sort()).toEqual([
      ['DEVICE_FUNCTION', { global: false, device: true }],
      ['HD', { global: false, device: true }],
      ['HDI', { global: false, device: true }],
      ['HOST_ONLY', { global: false, device: false }],
      ['KERNEL', { global: true, device: false }],
    ]);
  });

  it('knows the CUTLASS and c10 qualifier macros only when the file names them, and a redefinition wins', () => {
    expect(buildMacroTable('CUTLASS_DEVICE int f();').qualifiers.get('CUTLASS_DEVICE')).toEqual({ global: false, device: true });
    expect(buildMacroTable('int f();').qualifiers.size).toBe(0);
    expect(buildMacroTable('#define C10_DEVICE 1\nC10_DEVICE').qualifiers.has('C10_DEVICE')).toBe(false);
  });

  it('blanks uses in code only, same length', () => {
    const source = '#define DF __device__\n// DF in a comment\nconst char* s = "DF";\nDF float f() { return 1.f; }\n';
    const { masked } = macroContext(source);
    expect(masked.length).toBe(source.length);
    expect(masked.split('\n')).toEqual(['#define DF __device__', '// DF in a comment', 'const char* s = "DF";', '   float f() { return 1.f; }', '']);
  });
});

describe('qualifier macros applied where used', () => {
  const source = `
#define DEVICE_FUNCTION static inline __device__
#define DI __device__ __forceinline__
#define GLOBAL __global__
DEVICE_FUNCTION unsigned lane_mask() {
  unsigned m; asm volatile("mov.u32 %0, %%lanemask_lt;" : "=r"(m)); return m;
}
static DI float2 twice(float2 a) { return a; }
template <typename T> GLOBAL void k(T* x) { x[0] = lane_mask(); twice(make_float2(0.f, 0.f)); }
static inline float host_fn(float v) { return v; }
`;
  it('sees device functions and kernels behind them, with their callees and inline PTX', () => {
    const { scan, detection } = analyse(source);
    expect(scan.functions.map((f) => [f.name, f.kind, f.line, f.template])).toEqual([
      ['lane_mask', 'device', 5, false],
      ['twice', 'device', 8, false],
      ['k', 'global', 9, true],
    ]);
    expect(scan.functions[0]!.features.map((e) => e.feature)).toEqual(['inline-ptx']);
    expect(scan.functions[2]!.calls).toEqual(['lane_mask', 'make_float2', 'twice']);
    expect(detection.kernels.map((k) => [k.name, k.line, k.macro])).toEqual([['k', 9, 'GLOBAL']]);
    expect(detection.parseErrors).toBe(0);
  });

  it('a plain host function and an unknown macro stay host code', () => {
    const { scan } = analyse(`${source}\nUNKNOWN_MACRO float other(float v) { return v; }\n`);
    expect(scan.functions.map((f) => f.name)).not.toContain('host_fn');
    expect(scan.functions.map((f) => f.name)).not.toContain('other');
  });
});

describe('head macros: kernels declared by a macro', () => {
  const source = `
#define KERNEL_PARAM_MODIFIER
#define DEFINE_FWD_KERNEL(kernelName, ...) \\
template<typename Kernel_traits, __VA_ARGS__> \\
__global__ void kernelName(KERNEL_PARAM_MODIFIER const Params params)

DEFINE_FWD_KERNEL(fwd_kernel, bool Is_dropout, bool Is_causal) {
    compute_attn<Kernel_traits, Is_dropout, Is_causal>(params);
}
DEFINE_FWD_KERNEL(combine_kernel, int kBlockM) {
    double acc = 0; combine<Kernel_traits, kBlockM>(params, acc);
}
#define NOT_A_HEAD(name) void name(int x)
NOT_A_HEAD(host_thing) { }
`;
  it('produces each kernel named from the argument, as a template, with its body profiled', () => {
    const { scan, detection } = analyse(source);
    expect(detection.kernels.map((k) => [k.name, k.line, k.template, k.macro])).toEqual([
      ['fwd_kernel', 7, true, 'DEFINE_FWD_KERNEL'],
      ['combine_kernel', 10, true, 'DEFINE_FWD_KERNEL'],
    ]);
    expect(scan.functions.map((f) => [f.name, f.kind, f.calls])).toEqual([
      ['fwd_kernel', 'global', ['compute_attn']],
      ['combine_kernel', 'global', ['combine']],
    ]);
    expect(scan.functions[1]!.features.map((e) => e.feature)).toEqual(['fp64']);
  });
});

describe('positions after non-ASCII text', () => {
  it('applies a qualifier macro after a comment in Chinese', () => {
    const { scan } = analyse('#define DF __device__\n// 设备函数：返回 1\nDF float one() { return 1.f; }\n');
    expect(scan.functions.map((f) => [f.name, f.kind, f.line])).toEqual([['one', 'device', 3]]);
  });
});

/** `<<<` outside comments and strings, counted by a scanner of its own (not the profiler's). */
function chevrons(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '/' && text[i + 1] === '/') while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      for (const ch of text.slice(i, end)) if (ch === '\n') line++;
      i = end + 1;
    } else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (text.startsWith('<<<', i)) {
      lines.push(line);
      i += 2;
    }
  }
  return lines;
}

describe('launch sites inside macros: tied or listed, none lost', () => {
  const dir = join(ROOT, 'tests', 'fixtures', 'macro-launches');
  let report: Report;
  beforeAll(async () => {
    report = await scan({ paths: [dir], rulesDir: RULES_DIR, jobs: 0 });
  });
  const launchesOf = (name: string) => report.kernels.find((k) => k.name === name)!.launches.map((l) => [l.line, l.via, l.macro ?? null, l.launcher?.line ?? null]);

  it('ties launches through launcher macros, pasted names, template arguments and object-like macros', () => {
    expect(launchesOf('scale_kernel')).toEqual([[24, 'macro', 'LAUNCH', 11]]);
    expect(launchesOf('shift_kernel')).toEqual([[25, 'macro', 'LAUNCH_OP', 13]]);
    expect(launchesOf('Kernel')).toEqual([[15, 'macro', 'LAUNCH_T', null]]);
    expect(launchesOf('plain')).toEqual([[17, 'macro', 'RUN_PLAIN', null], [32, '<<<>>>', null, null]]);
    expect(launchesOf('after_error')).toEqual([[5, '<<<>>>', null, null]]);
  });

  it('lists the others with the macro as the reason', () => {
    expect(report.unresolvedLaunches.examples.map((u) => [u.kernel, u.line, u.reason ?? null, u.launcher?.line ?? null])).toEqual([
      ['(argument 1 of NEVER_CALLED)', 19, 'launcher macro NEVER_CALLED: no call passing a kernel found', null],
      ['external_kernel', 21, 'launched in macro RUN_EXTERNAL', null],
      ['fp', 29, 'kernel passed to macro LAUNCH', 11],
    ]);
  });

  it('accounts for every <<< outside comments and strings', () => {
    for (const file of ['launch.cu', 'broken.cu']) {
      const text = readFileSync(join(dir, file), 'utf8');
      const sites = new Set<number>();
      for (const k of report.kernels) for (const l of k.launches) {
        if (l.file === file) sites.add(l.line);
        if (l.launcher?.file === file) sites.add(l.launcher.line);
      }
      for (const u of report.unresolvedLaunches.examples) {
        if (u.file === file) sites.add(u.line);
        if (u.launcher?.file === file) sites.add(u.launcher.line);
      }
      const lost = chevrons(text).filter((line) => !sites.has(line));
      expect({ file, lost }).toEqual({ file, lost: [] });
    }
    expect(chevrons(readFileSync(join(dir, 'launch.cu'), 'utf8'))).toHaveLength(7);
  });
});

describe('a <<< the grammar does not parse as a launch', () => {
  it('is recorded from the text, marked unparsed; one in a comment, a string or a raw string is not', () => {
    const { scan } = analyse('int v = a <<< b;\n// c<<<1,1>>>()\nconst char* s = "d<<<1,1>>>()";\nconst char* r = R"x(e<<<1,1>>>() ")x";\n');
    expect(scan.launches.map((l) => [l.kernel, l.line, l.unparsed ?? false])).toEqual([['a', 1, true]]);
  });

  it('a parsed launch is not recorded twice', () => {
    const { scan } = analyse('void h(float* p) { k<<<1, 1>>>(p); }\n');
    expect(scan.launches.map((l) => [l.kernel, l.unparsed ?? false])).toEqual([['k', false]]);
  });
});

describe('instantiation tracking: the types a kernel runs with', () => {
  let report: Report;
  beforeAll(async () => {
    report = await scan({ paths: [join(ROOT, 'tests', 'fixtures', 'instantiations')], rulesDir: RULES_DIR, jobs: 0 });
  });
  const kernel = (name: string) => report.kernels.find((k) => k.name === name)!;
  const types = (name: string) => (kernel(name).instantiations ?? []).map((i) => `${i.type}@${i.line} ${i.via}`);

  it('AT_DISPATCH_FLOATING_TYPES around a scalar_t launch: float and double, so fp64 without double in the body', () => {
    expect(types('aten_kernel')).toEqual(['double@16 AT_DISPATCH_FLOATING_TYPES', 'float@16 AT_DISPATCH_FLOATING_TYPES']);
    expect(kernel('aten_kernel').features.fp64?.evidence[0]?.detail).toBe('instantiated with double (AT_DISPATCH_FLOATING_TYPES)');
  });

  it('a project dispatch macro read from its #define in a header (alias pasted from an argument)', () => {
    expect(types('project_kernel')).toEqual(['float@19 DISPATCH_FLOAT_AND_HALF', 'half@19 DISPATCH_FLOAT_AND_HALF']);
    expect(kernel('project_kernel').features.fp16?.count).toBe(1);
    expect(kernel('project_kernel').features.fp64).toBeUndefined();
  });

  it('explicit instantiations, in code and through a macro', () => {
    expect(types('explicit_kernel')).toEqual(['double@9 explicit instantiation']);
    expect(kernel('explicit_kernel').features.fp64?.count).toBe(1);
    expect(types('macro_kernel')).toEqual(['bfloat16@13 explicit instantiation through INSTANTIATE', 'double@12 explicit instantiation through INSTANTIATE']);
    expect(Object.keys(kernel('macro_kernel').features).sort()).toEqual(['bf16', 'fp64']);
  });

  it('a launch with float inside a dispatch does not take the dispatch types', () => {
    expect(types('float_only')).toEqual(['float@22 launch template arguments']);
    expect(kernel('float_only').features.fp64).toBeUndefined();
  });
});

describe('unresolved launches in the text and Markdown reports', () => {
  it('say why a launch is not tied', async () => {
    const { renderText } = await import('../src/report/text.js');
    const { renderMarkdown } = await import('../src/report/markdown.js');
    const report = await scan({ paths: [join(ROOT, 'tests', 'fixtures', 'macro-launches')], rulesDir: RULES_DIR, jobs: 0 });
    expect(renderText(report)).toContain('external_kernel at launch.cu:21 (launched in macro RUN_EXTERNAL)');
    expect(renderMarkdown(report)).toMatch(/\| `external_kernel` \| launch\.cu:21 \| macro \| launched in macro RUN\\_EXTERNAL \|/);
  });
});

describe('CUDA embedded in Python', () => {
  it('a kernel in a CuPy RawKernel string gets the same features, callees and macros as in a .cu', async () => {
    const report = await scan({ paths: [join(ROOT, 'tests', 'fixtures', 'embedded-same')], rulesDir: RULES_DIR, jobs: 0 });
    const inCu = report.kernels.find((k) => k.file === 'ops.cu')!;
    const inPy = report.kernels.find((k) => k.file === 'ops.py')!;
    expect(inPy.name).toBe('reduce_kernel');
    expect(inPy.line).toBe(inCu.line + 3);
    const summary = (k: typeof inCu) => Object.fromEntries(Object.entries(k.features).map(([f, s]) => [f, s!.count]));
    expect(summary(inPy)).toEqual(summary(inCu));
    expect(Object.keys(inCu.features)).toEqual(expect.arrayContaining(['atomic', 'fp64', 'shared-static', 'warp-intrinsic', 'warp-size-assumption']));
    expect(inPy.callees.map((c) => [c.name, c.file, c.line])).toEqual([['warp_sum', 'ops.py', 5]]);
  });
});

describe('the detector names the kernel a #define body launches', () => {
  it('before template arguments and through token pasting; (unknown) when nothing names it', () => {
    const { detection } = analyse('#define A(T) Kernel<T, 160><<<1, 64>>>(x)\n#define B(op) op##_kernel<<<1, 1>>>()\n#define C (table[0])<<<1, 1>>>()\n');
    expect(detection.findings.filter((f) => f.name === '<<<>>>' || f.detail?.startsWith('launches')).map((f) => f.detail)).toEqual([
      'launches Kernel', 'launches op_kernel', 'launches (unknown)',
    ]);
  });
});
