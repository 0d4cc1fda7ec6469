// CMake: a small tokenizer (line and bracket comments, quoted and bracket arguments, nested parentheses)
// turns the file into commands with their arguments; each command is then read for the CUDA language,
// FindCUDA / CUDAToolkit, CUDA:: targets, CUDA architectures, nvcc flags, .cu sources and CUDA variables.
// Comments never produce findings; message() text is prose and is not read.
import type { RawFinding } from '../../model.js';
import type { MatchTable } from '../../rules/match-table.js';
import { BUILD_TOKENS, FindingSink, OncePerLine, type BuildToken } from './findings.js';
import { classifyWord, trimWord } from './words.js';

export interface CMakeArg {
  text: string;
  start: number;
  end: number;
  quoted: boolean;
}

export interface CMakeCommand {
  name: string;
  start: number;
  end: number;
  args: CMakeArg[];
}

/** The FindCUDA module's macros (deprecated since CMake 3.10, still common). */
const FIND_CUDA_MACROS = /^cuda_(add_library|add_executable|compile\w*|wrap_srcs|include_directories|add_cublas_to_target|add_cufft_to_target|select_nvcc_arch_flags|build_clean_target|link_separable_compilation_objects)$/i;
const ARCH_VARIABLE = /^(CMAKE_)?CUDA_ARCHITECTURES$|^TORCH_CUDA_ARCH_LIST$|^CUDA_ARCH_(LIST|BIN|PTX)$/;
const FLAG_VARIABLE = /^CMAKE_CUDA_FLAGS(_[A-Z]+)?$|^CUDA_NVCC_FLAGS(_[A-Z]+)?$|^(CMAKE_)?CUDA_SEPARABLE_COMPILATION$|^CUDA_RESOLVE_DEVICE_SYMBOLS$|^CUDA_PROPAGATE_HOST_FLAGS$|^CMAKE_CUDA_HOST_COMPILER$/;
const COMPILER_VARIABLE = /^CMAKE_CUDA_COMPILER$|^CUDA_NVCC_EXECUTABLE$/;
const TOOLKIT_VARIABLE = /^(CUDA_TOOLKIT_ROOT_DIR|CUDAToolkit_ROOT|CUDA_HOME|CUDA_PATH|CUDAToolkit_BIN_DIR|CUDA_TOOLKIT_INCLUDE|CUDAToolkit_INCLUDE_DIRS|CUDAToolkit_LIBRARY_DIR)$/;
/** Variables the FindCUDA and FindCUDAToolkit modules define, and CMake's own CMAKE_CUDA_* (a project's own
 *  CUDA_KERNEL_SOURCE is not one of them). */
const CUDA_VARIABLE = /^CUDA_(FOUND|VERSION\w*|SDK_ROOT_DIR|INCLUDE_DIRS|LIBRARIES|\w+_LIBRARY|\w+_LIBRARIES|HOST_COMPILER|64_BIT_DEVICE_CODE|BUILD_\w+|GENERATED_OUTPUT_DIR|HOST_COMPILATION_CPP|VERBOSE_BUILD|USE_STATIC_CUDA_RUNTIME|LINK_LIBRARIES_KEYWORD|TOOLKIT_INCLUDE)$|^CUDAToolkit_[A-Za-z0-9_]+$|^CMAKE_CUDA_[A-Z0-9_]+$/;
const CUDA_LIBRARY_PACKAGES = /^(NCCL|CUDNN|cuDNN|TensorRT|NVTX|CUPTI)$/;

export function detectCMake(text: string, table: MatchTable): RawFinding[] {
  const sink = new FindingSink(table, text);
  for (const command of parseCMake(text)) readCommand(command, sink);
  return sink.findings;
}

