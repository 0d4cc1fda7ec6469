// Bazel BUILD / .bzl files (Starlark): rules_cuda / TensorFlow CUDA rules (cuda_library, if_cuda, ...),
// labels of CUDA repositories (@local_config_cuda//cuda:cudart, @rules_cuda//...), and in strings the
// build vocabulary (copts such as -arch=sm_80, .cu sources). `#` comments outside strings are skipped.
import type { RawFinding } from '../../model.js';
import type { MatchTable } from '../../rules/match-table.js';
import { BUILD_TOKENS, FindingSink } from './findings.js';
import { stripHashComments } from './make.js';
import { scanWords } from './words.js';

const CUDA_RULE = /\b((?:tf_)?cuda_(?:library|binary|test|objects|only_cc_library)|if_cuda(?:_is_configured)?|tf_gpu_kernel_library|tf_kernel_library_cuda)\s*\(/g;
const CUDA_LABEL = /["'](@(?:local_config_cuda|rules_cuda|cuda|cuda_cudart|cuda_cublas|cuda_nvcc|cuda_nvrtc|cudnn|nccl_archive|local_config_nccl)\/\/[^"']*)["']/g;

export function detectBazel(text: string, table: MatchTable): RawFinding[] {
  const sink = new FindingSink(table, text);
  const code = stripHashComments(text, { quotes: true });
  for (const m of code.matchAll(CUDA_RULE)) sink.token(BUILD_TOKENS.bazelRule, m[1]!, m.index!, m.index! + m[1]!.length);
  for (const m of code.matchAll(CUDA_LABEL)) sink.token(BUILD_TOKENS.bazelDep, m[1]!, m.index! + 1, m.index! + 1 + m[1]!.length);
  scanWords(sink, code, 0, code.length);
  return sink.findings;
}
