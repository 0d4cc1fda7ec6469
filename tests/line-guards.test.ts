// Guards read from the directive lines (src/detect/line-guards.ts), and through the C/C++ detector:
// a conditional that tree-sitter cannot nest (an #ifdef opened inside an if/else chain) keeps its guard.
import { describe, expect, it } from 'vitest';
import { guardsFromRuns, lineGuards } from '../src/detect/line-guards.js';
import { byName, cuda } from './helpers.js';

describe('line guards', () => {
  it('names each branch: #if, #elif, #else (of …), nested, with #endif closing', () => {
    const g = lineGuards(['#if A > 1 // why', 'a();', '#elif defined(B)', 'b();', '#else', '#ifndef C', 'c();', '#endif', 'd();', '#endif', 'e();'].join('\n'));
    expect(g.at(1)).toEqual(['#if A > 1']);
    expect(g.at(2)).toEqual(['#if A > 1']);
    expect(g.at(4)).toEqual(['#elif defined(B)']);
    expect(g.at(7)).toEqual(['#else (of #if A > 1, #elif defined(B))', '#ifndef C']);
    expect(g.at(8)).toEqual(['#else (of #if A > 1, #elif defined(B))', '#ifndef C']);
    expect(g.at(9)).toEqual(['#else (of #if A > 1, #elif defined(B))']);
    expect(g.at(11)).toBeUndefined();
  });

  it('ignores directives inside block comments, joins continued conditions, survives a stray #endif', () => {
    const g = lineGuards(['/* commented out:', '#ifdef X', '*/', '#if defined(A) && \\', '    defined(B)', 'f();', '#endif', '#endif', 'g();'].join('\n'));
    expect(g.at(2)).toBeUndefined();
    expect(g.at(5)).toEqual(['#if defined(A) && defined(B)']);
    expect(g.at(6)).toEqual(['#if defined(A) && defined(B)']);
    expect(g.at(9)).toBeUndefined();
  });

  it('gives runs of equally guarded lines, found again by line', () => {
    const runs = lineGuards('x\n#ifdef A\ny\nz\n#endif\nw\n#ifdef B\nv\n#endif\n').runs();
    expect(runs).toEqual([{ from: 2, to: 5, guards: ['#ifdef A'] }, { from: 7, to: 9, guards: ['#ifdef B'] }]);
    expect(guardsFromRuns(runs, 4)).toEqual(['#ifdef A']);
    expect(guardsFromRuns(runs, 6)).toBeUndefined();
    expect(guardsFromRuns(runs, 8)).toEqual(['#ifdef B']);
    expect(guardsFromRuns(undefined, 8)).toBeUndefined();
  });

  it('keeps the guard of a finding in an #ifdef that opens inside an if/else chain (Caffe layer_factory.cpp)', () => {
    const { findings } = cuda(`
int pick(int engine, int size) {
  if (engine == 0) {
    return 0;
#ifdef USE_CUDNN
  } else if (engine == 1) {
    if (size > CUDNN_LRN_MAX_N) {
      return 1;
    }
#endif
  } else {
    return 2;
  }
}
`);
    expect(byName(findings, 'CUDNN_LRN_MAX_N').map((f) => f.guards)).toEqual([['#ifdef USE_CUDNN']]);
  });
});
