// The macro table of one file: which #define'd names stand for CUDA function qualifiers
// (`#define DEVICE_FUNCTION static inline __device__`) and which function-like macros expand to the head
// of a kernel or device function (`#define DEFINE_K(name, ...) template<...> __global__ void name(...)`).
// Read from the raw text before parsing: a qualifier macro's uses are blanked (same length, so every
// position holds) so that tree-sitter sees a plain function, and the blanked spans say which
// qualifiers the function head carried. The file's own #defines, a few well-known library macros and,
// on a second pass, the definitions its project headers export (src/scan/macro-imports.ts: the scan
// gathers them through the include graph and caches that result under a key that holds them) are read.
// Function-like macros that define a kernel with its body (`#define DEFINE_K(name) __global__ void
// name##_kernel(...) { ... }`) are body macros, expanded at their uses by src/kernels/macro-kernels.ts. Head,
// instantiation and body macros mean, at each use, the definition in force there (definitionAt).

export interface Qualifiers {
  global: boolean;
  device: boolean;
}

/** A function-like macro whose expansion is a function head (`__global__ void NAME(...)`), no body. */
export interface HeadMacro extends Qualifiers {
  /** Index of the macro parameter that names the function. */
  nameParam: number;
  /** `template<...>` at the start of the expansion. */
  template: boolean;
}

/** A function-like macro whose expansion explicitly instantiates a kernel:
 *  `#define INST(T) template __global__ void k<T, 4>(T*);` gives k an instantiation per use. */
export interface InstantiationMacro {
  kernel: string;
  /** The template arguments as written in the macro body (parameters substituted at each use). */
  templateArgs: string;
  params: string[];
}

/** A function-like macro whose expansion defines a kernel (and maybe device functions beside it), body included
 *  (`#define DEFINE_K(name, op) __global__ void name##_kernel(float* y) { op; }`): each use site defines
 *  one, named from the arguments (src/kernels/macro-kernels.ts expands and profiles it there). */
export interface BodyMacro {
  params: string[];
  /** The body as written, one line per line of the #define (comments removed), qualifier macros left as
   *  they are. */
  body: string;
}

/** One #define or #undef of a function-like macro's name: what the name means from `offset` on. */
export interface MacroVersion {
  /** Offset of the directive in the file's text; -1 for a definition imported from a header. */
  offset: number;
  head?: HeadMacro;
  instantiations?: InstantiationMacro[];
  body?: BodyMacro;
}

export interface MacroTable {
  qualifiers: Map<string, Qualifiers>;
  /** Head, instantiation and body macros by name: the last definition of each (imported ones first). At a
   *  use site, definitionAt() says which is in force there. */
  heads: Map<string, HeadMacro>;
  instantiations: Map<string, InstantiationMacro[]>;
  bodies: Map<string, BodyMacro>;
  /** Per name of a head, instantiation or body macro: each #define and #undef of it, in text order. */
  versions: Map<string, MacroVersion[]>;
}

/**
 * The meaning of a function-like macro at a use site (an offset in the file's text): the last #define or
 * #undef before it in the file; before the file's first directive for the name, the imported definition
 * (a header's, included above). A name the file #undefs and redefines means, at each use, the definition
 * in force there, as the preprocessor reads it.
 */
export function definitionAt(table: MacroTable, name: string, offset: number): MacroVersion | undefined {
  const versions = table.versions.get(name);
  if (!versions) return undefined;
  let found: MacroVersion | undefined;
  for (const v of versions) {
    if (v.offset >= offset) break;
    found = v;
  }
  return found;
}

/** Library macros that expand to qualifiers, as their public headers define them:
 *  c10/macros/Macros.h (PyTorch), cutlass/detail/helper_macros.hpp and cute/config.hpp (CUTLASS). */
const LIBRARY_QUALIFIERS: Record<string, Qualifiers> = Object.assign(Object.create(null) as Record<string, Qualifiers>, {
  C10_HOST_DEVICE: { global: false, device: true },
  C10_DEVICE: { global: false, device: true },
  C10_HOST: { global: false, device: false },
  CUTLASS_HOST_DEVICE: { global: false, device: true },
  CUTLASS_DEVICE: { global: false, device: true },
  CUTLASS_HOST: { global: false, device: false },
  CUTLASS_GLOBAL: { global: true, device: false },
  CUTE_HOST_DEVICE: { global: false, device: true },
  CUTE_DEVICE: { global: false, device: true },
  CUTE_HOST: { global: false, device: false },
});

