// Word-level vocabulary shared by every build file: the nvcc compiler, GPU architecture options, nvcc-only
// flags, CUDA libraries on a link line, CUDA toolkit paths and .cu sources. A Makefile recipe, a CMake
// argument list, a Bazel copts list, a Dockerfile RUN line and setup.py's extra_compile_args["nvcc"]
// all spell these the same way.
import { BUILD_TOKENS, OncePerLine, type BuildToken, type FindingSink } from './findings.js';

const NVCC = /^(?:.*\/)?nvcc(?:\.exe)?$/;
const ARCH_OPTION = /^(?:-arch|--gpu-architecture|-gencode|--generate-code|-code|--gpu-code)(?:[= ].*)?$/;
const ARCH_VALUE = /(?:^|[=,\s])(?:sm|compute|lto)_\d+[a-z]?(?:$|[,\s;\]"'>])/;
/** Options only nvcc understands (ambiguous short ones such as -G or -t are left out on purpose). */
const NVCC_FLAG = new RegExp(
  '^(?:-Xcompiler|-Xptxas|-Xlinker|-Xnvlink|-Xfatbin|--compiler-options|--ptxas-options|--linker-options|' +
    '-?-expt-relaxed-constexpr|-?-expt-extended-lambda|--extended-lambda|-rdc|--relocatable-device-code|-dlink|--device-link|' +
    '-?-use_fast_math|--ftz|--prec-div|--prec-sqrt|--fmad|-lineinfo|--generate-line-info|-?-maxrregcount|--default-stream|' +
    '-ccbin|--compiler-bindir|--resource-usage|-Wno-deprecated-gpu-targets|--disable-warnings|--keep-device-functions|' +
    '-[DU]__CUDA_NO_[A-Z0-9_]+__|--allow-unsupported-compiler|-static-global-template-stub|--diag-suppress|-diag-suppress)(?:[=,].*)?$',
);
/** nvcc options whose spelling other tools share (`-t` is tar's, `-m64` is gcc's): nvcc flags only where the
 *  words are handed to nvcc (an nvcc command line, NVCCFLAGS, CMAKE_CUDA_FLAGS, extra_compile_args["nvcc"]). */
const NVCC_CONTEXT_FLAG = /^(?:-t|--threads)(?:=?\d+)?$|^(?:-m(?:32|64)|--machine(?:=(?:32|64))?)$/;
/** Words that put the rest of a line in an nvcc context: the compiler itself or a make variable holding it. */
const NVCC_CONTEXT_WORD = /^(?:.*\/)?nvcc(?:\.exe)?$|^\$[({](?:NVCC|CUDA_NVCC|CMAKE_CUDA_COMPILER)[)}]$/;
/** A make/shell assignment of nvcc flags: NVCCFLAGS = ..., CUDA_FLAGS += ..., export NVCC_FLAGS=... */
const NVCC_FLAGS_ASSIGNMENT = /^\s*(?:export\s+)?[A-Z0-9_]*(?:NVCC|CUDA|CU)_?FLAGS[A-Z0-9_]*\s*[+:?]?=/;
const NVIDIA_SMI = /^(?:.*\/)?nvidia-smi(?:\.exe)?$/;
const CUDA_LIB = /^-l(?:cudart(?:_static)?|cuda|cudadevrt|culibos|cublas(?:Lt)?(?:_static)?|cudnn\w*|cufft\w*|curand(?:_static)?|cusparse(?:Lt)?(?:_static)?|cusolver\w*|nccl(?:_static)?|nvrtc\w*|nvToolsExt|nvtx3?|nvjpeg\w*|nvidia-ml|nvml|cupti|npp\w*)$/;
const TOOLKIT_PATH = /(?:^|[^\w])\/usr\/local\/cuda(?:-[\d.]+)?(?:$|[^\w-])|(?:^|[^\w])(?:CUDA_HOME|CUDA_PATH|CUDA_ROOT|CUDA_TOOLKIT_ROOT_DIR|CUDAToolkit_ROOT|CUDA_INSTALL_DIR|CUDA_BIN_PATH)(?:$|[^\w])/;
const CU_SOURCE = /\.(?:cu|cuh)$/;
/** TORCH_CUDA_ARCH_LIST="8.0" (env), -DCMAKE_CUDA_ARCHITECTURES=80 (cmake command line). */
const ARCH_SETTING = /^(?:-D)?(?:TORCH_CUDA_ARCH_LIST|CMAKE_CUDA_ARCHITECTURES|CUDA_ARCHITECTURES|CUDAARCHS)(?:=|$)/;

export interface WordContext {
  /** The word is an argument handed to nvcc, so ambiguous nvcc options (-t, -m64) count. */
  nvcc?: boolean;
}

/** A word without the quotes, brackets and commas of the list or string it sits in. */
export function trimWord(raw: string): string {
  return raw.replace(/^["'([{]+|["',)\]}]+$/g, '');
}

/** The build token a single word (trimmed with trimWord) stands for, if any. */
export function classifyWord(word: string, context: WordContext = {}): BuildToken | undefined {
  if (!word) return undefined;
  if (NVCC.test(word)) return BUILD_TOKENS.nvcc;
  if (NVIDIA_SMI.test(word)) return BUILD_TOKENS.nvidiaSmi;
  if (context.nvcc && NVCC_CONTEXT_FLAG.test(word)) return BUILD_TOKENS.nvccFlag;
  if (ARCH_OPTION.test(word) || ARCH_SETTING.test(word) || ARCH_VALUE.test(` ${word} `)) return BUILD_TOKENS.cudaArch;
  if (NVCC_FLAG.test(word)) return BUILD_TOKENS.nvccFlag;
  if (CUDA_LIB.test(word)) return BUILD_TOKENS.cudaLib;
  if (TOOLKIT_PATH.test(word)) return BUILD_TOKENS.toolkitPath;
  if (CU_SOURCE.test(word) && !/[$*]\(|^\W*$/.test(word)) return BUILD_TOKENS.cuSource;
  return undefined;
}

export interface WordScanOptions {
  /** Tokens not to report here (e.g. a Dockerfile reports .cu files only where they are compiled). */
  skip?: ReadonlySet<string>;
  detail?: string;
}

/** Reports the words of `code[from, to)` that belong to the vocabulary, once per token per line. */
export function scanWords(sink: FindingSink, code: string, from: number, to: number, options: WordScanOptions = {}): void {
  const once = new OncePerLine();
  let line = -2; // lastIndexOf gives -1 on the first line: start elsewhere so that line is entered too
  let nvccContext = false;
  const words = /[^\s;]+/g;
  words.lastIndex = from;
  for (let m = words.exec(code); m && m.index < to; m = words.exec(code)) {
    const lineStart = code.lastIndexOf('\n', m.index);
    if (lineStart !== line) {
      line = lineStart;
      const lineEnd = code.indexOf('\n', m.index);
      nvccContext = NVCC_FLAGS_ASSIGNMENT.test(code.slice(lineStart + 1, lineEnd < 0 ? code.length : lineEnd));
    }
    const text = m[0].slice(0, Math.max(0, to - m.index));
    const word = trimWord(text);
    if (NVCC_CONTEXT_WORD.test(word)) nvccContext = true;
    const token = classifyWord(word, { nvcc: nvccContext });
    if (!token || options.skip?.has(token)) continue;
    // TORCH_CUDA_ARCH_LIST="8.0 9.0": the setting's name, not its partial value.
    const name = word.replace(/^((?:-D)?[A-Z][A-Z0-9_]*)=.*$/, '$1');
    const offset = m.index + text.indexOf(name);
    sink.tokenOncePerLine(once, token, name, offset, offset + name.length, options.detail);
  }
}
