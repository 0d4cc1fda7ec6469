// The kernel profile in the scan pipeline: link the per-file profiles across files, then assess every
// classified kernel on the selected targets (hazards, status, hours, Ascend alternatives).
import type { FileResult, Target } from '../model.js';
import type { ClassifiedKernel } from '../classify/classify.js';
import type { EffortModel } from '../estimate/effort-model.js';
import type { KernelHazardRules } from './hazard-rules.js';
import { assessKernel, type ProfiledKernel } from './hazards.js';
import { kernelKey, linkKernels } from './link.js';
import type { UnresolvedLaunch } from './model.js';

export interface KernelSection {
  kernels: ProfiledKernel[];
  unresolvedLaunches: UnresolvedLaunch[];
}

export function profileScan(
  results: FileResult[],
  kernels: ClassifiedKernel[],
  options: { targets: Target[]; products: Partial<Record<Target, string>>; rules: KernelHazardRules; effort: EffortModel },
): KernelSection {
  const linked = linkKernels(results.flatMap((r) => (r.kernelScan && !r.skipped ? [{ file: r.file, scan: r.kernelScan }] : [])));
  return {
    kernels: kernels.map((k) => assessKernel(k, linked.profiles.get(kernelKey(k.file, k.line)), options)),
    unresolvedLaunches: linked.unresolved,
  };
}

export { loadKernelHazards, type KernelHazardRules } from './hazard-rules.js';
export type { ProfiledKernel } from './hazards.js';
