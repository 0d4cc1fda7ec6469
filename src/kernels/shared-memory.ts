// Shared memory per kernel in bytes, where the code makes it computable: static `__shared__` arrays whose
// element type and sizes are literal (the profiler's "N bytes" detail, kernel and callees, each declaration
// once) and dynamic shared memory from a launch's third <<<>>> argument when it is a constant expression
// (digits, + - * / ( ) and sizeof of a known type). Compared with a target's per-block limit where a public
// source states one in src/kernels/shared-memory-limits.ts (rules/kernels/hazards.yaml sharedMemoryLimits).
// Per instantiation: a template kernel's own `__shared__ T a[N * 2]` is evaluated for each known argument
// list (explicit instantiations, a launch's template arguments) with the kernel's template parameters
// substituted; an instantiation is given only when every unsized array of the kernel (none in a callee,
// whose parameters are others) evaluates. constexpr sizes and arrays in callees stay `unsized`.
import type { Evidence, KernelProfile } from './model.js';
import { templateListParts } from './instantiations.js';

export interface SharedMemory {
  /** Sum of the static arrays whose size is known. */
  staticBytes: number;
  /** Static arrays whose size is not a literal (template type, constexpr size): not in staticBytes. */
  unsized: number;
  /** The largest constant dynamic size over the kernel's launches, when one is constant. */
  dynamicBytes?: number;
  /** Static bytes per known instantiation (argument list as written, sorted), when the unsized arrays are
   *  sized by the kernel's template parameters: staticBytes plus those arrays with the arguments substituted. */
  instantiations?: { templateArgs: string; staticBytes: number }[];
}

/** What per-instantiation sizes need: the kernel's template parameter names and its known argument lists. */
export interface TemplateUse {
  params: string[];
  argLists: string[];
}

/** At most this many instantiations are listed per kernel. */
const MAX_INSTANTIATIONS = 16;

const SIZEOF: Record<string, number> = Object.assign(Object.create(null) as Record<string, number>, {
  char: 1, int8_t: 1, uint8_t: 1, bool: 1, short: 2, half: 2, __half: 2, __nv_bfloat16: 2, int16_t: 2, uint16_t: 2,
  int: 4, unsigned: 4, float: 4, int32_t: 4, uint32_t: 4, half2: 4, __half2: 4, double: 8, int64_t: 8, uint64_t: 8, long: 8, float2: 8, float4: 16, int4: 16,
});

/** The value of a constant shared-memory size expression, else undefined. */
export function constantBytes(expr: string): number | undefined {
  const replaced = expr.replace(/sizeof\s*\(\s*([A-Za-z_]\w*)\s*\)/g, (m, t: string) => (SIZEOF[t] !== undefined ? String(SIZEOF[t]) : m)).replace(/(\d+)[uUlL]+\b/g, '$1');
  if (!/^[\d\s+\-*/()]+$/.test(replaced)) return undefined;
  // Only digits and arithmetic remain: evaluate with precedence by a tiny recursive-descent parser.
  let k = 0;
  const s = replaced.replace(/\s+/g, '');
  const num = (): number | undefined => {
    if (s[k] === '(') { k++; const v = sum(); if (s[k] !== ')') return undefined; k++; return v; }
    const m = /^\d+/.exec(s.slice(k));
    if (!m) return undefined;
    k += m[0].length;
    return Number(m[0]);
  };
  const prod = (): number | undefined => {
    let v = num();
    while (v !== undefined && (s[k] === '*' || s[k] === '/')) { const op = s[k++]; const r = num(); if (r === undefined || (op === '/' && r === 0)) return undefined; v = op === '*' ? v * r : Math.floor(v / r); }
    return v;
  };
  const sum = (): number | undefined => {
    let v = prod();
    while (v !== undefined && (s[k] === '+' || s[k] === '-')) { const op = s[k++]; const r = prod(); if (r === undefined) return undefined; v = op === '+' ? v + r : v - r; }
    return v;
  };
  const v = sum();
  return v !== undefined && k === s.length ? v : undefined;
}

