// How many lines of __device__ callees each kernel is costed for. A kernel's port is not just its own body:
// a 68-line wrapper over 773 lines of device functions is 841 lines of work. But a device function that
// several kernels call is ported once, so its lines are attributed to exactly one kernel: the first, in
// (file, line) order, of the kernels that reach it for certain. First-in-order rather than split so the
// numbers stay whole lines, the total over all kernels equals the distinct callee lines, and the result does
// not depend on the order kernels are assessed in. Possible callees (one of several fitting overloads) are
// not counted: which one runs is not known, as their findings do not count either (hazards.ts).
import type { KernelProfile } from './model.js';

export interface CalleeLines {
  /** Lines of certain callees attributed to this kernel (counted here and nowhere else). */
  attributed: number;
  /** Lines of all its certain callees, shared ones included (what the kernel reaches). */
  reached: number;
}

export function calleeLines(kernels: { file: string; line: number; key: string }[], profileOf: (key: string) => KernelProfile | undefined): Map<string, CalleeLines> {
  const order = [...kernels].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  const owner = new Set<string>();
  const out = new Map<string, CalleeLines>();
  for (const k of order) {
    let attributed = 0;
    let reached = 0;
    for (const c of profileOf(k.key)?.callees ?? []) {
      if (c.possible) continue;
      reached += c.lines;
      // By name too: the device functions a body macro defines all sit at the line of its use.
      const id = `${c.file}:${c.line}:${c.name}`;
      if (owner.has(id)) continue;
      owner.add(id);
      attributed += c.lines;
    }
    out.set(k.key, { attributed, reached });
  }
  return out;
}