/** The library qualifier macros' names: a file using one has device code without writing `__device__`
 *  (src/scan/prefilter.ts must let it through to the profiler). */
export const LIBRARY_QUALIFIER_MACROS: readonly string[] = Object.keys(LIBRARY_QUALIFIERS).filter((m) => LIBRARY_QUALIFIERS[m]!.device || LIBRARY_QUALIFIERS[m]!.global);

/** Words a qualifier macro may expand to besides other qualifier macros. */
const QUALIFIER_WORDS = new Set([
  'static', 'inline', '__inline__', '__inline', '__forceinline__', '__forceinline', '__noinline__', 'constexpr', 'extern',
  '__device__', '__host__', '__global__',
]);
/** Never macro names: the keywords themselves (`#define __device__` for host compilers). */
const KEYWORDS = new Set([...QUALIFIER_WORDS, '__shared__', '__constant__', '__managed__', '__restrict__']);

/** One `#define` as written (continuations joined, comments removed): serialisable, so that a header's
 *  definitions travel in its cached FileResult (`macroDefinitions`) to the files including it. */
export interface MacroDefinition {
  name: string;
  params?: string[];
  body: string;
  /** For a body that defines a function: offsets in `body` where a continued line of the #define ended. */
  breaks?: number[];
  /** Where it takes effect in the text whose table holds it: in a file's exports, its directive's offset
   *  there (to order it among that file's own #includes); imported, the offset of the including file's
   *  #include it came through (src/scan/macro-imports.ts). Absent: before everything. */
  offset?: number;
  /** An #undef (body ''): in a file including the header, it ends the name's definition in force above it
   *  (another header's, included earlier). */
  undef?: true;
}

// Comments and strings are skipped so that a #define in a comment is no definition.
const DEFINES = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\n])*"|^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(\([^)]*\))?((?:\\\r?\n|[^\n])*)|^[ \t]*#[ \t]*undef[ \t]+([A-Za-z_]\w*)/gm;

interface Directives {
  defines: MacroDefinition[];
  /** The names whose last directive is an #undef (not visible after it). */
  undefined: Set<string>;
  /** Every #undef: the name and the directive's offset. */
  undefs: { name: string; offset: number }[];
}

/** The file's #defines in order (each with its offset), and its #undefs. */
function readDirectives(text: string): Directives {
  const defines: MacroDefinition[] = [];
  const undefs = new Set<string>();
  const undefAt: { name: string; offset: number }[] = [];
  DEFINES.lastIndex = 0;
  for (let m = DEFINES.exec(text); m; m = DEFINES.exec(text)) {
    if (m[4]) {
      undefs.add(m[4]);
      undefAt.push({ name: m[4], offset: m.index });
      continue;
    }
    if (!m[1]) continue;
    // Continuations joined (a line comment runs on over them, as in the preprocessor), comments removed;
    // where each joined line ended is kept for a body that defines a function (its line count).
    const joined = (m[3] ?? '').replace(/\\\r?\n/g, LINE_END).replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/, '');
    const spaced = joined.replaceAll(LINE_END, ' ');
    const body = spaced.trim();
    const params = m[2] ? m[2].slice(1, -1).split(',').map((p) => p.trim()).filter(Boolean) : undefined;
    undefs.delete(m[1]);
    const breaks = params && body.includes('{') ? lineEnds(joined, spaced.length - spaced.trimStart().length, body.length) : [];
    defines.push({ name: m[1], ...(params ? { params } : {}), body, offset: m.index, ...(breaks.length ? { breaks } : {}) });
  }
  return { defines, undefined: undefs, undefs: undefAt };
}

/** Stands for a joined line continuation while a body is read (never in source text that matters). */
const LINE_END = '\u0001';

/** Offsets in the trimmed body (which starts at `lead` in `joined`) where a continued line ended. */
function lineEnds(joined: string, lead: number, length: number): number[] {
  const out: number[] = [];
  for (let k = joined.indexOf(LINE_END); k >= 0; k = joined.indexOf(LINE_END, k + 1)) if (k >= lead && k - lead < length) out.push(k - lead);
  return out;
}

const NO_DIRECTIVES: Directives = { defines: [], undefined: new Set<string>(), undefs: [] };
/** readDirectives, skipped when the text has no `define` or `undef` at all. */
function readDirectivesOf(text: string): Directives {
  return text.includes('define') || text.includes('undef') ? readDirectives(text) : NO_DIRECTIVES;
}

