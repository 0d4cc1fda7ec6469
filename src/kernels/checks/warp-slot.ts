// `s_sum[warp_id]` on a `__shared__ float s_sum[32]`: one slot per warp of a 32-wide-warp block.
import type { CheckContext, KernelCheck } from './check.js';
import { context, type Node } from './syntax.js';
import { WARP_INDEX } from './warp-arithmetic.js';

export const warpSlotCheck: KernelCheck = {
  id: 'warp-slot',
  nodeTypes: ['subscript_expression'],
  features: ['warp-size-assumption'],
  visit(check) {
    warpSlot(check, check.node());
  },
};

function warpSlot(check: CheckContext, node: Node) {
  const array = node.childForFieldName('argument');
  if (array?.type !== 'identifier' || !check.isWarpArray(array.text)) return;
  const index = node.childForFieldName('index') ?? node.childForFieldName('indices') ?? node.namedChild(1);
  if (index && WARP_INDEX.test(index.text)) check.add('warp-size-assumption', node, `${array.text}[32] has one slot per 32-lane warp`, context(node));
}
