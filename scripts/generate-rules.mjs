#!/usr/bin/env node
// Generates the large part of the rule table from the facts in data/facts/ (see its README):
//   rules/generated/*.json   one file per CUDA library, same schema as the hand-written rules
//   docs/coverage/*.md       a coverage page per target
// Hand-curated rules (rules/*.yaml) always win: a name they cover is not generated.
// Usage: node scripts/generate-rules.mjs [--out DIR]   (DIR defaults to the repository root)
// Deterministic: the same facts and hand rules give the same bytes.
import { mkdirSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import YAML from 'yaml';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FACTS = join(ROOT, 'data', 'facts');
const TARGETS = ['musa', 'cann', 'birensupa', 'dcu'];
const STATUSES = ['native', 'rename', 'adapt', 'unknown', 'rewrite', 'unsupported'];

// ---------------------------------------------------------------- inputs

/** RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes) → array of row objects. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== '');
  return body.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k] ?? ''])));
}

const csv = (name) => parseCsv(readFileSync(join(FACTS, name), 'utf8'));
const words = (name) =>
  new Set(
    readFileSync(join(FACTS, name), 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .flatMap((l) => l.split(/\s+/))
      .filter(Boolean),
  );

/** The hand-curated rule files (rules/*.yaml), parsed once per generation (YAML parsing is slow). */
function handCuratedFiles(rulesDir) {
  return readdirSync(rulesDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => YAML.parse(readFileSync(join(rulesDir, file), 'utf8')))
    .filter((doc) => doc?.rules);
}

/** Every name (and alias) the hand-curated rules match, per language. */
function handCuratedNames(handFiles) {
  const names = { cpp: new Set(), python: new Set(), pythonRules: [] };
  for (const doc of handFiles) for (const rule of doc.rules) for (const n of [rule.cuda, ...(rule.aliases ?? [])]) names[doc.language].add(n);
  names.pythonRules = handFiles.filter((d) => d.language === 'python').flatMap((d) => d.rules);
  return names;
}

// ---------------------------------------------------------------- per-library facts

/** HIPIFY library → rule family, id prefix, display library (matching the hand-written files). */
const LIBRARIES = {
  runtime: { family: 'generated-cuda-runtime', prefix: 'cudart', library: 'CUDA Runtime' },
  driver: { family: 'generated-cuda-driver', prefix: 'cudrv', library: 'CUDA Driver API' },
  device: { family: 'generated-device', prefix: 'dev', library: 'CUDA device intrinsics and device types' },
  rtc: { family: 'generated-nvrtc', prefix: 'nvrtc', library: 'NVRTC' },
  cucomplex: { family: 'generated-cucomplex', prefix: 'cucomplex', library: 'cuComplex' },
  cublas: { family: 'generated-cublas', prefix: 'cublas', library: 'cuBLAS / cuBLASLt' },
  cusparse: { family: 'generated-cusparse', prefix: 'cusparse', library: 'cuSPARSE' },
  cusolver: { family: 'generated-cusolver', prefix: 'cusolver', library: 'cuSOLVER' },
  curand: { family: 'generated-curand', prefix: 'curand', library: 'cuRAND' },
  cufft: { family: 'generated-cufft', prefix: 'cufft', library: 'cuFFT' },
  cudnn: { family: 'generated-cudnn', prefix: 'cudnn', library: 'cuDNN' },
  cub: { family: 'generated-cub', prefix: 'cub', library: 'Thrust and CUB' },
};

/** What DTK is known to ship for each HIP library (hip/FACTS §3.3): said in every DCU note. */
const DCU_LIBRARY_CAVEAT = {
  cublas: 'HIPIFY maps to hipBLAS; DTK ships rocBLAS (confirmed), hipBLAS in DTK is not confirmed.',
  cusparse: 'HIPIFY maps to hipSPARSE; DTK ships rocSPARSE (confirmed), hipSPARSE in DTK is not confirmed.',
  cusolver: 'HIPIFY maps to hipSOLVER; rocSOLVER/hipSOLVER in DTK are not confirmed.',
  curand: 'HIPIFY maps to hipRAND; hipRAND/rocRAND in DTK are not confirmed.',
  cufft: 'HIPIFY maps to hipFFT; hipFFT/rocFFT in DTK are not confirmed.',
  cub: 'HIPIFY maps to hipCUB; hipCUB in DTK is not confirmed.',
  rtc: 'HIPIFY maps to hipRTC.',
};

function kindOf(library, section, name) {
  if (library === 'device') return section === 'Device Types' ? 'type' : 'device-intrinsic';
  const function_ = !/data types|types used|macros/i.test(section);
  if (/^[A-Z][A-Z0-9_]+$/.test(name)) return /macro/i.test(section) ? 'macro' : 'constant';
  if (!function_ || /_t$|_st$/.test(name)) return 'type';
  if (library === 'runtime') return 'runtime-call';
  if (library === 'driver') return 'driver-call';
  return 'library-call';
}

const versionNote = (label, v) =>
  [v.added && `added in ${label} ${v.added}`, v.deprecated && `deprecated in ${v.deprecated}`, v.changed && `changed in ${v.changed}`, v.removed && `removed in ${v.removed}`, v.experimental && 'experimental']
    .filter(Boolean)
    .join(', ');

const compact = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '' && !(typeof v === 'object' && !Object.keys(v).length)));

// ---------------------------------------------------------------- target columns

/** A DCU note saying a library's presence on DTK is not established. */
export const DTK_UNCONFIRMED = /(in|on) DTK (is |are )?(not (individually )?confirmed|unconfirmed)|DTK[^.]*\bunconfirmed/i;

/**
 * Which DTK a HIPIFY (ROCm 6.3) verdict holds for (hip/FACTS §3: DTK 24.04 ≈ ROCm 5.7, HIP 5.7.24311;
 * DTK 25.04 reports HIP 6.3.x): a name HIP first shipped after ROCm 5.7 is not in DTK 24.04.
 */
