// The hours of one kernel on one target: a fixed part and a part per 100 lines by its status
// (rules/effort.yaml `kernels:`), plus each hazard's extra hours (`kernels.perHazard`) unless the kernel
// is rewritten or unsupported there: then the hazards are part of the redesign already costed by size.
import type { Status } from '../model.js';
import type { EffortModel, Range } from '../estimate/effort-model.js';

const REDESIGNED: ReadonlySet<Status> = new Set(['rewrite', 'unsupported']);

/** The statuses of the hazards that cost hours on top of the kernel: `cuda-api` hazards are findings,
 *  which are costed per occurrence already. */
export function costedHazardStatuses(hazards: { status: Status; feature?: string }[] | undefined): Status[] {
  return (hazards ?? []).filter((h) => h.feature !== 'cuda-api').map((h) => h.status);
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
