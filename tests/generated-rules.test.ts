// The generated part of the rule table must be reproducible: the committed files equal a fresh run
// of scripts/generate-rules.mjs on data/facts and the hand-curated rules.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { generatedOutputs, pairCudaToAcl, parseCsv } from '../scripts/generate-rules.mjs';
import { loadRules } from '../src/rules/load.js';
import { ROOT, RULES_DIR, cuda } from './helpers.js';

const { outputs, excluded } = generatedOutputs(RULES_DIR) as { outputs: Record<string, string>; excluded: string[] };

describe('generated rule table', () => {
  it('equals a fresh generation (run `node scripts/generate-rules.mjs` after editing facts or hand rules)', () => {
    const committed = readdirSync(join(ROOT, 'rules', 'generated')).map((f) => `rules/generated/${f}`);
    expect(Object.keys(outputs).filter((p) => p.startsWith('rules/')).sort()).toEqual(committed.sort());
    for (const [path, content] of Object.entries(outputs)) {
      expect(readFileSync(join(ROOT, path), 'utf8'), path).toBe(content);
    }
  });

  it('covers every CUDA name in HIPIFY\'s tables except plain C/C++ math names', () => {
    const hipify = parseCsv(readFileSync(join(ROOT, 'data', 'facts', 'hipify-cuda2hip.csv'), 'utf8')) as { cuda_name: string }[];
    const names = new Set(hipify.map((r) => r.cuda_name));
    expect(names.size).toBe(8922);
    const { rules } = loadRules(RULES_DIR);
    const known = new Set(rules.filter((r) => r.language === 'cpp').flatMap((r) => [r.cuda, ...(r.aliases ?? [])]));
    const missing = [...names].filter((n) => !known.has(n) && !excluded.includes(n));
    expect(missing).toEqual([]);
    expect(excluded).toContain('sinf');
    expect(excluded).toContain('min');
    expect(known.has('sinf')).toBe(false);
  });

  it('recognises each HIPIFY name exactly once when a file uses every one of them', () => {
    const hipify = parseCsv(readFileSync(join(ROOT, 'data', 'facts', 'hipify-cuda2hip.csv'), 'utf8')) as { cuda_name: string }[];
    const names = [...new Set(hipify.map((r) => r.cuda_name))].filter((n) => !excluded.includes(n));
    const source = names.map((n, i) => `void use_${i}() { (void)${n}; }`).join('\n');
    const { findings } = cuda(source);
    const recognised = findings.filter((f) => f.ruleId !== 'unrecognized');
    expect(recognised).toHaveLength(names.length);
    expect(new Set(recognised.map((f) => f.name)).size).toBe(names.length);
    // ... and the plain C names produce nothing.
    expect(cuda(excluded.map((n, i) => `void m_${i}() { (void)${n}; }`).join('\n')).findings).toEqual([]);
  });

  it('takes DCU verdicts from HIPIFY, MUSA from musify, and marks BIRENSUPA pattern names as inferred', () => {
    const { rules } = loadRules(RULES_DIR);
    const get = (id: string) => rules.find((r) => r.id === id)!;
    const spmv = get('cusparse.cusparseSpMV');
    expect(spmv.targets.dcu).toMatchObject({ status: 'rename', name: 'hipsparseSpMV', source: 'hipify-rocm6.3' });
    expect(spmv.targets.musa).toMatchObject({ status: 'rename', name: 'musparseSpMV', source: 'musa-torch_musa-mapping' });
    expect(spmv.targets.birensupa.status).toBe('unknown');
    const graphics = get('cudart.cudaGraphicsMapResources');
    expect(graphics.targets.birensupa).toMatchObject({ status: 'rename', confidence: 'inferred', source: 'biren-naming-pattern' });
    // cuDNN on DCU goes to MIOpen (hipDNN is not shipped): adapt or unsupported, never a hipDNN rename.
    const cudnnRules = rules.filter((r) => r.family === 'generated-cudnn');
    expect(cudnnRules.length).toBeGreaterThan(500);
    expect(cudnnRules.every((r) => ['adapt', 'unsupported'].includes(r.targets.dcu.status))).toBe(true);
    expect(cudnnRules.some((r) => r.targets.dcu.name?.startsWith('hipdnn'))).toBe(false);
  });
});

