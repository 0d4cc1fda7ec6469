// Kernels a macro defines whole, body included, at each use site (src/kernels/macro-kernels.ts), and the
// launches of a #define that tree-sitter cuts short at a `/* comment */ \` line. Each with the cases
// that must not count.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../src/scan/scan.js';
import type { Report } from '../src/report/build.js';
import { parse } from '../src/parse/grammars.js';
import { profileKernels } from '../src/kernels/profile.js';
import { macroContext } from '../src/detect/macro-table.js';
import { expandBody, macroKernels, preprocessorArguments } from '../src/kernels/macro-kernels.js';
import { wholeDirective } from '../src/detect/macro-tokens.js';
import { ROOT, RULES_DIR } from './helpers.js';

const DIR = join(ROOT, 'tests', 'fixtures', 'macro-kernels');

describe('kernels defined whole by a macro', () => {
  let report: Report;
  beforeAll(async () => {
    report = await scan({ paths: [DIR], rulesDir: RULES_DIR, jobs: 0 });
  });
  const byName = (name: string) => report.kernels.find((k) => k.name === name)!;

  it('one kernel per use, named from the arguments (pasted), at the use site, through a header and in the file', () => {
    const found = report.kernels.map((k) => [k.name, k.file, k.line, k.macro, k.template, k.lines]).sort();
    expect(found).toEqual([
      ['devKernel_Sum_f32', 'ops.cu', 10, 'DEFINE_DEV_KERNEL', false, 1],
      ['sign_kernel', 'ops.cu', 6, 'DEFINE_UNARY', true, 5],
      ['warp_kernel', 'ops.cu', 8, 'DEFINE_UNARY', true, 5],
    ]);
  });

  it('profiles the expansion: the features of the arguments and the body (`__global__` through a qualifier macro), placed at the use', () => {
    expect(Object.keys(byName('warp_kernel').features).sort()).toEqual(['warp-intrinsic', 'warp-size-assumption']);
    expect(byName('warp_kernel').features['warp-intrinsic']!.evidence.map((e) => [e.line, e.text])).toEqual([[8, '__shfl_xor_sync(0xffffffff, x[index], 1)']]);
    expect(Object.keys(byName('sign_kernel').features)).toEqual([]);
    expect(Object.keys(byName('devKernel_Sum_f32').features)).toEqual(['atomic']);
  });

  it('not: a macro defining a host function, a use in a comment, a string or another #define, a use after #undef', () => {
    const names = report.kernels.map((k) => k.name);
    for (const n of ['reset_host', 'devKernel_InComment', 'devKernel_InString', 'devKernel_x', 'devKernel_AfterUndef']) expect(names).not.toContain(n);
  });

  it('ties the launches in the macro body to the kernels each use defines; no <<< of the header is lost', () => {
    expect(byName('sign_kernel').launches.map((l) => [l.file, l.line, l.launcher?.file, l.launcher?.line])).toEqual([['ops.cu', 6, 'include/unary.hpp', 15]]);
    expect(byName('warp_kernel').launches.map((l) => [l.line, l.launcher?.line])).toEqual([[8, 15]]);
    expect(report.unresolvedLaunches.count).toBe(0);
  });
});

describe('macros defining device functions only', () => {
  it('are not expanded: no kernel in them (CuTe-style overloads would be linked as callees by name)', () => {
    const { context } = macroContext('#define DEFINE_FN(name) __device__ float name(float x) { return x; }\nDEFINE_FN(twice)\n#define DEFINE_K(name) __device__ float name##_h(float x) { return x; } __global__ void name(float* y) { y[0] = name##_h(y[0]); }\nDEFINE_K(k)\n');
    expect([...context.table.bodies.keys()]).toEqual(['DEFINE_K']);
    expect(macroKernels(context).functions.map((f) => [f.name, f.kind, f.line])).toEqual([['k_h', 'device', 4], ['k', 'global', 4]]);
  });
});

describe('expansion as the preprocessor makes it', () => {
  it('substitutes, stringizes and pastes; __VA_ARGS__ takes the rest', () => {
    expect(expandBody({ params: ['name', 'T'], body: '__global__ void k_##name(T* x) { puts(#name); }' }, ['Sum', 'float'])).toBe('__global__ void k_Sum(float* x) { puts("Sum"); }');
    expect(expandBody({ params: ['name', '...'], body: 'void name(__VA_ARGS__) {}' }, ['f', 'int a', 'int b'])).toBe('void f(int a, int b) {}');
    // A parameter's name inside a string literal is not substituted.
    expect(expandBody({ params: ['x'], body: 'f("x", x)' }, ['1'])).toBe('f("x", 1)');
  });

  it('splits arguments at commas outside parentheses only; `<` does not protect a comma', () => {
    const text = 'M(a, f(b, c), "d,e", x < y, z > w)';
    expect(preprocessorArguments(text, 2)).toEqual(['a', 'f(b, c)', '"d,e"', 'x < y', 'z > w']);
    expect(preprocessorArguments('M(a, (b', 2)).toBeUndefined();
  });
});

describe('a #define tree-sitter cuts short at a comment before a continuation', () => {
  const profile = (source: string, grammar: 'cpp' | 'cuda') => {
    const { masked, context } = macroContext(source);
    return profileKernels(parse(masked, grammar), context);
  };
  it('is read whole for its launches: the header\'s launch after the comment makes DEFINE_UNARY a launcher, no launch at file scope', () => {
    // The C++ grammar ends this #define at its comment (line 14) and parses the rest as code.
    const scan = profile(readFileSync(join(DIR, 'include', 'unary.hpp'), 'utf8'), 'cpp');
    expect(scan.launchers.map((l) => [l.name, l.kernelArg, l.pattern, l.line])).toEqual([['DEFINE_UNARY', 0, '{}_kernel', 15]]);
    expect(scan.launches).toEqual([]);
  });

  it('a #define the grammar reads as a preproc_def with an ERROR (no parameters field) still has its parameters', () => {
    const scan = profile(`__global__ void plain(float* x) { x[0] = 0.f; }
#define LAUNCH(k) \\
template <> \\
void launch_##k<float>(float* y) { \\
  /* launch it */ \\
  k<<<1, 32>>>(y); \\
}
void run(float* y) { LAUNCH(plain); }
`, 'cpp');
    expect(scan.launchers.map((l) => [l.name, l.kernelArg, l.line])).toEqual([['LAUNCH', 0, 6]]);
    expect(scan.launches.map((l) => l.kernel)).toEqual([]);
  });

  it('wholeDirective follows continuations only', () => {
    expect(wholeDirective('#define A \\\n  b /* c */ \\\n  d\nint e;\n', 0)).toBe('#define A \\\n  b /* c */ \\\n  d');
    expect(wholeDirective('#define A b\n  c \\\n', 0)).toBe('#define A b');
    expect(wholeDirective('#define A \\\r\n b\r\nx', 0)).toBe('#define A \\\r\n b');
  });
});

it('the fixture header holds the launch the test expects at line 15', () => {
  expect(readFileSync(join(DIR, 'include', 'unary.hpp'), 'utf8').split('\n')[14]).toContain('<<<');
});