/** Whether any library qualifier macro may occur: a cheap test before the regex pass. */
const LIBRARY_HINT = /C10_|CUTLASS_|CUTE_/;

/**
 * The file's macro table. `imported`: definitions its project headers export (src/scan/macro-imports.ts);
 * a name the file defines or #undefs itself keeps the file's own meaning.
 */
export function buildMacroTable(text: string, imported: readonly MacroDefinition[] = [], directives = readDirectivesOf(text)): MacroTable {
  const table: MacroTable = { qualifiers: new Map(), heads: new Map(), instantiations: new Map(), bodies: new Map(), versions: new Map() };
  let defines = directives.defines;
  // Function-like macros are read in preprocessor order (each version in force from its offset), so every
  // imported one counts, at the #include it came through; qualifier macros have no order (#ifdef branches
  // decide together), so there a name the file defines or #undefs itself keeps the file's meaning.
  let ordered: readonly MacroDefinition[] = defines;
  if (imported.length) {
    const own = new Set([...defines.map((d) => d.name), ...directives.undefined]);
    // Imported first: a qualifier macro of the file's own may be defined through a header's.
    defines = [...imported.filter((d) => !d.undef && !own.has(d.name)), ...defines];
    ordered = [...imported, ...directives.defines];
  }
  if (LIBRARY_HINT.test(text)) for (const [name, q] of Object.entries(LIBRARY_QUALIFIERS)) table.qualifiers.set(name, q);
  if (!defines.length) return table;

  // Object-like macros: a name is a qualifier macro when every one of its definitions (#ifdef branches)
  // expands to qualifier words only; its qualifiers are those of any branch. Iterated because a
  // qualifier macro may be defined through another (`#define HDI HD inline`).
  const objectDefs = new Map<string, string[]>();
  const notQualifier = new Set<string>();
  for (const d of defines) {
    if (KEYWORDS.has(d.name)) continue;
    if (d.params) notQualifier.add(d.name);
    else objectDefs.set(d.name, [...(objectDefs.get(d.name) ?? []), d.body]);
  }
  const resolved = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, bodies] of objectDefs) {
      if (resolved.has(name) || notQualifier.has(name)) continue;
      const parsed = bodies.map((b) => qualifierWords(b, table.qualifiers));
      if (parsed.some((p) => p === null)) continue;
      const q = parsed.reduce<Qualifiers>((acc, p) => ({ global: acc.global || p!.global, device: acc.device || p!.device }), { global: false, device: false });
      table.qualifiers.set(name, q);
      resolved.add(name);
      changed = true;
    }
  }
  // A project that defines a library macro's name otherwise (not as qualifiers) keeps its own meaning.
  for (const name of [...notQualifier, ...objectDefs.keys()]) if (!resolved.has(name)) table.qualifiers.delete(name);

  // Function-like macros that make kernels: each definition is a version of its name, in force from its
  // directive on; an #undef ends it; a name with none of them in force at a use is no such macro there.
  for (const d of ordered) {
    const version: MacroVersion = { offset: d.offset ?? -1 };
    if (d.undef) {
      table.versions.get(d.name)?.push(version);
      continue;
    }
    if (d.params) {
      const head = headMacro(d, table.qualifiers);
      if (head) table.heads.set(d.name, (version.head = head));
      const inst = instantiationMacros(d, table.qualifiers);
      if (inst.length) table.instantiations.set(d.name, (version.instantiations = inst));
      const body = bodyMacro(d, table.qualifiers);
      if (body) table.bodies.set(d.name, (version.body = body));
    }
    const list = table.versions.get(d.name);
    if (version.head || version.instantiations || version.body) {
      if (list) list.push(version);
      else table.versions.set(d.name, [version]);
    } else if (list) list.push(version); // redefined as something else: not a kernel macro from here on
  }
  for (const u of directives.undefs) table.versions.get(u.name)?.push({ offset: u.offset });
  // Stable: the versions one #include brings share its offset and keep the order the headers give them.
  for (const list of table.versions.values()) list.sort((a, b) => a.offset - b.offset);
  return table;
}

/** Qualifier macros in a macro body replaced by the qualifiers they stand for (`KERNEL void k(...)` with
 *  `#define KERNEL extern "C" __global__` reads `__global__ void k(...)`). */
