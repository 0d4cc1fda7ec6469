// Macros a project defines in its build files: `add_definitions(-DCUDA_HAS_FP16)`,
// `target_compile_definitions(t PRIVATE CUDA_MY_FLAG=1)`, a Makefile's `-DUSE_CUDA_X`, Bazel
// `defines = [...]`, setup.py `define_macros=[("X", None)]` and `"-DX"` in extra_compile_args.
// Such a macro is the project's own: `#ifdef CUDA_HAS_FP16` in its sources is not unknown CUDA.
// Only names are read here; which of them would otherwise be `unrecognized` is the caller's choice.
import type { BuildLanguage } from '../../model.js';

const NAME = /^[A-Za-z_]\w*$/;
/** A -D flag: after a line start, blank, quote, bracket, comma, semicolon or `=` (never inside a word). */
const DASH_D = /(?:^|[\s"'(\[,;=])-D\s?([A-Za-z_]\w*)/gm;
/** CMake commands whose arguments are definitions without -D (keywords and targets are skipped). */
const CMAKE_DEFINITION_COMMANDS = /\b(add_compile_definitions|target_compile_definitions|COMPILE_DEFINITIONS)\b\s*\(?([^)]*)/gi;
const CMAKE_KEYWORDS = new Set(['PRIVATE', 'PUBLIC', 'INTERFACE', 'APPEND', 'PROPERTY', 'TARGET', 'DIRECTORY', 'SOURCE', 'BEFORE']);
/** Bazel: defines = ["X", "Y=1"], local_defines = [...]. */
const BAZEL_DEFINES = /\b(?:local_)?defines\s*=\s*\[([^\]]*)\]/g;
/** setup.py: define_macros=[("X", None), ("Y", "1")]. */
const PY_DEFINE_MACROS = /\bdefine_macros\s*[=+]+\s*\[([^\]]*)\]/g;
const QUOTED = /["']([^"']*)["']/g;
const PY_TUPLE_NAME = /\(\s*["']([A-Za-z_]\w*)["']/g;

const nameOf = (token: string): string | undefined => {
  const bare = token.replace(/^-D/, '').replace(/^\$<.*:/, '').replace(/>+$/, '').split('=')[0]!;
  return NAME.test(bare) ? bare : undefined;
};

/** The macro names a build file (or, for `python`, a setup script) defines for the compiler. */
export function definedMacros(language: BuildLanguage | 'python', text: string): string[] {
  const names = new Set<string>();
  if (!text.includes('-D') && !text.includes('efine')) return [];
  // In Python only quoted flags count ("-DX" in extra_compile_args): `x -D` outside a string is arithmetic.
  const dashText = language === 'python' ? [...text.matchAll(QUOTED)].map((m) => ` ${m[1]}`).join('\n') : text;
  for (const m of dashText.matchAll(DASH_D)) names.add(m[1]!);
  if (language === 'cmake') {
    for (const m of text.matchAll(CMAKE_DEFINITION_COMMANDS)) {
      const args = m[2]!.replace(/["']/g, ' ').split(/\s+/).filter(Boolean);
      // target_compile_definitions(TARGET ...): the first argument is the target, not a macro.
      for (const a of m[1]!.toLowerCase() === 'target_compile_definitions' ? args.slice(1) : args) {
        const n = CMAKE_KEYWORDS.has(a) ? undefined : nameOf(a);
        if (n) names.add(n);
      }
    }
  } else if (language === 'bazel') {
    for (const m of text.matchAll(BAZEL_DEFINES)) for (const q of m[1]!.matchAll(QUOTED)) {
      const n = nameOf(q[1]!);
      if (n) names.add(n);
    }
  } else if (language === 'python') {
    for (const m of text.matchAll(PY_DEFINE_MACROS)) for (const t of m[1]!.matchAll(PY_TUPLE_NAME)) names.add(t[1]!);
  }
  return [...names].sort();
}
