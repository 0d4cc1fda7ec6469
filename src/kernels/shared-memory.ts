// Shared memory per kernel in bytes, where the code makes it computable: static `__shared__` arrays whose
// element type and sizes are literal (the profiler's "N bytes" detail, kernel and callees, each declaration
// once) and dynamic shared memory from a launch's third <<<>>> argument when it is a constant expression
// (digits, + - * / ( ) and sizeof of a known type). Compared with a target's per-block limit only where
// rules/kernels/shared-memory.yaml gives one with a source; elsewhere it says there is no public limit.
// Not yet: per-instantiation sizes of `__shared__ T a[N]` and constexpr sizes (counted as `unsized`).
import type { Evidence, KernelProfile } from './model.js';

export interface SharedMemory {
  /** Sum of the static arrays whose size is known. */
  staticBytes: number;
  /** Static arrays whose size is not a literal (template type, constexpr size): not in staticBytes. */
  unsized: number;
  /** The largest constant dynamic size over the kernel's launches, when one is constant. */
  dynamicBytes?: number;
}

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

/** From the kernel's full (uncapped) evidence and its launches. */
export function sharedMemory(evidence: Evidence[], launches: KernelProfile['launches']): SharedMemory | undefined {
  const seen = new Set<string>();
  let staticBytes = 0;
  let unsized = 0;
  for (const e of evidence) {
    if (e.feature !== 'shared-static' || e.possible) continue;
    const key = `${e.file ?? ''}:${e.line}:${e.column}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const m = /^(\d+) bytes$/.exec(e.detail ?? '');
    if (m) staticBytes += Number(m[1]);
    else unsized++;
  }
  let dynamicBytes: number | undefined;
  for (const l of launches) {
    const b = l.config?.sharedMem ? constantBytes(l.config.sharedMem) : undefined;
    if (b !== undefined && b > 0) dynamicBytes = Math.max(dynamicBytes ?? 0, b);
  }
  if (!seen.size && dynamicBytes === undefined) return undefined;
  return { staticBytes, unsized, ...(dynamicBytes !== undefined ? { dynamicBytes } : {}) };
}