function withQualifiers(body: string, qualifiers: Map<string, Qualifiers>): string {
  if (!qualifiers.size) return body;
  return body.replace(/[A-Za-z_]\w*/g, (w) => {
    const q = qualifiers.get(w);
    return q ? `${q.global ? '__global__' : ''} ${q.device ? '__device__' : ''}` : w;
  });
}

/** A definition of a kernel or device function with its body, named by a macro parameter (written, or
 *  pasted with `##`): `__global__ void name##_kernel(...) { ... }`. */
function bodyMacro(d: MacroDefinition, qualifiers: Map<string, Qualifiers>): BodyMacro | undefined {
  if (!d.params || !d.body.includes('{')) return undefined;
  // A kernel in it: macros defining device functions only are left alone (CuTe's operator and `abs(C<t>)`
  // overloads, member accessors), whose expansions, out of their class, named like math functions, would
  // be linked as callees of every kernel calling `abs`.
  const expanded = withQualifiers(d.body, qualifiers);
  if (!/\b__global__\b/.test(expanded) || !definesNamedFunction(expanded, d.params)) return undefined;
  let body = d.body;
  for (const k of d.breaks ?? []) body = `${body.slice(0, k)}\n${body.slice(k + 1)}`;
  return { params: d.params, body };
}

/** `__global__ ... NAME(` or `__device__ ... NAME(` with NAME a parameter or pasted from one (`name##_kernel`),
 *  followed by a body. */
function definesNamedFunction(expanded: string, params: readonly string[]): boolean {
  const declarator = /\b__(?:global|device)__\b[^{;]*?((?:[A-Za-z_]\w*\s*##\s*)*[A-Za-z_]\w*)\s*\([^{;]*\{/g;
  for (let m = declarator.exec(expanded); m; m = declarator.exec(expanded)) {
    if (m[1]!.split('##').some((p) => params.includes(p.trim()))) return true;
  }
  return false;
}

/** The qualifiers a macro body stands for, or null when it holds anything but qualifiers. */
function qualifierWords(body: string, known: Map<string, Qualifiers>): Qualifiers | null {
  const q: Qualifiers = { global: false, device: false };
  const rest = body.replace(/__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)/g, ' ').replace(/"C"/g, ' ');
  for (const word of rest.split(/\s+/).filter(Boolean)) {
    const k = known.get(word);
    if (k) {
      q.global ||= k.global;
      q.device ||= k.device;
    } else if (QUALIFIER_WORDS.has(word)) {
      if (word === '__global__') q.global = true;
      else if (word === '__device__') q.device = true;
    } else return null;
  }
  return q;
}

/** `template<...> __global__ void NAME(...)` (no body) with NAME one of the macro's parameters. */
function headMacro(d: MacroDefinition, qualifiers: Map<string, Qualifiers>): HeadMacro | undefined {
  if (d.body.includes('{') || d.body.includes(';')) return undefined;
  const expanded = withQualifiers(d.body, qualifiers);
  const global = /\b__global__\b/.test(expanded);
  const device = /\b__device__\b/.test(expanded);
  if (!global && !device) return undefined;
  // The declarator name: the last identifier before the parameter list's opening parenthesis.
  const m = /([A-Za-z_]\w*)\s*\((?:[^()]|\([^()]*\))*\)\s*$/.exec(expanded);
  const nameParam = m ? d.params!.indexOf(m[1]!) : -1;
  if (nameParam < 0) return undefined;
  return { global, device, nameParam, template: /^\s*template\s*</.test(expanded) };
}

const EXPLICIT_INSTANTIATION = /\btemplate\s+(?:__global__|__device__\s+)?(?:[\w:<>*&\s]*?)\b__global__\s+void\s+([A-Za-z_]\w*)\s*<((?:[^<>]|<[^<>]*>)*)>\s*\(/g;

/** Explicit kernel instantiations in a macro body (`template __global__ void k<T, 4>(...)`, or with
 *  `__global__` through a qualifier macro: `template KERNEL void k<T>(...)`). */
function instantiationMacros(d: MacroDefinition, qualifiers: Map<string, Qualifiers>): InstantiationMacro[] {
  const out: InstantiationMacro[] = [];
  const body = withQualifiers(d.body, qualifiers);
  EXPLICIT_INSTANTIATION.lastIndex = 0;
  for (let m = EXPLICIT_INSTANTIATION.exec(body); m; m = EXPLICIT_INSTANTIATION.exec(body)) {
    out.push({ kernel: m[1]!, templateArgs: m[2]!.trim(), params: d.params! });
  }
  return out;
}

/** Where a qualifier macro was blanked: the character range and what it stood for. */
export interface QualifierSpan extends Qualifiers {
  start: number;
  end: number;
  name: string;
}

export interface MaskedSource {
  text: string;
  spans: QualifierSpan[];
}

/**
 * The text with every use of a qualifier macro in code replaced by spaces (same length: lines and
 * columns of everything else hold). Uses in comments, strings and preprocessor lines are left alone.
 */
export function maskQualifierMacros(text: string, table: MacroTable): MaskedSource {
  if (!table.qualifiers.size) return { text, spans: [] };
  const names = [...table.qualifiers.keys()].sort((a, b) => b.length - a.length).map((n) => n.replace(/[$]/g, '\\$'));
  const pattern = new RegExp(
    String.raw`\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\n])*"|^[ \t]*#(?:\\\r?\n|[^\n])*|\b(${names.join('|')})\b`,
    'gm',
  );
  const spans: QualifierSpan[] = [];
  let out = '';
  let last = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (!m[1]) continue;
    const q = table.qualifiers.get(m[1])!;
    spans.push({ start: m.index, end: m.index + m[1].length, name: m[1], ...q });
    out += text.slice(last, m.index) + ' '.repeat(m[1].length);
    last = m.index + m[1].length;
  }
  if (!spans.length) return { text, spans: [] };
  return { text: out + text.slice(last), spans };
}

/** What a file's parse needs to know of its macros (given to the detector and the kernel profiler). */
export class MacroContext {
  constructor(
    readonly table: MacroTable,
    readonly spans: QualifierSpan[],
    /** The parsed (masked) text, whose indices the tree's nodes carry. */
    readonly source: string,
  ) {}

  /** Qualifiers blanked in a function head [start, end), or in the blank run just before it (a
   *  leading macro is blanked, so the node starts after it): binary search over the sorted spans. */
  qualifiersIn(start: number, end: number): (Qualifiers & { names: string[] }) | undefined {
    if (!this.spans.length) return undefined;
    while (start > 0 && /\s/.test(this.source[start - 1]!)) start--;
    let lo = 0;
    let hi = this.spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.spans[mid]!.start < start) lo = mid + 1;
      else hi = mid;
    }
    let out: (Qualifiers & { names: string[] }) | undefined;
    for (let k = lo; k < this.spans.length && this.spans[k]!.start < end; k++) {
      const s = this.spans[k]!;
      out ??= { global: false, device: false, names: [] };
      out.global ||= s.global;
      out.device ||= s.device;
      out.names.push(s.name);
    }
    return out;
  }
}

