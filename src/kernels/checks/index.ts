// The registry of kernel feature checks (one module each, with a fixture in tests/checks/): the
// profiler's walk calls each on the node types it names, inside device code. A check added here is
// walked; a feature it records must be one of ../features.ts (tests/kernel-checks.test.ts).
import type { KernelCheck } from './check.js';
import { archBranch } from './arch-branch.js';
import { deviceCalls } from './device-calls.js';
import { doubleType } from './double-type.js';
import { inlinePtx } from './inline-ptx.js';
import { launchBounds } from './launch-bounds.js';
import { numberLiteral } from './number-literal.js';
import { qualifiedNames } from './qualified-names.js';
import { typeNames } from './type-names.js';
import { warpTile } from './warp-tile.js';

export type { CheckContext, KernelCheck } from './check.js';

export const KERNEL_CHECKS: readonly KernelCheck[] = [
  launchBounds, archBranch, inlinePtx, doubleType, typeNames, numberLiteral, deviceCalls, qualifiedNames, warpTile,
];

/** Node type → the checks that visit it, in registry order. */
export function checksByNodeType(checks: readonly KernelCheck[] = KERNEL_CHECKS): Map<string, KernelCheck[]> {
  const map = new Map<string, KernelCheck[]>();
  for (const check of checks) for (const type of check.nodeTypes) map.set(type, [...(map.get(type) ?? []), check]);
  return map;
}