function readCommand(command: CMakeCommand, sink: FindingSink): void {
  const name = command.name.toLowerCase();
  if (name === 'message') return; // prose for the user
  const once = new OncePerLine();
  const report = (token: BuildToken, what: string, start: number, end: number) => sink.tokenOncePerLine(once, token, what, start, end);
  const args = command.args;
  const upper = (a: CMakeArg) => (a.quoted ? '' : a.text);
  // Arguments handed to nvcc (set(CMAKE_CUDA_FLAGS ...), $<COMPILE_LANGUAGE:CUDA>:...): ambiguous nvcc options count.
  const nvccContext = args.some((a) => FLAG_VARIABLE.test(a.text) || /\$\{(CMAKE_CUDA_FLAGS|CUDA_NVCC_FLAGS)\}|COMPILE_LANG(UAGE|_AND_ID):CUDA/.test(a.text));

  if (name === 'project') {
    for (const a of args.slice(1)) if (upper(a) === 'CUDA') report(BUILD_TOKENS.cmakeLanguage, 'project(... CUDA)', a.start, a.end);
  } else if (name === 'enable_language' || name === 'check_language') {
    for (const a of args) if (upper(a) === 'CUDA') report(BUILD_TOKENS.cmakeLanguage, `${command.name}(CUDA)`, command.start, a.end);
  } else if (name === 'find_package' && args[0]) {
    const pkg = args[0].text;
    if (pkg === 'CUDA') report(BUILD_TOKENS.cmakeFindCuda, 'find_package(CUDA)', command.start, args[0].end);
    else if (pkg === 'CUDAToolkit') report(BUILD_TOKENS.cmakeFindToolkit, 'find_package(CUDAToolkit)', command.start, args[0].end);
    else if (CUDA_LIBRARY_PACKAGES.test(pkg)) report(BUILD_TOKENS.cudaLib, `find_package(${pkg})`, command.start, args[0].end);
  } else if (FIND_CUDA_MACROS.test(name)) {
    report(BUILD_TOKENS.cmakeFindCudaMacro, command.name, command.start, command.start + command.name.length);
  }

  args.forEach((a, i) => {
    // set_source_files_properties(x.cpp PROPERTIES LANGUAGE CUDA) compiles a C++ file as CUDA.
    if (!a.quoted && a.text === 'CUDA' && args[i - 1]?.text === 'LANGUAGE') {
      report(BUILD_TOKENS.cmakeLanguage, 'LANGUAGE CUDA', args[i - 1]!.start, a.end);
    }
    for (const m of a.text.matchAll(/CUDA::[A-Za-z0-9_]+/g)) {
      report(BUILD_TOKENS.cudaLib, m[0], a.start + offsetIn(a, m.index!), a.start + offsetIn(a, m.index!) + m[0].length);
    }
    for (const m of a.text.matchAll(/\$<(?:\$<)?COMPILE_LANG(?:UAGE|_AND_ID):CUDA\b[^>]*>/g)) {
      report(BUILD_TOKENS.nvccFlag, '$<COMPILE_LANGUAGE:CUDA>', a.start + offsetIn(a, m.index!), a.start + offsetIn(a, m.index!) + m[0].length);
    }
    // Variables: a bare argument (set(CMAKE_CUDA_ARCHITECTURES ...), if(CUDA_FOUND)) or ${...} references.
    const variables: [name: string, start: number, end: number][] = [];
    if (!a.quoted && /^[A-Za-z_][A-Za-z0-9_]*$/.test(a.text)) variables.push([a.text, a.start, a.end]);
    for (const m of a.text.matchAll(/\$(?:ENV)?\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
      const at = a.start + offsetIn(a, m.index!);
      variables.push([m[1]!, at, at + m[0].length]);
    }
    for (const [variable, at, end] of variables) {
      const token = ARCH_VARIABLE.test(variable) ? BUILD_TOKENS.cudaArch
        : FLAG_VARIABLE.test(variable) ? BUILD_TOKENS.nvccFlag
        : COMPILER_VARIABLE.test(variable) ? BUILD_TOKENS.nvcc
        : TOOLKIT_VARIABLE.test(variable) ? BUILD_TOKENS.toolkitPath
        : CUDA_VARIABLE.test(variable) ? BUILD_TOKENS.cmakeVariable
        : undefined;
      if (token) report(token, variable, at, end);
    }
    // Flags, -l libraries, /usr/local/cuda and .cu sources, word by word (a quoted argument may hold several).
    for (const m of a.text.matchAll(/[^\s;]+/g)) {
      const token = classifyWord(trimWord(m[0]), { nvcc: nvccContext });
      if (!token || (token === BUILD_TOKENS.toolkitPath && variables.some(([v]) => TOOLKIT_VARIABLE.test(v)))) continue;
      const at = a.start + offsetIn(a, m.index!);
      report(token, m[0].replace(/^["']|["']$/g, ''), at, at + m[0].length);
    }
  });
}

/** Offset of a position in an argument's text relative to the argument's start (quoted text starts after the quote). */
function offsetIn(a: CMakeArg, index: number): number {
  return (a.quoted ? 1 : 0) + index;
}

/** The last file parsed: the detector and the build-selection reader (src/scope/build-selection.ts) read
 *  the same file one after the other, and share one parse. Callers only read the commands. */
let lastParse: { text: string; commands: CMakeCommand[] } | undefined;

/** Commands of a CMake file, comments skipped. Malformed input ends the current command, never throws. */
export function parseCMake(text: string): CMakeCommand[] {
  if (lastParse?.text === text) return lastParse.commands;
  const commands = parseCommands(text);
  lastParse = { text, commands };
  return commands;
}

function parseCommands(text: string): CMakeCommand[] {
  const commands: CMakeCommand[] = [];
  let i = 0;
  const n = text.length;

  /** If a bracket `[==[` opens at j, the index after its matching close, else -1. */
  const skipBracket = (j: number): number => {
    const open = /^\[(=*)\[/.exec(text.slice(j, j + 64));
    if (!open) return -1;
    const close = `]${open[1]}]`;
    const end = text.indexOf(close, j + open[0].length);
    return end < 0 ? n : end + close.length;
  };
  const skipComment = (j: number): number => {
    const bracket = skipBracket(j + 1);
    if (bracket >= 0) return bracket;
    const eol = text.indexOf('\n', j);
    return eol < 0 ? n : eol;
  };

  while (i < n) {
    const c = text[i]!;
    if (c === '#') {
      i = skipComment(i);
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 128));
    if (!ident) {
      i++;
      continue;
    }
    const nameStart = i;
    let j = i + ident[0].length;
    while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
    if (text[j] !== '(') {
      i = j;
      continue;
    }
    j++;
    const args: CMakeArg[] = [];
    let depth = 1;
    while (j < n && depth > 0) {
      const d = text[j]!;
      if (d === '#') {
        j = skipComment(j);
      } else if (d === '"') {
        let k = j + 1;
        while (k < n && text[k] !== '"') k += text[k] === '\\' ? 2 : 1;
        args.push({ text: text.slice(j + 1, Math.min(k, n)), start: j, end: Math.min(k + 1, n), quoted: true });
        j = k + 1;
      } else if (d === '[' && skipBracket(j) >= 0) {
        const end = skipBracket(j);
        args.push({ text: text.slice(j, end), start: j, end, quoted: true });
        j = end;
      } else if (d === '(') {
        depth++;
        j++;
      } else if (d === ')') {
        depth--;
        j++;
      } else if (/\s/.test(d)) {
        j++;
      } else {
        let k = j;
        // An unquoted argument; `$<...>` generator expressions and `${...}` may hold spaces-free parentheses.
        while (k < n && !/[\s()#"]/.test(text[k]!)) {
          if (text[k] === '\\') k++;
          k++;
        }
        if (k === j) k++;
        args.push({ text: text.slice(j, k), start: j, end: k, quoted: false });
        j = k;
      }
    }
    commands.push({ name: ident[0], start: nameStart, end: j, args });
    i = j;
  }
  return commands;
}
