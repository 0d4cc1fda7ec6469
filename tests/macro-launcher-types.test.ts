// The element types of kernels a body macro defines, from what the macro or its use writes: the template
// arguments of a launcher macro's `name##_kernel<double><<<...>>>` (src/detect/macro-tokens.ts
// macroLaunchTarget, src/kernels/profile.ts define, tied at each use in src/kernels/link.ts), an explicit
// instantiation inside the macro, and one beside its use. Each with the cases that must not count.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../src/scan/scan.js';
import type { Report } from '../src/report/build.js';
import { macroLaunchTarget } from '../src/detect/macro-tokens.js';
import { ROOT, RULES_DIR } from './helpers.js';

describe('types written inside or beside a body macro reach its kernels', () => {
  let report: Report;
  beforeAll(async () => {
    report = await scan({ paths: [join(ROOT, 'tests', 'fixtures', 'macro-launcher-types')], rulesDir: RULES_DIR, jobs: 0 });
  });
  const kernel = (name: string) => report.kernels.find((k) => k.name === name)!;
  const types = (name: string) => (kernel(name).instantiations ?? []).map((i) => `${i.type}@${i.file}:${i.line} ${i.via}`);

  it('a launcher in the macro body (name##_kernel<float>, <double>): both types, fp64 with evidence at the use', () => {
    expect(types('square_kernel')).toEqual(['double@ops.cu:8 launch template arguments', 'float@ops.cu:8 launch template arguments']);
    expect(kernel('square_kernel').features.fp64!.evidence.map((e) => [e.file, e.line, e.text])).toEqual([['ops.cu', 8, 'square_kernel<double>']]);
    expect(kernel('square_kernel').launches.map((l) => [l.line, l.launcher?.line])).toEqual([[8, 19]]);
  });

  it('a launcher macro of its own, called in a host function, adds its types at its call', () => {
    expect(types('sign_kernel')).toEqual([
      'double@ops.cu:6 launch template arguments', 'double@ops.cu:16 launch template arguments',
      'float@ops.cu:6 launch template arguments', 'float@ops.cu:16 launch template arguments',
    ]);
  });

  it('an explicit instantiation inside the macro (fp16) and one beside its use (fp64)', () => {
    expect(types('twice_scale')).toEqual(['half@ops.cu:9 explicit instantiation through DEFINE_AND_INSTANTIATE_HALF']);
    expect(Object.keys(kernel('twice_scale').features)).toEqual(['fp16']);
    expect(types('zero_fill')).toEqual(['double@ops.cu:11 explicit instantiation']);
  });

  it('not: a template argument naming a macro parameter (a file-scope alias of that name is no type of it)', () => {
    expect(kernel('one_as').launches.map((l) => l.line)).toEqual([12]);
    expect(kernel('one_as').instantiations).toBeUndefined();
    expect(kernel('one_as').features.fp16).toBeUndefined();
  });

  it('not: a kernel no use defines is one unresolved launch, not one per template argument list', () => {
    expect(report.unresolvedLaunches.examples.map((u) => [u.kernel, u.line, u.reason])).toEqual([['missing_kernel', 17, 'kernel passed to macro LAUNCH_BOTH']]);
    expect(report.unresolvedLaunches.count).toBe(1);
    expect(report.kernels.map((k) => k.name)).not.toContain('in_comment_kernel');
  });
});

describe('macroLaunchTarget', () => {
  it('keeps the template arguments of a name pasted from a parameter', () => {
    expect(macroLaunchTarget('  name##_kernel<double>', ['name', 'op'])).toEqual({ param: 0, pattern: '{}_kernel', templateArgs: '<double>' });
    expect(macroLaunchTarget('  name##_kernel', ['name'])).toEqual({ param: 0, pattern: '{}_kernel' });
  });
});
