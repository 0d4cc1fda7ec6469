// The kernel profile in the scan pipeline: link the per-file profiles across files, then assess every
// classified kernel on the selected targets (hazards, status, hours, Ascend alternatives).
import type { FileResult, KernelInfo, Target } from '../model.js';
import type { ClassifiedFinding, Classifier } from '../classify/classify.js';
import type { EffortModel } from '../estimate/effort-model.js';
import type { KernelHazardRules } from './hazard-rules.js';
import { assessKernel, type ProfiledKernel } from './hazards.js';
import { kernelKey, kernelScans, linkKernels } from './link.js';
import type { UnresolvedLaunch } from './model.js';
import { calleeLines } from './callee-lines.js';
import type { CoveredHazard } from '../scope/covered-hazards.js';

export interface KernelSection {
  kernels: ProfiledKernel[];
  unresolvedLaunches: UnresolvedLaunch[];
}

export function profileScan(
  results: FileResult[],
  kernels: KernelInfo[],
  findings: ClassifiedFinding[],
  options: {
    targets: Target[]; products: Partial<Record<Target, string>>; rules: KernelHazardRules; effort: EffortModel; classifier: Pick<Classifier, 'mapping'>; covered?: CoveredHazard;
    /** The scanned files' include graph (src/kernels/link.ts includeGraph), when the caller has it. */
    includes?: (file: string) => Set<string>;
  },
): KernelSection {
  const byFile = new Map<string, ClassifiedFinding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  // Findings arrive sorted by file and line (scan.ts collect): find a line range by binary search
  // instead of filtering the whole file for every kernel and callee.
  const findingsIn = (file: string, from: number, to: number) => {
    const list = byFile.get(file) ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.line < from) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < list.length && list[end]!.line <= to) end++;
    return list.slice(lo, end);
  };
  const linked = linkKernels(kernelScans(results), options.includes);
  // Each kernel is costed with the lines of the device functions it reaches, each counted once (callee-lines.ts).
  const extra = calleeLines(kernels.map((k) => ({ file: k.file, line: k.line, key: kernelKey(k.file, k.line, k.name) })), (key) => linked.profiles.get(key));
  return {
    kernels: kernels.map((k) => assessKernel(k, linked.profiles.get(kernelKey(k.file, k.line, k.name)), findingsIn, { ...options, calleeLines: extra.get(kernelKey(k.file, k.line, k.name)) })),
    unresolvedLaunches: linked.unresolved,
  };
}

export { loadKernelHazards, type KernelHazardRules } from './hazard-rules.js';
export type { ProfiledKernel } from './hazards.js';
