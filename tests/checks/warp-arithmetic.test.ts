import { warpArithmeticCheck } from '../../src/kernels/checks/warp-arithmetic.js';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parse/grammars.js';
import type { CheckContext } from '../../src/kernels/checks/check.js';
import { testCheck } from './check-tester.js';

testCheck(warpArithmeticCheck, {
  valid: [
    // Written with warpSize, or arithmetic on sizes that is no lane arithmetic.
    '__global__ void k(int* x, int n) {\n  int lane = threadIdx.x % warpSize;\n  x[lane] = n / 32 + n % 32;\n}',
    'void h(int t) { int lane = t & 31; }',
  ],
  invalid: [
    {
      code: '__global__ void k(int* x) {\n  int lane = threadIdx.x & 31;\n  int warp_id = threadIdx.x / 32;\n  x[lane] = warp_id;\n}',
      evidence: ['warp-size-assumption@2: & 31 (lane in a 32-wide warp)', 'warp-size-assumption@3: / 32 (warp index or warp count for 32-wide warps)'],
    },
    // `& 31` on another operand: warp-dependent evidence.
    { code: '__global__ void k(int* x, int n) {\n  x[0] = n & 31;\n}', evidence: ['warp-size-assumption@2: & 31 (lane in a 32-wide warp)'] },
    { code: '__global__ void k(int* x) {\n  if (threadIdx.x < 32) x[0] = 1;\n}', evidence: ['warp-size-assumption@2: < 32 (the first 32-lane warp of the block)'] },
  ],
});

describe('warp-arithmetic reads the cursor first', () => {
  // Every device binary expression reaches this check: those without a 5, 31 or 32 operand must cost no node
  // object (tree-sitter's binding keeps a native cache entry per node object for the tree's life).
  const visitAt = (source: string, nodeAsked: () => void) => {
    const tree = parse(source, 'cuda');
    const cursor = tree.walk();
    cursor.reset(tree.rootNode.descendantsOfType('binary_expression')[0]!);
    const ctx = { node: () => (nodeAsked(), tree.rootNode.descendantsOfType('binary_expression')[0]!), add: () => {} } as unknown as CheckContext;
    warpArithmeticCheck.visit(ctx, cursor);
    expect(cursor.nodeType).toBe('binary_expression'); // the walk's cursor is back where it was
  };

  it('asks for no node object when no operand is a warp-size literal', () => {
    for (const expr of ['a + b', 'i * 4', 'n & 0xff', 'x / 2.0f']) visitAt(`__device__ void f(int a, int b, int i, int n, float x) { g(${expr}); }`, () => { throw new Error(`node object for ${expr}`); });
  });

  it('reads the expression when one is (decimal, hex, with suffixes)', () => {
    for (const expr of ['t & 31', 't / 32u', 'w << 5', 't & 0x1F']) {
      let asked = false;
      visitAt(`__device__ void f(int t, int w) { g(${expr}); }`, () => (asked = true));
      expect(asked, expr).toBe(true);
    }
  });
});