function dtkReleaseNote(hipAdded) {
  if (!hipAdded) return undefined;
  const [major, minor] = hipAdded.split('.').map(Number);
  return major > 5 || (major === 5 && minor > 7) ? `DTK: first shipped in ROCm ${hipAdded}, so only DTK 25.04 (HIP 6.3 base) or later; not in DTK 24.04 (ROCm 5.7 base).` : undefined;
}

function dcuMapping(row, library) {
  const ref = `${row.source_table}, ${row.section}`;
  const versions = compact({ added: row.hip_added, deprecated: row.hip_deprecated, changed: row.hip_changed, removed: row.hip_removed, experimental: row.hip_experimental });
  const caveat = DCU_LIBRARY_CAVEAT[library];
  if (library === 'cudnn') {
    // HIPIFY's HIP column for cuDNN is hipDNN, which is not shipped; MIOpen (the ROC column) is.
    if (row.roc_name) {
      return compact({
        status: 'adapt', name: row.roc_name,
        note: `cuDNN → MIOpen (hipDNN, HIPIFY's HIP column, is not shipped): MIOpen's API differs (descriptors, Find/immediate modes, workspace handling).${row.roc_added ? ` MIOpen: added in ROCm ${row.roc_added}.` : ''}`,
        confidence: 'confirmed', source: 'hipify-rocm6.3', ref,
      });
    }
    return { status: 'unsupported', note: 'No MIOpen equivalent in HIPIFY\'s tables (hipDNN is not shipped).', confidence: 'confirmed', source: 'hipify-rocm6.3', ref };
  }
  if (!row.hip_name) {
    if (row.roc_name) {
      return compact({
        status: 'adapt', name: row.roc_name,
        note: `No HIP-level equivalent; the ROC library has ${row.roc_name} (${row.roc_library}), with its own API conventions.`,
        confidence: 'confirmed', source: 'hipify-rocm6.3', ref,
      });
    }
    return { status: 'unsupported', note: 'HIPIFY (ROCm 6.3) marks it unsupported: no HIP equivalent.', confidence: 'confirmed', source: 'hipify-rocm6.3', ref };
  }
  const notes = [versionNote('ROCm', versions) && `HIP ${versionNote('ROCm', versions)}.`, dtkReleaseNote(row.hip_added), caveat].filter(Boolean).join(' ');
  return compact({
    status: row.hip_name === row.cuda_name ? 'native' : 'rename',
    name: row.hip_name === row.cuda_name ? undefined : row.hip_name,
    note: notes || undefined,
    // A library whose presence on DTK is unconfirmed cannot give a confirmed DCU verdict.
    confidence: caveat && DTK_UNCONFIRMED.test(caveat) ? 'inferred' : 'confirmed', source: 'hipify-rocm6.3', ref, versions,
  });
}

/**
 * A cuDNN name whose muDNN C counterpart torch_musa calls (data/facts/musa-mudnn-c-api.csv): newer torch_musa,
 * built with TORCH_MUSA_USE_MUDNN_C_API, calls mudnnConvolutionForward & co. with cuDNN's arguments.
 */
export function mudnnCVerdict(name, mudnnC) {
  const row = mudnnC.get(name);
  if (!row) return undefined;
  const [, commit, path] = /^[^@]+@([0-9a-f]{12})[0-9a-f]*:(.*)$/.exec(row.source) ?? [];
  return {
    status: 'rename', name: row.musa_name,
    note: `muDNN's C API has ${row.musa_name}: torch_musa uses it, with cuDNN's arguments, when built with TORCH_MUSA_USE_MUDNN_C_API; older muDNN releases have only the C++ object API (musa::dnn), so check the muDNN version.`,
    confidence: 'confirmed', source: 'musa-torch_musa-mudnn', ref: `${path}@${commit}`,
  };
}

function musaMapping(name, library, musa) {
  const mudnnC = library === 'cudnn' ? mudnnCVerdict(name, musa.mudnnC) : undefined;
  if (mudnnC) return mudnnC;
  const hit = musa.musify.get(name) ?? musa.ggml.get(name) ?? musa.torchada.get(name);
  if (hit) {
    const source = musa.musify.has(name) ? 'musa-torch_musa-mapping' : musa.ggml.has(name) ? 'musa-ggml' : 'musa-torchada';
    const ref = hit.source.replace(/^github\.com\/[^:]+:/, '');
    if (library === 'cudnn') {
      return {
        status: 'adapt', name: hit.musa_name,
        note: 'musify renames cuDNN to muDNN, but muDNN is a C++ object API (musa::dnn::Handle, Convolution::Run), not cuDNN-compatible; whether the mudnn* C symbol exists is unconfirmed.',
        confidence: 'inferred', source, ref,
      };
    }
    return compact({
      status: hit.musa_name === name ? 'native' : 'rename',
      name: hit.musa_name === name ? undefined : hit.musa_name,
      note: source === 'musa-torchada' ? 'From torchada\'s porting rules (hand-transcribed).' : undefined,
      confidence: 'confirmed', source, ref,
    });
  }
  if (library === 'cub') {
    // muAlg is Moore Threads' port of CUB 1.12.1: it keeps CUB's headers, macros and cub:: API.
    const m = musa.mualg.get(name);
    if (m) return { status: 'native', note: 'muAlg (CUB ported to MUSA) defines it under the same name.', confidence: 'confirmed', source: 'musa-mualg', ref: m.source.replace(/^MooreThreads\/muAlg@([0-9a-f]{12})[0-9a-f]*:(.*)$/, '$2@$1') };
    return { status: 'unknown', note: 'Not defined in muAlg\'s cub/ headers (CUB 1.12.1 port); absent from the musify tables too.', confidence: 'inferred', source: 'musa-mualg', ref: 'cub/ (searched; no definition)' };
  }
  if (library === 'device') {
    return {
      status: 'native',
      note: 'Device intrinsics keep their CUDA names on MUSA (torch_musa .mu code calls them unchanged); this one is not in the musify tables, so it is not individually confirmed.',
      confidence: 'inferred', source: 'musa-torch_musa', ref: 'csrc/aten/musa/*.muh (intrinsics used unchanged)',
    };
  }
  return { status: 'unknown', note: 'Absent from the musify tables, ggml\'s MUSA shim and torchada\'s rules.', confidence: 'inferred', source: 'musa-torch_musa-mapping', ref: 'general.json (no entry)' };
}

