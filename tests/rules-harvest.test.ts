// Verdicts harvested from vendor repositories (hicann ops-sparse / ops-solver / ops-blas, torch-supa, muAlg,
// torch_musa's muDNN C API): each fact row is pinned at a commit, and the rule table says what the row says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { birenUseVerdict, mudnnCVerdict, opsLibraryVerdict, parseCsv, withAclProductSupport } from '../scripts/generate-rules.mjs';
// @ts-expect-error: a plain ESM script without type declarations
import { declarations, productSupport } from '../scripts/harvest-ops-sparse.mjs';
import { renderExplanation } from '../src/cli/explain-command.js';
import { loadRules } from '../src/rules/load.js';
import { RULES_DIR } from './helpers.js';

type Row = Record<string, string>;
const facts = (file: string): Row[] => parseCsv(readFileSync(join(RULES_DIR, '..', 'data', 'facts', file), 'utf8'));
const { rules, sources } = loadRules(RULES_DIR);
const cpp = new Map(rules.filter((r) => r.language === 'cpp').map((r) => [r.cuda, r]));
const python = new Map(rules.filter((r) => r.language === 'python').map((r) => [r.cuda, r]));
const PINNED = /^[\w.-]+\/[\w.-]+@[0-9a-f]{40}:\S/;

describe('harvested fact files', () => {
  it('every row names its source as owner/repo@commit:path (a file at a 40-hex commit)', () => {
    for (const file of ['cann-cusparse2aclsparse.csv', 'cann-cusolver2aclsolver.csv', 'cann-cublaslt-enums.csv', 'biren-torch-supa-uses.csv', 'musa-mualg-names.csv', 'musa-mudnn-c-api.csv']) {
      const rows = facts(file);
      expect(rows.length, file).toBeGreaterThan(0);
      for (const r of rows) for (const s of r.source.split(' ; ')) expect(s, `${file} ${r.cuda_api ?? r.cuda_name}`).toMatch(PINNED);
    }
  });

  it('the sources they are cited under are pinned too', () => {
    for (const key of ['cann-ops-sparse', 'cann-ops-solver', 'musa-mualg', 'musa-torch_musa-mudnn', 'rccl-src']) expect(sources[key]?.url, key).toMatch(/\/tree\/[0-9a-f]{40}(\/|$)/);
  });
});

