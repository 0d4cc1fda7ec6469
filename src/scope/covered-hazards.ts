// Which kernel hazards cost nothing of their own on a target, because each of their places is
// - under an in-tree port guard (either branch of `#if BNB_HIP … #else`: the CUDA side is what the HIP
//   side replaces): already on the target's path, verification only; or
// - on the positive side of a `__CUDA_ARCH__` test, when the kernel's own `cuda-arch-branch` hazard is
//   charged there: a branch the target's compiler does not take, decided once by that hazard.
// Hazards are not findings, so their lines are looked up in the files' guard runs
// (src/detect/line-guards.ts); a hazard counts only when it lists all of its places.
import type { FileResult, Target } from '../model.js';
import type { KernelHazard } from '../kernels/model.js';
import type { Scoping } from '../report/build.js';
import { guardsFromRuns } from '../detect/line-guards.js';
import { guardMacros, inTreeGuard } from './scope.js';

export type CoveredHazard = (target: Target, hazard: KernelHazard, archDecided: boolean) => KernelHazard['covered'];

export function coveredHazards(results: FileResult[], scoping: Scoping): CoveredHazard {
  const runs = new Map(results.filter((r) => r.guardRuns).map((r) => [r.file, r.guardRuns!]));
  const inArchBranch = (g: string[] | undefined) => !!g?.some((x) => {
    const m = guardMacros(x);
    return m.positive && m.macros.includes('__CUDA_ARCH__');
  });
  // Places are written `file:line` or `file:line (in callee)` (src/kernels/hazards.ts).
  const guardsOf = (place: string) => {
    const m = /^(.*):(\d+)(?: \(in [^)]*\))?$/.exec(place);
    return m ? guardsFromRuns(runs.get(m[1]!), Number(m[2])) : undefined;
  };
  return (target, h, archDecided) => {
    if (h.feature === 'cuda-arch-branch' || h.locations.length < h.count) return undefined;
    const onPath = (g: string[] | undefined) => !!inTreeGuard(g, target, scoping.rules);
    const guards = h.locations.map(guardsOf);
    if (guards.every(onPath)) return 'target-path';
    return archDecided && guards.every((g) => onPath(g) || inArchBranch(g)) ? 'arch-branch' : undefined;
  };
}
