// The macro table of one file: which #define'd names stand for CUDA function qualifiers
// (`#define DEVICE_FUNCTION static inline __device__`) and which function-like macros expand to the head
// of a kernel or device function (`#define DEFINE_K(name, ...) template<...> __global__ void name(...)`).
// Read from the raw text before parsing: a qualifier macro's uses are blanked (same length, so every
// position holds) so that tree-sitter sees a plain function, and the blanked spans say which
// qualifiers the function head carried. Only the file's own #defines and a few well-known library
// macros are read (a header's macros would make a file's result depend on another file's bytes, which
// the per-file cache does not key on).

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

export interface MacroTable {
  qualifiers: Map<string, Qualifiers>;
  heads: Map<string, HeadMacro>;
  instantiations: Map<string, InstantiationMacro[]>;
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

interface Define {
  name: string;
  params?: string[];
  body: string;
}

// Comments and strings are skipped so that a #define in a comment is no definition.
const DEFINES = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\n])*"|^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(\([^)]*\))?((?:\\\r?\n|[^\n])*)/gm;

function readDefines(text: string): Define[] {
  const out: Define[] = [];
  DEFINES.lastIndex = 0;
  for (let m = DEFINES.exec(text); m; m = DEFINES.exec(text)) {
    if (!m[1]) continue;
    const body = (m[3] ?? '').replace(/\\\r?\n/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/, '').trim();
    const params = m[2] ? m[2].slice(1, -1).split(',').map((p) => p.trim()).filter(Boolean) : undefined;
    out.push({ name: m[1], ...(params ? { params } : {}), body });
  }
  return out;
}

/** Whether any library qualifier macro may occur: a cheap test before the regex pass. */
const LIBRARY_HINT = /C10_|CUTLASS_|CUTE_/;

export function buildMacroTable(text: string): MacroTable {
  const table: MacroTable = { qualifiers: new Map(), heads: new Map(), instantiations: new Map() };
  const defines = text.includes('define') ? readDefines(text) : [];
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

  for (const d of defines) {
    if (!d.params) continue;
    const head = headMacro(d, table.qualifiers);
    if (head) table.heads.set(d.name, head);
    const inst = instantiationMacros(d);
    if (inst.length) table.instantiations.set(d.name, inst);
  }
  return table;
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
function headMacro(d: Define, qualifiers: Map<string, Qualifiers>): HeadMacro | undefined {
  if (d.body.includes('{') || d.body.includes(';')) return undefined;
  const expanded = d.body.replace(/[A-Za-z_]\w*/g, (w) => {
    const q = qualifiers.get(w);
    return q ? `${q.global ? '__global__' : ''} ${q.device ? '__device__' : ''}` : w;
  });
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

/** Explicit kernel instantiations in a macro body (`template __global__ void k<T, 4>(...)`). */
function instantiationMacros(d: Define): InstantiationMacro[] {
  const out: InstantiationMacro[] = [];
  EXPLICIT_INSTANTIATION.lastIndex = 0;
  for (let m = EXPLICIT_INSTANTIATION.exec(d.body); m; m = EXPLICIT_INSTANTIATION.exec(d.body)) {
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

/** A C/C++ file's macro context and the text to parse (qualifier macros blanked). */
export function macroContext(text: string): { masked: string; context: MacroContext } {
  const table = buildMacroTable(text);
  const masked = maskQualifierMacros(text, table);
  return { masked: masked.text, context: new MacroContext(table, masked.spans, masked.text) };
}
