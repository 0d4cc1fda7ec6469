// A warp-wide bit mask kept in 32 bits: `unsigned m = __ballot_sync(...)` drops lanes 32-63 of a
// 64-wide wavefront (the ported intrinsic returns 64 bits).
import type { KernelCheck } from './check.js';
import { firstCallee } from './syntax.js';

/** Intrinsics whose result is a warp-wide bit mask. */
const MASK_RESULT = new Set(['__ballot_sync', '__activemask', '__match_any_sync', '__match_all_sync', '__ballot']);
const THIRTY_TWO_BIT_TYPE = /^(unsigned( int)?|int|uint32_t|unsigned int|uint)$/;

export const maskWidth: KernelCheck = {
  id: 'mask-width',
  nodeTypes: ['declaration', 'field_declaration'],
  features: ['warp-size-assumption'],
  visit(ctx) {
    const { node, typeText, declarators } = ctx.declaration();
    if (!THIRTY_TWO_BIT_TYPE.test(typeText.trim())) return;
    for (const { node: decl, name, value } of declarators) {
      const called = name && value ? firstCallee(value) : undefined;
      if (called && MASK_RESULT.has(called)) ctx.add('warp-size-assumption', decl, `${called} result in 32-bit ${typeText}`, node);
    }
  },
};
