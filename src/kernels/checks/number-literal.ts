// Number literals in device code: full 32-lane masks (`0xffffffff`), a literal 32 passed to a warp
// intrinsic, shuffle reductions starting at offset 16, and unsuffixed floating constants that make
// arithmetic double.
import type { KernelCheck } from './check.js';
import { calleeName, context, declaredName, FLOAT_LITERAL, FULL_MASK, isThirtyTwo, WARP_INTRINSICS } from './syntax.js';

export const numberLiteral: KernelCheck = {
  id: 'number-literal',
  nodeTypes: ['number_literal'],
  features: ['warp-size-assumption', 'fp64-literal'],
  descend: false,
  visit(ctx, cursor) {
    const text = cursor.nodeText;
    if (FULL_MASK.test(text)) {
      const node = cursor.currentNode;
      const parent = node.parent;
      const call = parent?.type === 'argument_list' ? parent.parent : undefined;
      const called = call ? calleeName(call.childForFieldName('function')) : undefined;
      const declared = parent?.type === 'init_declarator' ? declaredName(parent.childForFieldName('declarator')) : undefined;
      // Passed to a warp intrinsic or kept as a mask: certain. Elsewhere in an integer expression of a
      // kernel that does warp-level work: a 32-lane mask too (the linker decides).
      const certain = (called && WARP_INTRINSICS.has(called)) || (declared && /mask/i.test(declared));
      ctx.add('warp-size-assumption', node, `full 32-lane mask ${text}`, context(node), !certain);
    } else if (isThirtyTwo(text)) {
      // `for (offset = 16 ...)` is caught below; a literal 32 as a shuffle width or offset bound is here.
      const node = cursor.currentNode;
      const parent = node.parent;
      const call = parent?.type === 'argument_list' ? parent.parent : undefined;
      const called = call ? calleeName(call.childForFieldName('function')) : undefined;
      if (called && WARP_INTRINSICS.has(called)) ctx.add('warp-size-assumption', node, `literal 32 passed to ${called}`, call!);
    } else if (text === '16') {
      // for (int offset = 16; offset > 0; offset /= 2) v += __shfl_down_sync(...): a 32-lane tree.
      const node = cursor.currentNode;
      if (node.parent?.type !== 'init_declarator' || node.parent.parent?.parent?.type !== 'for_statement') return;
      const loop = node.parent.parent.parent;
      if (/__shfl|\.shfl/.test(loop.childForFieldName('body')?.text ?? '')) {
        ctx.add('warp-size-assumption', node, 'shuffle reduction starting at offset 16 (32 lanes)', node.parent);
      }
    } else if (FLOAT_LITERAL.test(text)) {
      // Only an operand makes double arithmetic: `x * 0.5`; `T(0.5)` or `float k = 0.5;` convert at compile time.
      const node = cursor.currentNode;
      if (node.parent?.type === 'binary_expression') ctx.add('fp64-literal', node, `${text} is a double constant`, context(node));
    }
  },
};
