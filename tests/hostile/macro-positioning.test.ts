// A #define continued over tens of thousands of lines: positioning every token of its body must grow
// about linearly with the body (it was quadratic: 50k lines took 24 s). Measured as work counted by
// positionAt, not as time. And the positions stay right.
import { describe, expect, it } from 'vitest';
import { positionAt, positionWork, tokenizeMacroBody } from '../../src/detect/macro-tokens.js';
import { names, cuda } from '../helpers.js';

function macro(lines: number): string {
  return '#define BIG(p, n) \\\n' + '  cudaMalloc(p, n); \\\n'.repeat(lines) + '  cudaFree(p)\n';
}

function positioningWork(text: string): number {
  const tokens = tokenizeMacroBody(text);
  positionWork.steps = 0;
  // Offsets: the tokens' own, found in order.
  let from = 0;
  for (const token of tokens) {
    const offset = text.indexOf(token.text, from);
    from = offset + token.text.length;
    positionAt(text, offset, 0, 0);
  }
  return positionWork.steps;
}

describe('#define body positioning', () => {
  it('doubling a 25k-line macro body costs at most ~2.5x the work', () => {
    const small = positioningWork(macro(25_000));
    const large = positioningWork(macro(50_000));
    expect(large / small).toBeLessThan(2.5);
  });

  it('gives the real line and column of a token deep in a continued macro', () => {
    const text = macro(3);
    const offset = text.lastIndexOf('cudaMalloc');
    expect(positionAt(text, offset, 10, 4)).toEqual({ line: 13, column: 2 });
    expect(positionAt(text, 2, 10, 4)).toEqual({ line: 10, column: 6 });
    expect(names(cuda(macro(3)).findings)).toEqual(['cudaMalloc@2', 'cudaMalloc@3', 'cudaMalloc@4', 'cudaFree@5']);
  });
});
