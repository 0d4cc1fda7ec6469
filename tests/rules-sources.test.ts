// A confirmed verdict rests on a specific source: a file at a commit or a versioned page.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { NOT_EVIDENCE, isSpecificSource } from '../scripts/generate-rules.mjs';
import { loadRules } from '../src/rules/load.js';
import { RULES_DIR } from './helpers.js';

const { rules, sources } = loadRules(RULES_DIR);

describe('sources are specific', () => {
  it('tells pinned sources from moving ones', () => {
    for (const url of [
      'https://github.com/ROCm/HIPIFY/tree/014177bc2e434ce3e834aa4f3d0e2abb1efa9796/docs/tables',
      'https://github.com/BIRENSUPA/torch-supa/tree/68fb624af235',
      'https://github.com/pytorch/pytorch/blob/v2.5.0/torch/utils/cpp_extension.py',
      'https://pytorch.org/docs/2.5/notes/hip.html',
      'https://rocm.docs.amd.com/projects/HIP/en/docs-5.7.0/user_guide/hip_porting_guide.html',
      'https://docs.nvidia.com/cuda/archive/12.6.1/cuda-c-programming-guide/index.html',
    ]) expect(isSpecificSource(url), url).toBe(true);
    for (const url of [
      'https://github.com/MooreThreads/muAlg',
      'https://github.com/ROCm/clr/blob/develop/hipamd/include/hip/amd_detail/amd_warp_sync_functions.h',
      'https://github.com/pytorch/pytorch/blob/main/torch/utils/cpp_extension.py',
      'https://github.com/hashcat/hashcat/pull/4758',
      'https://pytorch.org/docs/stable/notes/hip.html',
      'https://rocm.docs.amd.com/projects/MIOpen/en/latest/find_and_immediate.html',
      'https://pypi.org/project/hip-python-interop/',
    ]) expect(isSpecificSource(url), url).toBe(false);
  });

  it('no confirmed verdict or product override rests on a repository root, moving branch, "latest" page or naming pattern', () => {
    const weak = (key: string) => NOT_EVIDENCE.has(key) || !isSpecificSource(sources[key]!.url);
    const bad: string[] = [];
    for (const r of rules) {
      for (const [t, m] of Object.entries(r.targets)) {
        if (m.confidence === 'confirmed' && weak(m.source)) bad.push(`${r.id} ${t} ${m.source}`);
        for (const [p, o] of Object.entries(m.products ?? {})) if ((o.confidence ?? m.confidence) === 'confirmed' && weak(o.source ?? m.source)) bad.push(`${r.id} ${t}/${p} ${o.source ?? m.source}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