/** A C/C++ file's macro context and the text to parse (qualifier macros blanked); `imported` as for
 *  buildMacroTable. */
export function macroContext(text: string, imported?: readonly MacroDefinition[]): { masked: string; context: MacroContext; exports: MacroDefinition[] } {
  const directives = readDirectivesOf(text);
  const table = buildMacroTable(text, imported, directives);
  const masked = maskQualifierMacros(text, table);
  return { masked: masked.text, context: new MacroContext(table, masked.spans, masked.text), exports: exportsOf(directives) };
}

/** Longest body exported: head and qualifier macros are short; a longer one is some other macro. */
const MAX_EXPORTED_BODY = 2000;
const IDENTIFIER = /^[A-Za-z_]\w*$/;
const MACRO_LIKE = /^[A-Z_][A-Z0-9_]*$/;

/**
 * The definitions a file exports to the files including it: those that could make a qualifier, head or
 * instantiation macro there (a qualifier macro may be written through another header's), every
 * definition of such a name (#ifdef branches decide together), none of a name #undef'd after its last
 * definition (a header's private macro); and its #undefs. In file order, each with its offset in the file.
 */
export function exportedDefinitions(text: string): MacroDefinition[] {
  return exportsOf(readDirectivesOf(text));
}

function exportsOf({ defines, undefined: undefs, undefs: undefSites }: Directives): MacroDefinition[] {
  // Every #undef: one of another header's macro ends it in the files including both; one of the file's
  // own private macro ends nothing there but is harmless.
  const undefEntries: MacroDefinition[] = undefSites
    .filter((u) => !KEYWORDS.has(u.name))
    .map((u) => ({ name: u.name, body: '', offset: u.offset, undef: true }));
  const names = new Set<string>();
  for (const d of defines) if (!KEYWORDS.has(d.name) && !undefs.has(d.name) && d.body.length <= MAX_EXPORTED_BODY && mayExport(d)) names.add(d.name);
  if (!names.size) return undefEntries;
  // As written; line ends only where the body defines a function.
  const exported = defines
    .filter((d) => names.has(d.name) && d.body.length <= MAX_EXPORTED_BODY)
    .map((d): MacroDefinition => ({ name: d.name, ...(d.params ? { params: d.params } : {}), body: d.body, ...(d.breaks ? { breaks: d.breaks } : {}), offset: d.offset! }));
  return undefEntries.length ? [...exported, ...undefEntries].sort((a, b) => a.offset! - b.offset!) : exported;
}

