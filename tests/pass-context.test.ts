import { describe, expect, it } from 'vitest';
import { parse } from '../src/parse/grammars.js';
import { passContext, readNamespaceAlias } from '../src/detect/pass-context.js';
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

  /** The pass with its cursor on the first node of `type` in `source`. */
  const at = (source: string, type: string) => {
    const tree = parse(source, 'cuda');
    const pass = passContext(tree);
    pass.cursor.reset(tree.rootNode.descendantsOfType(type)[0]!);
    return pass;
  };

  it('reads an asm template\'s PTX opcodes once; whether a bare opcode is PTX depends on where it sits', () => {
    const pass = at('__device__ void f() { asm volatile("trap;"); }\n', 'gnu_asm_expression');
    const inDevice = pass.inlinePtx(true);
    expect(inDevice).toEqual({ opcodes: ['trap'] });
    expect(pass.inlinePtx(false)).toBeUndefined(); // host asm may say `trap` too
    expect(pass.inlinePtx(true)!.opcodes).toBe(inDevice!.opcodes); // one reading for both visitors
    expect(pass.cursor.nodeType).toBe('gnu_asm_expression');
    const typed = at('void h() { asm("mov.u32 %0, %%laneid;" : "=r"(x)); }\n', 'gnu_asm_expression');
    expect(typed.inlinePtx(false)).toEqual({ opcodes: ['mov.u32'] });
    const x86 = at('void h() { asm volatile("pause"); }\n', 'gnu_asm_expression');
    expect(x86.inlinePtx(false)).toBeUndefined();
  });

  it('reads an #include\'s path once, saying how it is written', () => {
    const quoted = at('#include "kernels/common.cuh"\n', 'preproc_include');
    const read = quoted.include();
    expect(read).toMatchObject({ path: 'kernels/common.cuh', system: false, literal: true, startPosition: { row: 0, column: 9 }, endPosition: { row: 0, column: 29 } });
    expect(quoted.include()).toBe(read);
    expect(quoted.cursor.nodeType).toBe('preproc_include');
    expect(at('#include <cuda_runtime.h>\n', 'preproc_include').include()).toMatchObject({ path: 'cuda_runtime.h', system: true, literal: true });
    // Through a macro: a path the detector may still match, not a header of the include graph.
    expect(at('#include MY_HEADER\n', 'preproc_include').include()).toMatchObject({ path: 'MY_HEADER', system: false, literal: false });
  });

  it('reads a namespace alias whatever the blanks and comments between its tokens', () => {
    expect(at('namespace cg = cooperative_groups;\n', 'namespace_alias_definition').namespaceAlias()).toEqual({ alias: 'cg', target: 'cooperative_groups' });
    expect(readNamespaceAlias('namespace cg = ::cooperative_groups; // CUDA 9')).toEqual({ alias: 'cg', target: 'cooperative_groups' });
    expect(readNamespaceAlias('namespace cg /* groups */ =\n  cooperative_groups :: details ;')).toEqual({ alias: 'cg', target: 'cooperative_groups::details' });
    expect(readNamespaceAlias('namespace = x;')).toBeUndefined();
    expect(readNamespaceAlias('namespace cg { }')).toBeUndefined();
  });

  it('reads a declaration\'s qualifiers with the cursor', () => {
    const shared = at('__global__ void k() { extern __shared__ float s[]; }\n', 'declaration');
    expect(shared.declarationQualifiers()).toEqual({ shared: true, external: true, device: false });
    expect(shared.cursor.nodeType).toBe('declaration');
    expect(at('__device__ int counter;\n', 'declaration').declarationQualifiers()).toEqual({ shared: false, external: false, device: true });
    expect(at('static const int n = 4;\n', 'declaration').declarationQualifiers()).toEqual({ shared: false, external: false, device: false });
  });
});
