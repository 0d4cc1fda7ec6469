// A named warp-size constant defined as 32 in device code: `constexpr int WARP_SIZE = 32;`,
// `enum { kWarpSize = 32 }`. (File-level ones and #defines are kept by ../profile.ts and linked to the
// kernels that use them across files, ../link.ts.)
import type { CheckContext, KernelCheck } from './check.js';
import { isThirtyTwo, isWarpSizeConstant } from './syntax.js';

export const warpSizeConstants: KernelCheck = {
  id: 'warp-size-constants',
  nodeTypes: ['declaration', 'field_declaration', 'enumerator'],
  features: ['warp-size-assumption'],
  visit(ctx) {
    if (ctx.node().type === 'enumerator') enumerator(ctx);
    else declaration(ctx);
  },
};

function declaration(ctx: CheckContext) {
  const { node, declarators } = ctx.declaration();
  for (const { node: decl, name, value } of declarators) {
    if (!name || !value) continue;
    const text = value.text.trim();
    if (isWarpSizeConstant(name, text) && isThirtyTwo(text)) ctx.add('warp-size-assumption', decl, `${name} = 32`, node);
  }
}

function enumerator(ctx: CheckContext) {
  const node = ctx.node();
  const name = node.childForFieldName('name')?.text ?? '';
  const value = node.childForFieldName('value')?.text.trim() ?? '';
  if (isWarpSizeConstant(name, value) && isThirtyTwo(value)) ctx.add('warp-size-assumption', node, `${name} = 32`);
}
