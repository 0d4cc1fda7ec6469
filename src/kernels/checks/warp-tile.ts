// `thread_block_tile<32>` / `tiled_partition<32>`: a cooperative-groups tile the size of a 32-lane warp.
import type { CheckContext, KernelCheck } from './check.js';
import type { Node } from './syntax.js';

const WARP_TILE = /(thread_block_tile|tiled_partition)\s*<\s*(32|0x20)\s*[,>]/;

/** Records the tile when the node's text writes one (also called on qualified names, ./qualified-names.ts). */
export function warpTileIn(ctx: CheckContext, node: Node): void {
  const m = WARP_TILE.exec(node.text);
  if (m) ctx.add('warp-size-assumption', node, `${m[1]}<32>`);
}

export const warpTile: KernelCheck = {
  id: 'warp-tile',
  nodeTypes: ['template_type', 'template_function'],
  features: ['warp-size-assumption'],
  visit(ctx) {
    warpTileIn(ctx, ctx.node());
  },
};
