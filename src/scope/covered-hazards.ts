// Which kernel hazards cost nothing of their own on a target, because each of their places is
// - under an in-tree port guard (either branch of `#if BNB_HIP … #else`: the CUDA side is what the HIP
//   side replaces), or in a file the project's build already compiles for the target (src/scope/
//   build-selection.ts): already on the target's path, verification only; or
// - on the positive side of a `__CUDA_ARCH__` test, when the kernel's own `cuda-arch-branch` hazard is
//   charged there: a branch the target's compiler does not take, decided once by that hazard.
// Hazards are not findings, so their lines are looked up in the files' guard runs
// (src/detect/line-guards.ts), every distinct place of the hazard (src/kernels/hazards.ts).
import type { FileResult, Target } from '../model.js';
import type { KernelHazard } from '../kernels/model.js';
import type { Scoping } from '../report/build.js';
import { guardsFromRuns } from '../detect/line-guards.js';
import { guardMacros, inTreeGuard } from './scope.js';

/** `places`: every distinct place of the hazard, `file:line` or `file:line (in callee)`. */
export type CoveredHazard = (target: Target, hazard: KernelHazard, archDecided: boolean, places: string[]) => KernelHazard['covered'];

export function coveredHazards(results: FileResult[], scoping: Scoping): CoveredHazard {
  const runs = new Map(results.filter((r) => r.guardRuns).map((r) => [r.file, r.guardRuns!]));
  const inArchBranch = (g: string[] | undefined) => !!g?.some((x) => {
    const m = guardMacros(x);
    return m.positive && m.macros.includes('__CUDA_ARCH__');
  });
  // Places are written `file:line` or `file:line (in callee)` (src/kernels/hazards.ts).
  const placeOf = (place: string) => {
    const m = /^(.*):(\d+)(?: \(in [^)]*\))?$/.exec(place);
    return m ? { file: m[1]!, guards: guardsFromRuns(runs.get(m[1]!), Number(m[2])) } : { file: undefined, guards: undefined };
  };
  return (target, h, archDecided, all) => {
    if (h.feature === 'cuda-arch-branch' || !all.length) return undefined;
    const built = scoping.build?.targetBuilt[target];
    const places = all.map(placeOf);
    if (built && places.every((p) => p.file !== undefined && built.has(p.file))) return 'target-path';
    const onPath = (g: string[] | undefined) => !!inTreeGuard(g, target, scoping.rules);
    const guards = places.map((p) => p.guards);
    if (guards.every(onPath)) return 'target-path';
    return archDecided && guards.every((g) => onPath(g) || inArchBranch(g)) ? 'arch-branch' : undefined;
  };
}
