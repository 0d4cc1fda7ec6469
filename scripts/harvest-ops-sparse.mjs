#!/usr/bin/env node
// Builds data/facts/cann-cusparse2aclsparse.csv from a fetched hicann/ops-sparse tree and a fetched
// ROCm/hipSPARSE tree (hipSPARSE reproduces cuSPARSE's signatures parameter for parameter).
// A cuSPARSE name gets a row only when all of these hold (a counterpart by function, not by name alone):
//   - include/cann_ops_sparse.h (or cann_ops_sparseLt.h) declares aclsparse<Suffix> for cusparse<Suffix>,
//   - a .cpp under sparse/ or sparseLt/ defines it (declared-only functions fail to link: no row),
//   - HIPIFY knows cusparse<Suffix> (data/facts/hipify-cuda2hip.csv).
// `same_arity` says whether the aclsparse declaration has as many parameters as hipsparse<Suffix>.
// Per-product support comes from the "产品支持情况" block of the function in the op READMEs and
// docs/zh/api_list.md; "暂未支持"/NOT_SUPPORTED statements are kept in `doc_status`.
// Usage: node scripts/harvest-ops-sparse.mjs OPS_SPARSE_TREE COMMIT HIPSPARSE_TREE HIPSPARSE_COMMIT > data/facts/cann-cusparse2aclsparse.csv
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from './generate-rules.mjs';

function walk(dir, out = []) {
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Strips comments so a name inside one is not read as a declaration. */
const stripComments = (s) => s.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/\/\/[^\n]*/g, '');

/** Every `prefixName(params);` declaration: name → { params (count), line }. */
export function declarations(text, prefix) {
  const src = stripComments(text);
  const out = new Map();
  const re = new RegExp(`\\b(${prefix}[A-Za-z0-9_]+)\\s*\\(([^;{}]*?)\\)\\s*;`, 'g');
  for (const m of src.matchAll(re)) {
    if (out.has(m[1])) continue;
    const params = m[2].trim();
    const count = params === '' || params === 'void' ? 0 : params.split(',').length;
    out.set(m[1], { params: count, line: src.slice(0, m.index).split('\n').length });
  }
  return out;
}

/** The products a "产品支持情况" block says yes or no to: { a2, a3, 950 } (true/false/undefined). */
function supportBlock(block) {
  const e = {};
  // "- Atlas A2 训练系列产品 ...：支持", "| Ascend 950 | 支持 |", "| ... | √ |", "| ... | ✅ 支持 |";
  // Ascend910_93 is Atlas A3, Ascend910B is Atlas A2; "Atlas 200I/500 A2 推理产品" is neither.
  const yes = (line) => /✅|√|[：:]\s*支持|\|\s*支持/.test(line);
  for (const line of block.split('\n')) {
    const product = /950/.test(line) ? 950 : /Atlas A3 训练|910_93/.test(line) ? 'a3' : /Atlas A2 训练|910B/.test(line) ? 'a2' : undefined;
    if (product !== undefined) e[product] = yes(line);
  }
  return e;
}

/**
 * Per-function product support stated in one Markdown file: name → { a2, a3, 950, notYet, experimental }.
 * A function's section runs from its heading (`## aclX`, `### aclX`) to the next heading of the same or a
 * higher level; a "产品支持情况" heading or bold line inside it is the function's own. A "产品支持情况"
 * heading outside any function section (an op README's `## 产品支持情况`) speaks for every function the
 * file details that states none of its own.
 */