function mayExport(d: MacroDefinition): boolean {
  if (!d.params) {
    // Qualifier words or other macros only, at least one of them (`#define HD __host__ __device__`,
    // `#define HDI HD inline`).
    const words = d.body.replace(/__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)/g, ' ').replace(/"C"/g, ' ').split(/\s+/).filter(Boolean);
    return words.length > 0 && words.every((w) => IDENTIFIER.test(w)) && words.some((w) => QUALIFIER_WORDS.has(w) || MACRO_LIKE.test(w));
  }
  // An explicit instantiation, `__global__` written or through a qualifier macro (any macro-like word
  // may be one: the including file's table decides).
  EXPLICIT_INSTANTIATION.lastIndex = 0;
  if (EXPLICIT_INSTANTIATION.test(d.body.replace(/[A-Za-z_]\w*/g, (w) => (MACRO_LIKE.test(w) && !d.params!.includes(w) ? '__global__' : w)))) return true;
  // A body macro: a function named by a parameter, `__global__`/`__device__` written or through a macro.
  if (d.body.includes('{')) return definesNamedFunction(d.body.replace(/[A-Za-z_]\w*/g, (w) => (MACRO_LIKE.test(w) && !d.params!.includes(w) ? '__global__' : w)), d.params);
  // A head: no body, ends with a declarator named by a parameter, with a qualifier or a macro in it.
  if (d.body.includes(';')) return false;
  const m = /([A-Za-z_]\w*)\s*\((?:[^()]|\([^()]*\))*\)\s*$/.exec(d.body);
  if (!m || !d.params.includes(m[1]!)) return false;
  return (d.body.match(/[A-Za-z_]\w*/g) ?? []).some((w) => !d.params!.includes(w) && (QUALIFIER_WORDS.has(w) || MACRO_LIKE.test(w)));
}

/** The names of an imported table that could change a file's scan: qualifier macros standing for a CUDA
 *  qualifier (directly or through another), head and instantiation macros. A library macro imported with
 *  the meaning cuport already gives it (CUTLASS_DEVICE from cutlass's own header) changes nothing. */
export function effectiveImportedNames(imported: readonly MacroDefinition[]): string[] {
  if (!imported.length) return [];
  const table = buildMacroTable('', imported);
  const cuda = new Set<string>();
  const bodies = new Map<string, string[]>();
  for (const d of imported) if (!d.params && !d.undef) bodies.set(d.name, [...(bodies.get(d.name) ?? []), d.body]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name] of table.qualifiers) {
      if (cuda.has(name)) continue;
      const words = (bodies.get(name) ?? []).flatMap((b) => b.split(/\s+/));
      if (words.some((w) => /^__(device|global|host|forceinline|noinline)__$/.test(w) || cuda.has(w))) {
        cuda.add(name);
        changed = true;
      }
    }
  }
  const out = new Set<string>([...table.heads.keys(), ...table.instantiations.keys(), ...table.bodies.keys()]);
  for (const name of cuda) {
    const q = table.qualifiers.get(name)!;
    const lib = LIBRARY_QUALIFIERS[name];
    if (lib && lib.global === q.global && lib.device === q.device) continue;
    out.add(name);
  }
  return [...out].sort();
}

/** The names a file #defines or #undefs itself (its own meaning wins over a header's). */
export function ownMacroNames(text: string): Set<string> {
  const d = readDirectivesOf(text);
  return new Set([...d.defines.map((x) => x.name), ...d.undefined]);
}
