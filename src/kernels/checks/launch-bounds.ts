// `__launch_bounds__(max threads[, min blocks[, max cluster size]])` on a kernel.
import type { KernelCheck } from './check.js';

export const launchBounds: KernelCheck = {
  id: 'launch-bounds',
  nodeTypes: ['launch_bounds'],
  features: ['launch-bounds'],
  descend: false,
  visit(ctx, cursor) {
    const node = cursor.currentNode;
    ctx.add('launch-bounds', node, `${node.namedChildCount} argument(s)`);
  },
};