describe('CANN: ops-sparse and ops-solver', () => {
  it('each harvested cuSPARSE / cuSOLVER row is the CANN verdict of its rule, with its product support', () => {
    for (const r of [...facts('cann-cusparse2aclsparse.csv'), ...facts('cann-cusolver2aclsolver.csv')]) {
      const rule = cpp.get(r.cuda_api);
      if (!rule || !/^generated-/.test(rule.family)) continue; // a hand-curated rule decides for itself
      const m = rule.targets.cann;
      // A product the support table leaves out while it lists others is not supported.
      const listsAny = Boolean(r.a2 || r.a3 || r.ascend950);
      const a2no = r.a2 === 'no' || (listsAny && !r.a2);
      if (!a2no || r.doc_status) expect(m.name, r.cuda_api).toBe(r.acl_api);
      if (r.doc_status) expect(m.status, r.cuda_api).toBe('unsupported');
      else if (a2no) expect(m.status, r.cuda_api).toBe('unsupported');
      else expect(m.status, r.cuda_api).toBe(r.same_arity === 'yes' ? 'rename' : 'adapt');
      if (r.ascend950 === 'yes' && a2no) expect(m.products?.['950']?.status, r.cuda_api).toBe(r.same_arity === 'yes' ? 'rename' : 'adapt');
      expect(m.confidence).toBe('confirmed');
    }
  });

  it('known examples: SpMM on every product, SpMV not on 950, Gather 950 only, CreateCsc declared but not supported', () => {
    expect(cpp.get('cusparseSpMM')!.targets.cann).toMatchObject({ status: 'rename', name: 'aclsparseSpMM', source: 'cann-ops-sparse' });
    expect(cpp.get('cusparseSpMV')!.targets.cann.products?.['950']?.status).toBe('unsupported');
    expect(cpp.get('cusparseGather')!.targets.cann).toMatchObject({ status: 'unsupported', products: { 950: { status: 'rename', name: 'aclsparseGather' } } });
    expect(cpp.get('cusparseCreateCsc')!.targets.cann.status).toBe('unsupported');
    expect(cpp.get('cusparseDcsrmv')!.targets.cann.status).not.toBe('rename'); // ops-sparse has no double routines
    expect(cpp.get('cusolverDnSgetrf')!.targets.cann).toMatchObject({ status: 'adapt', name: 'aclsolverSgetrf', source: 'cann-ops-solver' });
    expect(cpp.get('cublasCmatinvBatched')!.targets.cann).toMatchObject({ status: 'adapt', name: 'aclsolverCmatinvBatched' });
    expect(cpp.get('CUBLASLT_EPILOGUE_GELU_BIAS')!.targets.cann).toMatchObject({ status: 'rename', name: 'ACLBLASLT_EPILOGUE_GELU_BIAS', confidence: 'confirmed' });
  });

  it('opsLibraryVerdict: same parameter count → rename, different → adapt, "not yet supported" → unsupported, A2-only-no → product overrides', () => {
    const row = (o: Row) => ({ cuda_api: 'cusparseX', acl_api: 'aclsparseX', same_arity: 'yes', ascend950: '', a3: '', a2: '', doc_status: '', note: '', source: 'hicann/ops-sparse@' + 'a'.repeat(40) + ':include/cann_ops_sparse.h:1 ; hicann/ops-sparse@' + 'a'.repeat(40) + ':sparse/x/README.md', ...o });
    expect(opsLibraryVerdict(row({}), 'cann-ops-sparse')).toMatchObject({ status: 'rename', name: 'aclsparseX', confidence: 'confirmed', ref: 'include/cann_ops_sparse.h:1' });
    expect(opsLibraryVerdict(row({ same_arity: 'no', note: 'no workspace' }), 'cann-ops-solver').status).toBe('adapt');
    expect(opsLibraryVerdict(row({ doc_status: 'not yet supported (doc)' }), 'cann-ops-sparse').status).toBe('unsupported');
    const only950 = opsLibraryVerdict(row({ ascend950: 'yes', a3: 'no', a2: 'no' }), 'cann-ops-sparse');
    expect(only950).toMatchObject({ status: 'unsupported', products: { 950: { status: 'rename', name: 'aclsparseX', ref: 'sparse/x/README.md' } } });
    expect(only950.products.a3).toBeUndefined();
    const not950 = opsLibraryVerdict(row({ ascend950: 'no', a3: 'yes', a2: 'yes' }), 'cann-ops-sparse');
    expect(not950).toMatchObject({ status: 'rename', products: { 950: { status: 'unsupported' } } });
    // A table that lists only Ascend 950 does not support the products it leaves out.
    const listed950 = opsLibraryVerdict(row({ ascend950: 'yes' }), 'cann-ops-sparse');
    expect(listed950).toMatchObject({ status: 'unsupported', products: { 950: { status: 'rename' } } });
    expect(listed950.note).toMatch(/A2 no \(not listed\)/);
    expect(opsLibraryVerdict(row({}), 'cann-ops-sparse').note).toMatch(/not stated per function/);
  });
});