/** `__shared__ T name[E1][E2];` (the declaration's text): element type and size expressions. */
function sharedArray(text: string): { type: string; sizes: string[] } | undefined {
  const m = /__shared__\s+((?:(?:const|volatile|unsigned|signed)\s+)*[A-Za-z_][\w:]*)\s+[A-Za-z_]\w*\s*((?:\[[^\[\]]+\]\s*)+);?\s*$/.exec(text.replace(/__align__\s*\(\s*\d+\s*\)|alignas\s*\(\s*\d+\s*\)/g, ' ').trim());
  if (!m) return undefined;
  return { type: m[1]!.replace(/\b(const|volatile)\s+/g, ''), sizes: [...m[2]!.matchAll(/\[([^\[\]]+)\]/g)].map((x) => x[1]!) };
}

/** Bytes of one unsized array with the template arguments substituted, else undefined. */
function arrayBytes(text: string, binding: Map<string, string>): number | undefined {
  const a = sharedArray(text);
  if (!a) return undefined;
  const bind = (expr: string) => expr.replace(/[A-Za-z_]\w*/g, (w) => binding.get(w) ?? w);
  const element = SIZEOF[bind(a.type).replace(/\s+/g, ' ').trim()];
  if (element === undefined) return undefined;
  let total = element;
  for (const size of a.sizes) {
    const v = constantBytes(bind(size));
    if (v === undefined || v <= 0) return undefined;
    total *= v;
  }
  return total;
}

/** Static bytes per argument list, for the lists under which every unsized array evaluates. */
function perInstantiation(staticBytes: number, unsized: Evidence[], use: TemplateUse): SharedMemory['instantiations'] {
  if (!unsized.length || !use.params.some(Boolean) || unsized.some((e) => e.via || e.file)) return undefined;
  const out: { templateArgs: string; staticBytes: number }[] = [];
  for (const args of [...new Set(use.argLists)].sort()) {
    const values = templateListParts(args);
    const binding = new Map<string, string>();
    use.params.forEach((p, k) => {
      // Parenthesized so that `N * 2` with N = `4 + 4` keeps its meaning.
      if (p && values[k] !== undefined) binding.set(p, /^[\w:]+$/.test(values[k]!) ? values[k]! : `(${values[k]})`);
    });
    let total = staticBytes;
    for (const e of unsized) {
      const b = arrayBytes(e.text, binding);
      if (b === undefined) {
        total = -1;
        break;
      }
      total += b;
    }
    if (total >= 0) out.push({ templateArgs: args.trim(), staticBytes: total });
  }
  return out.length ? out.slice(0, MAX_INSTANTIATIONS) : undefined;
}

/** From the kernel's full (uncapped) evidence and its launches; `use` for per-instantiation sizes. */
export function sharedMemory(evidence: Evidence[], launches: KernelProfile['launches'], use?: TemplateUse): SharedMemory | undefined {
  const seen = new Set<string>();
  let staticBytes = 0;
  let unsized = 0;
  const unsizedEvidence: Evidence[] = [];
  for (const e of evidence) {
    if (e.feature !== 'shared-static' || e.possible) continue;
    const key = `${e.file ?? ''}:${e.line}:${e.column}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const m = /^(\d+) bytes$/.exec(e.detail ?? '');
    if (m) staticBytes += Number(m[1]);
    else {
      unsized++;
      unsizedEvidence.push(e);
    }
  }
  let dynamicBytes: number | undefined;
  for (const l of launches) {
    const b = l.config?.sharedMem ? constantBytes(l.config.sharedMem) : undefined;
    if (b !== undefined && b > 0) dynamicBytes = Math.max(dynamicBytes ?? 0, b);
  }
  if (!seen.size && dynamicBytes === undefined) return undefined;
  const instantiations = use ? perInstantiation(staticBytes, unsizedEvidence, use) : undefined;
  return { staticBytes, unsized, ...(dynamicBytes !== undefined ? { dynamicBytes } : {}), ...(instantiations ? { instantiations } : {}) };
}
