// The kernel profiler reads parameters and asm templates with the tree cursor: each node object handed to
// JS costs the tree-sitter binding a native cache entry (~290 bytes) for as long as the tree lives, which on
// CUTLASS's GMMA headers (hundreds of asm wrappers with 64 register parameters each) was ~130 MB a file.
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from '../src/parse/grammars.js';
import { profileKernels } from '../src/kernels/profile.js';
import { macroContext } from '../src/detect/macro-table.js';

const require = createRequire(import.meta.url);
const Tree = (require('cuport-tree-sitter') as { Tree: { prototype: Record<string, (...a: unknown[]) => unknown> } }).Tree;
const original = { one: Tree.prototype._cacheNode!, many: Tree.prototype._cacheNodes! };
afterEach(() => {
  Tree.prototype._cacheNode = original.one;
  Tree.prototype._cacheNodes = original.many;
});

/** Node objects the binding caches while `run` runs. */
function nodeObjects(run: () => void): number {
  let count = 0;
  Tree.prototype._cacheNode = function (this: unknown, n: unknown) { count++; return original.one.call(this, n); };
  Tree.prototype._cacheNodes = function (this: unknown, a: unknown) { count += (a as unknown[]).length; return original.many.call(this, a); };
  run();
  return count;
}

const params = Array.from({ length: 64 }, (_, k) => `uint32_t& d${k}`).join(', ');
const regs = Array.from({ length: 64 }, (_, k) => `"+r"(d${k})`).join(', ');
const wrapper = (n: number) => `__device__ static void fma${n}(${params}, uint64_t const& desc) {
  asm volatile("{\\n" ".reg .pred p;\\n" "wgmma.mma_async.sync.aligned.m64n8k16.f32.f16.f16 {%0}, %64;\\n" "}\\n"
    : ${regs} : "l"(desc));
}
`;

describe('node objects per device function', () => {
  it('stay few for asm wrappers with many parameters (not one per parameter or string piece)', () => {
    const source = Array.from({ length: 4 }, (_, k) => wrapper(k)).join('');
    const { context } = macroContext(source);
    const tree = parse(source, 'cuda');
    let scan: ReturnType<typeof profileKernels> | undefined;
    const made = nodeObjects(() => { scan = profileKernels(tree, context); });
    expect(scan!.functions).toHaveLength(4);
    expect(scan!.functions[0]!.arity).toEqual([65, 65]);
    expect(scan!.functions[0]!.paramTypes.slice(0, 2)).toEqual(['', '']);
    expect(scan!.functions[0]!.features.map((f) => f.feature)).toEqual(expect.arrayContaining(['inline-ptx', 'tensor-core']));
    // Reading 65 parameters and a 4-piece template with node objects made ~290 a function.
    expect(made / 4).toBeLessThan(20);
  });

  it('reads parameter names, types and kinds through comments, references, pointers, defaults and packs', () => {
    const { functions, launchers } = profileKernels(parse(`
__device__ float f(/* a */ float a, const float& b, int* p, half2 h = half2()) { return a; }
__device__ void g(void) {}
template <typename... Ts> __device__ void h(Ts... xs) {}
template <typename K> void launch(int n, /* kernel */ K kernel) { kernel<<<1, n>>>(); }
`, 'cuda'));
    const f = functions.find((x) => x.name === 'f')!;
    expect(f.arity).toEqual([3, 4]);
    expect(f.paramTypes).toEqual(['float', '', '', 'half2']);
    expect(functions.find((x) => x.name === 'g')!.arity).toEqual([0, 0]);
    expect(functions.find((x) => x.name === 'h')!.arity).toEqual([0, -1]);
    // The host launcher's parameter index counts the comment, as the node-based reading did.
    expect(launchers).toEqual([expect.objectContaining({ name: 'launch', kernelArg: 2, kind: 'function' })]);
  });
});