describe('the ops-sparse harvester reads declarations and product-support sections', () => {
  it('counts parameters and skips names inside comments', () => {
    const d = declarations('/* aclsparseFake(int a); */\naclsparseStatus_t aclsparseSpMV(aclsparseHandle_t h, int op,\n  const void *alpha);\nvoid aclsparseNone(void);\n// aclsparseAlsoFake(x);\n', 'aclsparse');
    expect([...d.keys()]).toEqual(['aclsparseSpMV', 'aclsparseNone']);
    expect(d.get('aclsparseSpMV')).toEqual({ params: 3, line: 2 });
    expect(d.get('aclsparseNone').params).toBe(0);
  });

  it('reads the three product-support spellings; "Atlas 200I/500 A2" is not Atlas A2; a file-level section covers its functions', () => {
    const md = [
      '## 产品支持情况', '', '| 产品 | 是否支持 |', '|---|---|', '| <term>Ascend 950PR/Ascend 950DT</term> | √ |', '| <term>Atlas A3 训练系列产品/Atlas A3 推理系列产品</term> | × |',
      '| <term>Atlas A2 训练系列产品/Atlas A2 推理系列产品</term> | × |', '| <term>Atlas 200I/500 A2 推理产品</term> | √ |', '',
      '### aclsparseSpSMAnalysis', '', 'text', '',
      '### aclsparseSpMV', '', '#### 产品支持情况', '', '- Ascend 950PR / Ascend 950DT：不支持', '- Atlas A3 训练系列产品 / Atlas A3 推理系列产品：支持', '- Ascend910B 系列：支持', '', '#### 函数原型', '',
      '### aclsparseGtsv', '', '| 芯片系列 | 支持情况 |', '', '#### 产品支持情况', '', '| Ascend950 (Ascend950DT / Ascend950PR) | ✅ 支持 |', '| Ascend910_93 | ❌ 不支持 |', '',
      '### aclsparseCreateCsc', '', '> **支持状态**：当前版本暂未实现。', '', '```c', 'x', '```',
    ].join('\n');
    const s = productSupport(md);
    expect(s.get('aclsparseSpSMAnalysis')).toEqual({ 950: true, a3: false, a2: false });
    expect(s.get('aclsparseSpMV')).toEqual({ 950: false, a3: true, a2: true });
    expect(s.get('aclsparseGtsv')).toMatchObject({ 950: true, a3: false });
    expect(s.get('aclsparseCreateCsc')).toMatchObject({ notYet: true });
  });
});

describe('BIRENSUPA: names torch-supa uses', () => {
  it('no verdict keeps the naming pattern (or a different name) for a name torch-supa\'s code uses', () => {
    const bad: string[] = [];
    for (const r of facts('biren-torch-supa-uses.csv')) {
      const rule = cpp.get(r.cuda_name) ?? python.get(r.cuda_name);
      if (!rule) continue;
      const m = rule.targets.birensupa;
      // cuCtxFromGreenCtx & co: the older table marks the CUDA counterpart itself as inferred; kept.
      if (m.source !== 'biren-naming-pattern' && m.confidence === 'inferred' && (m.name ?? rule.cuda) === r.supa_name) continue;
      if (m.confidence !== 'confirmed' || (m.name ?? rule.cuda) !== r.supa_name) bad.push(`${r.cuda_name}: ${m.status} ${m.name ?? ''} ${m.confidence} ${m.source}`);
    }
    expect(bad).toEqual([]);
  });

  it('examples: supaGraphLaunch, supaMemcpyAsync-family, bcclAllReduce, bcclUnhandledSupaError, torch.supa.amp', () => {
    expect(cpp.get('cudaGraphLaunch')!.targets.birensupa).toMatchObject({ name: 'supaGraphLaunch', confidence: 'confirmed', source: 'biren-torch_supa' });
    expect(cpp.get('ncclAllReduce')!.targets.birensupa).toMatchObject({ name: 'bcclAllReduce', confidence: 'confirmed' });
    expect(cpp.get('ncclUnhandledCudaError')!.targets.birensupa.name).toBe('bcclUnhandledSupaError');
    expect(python.get('torch.cuda.amp.GradScaler')!.targets.birensupa).toMatchObject({ status: 'rename', name: 'torch.supa.amp.GradScaler' });
  });

  it('birenUseVerdict: a used name is a confirmed rename with the file at its commit; an unused one gives nothing', () => {
    const uses = new Map([['cudaFoo', { cuda_name: 'cudaFoo', supa_name: 'supaFoo', source: 'BIRENSUPA/torch-supa@' + '0123456789ab'.repeat(3).slice(0, 40) + ':torch_supa/csrc/x.cpp' }]]);
    expect(birenUseVerdict('cudaFoo', uses)).toEqual({ status: 'rename', name: 'supaFoo', note: "torch-supa's own code uses supaFoo.", confidence: 'confirmed', source: 'biren-torch_supa', ref: 'torch_supa/csrc/x.cpp@0123456789ab' });
    expect(birenUseVerdict('cudaBar', uses)).toBeUndefined();
  });
});