/** The identifier a table cell names: "aclrtMalloc(devPtr, size, policy)" → aclrtMalloc; "(none found)" → undefined. */
const leadingIdentifier = (cell) => /^\s*(?:\(no 1:1\)\s*)?([A-Za-z_]\w*)/.exec(cell)?.[1];

/** "cudaMemRangeGetAttribute(s)" names both the singular and the plural function. */
const expandPlural = (cell) => {
  const m = /^(\w+)\(s\)$/.exec(cell.trim());
  return m ? [m[1], `${m[1]}s`] : [cell.trim()];
};

/**
 * The (CUDA name, AscendCL name) pairs one cudart2acl row states. A row "A / B" → "X / Y" pairs A with X
 * and B with Y; a row with one AscendCL name gives it to every CUDA name; "(none found)" gives none
 * (acl undefined). Each pair's ref is the header line that declares its own AscendCL name when listed.
 */
export function pairCudaToAcl(row) {
  const cudaCells = row.cuda_api.split(/\s+\/\s+/).flatMap(expandPlural);
  const aclCells = row.acl_api.split(/\s+\/\s+/).map(leadingIdentifier);
  const refs = row.source.split(' ; ').map((s) => s.trim()).filter(Boolean);
  const refFor = (acl) => (refs.find((r) => r.includes(` ${acl}(`) || r.includes(`*${acl}(`)) ?? refs[0] ?? '').replace(/^hicann\/runtime@[0-9a-f]+:/, '');
  const positional = cudaCells.length === aclCells.length;
  const pairs = [];
  cudaCells.forEach((cell, i) => {
    // Lists of unequal length cannot be paired by position: the first (main) AscendCL name is given.
    const acl = positional ? aclCells[i] : aclCells[0];
    if (/^(cu|CU|nv)\w+$/.test(cell)) pairs.push({ cuda: cell, acl, ref: acl ? refFor(acl) : undefined, row });
  });
  return pairs;
}

/** Where a data row's `source` column ("owner/repo@commit:path") points, as a sources.yaml key and the path
 *  inside it. Rows read in a mirror or a fork keep that source (and so become inferred: see isWeakSource);
 *  a repository with no key is a data error. */