export function productSupport(markdown, prefix = 'aclsparse') {
  const nameRe = new RegExp(`^\`?(${prefix}\\w+)\`?$`);
  const out = new Map();
  let fileLevel = {};
  // Sections: each heading with its level and the text up to the next heading.
  const parts = [];
  for (const line of markdown.split('\n')) {
    const h = /^(#{1,6}) (.*)$/.exec(line);
    if (h) parts.push({ level: h[1].length, title: h[2].trim(), body: [] });
    else if (parts.length) parts[parts.length - 1].body.push(line);
  }
  let fn; // { name, level, text }
  const close = () => {
    if (!fn) return;
    const own = /产品支持情况[\s\S]*?(?=\n#{1,6} |\n\*\*|$)/.exec(fn.text)?.[0];
    const e = { ...(own ? supportBlock(own) : {}) };
    if (/暂未支持|暂未实现|尚无实现/.test(fn.text.split('```')[0])) e.notYet = true;
    // "本接口为试验特性": an experimental interface that may change.
    if (/试验特性/.test(fn.text)) e.experimental = true;
    if (!out.has(fn.name)) out.set(fn.name, e);
    fn = undefined;
  };
  for (const p of parts) {
    if (fn && p.level <= fn.level) close();
    const name = nameRe.exec(p.title)?.[1];
    if (name && fn) {
      // A function heading inside another one: the outer is the page title (`# aclsparseSpSM` over
      // `### aclsparseSpSMBufferSize`), and what it states about products holds for the page.
      close();
      const outer = out.get([...out.keys()].pop());
      for (const k of ['a2', 'a3', 950]) if (fileLevel[k] === undefined && outer?.[k] !== undefined) fileLevel[k] = outer[k];
    }
    if (name) fn = { name, level: p.level, text: p.body.join('\n') };
    else if (fn) fn.text += `\n${'#'.repeat(p.level)} ${p.title}\n${p.body.join('\n')}`;
    else if (/^产品支持情况/.test(p.title)) fileLevel = supportBlock(p.body.join('\n'));
  }
  close();
  for (const e of out.values()) for (const k of ['a2', 'a3', 950]) if (e[k] === undefined && fileLevel[k] !== undefined) e[k] = fileLevel[k];
  return out;
}

/**
 * Counterparts the headers and docs pair with a cuSPARSE function whose spelling differs (the header's own
 * comments say "对标 cuSPARSE ... cusparseSpSM", "cusparseSparseToDense"); each is kept only if hipSPARSE
 * gives the cuSPARSE function the same number of parameters.
 */
const SPELLING = {
  SpMMGetBufferSize: 'SpMM_bufferSize', SpMMPreprocess: 'SpMM_preprocess', SDDMMBufferSize: 'SDDMM_bufferSize', SDDMMPreprocess: 'SDDMM_preprocess',
  SpSMCreateDescr: 'SpSM_createDescr', SpSMDestroyDescr: 'SpSM_destroyDescr', SpSMBufferSize: 'SpSM_bufferSize', SpSMAnalysis: 'SpSM_analysis', SpSM: 'SpSM_solve',
  DenseToSparseGetBufferSize: 'DenseToSparse_bufferSize', DenseToSparseAnalysis: 'DenseToSparse_analysis', DenseToSparseConvert: 'DenseToSparse_convert',
  Sgtsv2Nopivot: 'Sgtsv2_nopivot', Sgtsv2Nopivot_bufferSizeExt: 'Sgtsv2_nopivot_bufferSizeExt', Spvv: 'SpVV',
};

/** The CSV rows for an ops-sparse tree at COMMIT, checked against a hipSPARSE tree at HIP_COMMIT. */
export function harvest(tree, commit, hipTree, hipCommit) {
  const hipifySparse = new Set(
    parseCsv(readFileSync(new URL('../data/facts/hipify-cuda2hip.csv', import.meta.url), 'utf8'))
      .filter((r) => r.library === 'cusparse')
      .map((r) => r.cuda_name),
  );

  const headers = ['include/cann_ops_sparse.h', 'include/cann_ops_sparseLt.h'];
  const decl = new Map();
  for (const h of headers) for (const [n, d] of declarations(readFileSync(join(tree, h), 'utf8'), 'aclsparse')) if (!decl.has(n)) decl.set(n, { ...d, header: h });
  const files = walk(tree).map((p) => relative(tree, p));
  const defined = new Set();
  for (const f of files.filter((f) => /^(sparse|sparseLt)\/.*\.cpp$/.test(f))) {
    const src = stripComments(readFileSync(join(tree, f), 'utf8'));
    for (const m of src.matchAll(/\b(aclsparse[A-Za-z0-9_]+)\s*\([^;{}]*\)\s*(?:const\s*)?\{/g)) defined.add(m[1]);
  }
  const support = new Map();
  for (const f of files.filter((f) => /(^sparse|^sparseLt|^docs)\/.*\.md$/.test(f))) {
    for (const [n, e] of productSupport(readFileSync(join(tree, f), 'utf8'))) {
      const prev = support.get(n) ?? { files: [] };
      // Each arch README speaks for its own implementation: a product is supported if any of them says so.
      const merged = { ...prev };
      for (const k of ['a2', 'a3', 950]) if (e[k] !== undefined) merged[k] = Boolean(prev[k]) || e[k];
      if (e.notYet) merged.notYet = true;
      support.set(n, { ...merged, files: [...prev.files, ...(Object.keys(e).length ? [f] : [])] });
    }
  }
  const hip = declarations(readFileSync(join(hipTree, 'library/include/hipsparse.h'), 'utf8'), 'hipsparse');

  const q = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = [];
  for (const [acl, d] of [...decl].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const suffix = acl.replace(/^aclsparse/, '');
    const cudaSuffix = SPELLING[suffix] ?? suffix;
    const cuda = `cusparse${cudaSuffix}`;
    if (!hipifySparse.has(cuda) || !defined.has(acl)) continue;
    const s = support.get(acl) ?? { files: [] };
    const h = hip.get(`hipsparse${cudaSuffix}`);
    if (SPELLING[suffix] && h?.params !== d.params) continue;
    const yn = (v) => (v === undefined ? '' : v ? 'yes' : 'no');
    const sources = [`hicann/ops-sparse@${commit}:${d.header}:${d.line}`, ...s.files.map((f) => `hicann/ops-sparse@${commit}:${f}`)];
    if (h) sources.push(`ROCm/hipSPARSE@${hipCommit}:library/include/hipsparse.h:${h.line}`);
    rows.push([cuda, acl, String(d.params), h ? String(h.params) : '', h ? (h.params === d.params ? 'yes' : 'no') : '', yn(s[950]), yn(s.a3), yn(s.a2), s.notYet ? 'not yet supported (doc)' : '', sources.join(' ; ')]);
  }
  return (['cuda_api,acl_api,acl_params,hip_params,same_arity,ascend950,a3,a2,doc_status,source', ...rows.map((r) => r.map(q).join(','))].join('\n') + '\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [tree, commit, hipTree, hipCommit] = process.argv.slice(2);
  if (!tree || !commit || !hipTree || !hipCommit) {
    process.stderr.write('usage: harvest-ops-sparse.mjs OPS_SPARSE_TREE COMMIT HIPSPARSE_TREE HIPSPARSE_COMMIT\n');
    process.exit(2);
  }
  process.stdout.write(harvest(tree, commit, hipTree, hipCommit));
}