describe('MUSA: muAlg keeps CUB, muDNN has a C API', () => {
  it('every CUB name muAlg defines is native confirmed on MUSA; the rest stay unknown', () => {
    const defined = new Set(facts('musa-mualg-names.csv').map((r) => r.cuda_name));
    for (const r of rules.filter((x) => x.family === 'generated-cub')) {
      expect(r.targets.musa.status, r.cuda).toBe(defined.has(r.cuda) ? 'native' : 'unknown');
      if (defined.has(r.cuda)) expect(r.targets.musa.confidence).toBe('confirmed');
    }
    expect(defined.size).toBeGreaterThan(0);
  });

  it('every cuDNN name in the muDNN C API list is a confirmed rename to it, hand-curated rules included', () => {
    for (const r of facts('musa-mudnn-c-api.csv')) {
      expect(cpp.get(r.cuda_name)!.targets.musa, r.cuda_name).toMatchObject({ status: 'rename', name: r.musa_name, confidence: 'confirmed', source: 'musa-torch_musa-mudnn' });
    }
    const m = new Map([['cudnnX', { cuda_name: 'cudnnX', musa_name: 'mudnnX', source: 'MooreThreads/torch_musa@' + 'b'.repeat(40) + ':torch_musa/csrc/aten/mudnn/Convolution.cpp' }]]);
    expect(mudnnCVerdict('cudnnX', m)).toMatchObject({ status: 'rename', name: 'mudnnX', ref: 'torch_musa/csrc/aten/mudnn/Convolution.cpp@bbbbbbbbbbbb' });
    expect(mudnnCVerdict('cudnnY', m)).toBeUndefined();
  });
});

describe('DCU: RCCL reads NCCL_* variables', () => {
  it('env:NCCL_* is native on DCU with the RCCL sources as evidence', () => {
    expect(python.get('env:NCCL_*')!.targets.dcu).toMatchObject({ status: 'native', confidence: 'confirmed', source: 'rccl-src' });
  });
});

