// Python dependency specifications (PEP 508 strings, pip options, conda specs): CUDA wheel indexes
// (download.pytorch.org/whl/cu121), CUDA-tagged versions (+cu121) and extras ([cuda12]), NVIDIA's
// CUDA runtime wheels (nvidia-*-cu12) and conda packages, and CUDA-only packages (flash-attn, cupy-cuda12x,
// ...) mapped to the python-import rule of the module they install. Shared by requirements files,
// pyproject.toml, setup.cfg, environment.yml, setup.py install_requires and `pip install` in Dockerfiles.
import type { RawFinding } from '../../model.js';
import type { MatchTable } from '../../rules/match-table.js';
import { BUILD_TOKENS, FindingSink, moduleRule } from './findings.js';
import { stripHashComments } from './make.js';

/** Distribution name (normalised: lower case, `-` separators) → the module its python-import rule matches. */
const MODULE_OF_DISTRIBUTION: [RegExp, string][] = [
  [/^cupy(-cuda\d+x?|-cuda\d{3})?$/, 'cupy'],
  [/^pycuda$/, 'pycuda'],
  [/^(triton|pytorch-triton|triton-nightly)$/, 'triton'],
  [/^(pynvml|nvidia-ml-py3?)$/, 'pynvml'],
  [/^tensorrt(-cu\d+)?(-libs|-bindings)?$/, 'tensorrt'],
  [/^apex$/, 'apex'],
  [/^flash-attn$/, 'flash_attn'],
  [/^xformers$/, 'xformers'],
  [/^bitsandbytes$/, 'bitsandbytes'],
  [/^deepspeed$/, 'deepspeed'],
  [/^vllm$/, 'vllm'],
  [/^causal-conv1d$/, 'causal_conv1d'],
  [/^mamba-ssm$/, 'mamba_ssm'],
  [/^nvidia-dali(-cuda\d+)?$/, 'nvidia.dali'],
  [/^cuda-python$|^cuda-core$/, 'cuda'],
  [/^cuda-bindings$/, 'cuda.bindings'],
  [/^nvidia-cutlass-dsl$/, 'cutlass.cute'],
  [/^nvidia-cutlass$/, 'cutlass'],
  [/^quack-kernels$/, 'quack'],
  [/^tilelang$/, 'tilelang'],
];

/** Conda packages that are the CUDA toolkit or its libraries. */
const CONDA_CUDA_PACKAGE = /^(cudatoolkit(-dev)?|pytorch-cuda|cuda(-[a-z0-9-]+)?|cudnn|nccl|libcublas\S*|libcusparse\S*|libcufft\S*|libcurand\S*|libnvjitlink\S*|cutensor)$/;
/** A package index serving CUDA wheels: PyTorch's cuXXX indexes, NVIDIA's PyPI, a /cuXXX/ or /whl/cuXXX path.
 *  Shared with pyproject.toml; an index or wheel URL may carry a CUDA local version too (test CUDA_LOCAL_VERSION). */
export const CUDA_INDEX_URL = /download\.pytorch\.org\/whl\/(nightly\/)?cu\d+|pypi\.(ngc\.)?nvidia\.com|\/cu\d{2,3}(\/|\.html|$)|\/whl\/cu(da|\d{2,3}\b)/;
/** A CUDA local version label: torch==2.3.1+cu121. */
export const CUDA_LOCAL_VERSION = /\+cu\d{2,3}\b/;
const CUDA_EXTRA = /^cuda(\d+)?([-_]\w+)?$/i;

export const normaliseDistribution = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');

export interface SpecOptions {
  /** conda specs: `name=version=build`, CUDA toolkit packages. */
  conda?: boolean;
  detail?: string;
}

/** Reads one requirement (or pip option line) found at `offset` in the file. */
export function scanRequirement(sink: FindingSink, spec: string, offset: number, options: SpecOptions = {}): void {
  const lead = spec.length - spec.trimStart().length;
  const text = spec.trim();
  if (!text) return;
  const at = offset + lead;

  // pip options: an index or find-links URL that serves CUDA wheels.
  const option = /^(--extra-index-url|--index-url|-i|--find-links|-f)(\s*=\s*|\s+)(\S+)/.exec(text);
  if (option) {
    const url = option[3]!;
    if (CUDA_INDEX_URL.test(url) || CUDA_LOCAL_VERSION.test(url)) {
      const start = at + option[0].length - url.length;
      sink.token(BUILD_TOKENS.wheelIndex, url, start, start + url.length, options.detail);
    }
    return;
  }
  if (text.startsWith('-')) return; // -r other.txt, -e ., --pre, ...
  if (/^[a-z+]+:\/\//i.test(text)) {
    // A bare URL requirement (a wheel file): its file name carries the CUDA tag.
    if (CUDA_LOCAL_VERSION.test(text) || CUDA_INDEX_URL.test(text)) sink.token(BUILD_TOKENS.wheelTag, text, at, at + text.length, options.detail);
    return;
  }

  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?/.exec(text);
  if (!m) return;
  const name = m[1]!;
  const normalised = normaliseDistribution(name);
  const end = at + text.length;
  const rest = text.slice(m[0].length);

  const module = MODULE_OF_DISTRIBUTION.find(([pattern]) => pattern.test(normalised))?.[1];
  if (module) {
    sink.ref(moduleRule(sink.table, module), name, at, at + name.length, options.detail ?? 'dependency');
  } else if (/^nvidia-.*-cu\d+$/.test(normalised) || (options.conda && CONDA_CUDA_PACKAGE.test(normalised))) {
    sink.token(BUILD_TOKENS.nvidiaWheel, name, at, at + name.length, options.detail);
  } else if (/-cu(da)?\d+x?$/.test(normalised)) {
    sink.token(BUILD_TOKENS.wheelTag, name, at, at + name.length, options.detail);
  }

  const extras = m[2]?.slice(1, -1).split(',').map((e) => e.trim()) ?? [];
  const cudaExtra = extras.find((e) => CUDA_EXTRA.test(e));
  if (cudaExtra) sink.token(BUILD_TOKENS.wheelTag, `${name}[${cudaExtra}]`, at, at + m[0].length, options.detail);
  // torch==2.3.1+cu121, pkg @ https://.../pkg-1.0+cu118-cp310-...whl, conda pytorch=2.1=py3.10_cuda11.8_cudnn8_0
  const tagged = CUDA_LOCAL_VERSION.test(rest) || (options.conda && /(^|[=_])cuda\d/.test(rest));
  if (tagged) sink.token(BUILD_TOKENS.wheelTag, text.replace(/\s*;.*$/, ''), at, end, options.detail);
}

/** requirements*.txt / constraints*.txt: one requirement or pip option per line, `\` continues, `#` after a space comments. */
export function detectPipRequirements(text: string, table: MatchTable): RawFinding[] {
  const sink = new FindingSink(table, text);
  const code = stripHashComments(text, { afterSpaceOnly: true });
  let offset = 0;
  for (const line of code.split('\n')) {
    // Continuation lines (`\` at the end) only carry hashes or markers: each physical line is read alone.
    scanRequirement(sink, line.replace(/\\\s*$/, ''), offset);
    offset += line.length + 1;
  }
  return sink.findings;
}
