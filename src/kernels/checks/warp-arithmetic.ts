// Integer arithmetic on thread, lane and warp indices that assumes 32-wide warps: `& 31`, `% 32`, `>> 5`,
// `/ 32`, `warp * 32`, `<< 5`, `tid < 32`, `tid + 32`, `32 - x`. Certain when the operand or the variable
// it is stored in names a lane or warp; otherwise warp-dependent (counted only when the kernel does
// warp-level work, which the linker decides across callees).
import type Parser from 'tree-sitter';
import type { CheckContext, KernelCheck } from './check.js';
import { context, declaredName, FLOAT_LITERAL, type Node } from './syntax.js';

/** Thread/lane-index operands: `threadIdx.x & 31` is lane arithmetic, `n & 31` on a size is not. */
const LANE_OPERAND = /threadIdx|blockDim|\blane|lane\b|laneid|lane_?id|\btid\b|tid_|_tid|\btx\b|thread_?id|thread_?idx|thread_rank|warp/i;
const WARP_OPERAND = /warp/i;
/** A thread index compared with or offset by 32 (`tid < 32`, `s[tid + 32]`): warp-synchronous code. */
const THREAD_OPERAND = /threadIdx|\btid\b|thread_rank\s*\(|\blane(_?id)?\b/i;
/** Names under which a warp or lane index goes (`warp_id`, `wid`, `lane`). */
export const WARP_INDEX = /warp|\bwid\b|lane/i;

export const warpArithmeticCheck: KernelCheck = {
  id: 'warp-arithmetic',
  nodeTypes: ['binary_expression'],
  features: ['warp-size-assumption'],
  visit(check, cursor) {
    // Every rule below needs a literal 5, 31 or 32 as an operand: most binary expressions of device code
    // have none, and are passed over with the cursor, without node objects.
    if (hasWarpLiteralOperand(cursor)) warpArithmetic(check, check.node());
  },
};

/** The value of an integer literal as written (`32`, `0x1F`, `31u`). */
const integerValue = (text: string): number => {
  const value = text.replace(/[uUlL]+$/, '');
  return /^0x/i.test(value) ? parseInt(value, 16) : Number(value);
};

/** Whether the binary expression the cursor is on has a 5, 31 or 32 literal among its children (the cursor
 *  is back on it after). */
function hasWarpLiteralOperand(cursor: Parser.TreeCursor): boolean {
  if (!cursor.gotoFirstChild()) return false;
  let found = false;
  do {
    if (cursor.nodeType !== 'number_literal') continue;
    const value = integerValue(cursor.nodeText);
    if (value === 5 || value === 31 || value === 32) {
      found = true;
      break;
    }
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return found;
}

function warpArithmetic(check: CheckContext, node: Node) {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  const op = node.childForFieldName('operator')?.type ?? node.child(1)?.type ?? '';
  if (!left || !right) return;
  const [lit, other] = right.type === 'number_literal' ? [right, left] : left.type === 'number_literal' ? [left, right] : [undefined, undefined];
  if (!lit || !other) return;
  const num = integerValue(lit.text);
  const operand = other.text;
  const ctx = context(node);
  // What the result is stored in: `int warp_id = tid / 32` names its purpose.
  const target = ctx.type === 'init_declarator' ? declaredName(ctx.childForFieldName('declarator')) : ctx.type === 'assignment_expression' ? ctx.childForFieldName('left')?.text : undefined;
  const warpNamed = WARP_OPERAND.test(operand) || WARP_INDEX.test(target ?? '');
  let what: string | undefined;
  // Certain: lane/warp arithmetic on its face. Warp-dependent: the same literal on another operand, a
  // 32-lane assumption only if the kernel does warp-level work (the linker decides, across callees).
  let dependent = false;
  if (op === '&' && num === 31) {
    what = '& 31 (lane in a 32-wide warp)';
    dependent = !LANE_OPERAND.test(operand);
  } else if (op === '%' && num === 32 && LANE_OPERAND.test(operand)) what = '% 32 (lane in a 32-wide warp)';
  else if (op === '>>' && num === 5 && lit === right && LANE_OPERAND.test(operand)) {
    what = '>> 5 (warp index for 32-wide warps)';
    dependent = !warpNamed;
  } else if (op === '/' && num === 32 && lit === right && LANE_OPERAND.test(operand)) {
    what = '/ 32 (warp index or warp count for 32-wide warps)';
    dependent = !warpNamed;
  } else if ((op === '*' && num === 32) && WARP_OPERAND.test(operand)) what = '* 32 (warp offset for 32-wide warps)';
  else if (op === '<<' && num === 5 && lit === right && WARP_OPERAND.test(operand)) what = '<< 5 (warp offset for 32-wide warps)';
  else if (op === '<' && num === 32 && lit === right && THREAD_OPERAND.test(operand)) what = '< 32 (the first 32-lane warp of the block)';
  else if (op === '+' && num === 32 && THREAD_OPERAND.test(operand)) what = '+ 32 (warp-synchronous step across 32 lanes)';
  else if (op === '-' && num === 32 && lit === left && !FLOAT_LITERAL.test(operand) && !/\d\.\d|\.\d+f\b/.test(operand)) {
    what = '32 - x (lanes left in a 32-wide warp)';
    dependent = true;
  }
  if (what) check.add('warp-size-assumption', node, what, ctx, dependent);
}
