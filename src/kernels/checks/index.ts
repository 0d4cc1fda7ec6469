// The registry of kernel feature checks (one module each, with a fixture in tests/checks/): the
// profiler's walk calls each on the node types it names, inside device code. A check added here is
// walked; a feature it records must be one of ../features.ts (tests/kernel-checks.test.ts).
import type { KernelCheck } from './check.js';
import type { KernelFeature } from '../features.js';
import { archBranch } from './arch-branch.js';
import { deviceCalls } from './device-calls.js';
import { deviceLaunches } from './device-launches.js';
import { doubleType } from './double-type.js';
import { inlinePtx } from './inline-ptx.js';
import { launchBounds } from './launch-bounds.js';
import { numberLiteral } from './number-literal.js';
import { qualifiedNames } from './qualified-names.js';
import { sharedDeclarations } from './shared-declarations.js';
import { maskWidth } from './mask-width.js';
import { warpSizeConstants } from './warp-size-constants.js';
import { typeNames } from './type-names.js';
import { warpTile } from './warp-tile.js';
import { warpArithmeticCheck } from './warp-arithmetic.js';
import { warpSlotCheck } from './warp-slot.js';

export type { CheckContext, KernelCheck } from './check.js';

export const KERNEL_CHECKS: readonly KernelCheck[] = [
  launchBounds, archBranch, inlinePtx, doubleType, typeNames, numberLiteral, deviceCalls, qualifiedNames, warpTile, warpArithmeticCheck, warpSlotCheck,
  sharedDeclarations, warpSizeConstants, maskWidth, deviceLaunches,
];

/** Features recorded outside the checks, where the facts they need are kept: linking across files
 *  (../link.ts: launch configurations, cudaFuncSetAttribute opt-ins, warp-size constants from includes,
 *  instantiation types through ../instantiations.ts). The profiler (../profile.ts) records none itself:
 *  what the checks need of its bookkeeping they read through CheckContext (declarations, launches). */
export const RECORDED_OUTSIDE_CHECKS = {
  link: ['shared-dynamic', 'grid-sync', 'shared-opt-in', 'warp-size-assumption', 'fp64', 'fp16', 'bf16', 'fp8'],
} as const satisfies Record<string, readonly KernelFeature[]>;

/** Node type → the checks that visit it, in registry order. */
export function checksByNodeType(checks: readonly KernelCheck[] = KERNEL_CHECKS): Map<string, KernelCheck[]> {
  const map = new Map<string, KernelCheck[]>();
  for (const check of checks) for (const type of check.nodeTypes) map.set(type, [...(map.get(type) ?? []), check]);
  return map;
}
