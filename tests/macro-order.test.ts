// Preprocessor order in the macro table (src/detect/macro-table.ts definitionAt): at each use of a head or
// instantiation macro, the definition in force there wins (an #undef ends one, a redefinition replaces
// it), and `__global__` may come through an object-like qualifier macro written in the macro's body.
// Each with the case that must not count.
import { describe, expect, it } from 'vitest';
import { parse } from '../src/parse/grammars.js';
import { profileKernels } from '../src/kernels/profile.js';
import { detectCpp } from '../src/detect/cpp.js';
import { buildMacroTable, definitionAt, effectiveImportedNames, exportedDefinitions, macroContext } from '../src/detect/macro-table.js';
import { realTable } from './helpers.js';

const { matcher } = realTable();
const analyse = (source: string) => {
  const { masked, context } = macroContext(source);
  const tree = parse(masked, 'cuda');
  return { scan: profileKernels(tree, context), detection: detectCpp(tree, matcher, context) };
};
const instantiations = (source: string) => (analyse(source).scan.instantiations ?? []).map((i) => `${i.kernel}${i.templateArgs}@${i.line}`);

describe('explicit instantiation macros in preprocessor order', () => {
  const kernels = `template <typename T> __global__ void first_kernel(T* x) { x[0] = x[0]; }
template <typename T> __global__ void second_kernel(T* x) { x[0] = x[0]; }
`;
  it('a use after #undef and redefinition instantiates the kernel of the new definition', () => {
    expect(instantiations(`${kernels}#define INST(T) template __global__ void first_kernel<T>(T* x);
INST(double)
#undef INST
#define INST(T) template __global__ void second_kernel<T>(T* x);
INST(half)
`)).toEqual(['first_kernel<double>@4', 'second_kernel<half>@7']);
  });

  it('a use after #undef (no redefinition) or before the first #define instantiates nothing', () => {
    expect(instantiations(`${kernels}INST(float)
#define INST(T) template __global__ void first_kernel<T>(T* x);
INST(double)
#undef INST
INST(half)
`)).toEqual(['first_kernel<double>@5']);
  });

  it('a redefinition as something else ends the instantiation macro', () => {
    expect(instantiations(`${kernels}#define INST(T) template __global__ void first_kernel<T>(T* x);
INST(double)
#undef INST
#define INST(T) static_assert(sizeof(T) > 0, "");
INST(half)
`)).toEqual(['first_kernel<double>@4']);
  });

  it('__global__ through an object-like qualifier macro in the instantiation macro; not through a macro that is no qualifier', () => {
    expect(instantiations(`${kernels}#define KERNEL extern "C" __global__
#define INST(T) template KERNEL void first_kernel<T>(T* x);
INST(double)
#define NOT_QUALIFIER 1
#define INST2(T) template NOT_QUALIFIER void second_kernel<T>(T* x);
INST2(double)
`)).toEqual(['first_kernel<double>@5']);
  });
});

describe('head macros in preprocessor order', () => {
  it('a kernel declared through a head macro takes the definition in force at its use', () => {
    const { detection, scan } = analyse(`#define DEFINE_K(name) __global__ void name(float* x)
DEFINE_K(kernel_a) { x[0] = 1.f; }
#undef DEFINE_K
#define DEFINE_K(name) __device__ void name(float* x)
DEFINE_K(device_b) { x[0] = 2.f; }
#undef DEFINE_K
DEFINE_K(host_c) { x[0] = 3.f; }
`);
    expect(detection.kernels.map((k) => [k.name, k.line, k.macro])).toEqual([['kernel_a', 2, 'DEFINE_K']]);
    expect(scan.functions.map((f) => [f.name, f.kind, f.line])).toEqual([
      ['kernel_a', 'global', 2],
      ['device_b', 'device', 5],
    ]);
  });

  it('an imported definition holds until the file redefines the name; a header read alone has no offsets', () => {
    const table = buildMacroTable('K(a)\n', [{ name: 'K', params: ['n'], body: '__global__ void n()' }]);
    expect(definitionAt(table, 'K', 0)?.head?.global).toBe(true);
    expect(definitionAt(table, 'OTHER', 0)).toBeUndefined();
  });
});

describe('instantiation macros through a qualifier macro, from a header', () => {
  it('are exported to the files including the header; one with no macro-like word where __global__ would be is not', () => {
    const defs = exportedDefinitions('#define KERNEL __global__\n#define INST(T) template KERNEL void k<T>(T*);\n#define NOT_INST(T) template void f<T>(T*);\n');
    expect(defs.map((d) => d.name)).toEqual(['KERNEL', 'INST']);
    expect(effectiveImportedNames(defs)).toEqual(['INST', 'KERNEL']);
  });
});
