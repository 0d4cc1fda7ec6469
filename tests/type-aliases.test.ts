// Instantiation evidence through project type aliases (`using bnb_bfloat16 = __nv_bfloat16;` in a header,
// src/kernels/source-scans.ts fileTypeAliases, resolved where the instantiation can see them in
// src/kernels/link.ts), and the shown evidence keeping every type a kernel runs with
// (instantiations.ts shownInstantiations). Each with the cases that must not count.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../src/scan/scan.js';
import type { Report } from '../src/report/build.js';
import { fileTypeAliases } from '../src/kernels/source-scans.js';
import { shownInstantiations } from '../src/kernels/instantiations.js';
import { ROOT, RULES_DIR } from './helpers.js';

describe('element types behind type aliases', () => {
  let report: Report;
  beforeAll(async () => {
    report = await scan({ paths: [join(ROOT, 'tests', 'fixtures', 'type-aliases')], rulesDir: RULES_DIR, jobs: 0 });
  });
  const kernel = (name: string) => report.kernels.find((k) => k.name === name)!;
  const types = (name: string) => (kernel(name).instantiations ?? []).map((i) => `${i.type}@${i.line} ${i.via}`);

  it('an explicit instantiation through a macro with an alias from an included header (both #if branches bf16): bf16', () => {
    expect(types('alias_kernel')).toEqual(['bfloat16@8 explicit instantiation through INST', 'float@9 explicit instantiation through INST']);
    expect(Object.keys(kernel('alias_kernel').features)).toEqual(['bf16']);
  });

  it('a launch with a namespace-scope typedef, written qualified: fp16', () => {
    expect(types('launched')).toEqual(['half@12 launch template arguments']);
  });

  it('not: member, local and #define aliases, nor an alias the visible headers define as different types', () => {
    expect(kernel('not_aliases').instantiations).toBeUndefined();
    expect(kernel('not_aliases').features.fp64).toBeUndefined();
  });
});

describe('fileTypeAliases', () => {
  it('reads file, namespace and extern "C" scope aliases of element types only', () => {
    const text = 'using a_t = float;\nnamespace n { typedef __half h_t; }\nextern "C" { using d_t = double; }\nusing s_t = std::string;\nstruct S { using m_t = double; };\nvoid f() { typedef double l_t; }\n// using c_t = double;\n';
    expect(fileTypeAliases(text)).toEqual([
      { name: 'a_t', type: 'float', line: 1 },
      { name: 'h_t', type: 'half', line: 2 },
      { name: 'd_t', type: 'double', line: 3 },
    ]);
  });
});

describe('shownInstantiations', () => {
  it('keeps every type among the first `max`, in the given order; a short list whole', () => {
    const list = [...Array(5)].map((_, k) => ({ type: 'bfloat16', line: k })).concat([...Array(5)].map((_, k) => ({ type: 'float', line: k })), [{ type: 'half', line: 0 }]);
    expect(shownInstantiations(list, 4).map((e) => `${e.type}${e.line}`)).toEqual(['bfloat160', 'bfloat161', 'float0', 'half0']);
    expect(shownInstantiations(list.slice(0, 3), 4)).toHaveLength(3);
  });
});
