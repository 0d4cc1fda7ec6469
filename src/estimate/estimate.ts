// The effort model: findings and kernels × their status on a target → an hour range, with the
// breakdown kept so a report can show where the hours come from.
import type { Status, Target } from '../model.js';
import type { ClassifiedFinding, ClassifiedKernel } from '../classify/classify.js';
import { worse } from '../classify/classify.js';
import type { EffortModel, Range } from './effort-model.js';
import { costedHazardStatuses, kernelHours as kernelCost } from '../kernels/cost.js';

export interface TargetEstimate {
  total: Range;
  breakdown: {
    setup: Range;
    libraries: Range;
    distinctApis: Range;
    occurrences: Range;
    kernels: Range;
  };
  /** How many distinct libraries / APIs / kernels each status contributed (the counts behind the hours). */
  counts: {
    libraries: Partial<Record<Status, number>>;
    distinctApis: Partial<Record<Status, number>>;
    occurrences: Partial<Record<Status, number>>;
    kernels: Partial<Record<Status, number>>;
    kernelLines: Partial<Record<Status, number>>;
  };
}

const zero = (): Range => [0, 0, 0];
const addTo = (acc: Range, r: Range, times = 1) => {
  for (let i = 0; i < 3; i++) acc[i] = acc[i]! + r[i]! * times;
};
const bump = (m: Partial<Record<Status, number>>, s: Status, by = 1) => {
  m[s] = (m[s] ?? 0) + by;
};
/** Hours are shown to one decimal; rounding once, at the end, keeps sums reproducible. */
export const round1 = (r: Range): Range => r.map((v) => Math.round(v * 10) / 10) as Range;

/** A device-side construct that disappears into its kernel's rewrite: charged with the kernel. */
export function coveredByKernelRewrite(f: ClassifiedFinding, status: Status, kinds: ReadonlySet<string>): boolean {
  return status === 'rewrite' && kinds.has(f.kind) && (f.deviceCode === true || f.kind === 'kernel-launch');
}

/** Findings costed by the kernel model instead of per API. */
const KERNEL_COSTED = new Set(['kernel-definition']);

/** Whether a finding is charged per API and per occurrence on a target (not with its kernel). */
export function chargedPerApi(f: ClassifiedFinding, status: Status, kernelsRewritten: boolean, covered: ReadonlySet<string>): boolean {
  if (KERNEL_COSTED.has(f.kind)) return false;
  return !(kernelsRewritten && coveredByKernelRewrite(f, status, covered));
}

export function estimateTarget(
  target: Target,
  findings: ClassifiedFinding[],
  kernels: (ClassifiedKernel & { hazards?: Partial<Record<Target, { status: Status; feature?: string }[]>> })[],
  libraryOf: (ruleId: string) => string,
  model: EffortModel,
  /** Whether kernels are rewritten on this target (its __global__ status is `rewrite`). */
  kernelsRewritten = false,
  /** The one-time setup belongs to the product estimate; code beside it (tests, examples) has none. */
  includeSetup = true,
): TargetEstimate {
  const counts: TargetEstimate['counts'] = { libraries: {}, distinctApis: {}, occurrences: {}, kernels: {}, kernelLines: {} };
  const libraryStatus = new Map<string, Status>();
  const apiStatus = new Map<string, Status>();
  const occurrences = zero();
  const coveredByRewrite = new Set(model.coveredByKernelRewrite);
  for (const f of findings) {
    const status = f.status[target]!;
    if (!chargedPerApi(f, status, kernelsRewritten, coveredByRewrite)) continue;
    const library = libraryOf(f.ruleId);
    libraryStatus.set(library, worse(libraryStatus.get(library) ?? 'native', status));
    // Unrecognized names share one rule id; each distinct name is its own decision.
    apiStatus.set(f.ruleId === 'unrecognized' ? `unrecognized:${f.name}` : f.ruleId, status);
    addTo(occurrences, model.perOccurrence[status]);
    bump(counts.occurrences, status);
  }
  const libraries = zero();
  for (const status of libraryStatus.values()) {
    addTo(libraries, model.libraryFirstUse[status]);
    bump(counts.libraries, status);
  }
  const distinctApis = zero();
  for (const [api, status] of apiStatus) {
    // A project may set the hours of a particular API's first use (.cuport.yaml overrides: hours).
    addTo(distinctApis, model.ruleHours?.[api] ?? model.perDistinctApi[status]);
    bump(counts.distinctApis, status);
  }
  const kernelHours = zero();
  for (const k of kernels) {
    const status = k.status[target]!;
    // Size by status, plus the hazards its profile shows there (src/kernels/cost.ts).
    // `cuda-api` hazards are findings, costed per occurrence already.
    addTo(kernelHours, kernelCost(status, k.lines, costedHazardStatuses(k.hazards?.[target]), model));
    bump(counts.kernels, status);
    bump(counts.kernelLines, status, k.lines);
  }
  const breakdown = {
    setup: includeSetup ? round1([...model.setup[target]]) : zero(),
    libraries: round1(libraries),
    distinctApis: round1(distinctApis),
    occurrences: round1(occurrences),
    kernels: round1(kernelHours),
  };
  // The total is the sum of the parts as shown, so a reader can add the breakdown up exactly.
  const total = zero();
  for (const part of Object.values(breakdown)) addTo(total, part);
  return { total: round1(total), breakdown, counts };
}