describe('CANN product overrides from the AscendCL API pages (hicann/runtime docs/zh/api_ref)', () => {
  const support = new Map(facts('cann-runtime-product-support.csv').map((r) => [r.acl_api, r]));

  it('every verdict naming an AscendCL function carries the product support its page states, hand-curated included', () => {
    const bad: string[] = [];
    let checked = 0;
    for (const r of rules) {
      const m = r.targets.cann;
      const row = m.name ? support.get(m.name.split(/[ (]/)[0]) : undefined;
      if (!row) continue;
      checked++;
      const on = (v: string) => v === 'yes';
      const expectBase = on(row.a2) ? m.status !== 'unsupported' : m.status === 'unsupported';
      const a3 = m.products?.a3;
      const p950 = m.products?.['950'];
      // An override exists exactly where the product differs from A2, and says the product's answer.
      const agrees = (o: { status?: string } | undefined, v: string) => (on(v) === on(row.a2) ? o === undefined : on(v) ? o !== undefined && o.status !== 'unsupported' : o?.status === 'unsupported');
      const ok =
        expectBase &&
        agrees(a3, row.a3) &&
        agrees(p950, row.ascend950) &&
        (row.experimental !== 'yes' || /Experimental/.test(m.note ?? ''));
      if (!ok) bad.push(`${r.id} ${m.status} a3=${a3?.status} 950=${p950?.status} vs ${row.ascend950}/${row.a3}/${row.a2}`);
      for (const o of Object.values(m.products ?? {})) if (o.ref) expect(o.ref, r.id).toMatch(/^docs\/zh\/api_ref\/\S+\.md@[0-9a-f]{12}$|README|\.md/);
    }
    expect(bad).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });

  it('aclrtMemPool* is A2 only and experimental; managed memory is not on 950', () => {
    const pool = cpp.get('cudaMemPoolCreate')!.targets.cann;
    expect(pool).toMatchObject({ status: 'adapt', name: 'aclrtMemPoolCreate', products: { a3: { status: 'unsupported' }, 950: { status: 'unsupported', ref: 'docs/zh/api_ref/11-10_ordered_stream_memory_allocation.md@681ef7610df1' } } });
    expect(pool.note).toMatch(/Experimental/);
    const managed = cpp.get('cudaMallocManaged')!.targets.cann;
    expect(managed.products?.['950']?.status).toBe('unsupported');
    expect(managed.products?.a3).toBeUndefined();
  });

  it('explain shows each product override with the page it comes from', () => {
    const text = renderExplanation(cpp.get('cudaMemPoolCreate')!, ['cann'], sources);
    expect(text).toContain('on 950: unsupported (aclrtMemPoolCreate is not supported on this product (its API page).) [docs/zh/api_ref/11-10_ordered_stream_memory_allocation.md@681ef7610df1]');
  });

  it('withAclProductSupport: all products → unchanged; A2 only → A3/950 overrides; not on A2 → base unsupported, the others where they are', () => {
    const m = { status: 'adapt', name: 'aclrtFoo', note: 'n', confidence: 'confirmed', source: 'cann-runtime', ref: 'include/external/acl/acl_rt.h#L1' };
    const row = (o: Row) => ({ acl_api: 'aclrtFoo', ascend950: 'yes', a3: 'yes', a2: 'yes', experimental: '', source: 'hicann/runtime@' + 'c'.repeat(40) + ':docs/zh/api_ref/x.md', ...o });
    expect(withAclProductSupport(m, row({}))).toBe(m);
    expect(withAclProductSupport(m, undefined)).toBe(m);
    expect(withAclProductSupport({ ...m, name: 'aclrtOther' }, row({ a2: 'no' })).status).toBe('adapt');
    const a2only = withAclProductSupport(m, row({ ascend950: 'no', a3: 'no', experimental: 'yes' }));
    expect(a2only).toMatchObject({ status: 'adapt', products: { a3: { status: 'unsupported', ref: 'docs/zh/api_ref/x.md@cccccccccccc' }, 950: { status: 'unsupported' } } });
    expect(a2only.note).toMatch(/^n aclrtFoo per its API page: 950 no, A3 no, A2 yes\. Experimental/);
    const only950 = withAclProductSupport(m, row({ a3: 'no', a2: 'no' }));
    expect(only950).toMatchObject({ status: 'unsupported', products: { 950: { status: 'adapt', name: 'aclrtFoo' } } });
    expect(only950.products.a3).toBeUndefined();
    expect(only950.products[950]).not.toBe(only950.products.a3);
  });

  it('the harvester reads runtime-style pages: "## aclX" with "### 产品支持情况" and HTML comments, experimental note, next function not mixed in', () => {
    const md = [
      '## aclrtMemPoolCreate', '', '```c', 'aclError aclrtMemPoolCreate(void)', '```', '', '**须知：本接口为试验特性，后续版本可能会存在变更。**', '', '### 产品支持情况', '',
      '<!-- npu="950" id1 -->', '- Ascend 950PR/Ascend 950DT：不支持', '<!-- end id1 -->', '<!-- npu="A3" id2 -->', '- Atlas A3 训练系列产品/Atlas A3 推理系列产品：不支持', '<!-- end id2 -->',
      '<!-- npu="910b" id3 -->', '- Atlas A2 训练系列产品/Atlas A2 推理系列产品：支持', '<!-- end id3 -->', '- Atlas 200I/500 A2 推理产品：不支持', '', '### 功能说明', '', 'Ascend 950PR/Ascend 950DT：支持 (a remark, not the support list)', '',
      '## aclrtCreateEvent', '', '### 产品支持情况', '', '- Ascend 950PR/Ascend 950DT：支持', '- Atlas A3 训练系列产品/Atlas A3 推理系列产品：支持', '- Atlas A2 训练系列产品/Atlas A2 推理系列产品：支持',
    ].join('\n');
    const s = productSupport(md, 'acl');
    expect(s.get('aclrtMemPoolCreate')).toEqual({ 950: false, a3: false, a2: true, experimental: true });
    expect(s.get('aclrtCreateEvent')).toEqual({ 950: true, a3: true, a2: true });
  });
});

describe('MUSA: MCCL is S4000 only (torch_musa README)', () => {
  it('every NCCL rule on MUSA is unsupported on S80 and S3000, citing the README lines at a commit', () => {
    for (const r of rules.filter((x) => x.family === 'nccl')) {
      const p = r.targets.musa.products ?? {};
      for (const product of ['s80', 's3000']) {
        expect(p[product]?.status, `${r.id} ${product}`).toBe('unsupported');
        expect(p[product]?.ref, `${r.id} ${product}`).toMatch(/README\.md#L66.*@8b583b3f2fd0/);
      }
    }
  });
});