describe('cudart2acl rows naming several functions', () => {
  const row = (cuda_api: string, acl_api: string, source = '') => ({ cuda_api, acl_api, notes: '', source });
  const pairs = (r: ReturnType<typeof row>) => (pairCudaToAcl(r) as { cuda: string; acl?: string; ref?: string }[]).map((p) => [p.cuda, p.acl]);

  it('pairs "A / B" with "X / Y" by position, each with the header line of its own function', () => {
    const r = row(
      'cudaMemPoolSetAttribute / cudaMemPoolGetAttribute',
      'aclrtMemPoolSetAttr / aclrtMemPoolGetAttr',
      'hicann/runtime@681ef76:a.h#L76 [aclError aclrtMemPoolSetAttr(aclrtMemPool p)] ; hicann/runtime@681ef76:a.h#L89 [aclError aclrtMemPoolGetAttr(aclrtMemPool p)]',
    );
    expect(pairs(r)).toEqual([['cudaMemPoolSetAttribute', 'aclrtMemPoolSetAttr'], ['cudaMemPoolGetAttribute', 'aclrtMemPoolGetAttr']]);
    expect((pairCudaToAcl(r) as { ref: string }[]).map((p) => p.ref)).toEqual(['a.h#L76 [aclError aclrtMemPoolSetAttr(aclrtMemPool p)]', 'a.h#L89 [aclError aclrtMemPoolGetAttr(aclrtMemPool p)]']);
  });

  it('gives a single AscendCL name to every CUDA name, expands "X(s)", skips prose cells and "(none found)"', () => {
    expect(pairs(row('cudaGraphExecDestroy / cudaGraphDestroy', 'aclmdlRIDestroy'))).toEqual([['cudaGraphExecDestroy', 'aclmdlRIDestroy'], ['cudaGraphDestroy', 'aclmdlRIDestroy']]);
    expect(pairs(row('cudaMemRangeGetAttribute(s)', 'aclrtMemManagedGetAttr / aclrtMemManagedGetAttrs'))).toEqual([['cudaMemRangeGetAttribute', 'aclrtMemManagedGetAttr'], ['cudaMemRangeGetAttributes', 'aclrtMemManagedGetAttrs']]);
    expect(pairs(row('(implicit runtime init) / cuInit', 'aclInit + aclFinalize'))).toEqual([['cuInit', 'aclInit']]);
    expect(pairs(row('cudaMalloc', 'aclrtMalloc(devPtr, size, policy)'))).toEqual([['cudaMalloc', 'aclrtMalloc']]);
    expect(pairs(row('cudaMallocPitch / cudaArray / textures', '(none found)'))).toEqual([['cudaMallocPitch', undefined], ['cudaArray', undefined]]);
  });

  it('the generated table gives the two halves of a paired row their own AscendCL names', () => {
    const { rules } = loadRules(RULES_DIR);
    const cann = (name: string) => rules.find((r) => r.cuda === name)!.targets.cann;
    expect(cann('cudaMemPoolGetAttribute')).toMatchObject({ status: 'adapt', name: 'aclrtMemPoolGetAttr' });
    expect(cann('cudaMemPoolSetAttribute')).toMatchObject({ status: 'adapt', name: 'aclrtMemPoolSetAttr' });
    expect(cann('cudaStreamSetAttribute')).toMatchObject({ status: 'adapt', name: 'aclrtSetStreamAttribute' });
    expect(cann('cudaStreamGetAttribute')).toMatchObject({ status: 'adapt', name: 'aclrtGetStreamAttribute' });
    expect(cann('cudaArray').name).toBeUndefined();
    // The hand-curated NVTX rules take the cudart2acl row nvtxRangePush / nvtxRangePop / nvtxMark.
    expect(cann('nvtxRangePop')).toMatchObject({ status: 'adapt', name: 'aclprofPop', confidence: 'confirmed', source: 'cann-runtime' });
    expect(cann('nvtxRangePushA')).toMatchObject({ status: 'adapt', name: 'aclprofPush' });
    expect(cann('nvtxMarkA')).toMatchObject({ status: 'adapt', name: 'aclprofMark' });
  });
});
