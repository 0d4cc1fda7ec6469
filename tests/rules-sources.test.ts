// A confirmed verdict rests on a specific source: a file at a commit or a versioned page.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { citation, isSpecificSource, isWeakSource } from '../scripts/generate-rules.mjs';
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

  it('no confirmed verdict or product override rests on a repository root, moving branch, "latest" page, naming pattern, mirror or fork', () => {
    const weak = (key: string) => isWeakSource(key, sources);
    const bad: string[] = [];
    for (const r of rules) {
      for (const [t, m] of Object.entries(r.targets)) {
        if (m.confidence === 'confirmed' && weak(m.source)) bad.push(`${r.id} ${t} ${m.source}`);
        for (const [p, o] of Object.entries(m.products ?? {})) if ((o.confidence ?? m.confidence) === 'confirmed' && weak(o.source ?? m.source)) bad.push(`${r.id} ${t}/${p} ${o.source ?? m.source}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('a mirror or a fork is weak whatever its URL pins, an official pinned source is not', () => {
    const fake = {
      official: { title: 't', url: 'https://github.com/hicann/asc-devkit/tree/68b207604463dce7519a7aa19a67de21733672aa' },
      mirror: { title: 't', url: 'https://github.com/cannmirror/asc-devkit/tree/0da921b91aeb2abdc6e8d74423b0bbe7040c3fd1', mirrorOf: 'https://github.com/hicann/asc-devkit' },
      fork: { title: 't', url: 'https://github.com/someone/Ascend-mstt/tree/99c2e0f990a17d328f487062acc9c490f7f6ff26', forkOf: 'https://gitee.com/ascend/mstt' },
    };
    expect(isWeakSource('official', fake)).toBe(false);
    expect(isWeakSource('mirror', fake)).toBe(true);
    expect(isWeakSource('fork', fake)).toBe(true);
  });

  it('sources held by a mirror or a personal fork say so (mirrorOf / forkOf)', () => {
    // Owners known to republish another organisation's repository. A new one found in an audit goes here.
    const NOT_OFFICIAL_OWNERS = ['cannmirror', 'mirror-cann', 'xiaobingling93-pixel'];
    const undeclared = Object.entries(sources)
      .filter(([, s]) => NOT_OFFICIAL_OWNERS.includes(/^https:\/\/github\.com\/([^/]+)\//.exec(s.url)?.[1] ?? '') && !s.mirrorOf && !s.forkOf)
      .map(([k]) => k);
    expect(undeclared).toEqual([]);
  });

  it('a data row citing owner/repo@commit:path maps to its sources.yaml key, and an unknown repository is an error', () => {
    expect(citation('hicann/asc-devkit@68b207604463dce7519a7aa19a67de21733672aa:docs/zh/api/SIMT-API/原子操作/asc_atomic_add.md'))
      .toEqual({ source: 'cann-ascendc-simt-api', ref: 'docs/zh/api/SIMT-API/原子操作/asc_atomic_add.md' });
    expect(citation('xiaobingling93-pixel/Ascend-mstt@99c2e0f990a17d328f487062acc9c490f7f6ff26:msfmktransplt/src/x.json'))
      .toEqual({ source: 'cann-msfmktransplt', ref: 'src/x.json' });
    expect(citation('github:Ascend/pytorch@9e73e708ab9350d203475609f36f8a43f6a0c2ab:docs/zh/api/list.md'))
      .toEqual({ source: 'cann-torch_npu', ref: 'docs/zh/api/list.md' });
    expect(() => citation('someone/else@0123456:docs/a.md')).toThrow(/no sources.yaml key/);
    for (const { source } of [citation('cannmirror/asc-devkit@0da921b91aeb2abdc6e8d74423b0bbe7040c3fd1:docs/a.md')]) expect(sources[source]).toBeDefined();
  });

  it('the torch_npu renames read in the migration tool fork are not credited to Ascend/pytorch', () => {
    const fromFork = rules.filter((r) => r.targets.cann?.source === 'cann-torch_npu' && /Ascend-mstt|msfmktransplt/.test(r.targets.cann.ref ?? ''));
    expect(fromFork.map((r) => r.id)).toEqual([]);
  });
});
