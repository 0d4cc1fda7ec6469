// Element types through kernel-traits structs: `k<MyTraits>` where k names `typename Traits::Element` and
// `struct MyTraits { using Element = double; }` (src/kernels/source-scans.ts fileTraitsStructs, the
// kernel's Traits::member uses in src/kernels/profile.ts, resolved in src/kernels/traits.ts at each launch
// and explicit instantiation). Each with the cases that must not count.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../src/scan/scan.js';
import type { Report } from '../src/report/build.js';
import { fileTraitsStructs } from '../src/kernels/source-scans.js';
import { ROOT, RULES_DIR } from './helpers.js';

describe('element types through kernel-traits structs', () => {
  let report: Report;
  beforeAll(async () => {
    report = await scan({ paths: [join(ROOT, 'tests', 'fixtures', 'kernel-traits')], rulesDir: RULES_DIR, jobs: 0 });
  });
  const kernel = (name: string) => report.kernels.find((k) => k.name === name)!;
  const types = (name: string) => (kernel(name).instantiations ?? []).map((i) => `${i.type}@${i.line} ${i.via}`);
  const features = (name: string) => Object.keys(kernel(name).features).sort();

  it('a plain struct (using / typedef): fp64 at the launch, fp16 at the explicit instantiation', () => {
    expect(types('scale')).toEqual([
      'double@41 launch template arguments through DoubleTraits::Element',
      'half@33 explicit instantiation through HalfTraits::Element',
    ]);
    expect(features('scale')).toEqual(['fp16', 'fp64']);
    expect(kernel('scale').features.fp64!.evidence.map((e) => [e.file, e.line, e.text])).toEqual([['kernels.cu', 41, 'scale<DoubleTraits>']]);
  });

  it('a template struct: its parameter bound to the argument, to its default, or to a type alias of the argument', () => {
    expect(types('attn')).toEqual([
      'bfloat16@42 launch template arguments through Kernel_traits::Element',
      'double@44 launch template arguments through Kernel_traits::Element',
      'half@43 launch template arguments through Default_traits::Element',
    ]);
    expect(features('attn')).toEqual(['bf16', 'fp16', 'fp64']);
  });

  it('a member defined as another member of the struct (ElementB = ElementA): bf16', () => {
    expect(types('gemm')).toEqual(['bfloat16@45 launch template arguments through GemmTraits::ElementB']);
  });

  it('not: a kernel that names no member of its traits parameter', () => {
    expect(kernel('plain_copy').instantiations).toBeUndefined();
    expect(kernel('plain_copy').features.fp64).toBeUndefined();
  });

  it('not: #if branches that differ, a base class member, a dependent name, a nested struct or a method local, a specialized template, a host template parameter', () => {
    expect(kernel('unresolved').launches).toHaveLength(6);
    expect(kernel('unresolved').instantiations).toBeUndefined();
    expect(features('unresolved')).toEqual([]);
  });
});

describe('fileTraitsStructs', () => {
  it('reads structs at file and namespace scope with their parameters, defaults and member aliases', () => {
    const text = [
      'namespace n {',
      'template <typename T, int N = 4, class Acc = float> struct K : public B<T> {',
      '  using Element = T;',
      '  typedef __half ElementB;',
      '  using Layout = cute::Layout<N>;',
      '  using Dep = typename T::Element;',
      '  template <class U> using Rebind = U;',
      '  void f() { using Local = double; }',
      '  struct Inner { using Deep = double; };',
      '};',
      '}',
      'template <> struct K<int, 4> { using Element = double; };',
      'struct Fwd;',
      'void g() { struct L { using Element = double; }; }',
      '// struct C { using Element = double; };',
      '#define S struct D { using Element = double; };',
    ].join('\n');
    expect(fileTraitsStructs(text)).toEqual([
      {
        name: 'K', line: 2, params: [{ name: 'T' }, { name: 'N', default: '4' }, { name: 'Acc', default: 'float' }],
        members: [{ name: 'Element', type: 'T' }, { name: 'ElementB', type: '__half' }],
      },
      { name: 'K', line: 12, params: [], specialization: true, members: [{ name: 'Element', type: 'double' }] },
    ]);
  });
});
