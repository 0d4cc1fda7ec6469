// The hours of one kernel on one target: a fixed part and a part per 100 lines by its status
// (rules/effort.yaml `kernels:`), plus each hazard's extra hours (`kernels.perHazard`) unless the kernel
// is rewritten or unsupported there: then the hazards are part of the redesign already costed by size.
import { STATUSES, type Status, type Target } from '../model.js';
import type { EffortModel, Range } from '../estimate/effort-model.js';

const REDESIGNED: ReadonlySet<Status> = new Set(['rewrite', 'unsupported']);

/** The statuses of the hazards that cost hours on top of the kernel: `cuda-api` hazards are findings,
 *  which are costed per occurrence already; covered hazards (on the target's path already) cost nothing. */
export function costedHazardStatuses(hazards: { status: Status; feature?: string; covered?: string }[] | undefined): Status[] {
  return (hazards ?? []).filter((h) => h.feature !== 'cuda-api' && !h.covered).map((h) => h.status);
}

export function kernelHours(status: Status, lines: number, hazardStatuses: Status[], model: EffortModel): Range {
  const cost = model.kernels[status];
  const out: Range = [0, 0, 0];
  for (let i = 0; i < 3; i++) out[i] = cost.base[i]! + (cost.per100Lines[i]! * lines) / 100;
  if (!REDESIGNED.has(status) && model.kernelHazards) {
    for (const s of hazardStatuses) for (let i = 0; i < 3; i++) out[i] = out[i]! + model.kernelHazards[s][i]!;
  }
  return out;
}

/** The rule for __global__ kernel definitions (rules/cuda-constructs.yaml). */
export const GLOBAL_KERNEL_RULE = 'construct.global-kernel';

/** Whether __global__ kernels are `rewrite` on a target (no SIMT model: Ascend A2/A3). */
export function kernelsRewrittenOn(classifier: { rule(id: string): unknown; mapping(id: string, t: Target): { status: Status } }, target: Target): boolean {
  return classifier.rule(GLOBAL_KERNEL_RULE) ? classifier.mapping(GLOBAL_KERNEL_RULE, target).status === 'rewrite' : false;
}

const STATUS_RANK = (s: Status) => STATUSES.indexOf(s);
const EDIT: Status = 'adapt';

/** The status a kernel is costed at: price the construct where it is. Where the target has a SIMT model,
 *  a CUDA API inside the kernel or its callees (a `cuda-api` hazard) is charged once, where it is written,
 *  per API; the kernel itself needs at most an edit (`adapt`) for it. Only its own device features (the
 *  other hazards) can make it a redesign. Where kernels are rewritten (no SIMT model), its status stands. */
export function kernelCostStatus(status: Status, hazards: { status: Status; feature?: string; covered?: string }[] | undefined, kernelsRewritten: boolean): Status {
  if (kernelsRewritten) return status;
  const features = (hazards ?? []).filter((h) => h.feature !== 'cuda-api' && !h.covered).reduce<Status>((acc, h) => (STATUS_RANK(h.status) > STATUS_RANK(acc) ? h.status : acc), 'native');
  const capped = STATUS_RANK(status) > STATUS_RANK(EDIT) ? EDIT : status;
  return STATUS_RANK(features) > STATUS_RANK(capped) ? features : capped;
}
