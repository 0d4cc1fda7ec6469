import { describe, expect, it } from 'vitest';
import { parse } from '../src/parse/grammars.js';
import { passContext } from '../src/detect/pass-context.js';
import { macroContext } from '../src/detect/macro-table.js';

const defs = (tree: ReturnType<typeof parse>) => tree.rootNode.descendantsOfType('function_definition');

describe('passContext', () => {
  it('reads a definition once for every visitor that asks about it', () => {
    const tree = parse('__global__ void k(float* x) { x[0] = 1; }\n__device__ int d() { return 1; }\n', 'cuda');
    const pass = passContext(tree);
    const [k, d] = defs(tree);
    const first = pass.functionInfo(k!);
    expect(first).toMatchObject({ name: 'k', global: true, device: false });
    expect(pass.functionInfo(k!)).toBe(first); // the profiler's question after the detector's
    expect(pass.functionInfo(d!)).toMatchObject({ name: 'd', global: false, device: true });
  });

  it('answers from its own file: same byte ranges in another file are another definition', () => {
    const a = parse('__global__ void k() {}\n', 'cuda');
    const b = parse('__device__ void k() {}\n', 'cuda');
    expect(passContext(a).functionInfo(defs(a)[0]!)).toMatchObject({ global: true, device: false });
    expect(passContext(b).functionInfo(defs(b)[0]!)).toMatchObject({ global: false, device: true });
  });

  it('reads qualifiers through the file\'s macro context', () => {
    const source = '#define KERNEL __global__\nKERNEL void k(int n) {}\n';
    const macros = macroContext(source);
    const tree = parse(macros.masked, 'cuda');
    const info = passContext(tree, macros.context).functionInfo(defs(tree)[0]!);
    expect(info).toMatchObject({ name: 'k', global: true, viaMacro: 'KERNEL' });
  });

  it('splits a #define once for every visitor, its tokens made once on first need', () => {
    const tree = parse('#define LAUNCH(k) k<<<1, 32>>>(x)\n#define N 4\n', 'cuda');
    const pass = passContext(tree);
    const [launch, n] = tree.rootNode.descendantsOfType(['preproc_function_def', 'preproc_def']);
    const first = pass.define(launch!);
    expect(first).toMatchObject({ name: 'LAUNCH', body: ' k<<<1, 32>>>(x)\n', bodyOffset: 17 });
    expect(pass.define(launch!)).toBe(first); // the profiler's question after the detector's
    expect(first!.tokens()).toBe(first!.tokens());
    expect(first!.tokens().map((t) => t.kind)).toContain('launch');
    expect(pass.define(n!)).toMatchObject({ name: 'N', body: ' 4\n' });
  });

  it('reads a launch site\'s call and callee once for every visitor', () => {
    const tree = parse('void h(float* x) { ns::k<float><<<1, 32>>>(x); }\n', 'cuda');
    const pass = passContext(tree);
    const [syntax] = tree.rootNode.descendantsOfType('kernel_call_syntax');
    const first = pass.chevron(syntax!);
    expect(first.call?.type).toBe('call_expression');
    expect(first.callee?.text).toBe('ns::k<float>');
    expect(pass.chevron(syntax!)).toBe(first);
  });

  it('reads an asm template once, with the file\'s string macros substituted', () => {
    const tree = parse('#define OP "mov.u32"\n__global__ void k(unsigned* x) { asm volatile(OP " %0, %%laneid;" : "=r"(x[0])); }\n', 'cuda');
    const pass = passContext(tree);
    const cursor = pass.cursor;
    const [asm] = tree.rootNode.descendantsOfType('gnu_asm_expression');
    cursor.reset(asm!);
    const template = pass.asmTemplate();
    expect(template).toBe('mov.u32 %0, %%laneid;');
    expect(cursor.nodeType).toBe('gnu_asm_expression'); // the walk's cursor is back where it was
    expect(pass.asmTemplate()).toBe(template);
  });
});