const CITED_REPOSITORIES = {
  'hicann/asc-devkit@68b207604463dce7519a7aa19a67de21733672aa': 'cann-ascendc-simt-api',
  'cannmirror/asc-devkit@0da921b91aeb2abdc6e8d74423b0bbe7040c3fd1': 'cann-ascendc-mirror',
  'xiaobingling93-pixel/Ascend-mstt@99c2e0f990a17d328f487062acc9c490f7f6ff26': 'cann-msfmktransplt',
  'Ascend/pytorch@9e73e708ab9350d203475609f36f8a43f6a0c2ab': 'cann-torch_npu',
};
export function citation(sourcePath) {
  const cited = sourcePath.replace(/^github:/, '');
  const at = cited.indexOf(':');
  const repo = cited.slice(0, at);
  const key = CITED_REPOSITORIES[repo];
  if (!key) throw new Error(`data row cites ${repo}, which has no sources.yaml key in CITED_REPOSITORIES`);
  const path = cited.slice(at + 1);
  return { source: key, ref: key === 'cann-msfmktransplt' ? path.replace(/^msfmktransplt\//, '') : path };
}

function cannMapping(name, library, cann) {
  if (library === 'device') {
    const simt = cann.simt.get(name);
    return compact({
      status: 'rewrite',
      note: 'Atlas A2/A3 AI Cores are not SIMT: device code is rewritten in Ascend C.' + (simt ? ` Ascend 950 SIMT equivalent: ${simt.ascendc_simt_api}.` : ''),
      confidence: 'confirmed', source: 'cann-ascendc', ref: 'docs/en/asc_950_feature_guide.md (new feature 2: the SIMT programming model is added in Ascend 950, arch 3510; Atlas A2/A3 are arch 2201)',
      products: simt ? { 950: { status: 'adapt', name: simt.ascendc_simt_api, note: `Ascend 950 SIMT API. ${simt.notes}`.trim(), ...citation(simt.source) } } : undefined,
    });
  }
  if (library === 'cublas') {
    const row = cann.blas.get(name);
    // cuBLAS's batched LU inverses have their counterpart in ops-solver, not ops-blas.
    if (!row && cann.solver.has(name)) return opsLibraryVerdict(cann.solver.get(name), 'cann-ops-solver');
    const lt = cann.blasLt.get(name);
    if (!row && lt) {
      return {
        status: 'rename', name: lt.acl_api, note: 'ops-blas\'s aclblasLt header declares the same enumerator or type under the ACLBLASLT_/aclblasLt spelling; numeric values are not compared.',
        confidence: 'confirmed', source: 'cann-ops-blas', ref: lt.source.replace(/^hicann\/ops-blas@[0-9a-f]+:/, ''),
      };
    }
    if (!row) return { status: 'unknown', note: 'No aclBLAS counterpart in the ops-blas headers.', confidence: 'inferred', source: 'cann-ops-blas', ref: 'include/cann_ops_blas.h (no entry)' };
    const ref = row.source.split(' ; ')[0].replace(/^hicann\/ops-blas@[0-9a-f]+:/, '');
    const support = /Ascend950:(\S+) A3:(\S+) A2:(\S+)/.exec(row.notes);
    const yes = (s) => s === '支持';
    const note = `aclBLAS name correspondence; argument semantics not verified.${support ? ` Supported: 950 ${yes(support[1]) ? 'yes' : 'no'}, A3 ${yes(support[2]) ? 'yes' : 'no'}, A2 ${yes(support[3]) ? 'yes' : 'no'}.` : ''}`;
    const on = (ok) => (ok ? { status: 'rename', name: row.acl_api } : { status: 'unsupported', note: `Not supported on this product (ops-blas support table).` });
    if (!support) return { status: 'rename', name: row.acl_api, note, confidence: 'confirmed', source: 'cann-ops-blas', ref };
    const base = on(yes(support[3]));
    return compact({
      ...base, note, confidence: 'confirmed', source: 'cann-ops-blas', ref,
      products: compact({ a3: yes(support[2]) !== yes(support[3]) ? on(yes(support[2])) : undefined, 950: yes(support[1]) !== yes(support[3]) ? on(yes(support[1])) : undefined }),
    });
  }
  if (library === 'cusparse' || library === 'cusolver') {
    const row = (library === 'cusparse' ? cann.sparse : cann.solver).get(name);
    if (row) return opsLibraryVerdict(row, library === 'cusparse' ? 'cann-ops-sparse' : 'cann-ops-solver');
  }
  if (library === 'runtime' || library === 'driver') {
    const pair = cann.acl.get(name);
    if (pair?.acl) {
      return withAclProductSupport(compact({
        status: 'adapt', name: pair.acl, note: pair.row.notes || 'AscendCL counterpart with a different signature.',
        confidence: 'confirmed', source: 'cann-runtime', ref: pair.ref,
      }), cann.productSupport.get(pair.acl));
    }
    if (pair) return { status: 'unknown', note: `No AscendCL counterpart found in the public CANN runtime headers (cudart2acl: "${pair.row.cuda_api}" → none found).`, confidence: 'inferred', source: 'cann-runtime', ref: 'include/external/acl (searched; none found)' };
    return { status: 'unknown', note: 'No AscendCL counterpart recorded (cudart2acl pairs were checked against the CANN runtime headers).', confidence: 'inferred', source: 'cann-runtime', ref: 'include/external/acl (no pair found)' };
  }
  if (library === 'cudnn') return { status: 'rewrite', note: 'CANN has no cuDNN-style C API: use aclnn operators (as torch_npu\'s op-plugin does) or Ascend C.', confidence: 'inferred', source: 'cann-op-plugin', ref: 'op_plugin/ops/opapi (EXEC_NPU_CMD(aclnnXxx, ...))' };
  if (library === 'cub') return { status: 'rewrite', note: 'CUB is a library of SIMT block/warp primitives; A2/A3 AI Cores are not SIMT, so the code is rewritten in Ascend C.', confidence: 'inferred', source: 'cann-ascendc', ref: 'docs/zh/guide' };
  return { status: 'unknown', note: `No public CANN counterpart found for ${LIBRARIES[library].library}.`, confidence: 'inferred', source: 'cann-ascendc', ref: 'CANN library list searched' };
}

/**
 * A verdict from an ops-sparse / ops-solver row (data/facts/cann-cusparse2aclsparse.csv,
 * cann-cusolver2aclsolver.csv): `rename` when the declaration has cuSPARSE's parameter list (same count
 * as hipSPARSE's copy of it; types are the acl* spellings), `adapt` when it differs, `unsupported` where
 * the docs say the function is declared but not yet supported. Per-product support, where the function's
 * docs state it, becomes the base verdict (Atlas A2) plus A3 / 950 overrides.
 */
export function opsLibraryVerdict(row, source) {
  const refs = row.source.split(' ; ').map((r) => r.trim());
  const ref = refs[0].replace(/^hicann\/ops-(sparse|solver)@[0-9a-f]+:/, '');
  if (row.doc_status) {
    return { status: 'unsupported', name: row.acl_api, note: `${row.acl_api} is declared, but its documentation says it is not yet supported in this version (returns NOT_SUPPORTED or is not implemented).`, confidence: 'confirmed', source, ref };
  }
  const same = row.same_arity === 'yes';
  const found = same ? 'rename' : 'adapt';
  const why = same
    ? `${row.acl_api} has as many parameters as the CUDA function (counted on hipSPARSE/hipSOLVER's copy of its signature), with acl* types and enums (aclDataType, aclrtStream, ACL_SPARSE_*); order and semantics not verified.`
    : `${row.acl_api} has a different parameter list${row.note ? `: ${row.note}` : ''}.`;
  const stated = ['a2', 'a3', 'ascend950'].some((k) => row[k]);
  // A support table that lists some products and leaves one out (csr2gebsr: "Ascend 950 | 支持" only)
  // does not support the one it leaves out.
  row = stated ? { ...row, ascend950: row.ascend950 || 'no (not listed)', a3: row.a3 || 'no (not listed)', a2: row.a2 || 'no (not listed)' } : row;
  const listed = stated ? ` Supported: 950 ${row.ascend950}, A3 ${row.a3}, A2 ${row.a2} (its documentation).` : ' Product support is not stated per function.';
  // The page that states the product support is the override's ref.
  const supportRef = refs.find((r) => /\.md$/.test(r))?.replace(/^hicann\/ops-(sparse|solver)@[0-9a-f]+:/, '');
  const no = (v) => /^no/.test(v ?? '');
  const on = (v) => (no(v) ? compact({ status: 'unsupported', note: 'Not supported on this product (the function\'s product-support section).', ref: supportRef }) : compact({ status: found, name: row.acl_api, ref: supportRef }));
  const base = on(row.a2);
  return compact({
    ...base, note: `${why}${listed}`, confidence: 'confirmed', source, ref,
    products: compact({ a3: row.a3 && no(row.a3) !== no(row.a2) ? on(row.a3) : undefined, 950: row.ascend950 && no(row.ascend950) !== no(row.a2) ? on(row.ascend950) : undefined }),
  });
}

/**
 * The product support an AscendCL function's API page states (data/facts/cann-runtime-product-support.csv,
 * hicann/runtime docs/zh/api_ref): the base verdict is Atlas A2's, A3 and 950 are overrides where they differ,
 * each citing the page; an experimental interface ("本接口为试验特性") says so in the note. Hand-curated CANN
 * verdicts naming such a function must carry the same overrides (tests/rules-harvest.test.ts).
 */
export function withAclProductSupport(mapping, row) {
  if (!row || !mapping.name) return mapping;
  const acl = mapping.name.split(/[ (]/)[0];
  if (row.acl_api !== acl) return mapping;
  const yes = (v) => v === 'yes';
  const [, commit, path] = /^[^@]+@([0-9a-f]{12})[0-9a-f]*:(.*)$/.exec(row.source) ?? [];
  const ref = `${path}@${commit}`;
  const allYes = yes(row.a2) && yes(row.a3) && yes(row.ascend950);
  if (allYes && !yes(row.experimental)) return mapping;
  const stated = `${acl} per its API page: 950 ${row.ascend950 || 'not stated'}, A3 ${row.a3 || 'not stated'}, A2 ${row.a2 || 'not stated'}.`;
  const experimental = yes(row.experimental) ? ' Experimental ("本接口为试验特性": may change in later versions, not for production use).' : '';
  const off = { status: 'unsupported', note: `${acl} is not supported on this product (its API page).`, confidence: 'confirmed', source: 'cann-runtime', ref };
  const on = compact({ status: mapping.status, name: mapping.name, note: experimental.trim() || undefined, confidence: 'confirmed', source: 'cann-runtime', ref });
  const products = { ...(mapping.products ?? {}) };
  if (yes(row.a3) !== yes(row.a2)) products.a3 = { ...(yes(row.a3) ? on : off) };
  if (yes(row.ascend950) !== yes(row.a2)) products[950] = { ...(yes(row.ascend950) ? on : off) };
  const note = `${mapping.note ? `${mapping.note} ` : ''}${stated}${experimental}`;
  const base = yes(row.a2) ? { ...mapping, note } : { status: 'unsupported', note: `Not on Atlas A2. ${note}`, confidence: 'confirmed', source: mapping.source, ref: mapping.ref };
  return compact({ ...base, products: Object.keys(products).length ? products : undefined });
}

/** BIRENSUPA's naming pattern (FACTS B1/B3): cuda*→supa*, cu*→su*, cublas→sublas, cudnn→sudnn. */
const BIREN_PATTERN = [
  [/^cublasLt/, 'sublasLt'], [/^cublas/, 'sublas'], [/^CUBLAS_/, 'SUBLAS_'], [/^cudnn/, 'sudnn'], [/^CUDNN_/, 'SUDNN_'],
  [/^cuda/, 'supa'], [/^CUDA_/, 'SUPA_'], [/^CU_/, 'SU_'], [/^cu(?=[A-Z])/, 'su'], [/^CU(?=[a-z])/, 'SU'],
];
const BIREN_PATTERN_LIBRARIES = new Set(['runtime', 'driver', 'cublas', 'cudnn']);

/** A name torch-supa's own code uses (data/facts/biren-torch-supa-uses.csv): a confirmed counterpart. */
export function birenUseVerdict(name, uses) {
  const use = uses.get(name);
  if (!use) return undefined;
  const [, path] = /^[^@]+@[0-9a-f]+:(.*)$/.exec(use.source) ?? [];
  const commit = /@([0-9a-f]{12})/.exec(use.source)?.[1];
  return compact({
    status: use.supa_name === name ? 'native' : 'rename', name: use.supa_name === name ? undefined : use.supa_name,
    note: `torch-supa's own code uses ${use.supa_name}.`,
    confidence: 'confirmed', source: 'biren-torch_supa', ref: `${path}@${commit}`,
  });
}

function birenMapping(name, library, biren, uses) {
  const seen = birenUseVerdict(name, uses);
  if (seen && !biren.has(name)) return seen;
  const row = biren.get(name);
  if (row) {
    const vllm = row.source.includes('vllm-supa');
    return compact({
      status: row.supa_name === name ? 'native' : 'rename', name: row.supa_name === name ? undefined : row.supa_name,
      confidence: row.source.includes('inferred') ? 'inferred' : 'confirmed',
      source: vllm ? 'biren-vllm_supa' : 'biren-torch_supa', ref: row.source.replace(/^github\.com\/[^:]+:/, ''),
    });
  }
  if (library === 'device') {
    if (/double|^__d(add|sub|mul|div|rcp|sqrt|fma)|^__hiloint2double|^__longlong_as_double/.test(name)) {
      return { status: 'unsupported', note: 'Double precision: BIRENSUPA has no float64 ("SUPA device does not support double").', confidence: 'confirmed', source: 'biren-torch_supa', ref: 'docs (float64 limitation)' };
    }
    return { status: 'native', note: 'CUDA-like kernel syntax compiles with brcc / SUDA; this intrinsic is not seen in public Biren code.', confidence: 'inferred', source: 'biren-vllm_supa', ref: 'csrc/supa/*.su' };
  }
  if (BIREN_PATTERN_LIBRARIES.has(library)) {
    for (const [from, to] of BIREN_PATTERN) {
      if (from.test(name)) {
        return { status: 'rename', name: name.replace(from, to), confidence: 'inferred', source: 'biren-naming-pattern', ref: `supa*/su* naming pattern; ${name.replace(from, to)} not seen in public code` };
      }
    }
  }
  return { status: 'unknown', note: `No public BIRENSUPA counterpart found for ${LIBRARIES[library]?.library ?? library}.`, confidence: 'inferred', source: 'biren-torch_supa', ref: 'cmake/Modules_SUPA, csrc (searched)' };
}

// ---------------------------------------------------------------- torch.cuda (Python)

function torchRules(hand, facts) {
  const names = new Set();
  const npu = new Map();
  for (const r of facts.cuda2npu) if (/^torch\.(cuda|backends)\b/.test(r.cuda_api) && /^[\w.]+$/.test(r.cuda_api)) { names.add(r.cuda_api); npu.set(r.cuda_api, r); }
  const support = new Map();
  for (const r of facts.npuSupport) if (/^[\w.]+$/.test(r.api)) { names.add(r.api); if (!support.has(r.api) || r.torch_version > support.get(r.api).torch_version) support.set(r.api, r); }
  const unsupported = new Map();
  for (const r of facts.msUnsupported) if (/^[\w.]+$/.test(r.api)) { names.add(r.api); unsupported.set(r.api, r); }
  for (const [n] of facts.biren) if (/^torch\.cuda\.[\w.]+$/.test(n)) names.add(n);
  for (const [n] of facts.birenUses) if (/^torch\.cuda\.[\w.]+$/.test(n)) names.add(n);
  const rules = [];
  for (const name of [...names].sort()) {
    if (hand.python.has(name) || name === 'torch.cuda' || name === 'torch.backends') continue;
    const cudaModule = name.startsWith('torch.cuda.');
    const s = support.get(name);
    const n = npu.get(name);
    const ms = unsupported.get(name);
    let cann;
    if (s && s.status_a2_a3 === 'unsupported') cann = { status: 'unsupported', note: `torch_npu ${s.torch_version} lists it as unsupported on A2/A3.${s.restrictions ? ' ' + s.restrictions : ''}`, confidence: 'confirmed', ...citation(s.source_path) };
    else if (ms) cann = { status: 'unsupported', note: `The Ascend migration tool lists it as unsupported (PyTorch ${ms.torch_version}).${ms.message ? ' ' + ms.message : ''}`, confidence: 'confirmed', ...citation(ms.source_path) };
    else if (n && /^torch(_npu)?\.npu/.test(n.npu_api)) cann = { status: 'rename', name: n.npu_api.split(/[ ;(]/)[0], note: 'from torch_npu.contrib import transfer_to_npu makes this rename automatic.', confidence: 'confirmed', ...citation(n.source_path) };
    else if (s) cann = compact({ status: s.npu_form && s.npu_form !== name ? 'rename' : 'native', name: s.npu_form && s.npu_form !== name ? s.npu_form : undefined, note: s.npu_form && s.npu_form !== name ? 'from torch_npu.contrib import transfer_to_npu makes this rename automatic.' : undefined, confidence: 'confirmed', ...citation(s.source_path) });
    else cann = { status: 'unknown', note: 'Not in torch_npu\'s support lists or transfer_to_npu rules.', confidence: 'inferred', source: 'cann-torch_npu', ref: 'docs/zh/api/native_api (no entry)' };
    const b = facts.biren.get(name);
    const seen = birenUseVerdict(name, facts.birenUses);
    const biren = !b && seen ? seen : b
      ? compact({ status: 'rename', name: b.supa_name, note: 'torch_supa autoload maps torch.cuda to torch.supa.', confidence: 'confirmed', source: 'biren-torch_supa', ref: b.source.replace(/^github\.com\/[^:]+:/, '') })
      : { status: 'unknown', note: 'Not in torch_supa\'s torch.cuda support table.', confidence: 'inferred', source: 'biren-torch_supa', ref: 'docs/user_guide/source/native_api/torch_cuda.rst (no entry)' };
    const musa = cudaModule
      ? { status: 'rename', name: name.replace(/^torch\.cuda\./, 'torch.musa.'), note: 'torchada maps the torch.cuda module to torch.musa; this member is not individually confirmed.', confidence: 'inferred', source: 'musa-torchada', ref: 'src/torchada/_mappings/device.py (torch.cuda → torch.musa)' }
      : { status: 'unknown', note: 'No torch_musa counterpart found for this torch.backends setting.', confidence: 'inferred', source: 'musa-torch_musa', ref: 'torch_musa/core (searched)' };
    const dcu = cudaModule
      ? { status: 'native', note: 'ROCm PyTorch (DCU\'s DAS wheels) reuses the torch.cuda interfaces.', confidence: 'confirmed', source: 'pytorch-hip-notes', ref: 'PyTorch HIP semantics' }
      : { status: 'native', note: 'ROCm PyTorch keeps torch.backends; cuDNN settings apply to MIOpen where PyTorch maps them.', confidence: 'inferred', source: 'pytorch-hip-notes', ref: 'PyTorch HIP semantics' };
    rules.push({
      id: `torch.${name.replace(/^torch\./, '')}`, cuda: name, kind: 'python-api',
      summary: `PyTorch ${name}.`,
      targets: { musa, cann, birensupa: biren, dcu },
    });
  }
  return mergeTorchAliases(rules, hand.pythonRules);
}

/** torch.cuda.memory.X and torch.cuda.X (likewise random, streams, graphs) are one function: one rule. */
const TORCH_SUBMODULE_ALIAS = /^torch\.cuda\.(memory|random|streams|graphs)\.(\w+)$/;

/** Per target the verdict with the stronger evidence: a counterpart over unknown, confirmed over inferred. */
const evidenceRank = (m) => (m.status !== 'unknown' ? 2 : 0) + (m.confidence === 'confirmed' ? 1 : 0);

export function mergeTorchAliases(rules, handRules) {
  const byName = new Map(rules.map((r) => [r.cuda, r]));
  const hand = new Map(handRules.flatMap((r) => [r.cuda, ...(r.aliases ?? [])].map((n) => [n, r])));
  const out = [];
  for (const rule of rules) {
    const m = TORCH_SUBMODULE_ALIAS.exec(rule.cuda);
    const canonicalName = m && `torch.cuda.${m[2]}`;
    const handCanonical = canonicalName && hand.get(canonicalName);
    if (handCanonical) {
      // The hand-curated rule decides; the submodule spelling gets the same verdicts.
      out.push({ ...rule, summary: `PyTorch ${rule.cuda} (the same function as ${canonicalName}).`, targets: structuredClone(handCanonical.targets) });
      continue;
    }
    const canonical = canonicalName && byName.get(canonicalName);
    if (canonical) {
      for (const t of TARGETS) if (evidenceRank(rule.targets[t]) > evidenceRank(canonical.targets[t])) canonical.targets[t] = rule.targets[t];
      canonical.aliases = [...(canonical.aliases ?? []), rule.cuda].sort();
      continue;
    }
    out.push(rule);
  }
  return out;
}

// ---------------------------------------------------------------- sources

/** Source keys that are a convention, not evidence: never the source of a confirmed verdict. */
export const NOT_EVIDENCE = new Set(['biren-naming-pattern']);

/**
 * Whether a source URL pins what it says: a GitHub file or folder at a commit (or release tag), or a
 * page whose path carries a version (docs-5.7.0, /2.5/, /archive/12.6.1/). Repository roots, pull
 * requests, moving branches and "latest"/"stable" pages can change under the verdict: not specific.
 */
export function isSpecificSource(url) {
  if (/\/(latest|stable|main|master|develop|HEAD)(\/|$)/.test(url)) return false;
  const gh = /^https:\/\/github\.com\/[^/]+\/[^/]+(?:\/(.*))?$/.exec(url);
  if (gh) return /^(tree|blob)\/([0-9a-f]{7,40}|v?\d+(\.\d+)+[\w.-]*)(\/|$)/.test(gh[1] ?? '');
  return /\/(v|docs-)?\d+(\.\d+)*\//.test(new URL(url).pathname);
}

const loadSources = (rulesDir) => YAML.parse(readFileSync(join(rulesDir, 'sources.yaml'), 'utf8'));

/** Whether a source key can back only an inferred verdict: a convention (NOT_EVIDENCE), a source that does
 *  not pin what it says, or a mirror or fork of the official repository (sources.yaml `mirrorOf`/`forkOf`). */
export function isWeakSource(key, sources) {
  const s = sources[key];
  return NOT_EVIDENCE.has(key) || !isSpecificSource(s?.url ?? '') || Boolean(s?.mirrorOf || s?.forkOf);
}

/** A verdict whose source is not specific, not evidence, or a mirror or fork can only be inferred. */
function downgradeUnspecific(rule, sources) {
  const weak = (key) => isWeakSource(key, sources);
  for (const m of Object.values(rule.targets)) {
    if (m.confidence === 'confirmed' && weak(m.source)) m.confidence = 'inferred';
    for (const o of Object.values(m.products ?? {})) if (o.confidence === 'confirmed' && weak(o.source ?? m.source)) o.confidence = 'inferred';
  }
  return rule;
}

// ---------------------------------------------------------------- facts

/** data/facts/facts.yaml: each hard fact once, with the names it decides and the verdict it implies. */
export function loadFacts(factsDir = FACTS) {
  return YAML.parse(readFileSync(join(factsDir, 'facts.yaml'), 'utf8')).map((f) => ({ ...f, namesRe: new RegExp(f.names), exceptRe: f.except ? new RegExp(f.except) : undefined }));
}

/** Whether a fact is about this CUDA name. */
export const factApplies = (fact, name) => fact.namesRe.test(name) && !fact.exceptRe?.test(name);

/** Every (rule, target or target/product, status) that contradicts a fact: the integrity check. */
export function factViolations(rules, facts) {
  const out = [];
  for (const fact of facts) {
    for (const rule of rules) {
      if (rule.language !== undefined && rule.language !== 'cpp') continue;
      if (!factApplies(fact, rule.cuda)) continue;
      const m = rule.targets[fact.target];
      if (!fact.allowed.includes(m.status)) out.push({ fact: fact.id, cuda: rule.cuda, where: fact.target, status: m.status });
      for (const [product, o] of Object.entries(m.products ?? {})) if (o.status && !fact.allowed.includes(o.status)) out.push({ fact: fact.id, cuda: rule.cuda, where: `${fact.target}/${product}`, status: o.status });
    }
  }
  return out;
}

/** A generated verdict a fact contradicts becomes the fact's verdict (product overrides go with it). */
function applyFacts(rule, facts) {
  for (const fact of facts) {
    if (!factApplies(fact, rule.cuda)) continue;
    const m = rule.targets[fact.target];
    const productsAgree = Object.values(m.products ?? {}).every((o) => !o.status || fact.allowed.includes(o.status));
    if (!fact.allowed.includes(m.status) || !productsAgree) rule.targets[fact.target] = { ...fact.verdict, note: `${fact.verdict.note} [fact ${fact.id}]` };
  }
  return rule;
}

// ---------------------------------------------------------------- generation

export function generate(rulesDir = join(ROOT, 'rules'), handFiles = handCuratedFiles(rulesDir)) {
  const hand = handCuratedNames(handFiles);
  const cStandard = words('c-standard-names.txt');
  const byName = (rows, key) => {
    const m = new Map();
    for (const r of rows) if (!m.has(r[key])) m.set(r[key], r);
    return m;
  };
  const musa = { musify: byName(csv('musa-musify-mapping.csv'), 'cuda_name'), ggml: byName(csv('musa-ggml-defines.csv'), 'cuda_name'), torchada: byName(csv('musa-torchada-mapping.csv'), 'cuda_name'), mualg: byName(csv('musa-mualg-names.csv'), 'cuda_name'), mudnnC: byName(csv('musa-mudnn-c-api.csv'), 'cuda_name') };
  const simt = new Map();
  for (const r of csv('cann-device2ascendc-simt.csv')) for (const n of r.cuda_api.split('/').map((s) => s.trim().replace(/\(\)$/, ''))) if (/^\w+$/.test(n)) simt.set(n, r);
  const acl = new Map();
  for (const r of csv('cann-cudart2acl.csv')) for (const pair of pairCudaToAcl(r)) if (!acl.has(pair.cuda)) acl.set(pair.cuda, pair);
  const cann = {
    simt, blas: byName(csv('cann-cublas2aclblas.csv'), 'cuda_api'), acl,
    sparse: byName(csv('cann-cusparse2aclsparse.csv'), 'cuda_api'), solver: byName(csv('cann-cusolver2aclsolver.csv'), 'cuda_api'),
    blasLt: byName(csv('cann-cublaslt-enums.csv'), 'cuda_api'), productSupport: byName(csv('cann-runtime-product-support.csv'), 'acl_api'),
  };
  const biren = byName(csv('biren-supa-names.csv'), 'cuda_name');
  const birenUses = byName(csv('biren-torch-supa-uses.csv'), 'cuda_name');

  const facts = loadFacts();
  const sources = loadSources(rulesDir);
  const files = {};
  const seen = new Set();
  const excluded = [];
  for (const row of csv('hipify-cuda2hip.csv')) {
    const name = row.cuda_name;
    const lib = LIBRARIES[row.library];
    if (!lib || seen.has(name)) continue;
    seen.add(name);
    if (cStandard.has(name)) {
      excluded.push(name);
      continue;
    }
    if (hand.cpp.has(name)) continue;
    const versions = compact({ cudaAdded: row.cuda_added, cudaDeprecated: row.cuda_deprecated, cudaChanged: row.cuda_changed, cudaRemoved: row.cuda_removed });
    const rule = compact({
      id: `${lib.prefix}.${name}`, cuda: name, kind: kindOf(row.library, row.section, name),
      summary: `${lib.library}: ${row.section}.`,
      versions,
      targets: {
        musa: musaMapping(name, row.library, musa),
        cann: cannMapping(name, row.library, cann),
        birensupa: birenMapping(name, row.library, biren, birenUses),
        dcu: dcuMapping(row, row.library),
      },
    });
    (files[row.library] ??= []).push(downgradeUnspecific(applyFacts(rule, facts), sources));
  }
  const out = {};
  for (const [library, rules] of Object.entries(files)) {
    const meta = LIBRARIES[library];
    out[`${meta.family}.json`] = { family: meta.family, library: meta.library, language: 'cpp', generatedBy: 'scripts/generate-rules.mjs from data/facts (do not edit: edit the facts or add a hand-curated rule)', rules };
  }
  const torch = torchRules(hand, {
    cuda2npu: csv('cann-torch-cuda2npu.csv'), npuSupport: csv('cann-torch-npu-api-support.csv'),
    msUnsupported: csv('cann-msfmktransplt-unsupported.csv'), biren, birenUses,
  }).map((rule) => downgradeUnspecific(rule, sources));
  out['generated-torch-cuda.json'] = { family: 'generated-torch-cuda', library: 'PyTorch torch.cuda and CUDA backends', language: 'python', generatedBy: 'scripts/generate-rules.mjs from data/facts (do not edit: edit the facts or add a hand-curated rule)', rules: torch };
  return { files: out, excluded };
}

/** One rule per line: diffs of the generated table stay reviewable. */
export function renderRuleFile(doc) {
  const { rules, ...head } = doc;
  const headJson = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  return `${headJson},\n  "rules": [\n${rules.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}\n  ]\n}\n`;
}

// ---------------------------------------------------------------- coverage pages

const TARGET_TITLES = { musa: 'MUSA (Moore Threads)', cann: 'CANN (Huawei Ascend)', birensupa: 'BIRENSUPA (Biren)', dcu: 'DCU (Hygon DTK/HIP)' };

export function coveragePages(allRules) {
  const pages = {};
  for (const t of TARGETS) {
    const byLibrary = new Map();
    for (const r of allRules) {
      const lib = r.library;
      let e = byLibrary.get(lib);
      if (!e) byLibrary.set(lib, (e = { total: 0, status: Object.fromEntries(STATUSES.map((s) => [s, 0])), confirmed: 0, inferred: 0 }));
      e.total++;
      e.status[r.targets[t].status]++;
      e[r.targets[t].confidence]++;
    }
    const total = { total: 0, status: Object.fromEntries(STATUSES.map((s) => [s, 0])), confirmed: 0, inferred: 0 };
    const rows = [...byLibrary.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([lib, e]) => {
      total.total += e.total;
      for (const s of STATUSES) total.status[s] += e.status[s];
      total.confirmed += e.confirmed;
      total.inferred += e.inferred;
      return `| ${lib} | ${e.total} | ${STATUSES.map((s) => e.status[s]).join(' | ')} | ${e.confirmed} | ${e.inferred} |`;
    });
    pages[`${t}.md`] = [
      `# Rule-table coverage: ${TARGET_TITLES[t]}`,
      '',
      'Generated by `scripts/generate-rules.mjs` from the rule table (hand-curated `rules/*.yaml` and generated `rules/generated/*.json`); do not edit.',
      'Each CUDA name has one verdict per target; `confirmed` means a public source states it, `inferred` that it follows from a naming pattern or from code. Run `cuport rules --stats` for the same figures, or `cuport explain NAME` for one name with its source.',
      '',
      `| library | names | ${STATUSES.join(' | ')} | confirmed | inferred |`,
      `|---|---:|${STATUSES.map(() => '---:').join('|')}|---:|---:|`,
      ...rows,
      `| **all** | **${total.total}** | ${STATUSES.map((s) => `**${total.status[s]}**`).join(' | ')} | **${total.confirmed}** | **${total.inferred}** |`,
      '',
    ].join('\n');
  }
  return pages;
}

function allRules(handFiles, generatedFiles) {
  return [...handFiles, ...Object.values(generatedFiles)].flatMap((doc) => doc.rules.map((r) => ({ ...r, library: doc.library })));
}

/** Everything the generator writes: path relative to the repository root → content. */
export function generatedOutputs(rulesDir = join(ROOT, 'rules')) {
  const handFiles = handCuratedFiles(rulesDir);
  const { files, excluded } = generate(rulesDir, handFiles);
  const outputs = {};
  for (const [name, doc] of Object.entries(files)) outputs[`rules/generated/${name}`] = renderRuleFile(doc);
  for (const [name, page] of Object.entries(coveragePages(allRules(handFiles, files)))) outputs[`docs/coverage/${name}`] = page;
  return { outputs, excluded };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const outRoot = values.out ?? ROOT;
  const { outputs, excluded } = generatedOutputs();
  rmSync(join(outRoot, 'rules', 'generated'), { recursive: true, force: true });
  for (const [path, content] of Object.entries(outputs)) {
    mkdirSync(dirname(join(outRoot, path)), { recursive: true });
    writeFileSync(join(outRoot, path), content);
  }
  const count = Object.entries(outputs).filter(([p]) => p.startsWith('rules/')).reduce((n, [, c]) => n + (c.match(/^    \{/gm)?.length ?? 0), 0);
  process.stdout.write(`generated ${count} rules in ${Object.keys(outputs).filter((p) => p.startsWith('rules/')).length} files; ${excluded.length} plain C/C++ names left out\n`);
}
