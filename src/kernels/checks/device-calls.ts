// Calls in device code that show a feature: warp intrinsics (and full masks written as `uint32_t(-1)`),
// atomics with their operand type, async copies, printf/assert, texture and surface fetches, cooperative
// groups and grid sync, wmma, dynamic parallelism, NV_IF_TARGET, half/bf16 conversions. (Launch APIs,
// cudaFuncSetAttribute and callee bookkeeping stay in ../profile.ts; none of them is a name below.)
import type { CheckContext, KernelCheck } from './check.js';
import { calleeName, snippet, WARP_INTRINSICS, type Node } from './syntax.js';
import { inCooperativeGroups } from './qualified-names.js';

const HALF_FUNCS = /^(__float2half|__half2float|__floats2half2|__float22half2|__half22float2|__h[a-z]+2?)(_r[nzdu])?$/;
const BF16_FUNCS = /^(__float2bfloat16|__bfloat162float|__floats2bfloat162|__float22bfloat162|__bfloat1622float2)(_r[nzdu])?$/;
/** Cooperative-groups entry points distinctive enough to count without their namespace. */
const CG_FUNCTIONS = new Set(['this_thread_block', 'this_grid', 'tiled_partition', 'coalesced_threads', 'this_cluster', 'this_multi_grid', 'binary_partition', 'labeled_partition']);
/** Warp collectives of a cooperative-groups tile (`tile.shfl_down(v, 1)`). */
const CG_WARP_METHODS = new Set(['shfl', 'shfl_down', 'shfl_up', 'shfl_xor', 'ballot', 'match_any', 'match_all']);
const WMMA_FUNCTIONS = new Set(['mma_sync', 'load_matrix_sync', 'store_matrix_sync', 'fill_fragment']);
/** Asynchronous global→shared copies through their C++ wrappers. */
const ASYNC_COPY_FUNCTIONS = new Set(['__pipeline_memcpy_async', '__pipeline_commit', '__pipeline_wait_prior', 'memcpy_async']);
/** The CUDA atomic intrinsics (a user's atomicAggInc is a function like any other). */
const ATOMIC_INTRINSIC = /^atomic(Add|Sub|Exch|Min|Max|Inc|Dec|CAS|And|Or|Xor)(_block|_system)?$/;
/** ATen's atomic wrappers (ATen/cuda/Atomic.cuh: gpuAtomicAdd, fastAtomicAdd, ...): atomics all the same. */
const ATOMIC_WRAPPER = /^(gpu|fast|fastSpecialized)Atomic(Add|Sub|Mul|Div|Max|Min|Exch|CAS)(NoReturn)?$/;
/** A full mask written as a conversion of -1 (`uint32_t(-1)`, `(unsigned)-1`) or `~0u`. */
const MINUS_ONE_MASK = /^(?:(?:uint32_t|unsigned(?:\s+int)?)\s*\(\s*-\s*1\s*\)|\(\s*(?:uint32_t|unsigned(?:\s+int)?)\s*\)\s*-\s*1|~\s*0[uU]?)$/;

export const deviceCalls: KernelCheck = {
  id: 'device-calls',
  nodeTypes: ['call_expression'],
  features: [
    'grid-sync', 'warp-intrinsic', 'warp-size-assumption', 'async-copy', 'atomic', 'fp64', 'device-printf', 'device-assert',
    'texture-reference', 'texture-object', 'surface', 'cooperative-groups', 'cluster', 'distributed-shared-memory', 'tensor-core',
    'dynamic-parallelism', 'cuda-arch-branch', 'fp16', 'bf16',
  ],
  visit(ctx) {
    const { node, fnNode, name, args, argNodes } = ctx.call();
    if (!name) return;
    if (name === 'sync' && isGridSync(ctx, fnNode, argNodes())) ctx.add('grid-sync', node, 'grid-wide sync()');
    if (WARP_INTRINSICS.has(name)) {
      ctx.add('warp-intrinsic', node, name);
      const mask = argNodes()[0];
      if (mask && MINUS_ONE_MASK.test(mask.text.trim())) ctx.add('warp-size-assumption', mask, `full 32-lane mask ${snippet(mask.text, 30)}`, node);
    } else if (ASYNC_COPY_FUNCTIONS.has(name)) ctx.add('async-copy', node, name);
    else if ((ATOMIC_INTRINSIC.test(name) || ATOMIC_WRAPPER.test(name)) && fnNode?.type !== 'field_expression') {
      const operandType = atomicOperandType(ctx, args?.namedChild(0));
      ctx.add('atomic', node, operandType ? `${name}(${operandType})` : name);
      if (operandType && /\bdouble\b/.test(operandType)) ctx.add('fp64', node, `${name} on double`);
    } else if (name === 'printf' || name === 'vprintf') ctx.add('device-printf', node);
    else if (name === 'assert' || name === '__assertfail' || name === '__assert_fail') ctx.add('device-assert', node);
    else if (/^tex(1D|2D|3D|Cubemap)\w*$/.test(name)) {
      const first = args?.namedChild(0);
      const legacy = first?.type === 'identifier' && ctx.isTextureReference(first.text);
      ctx.add(legacy ? 'texture-reference' : 'texture-object', node, name);
    } else if (/^surf(1D|2D|3D|Cubemap)\w*$/.test(name)) ctx.add('surface', node, name);
    else if (CG_FUNCTIONS.has(name) || (fnNode?.type === 'qualified_identifier' && inCooperativeGroups(fnNode.text, (ns) => ctx.isCooperativeGroups(ns)))) {
      ctx.add('cooperative-groups', node, name);
      if (name === 'this_cluster') ctx.add('cluster', node, name);
    } else if (name === 'map_shared_rank' && fnNode?.type === 'field_expression') ctx.add('distributed-shared-memory', node, name);
    else if (CG_WARP_METHODS.has(name) && fnNode?.type === 'field_expression') ctx.add('warp-intrinsic', node, `${name} (cooperative-groups tile)`);
    else if (WMMA_FUNCTIONS.has(name)) ctx.add('tensor-core', node, `wmma ${name}`);
    else if (name === 'cudaDeviceSynchronize' || name === 'cudaLaunchDevice' || name === 'cudaGetParameterBuffer') ctx.add('dynamic-parallelism', node, name);
    else if (name === 'NV_IF_TARGET' || name === 'NV_IF_ELSE_TARGET' || name === 'NV_DISPATCH_TARGET') ctx.add('cuda-arch-branch', node, name, fnNode ?? node);
    else if (HALF_FUNCS.test(name)) ctx.add('fp16', node, name);
    else if (BF16_FUNCS.test(name)) ctx.add('bf16', node, name);
  },
};

/** `grid.sync()` on a grid group, `this_grid().sync()`, `cg::sync(grid)`. */
function isGridSync(ctx: CheckContext, fnNode: Node | null, args: Node[]): boolean {
  const isGrid = (n: Node | null | undefined): boolean => {
    if (!n) return false;
    if (n.type === 'identifier') return ctx.isGridVariable(n.text);
    const called = n.type === 'call_expression' ? calleeName(n.childForFieldName('function')) : undefined;
    return called === 'this_grid' || called === 'this_multi_grid';
  };
  if (fnNode?.type === 'field_expression') return isGrid(fnNode.childForFieldName('argument'));
  return args.length === 1 && isGrid(args[0]);
}

/** The element type an atomic's address operand points to, when the declarations say it. */
function atomicOperandType(ctx: CheckContext, arg: Node | null | undefined): string | undefined {
  let cur = arg;
  for (let guard = 0; cur && guard < 8; guard++) {
    if (cur.type === 'cast_expression') {
      const t = cur.childForFieldName('type')?.text ?? '';
      return t.replace(/\*\s*$/, '').replace(/\b(const|volatile)\b/g, '').trim() || undefined;
    }
    if (cur.type === 'parenthesized_expression') cur = cur.namedChild(0);
    else if (cur.type === 'pointer_expression' && cur.child(0)?.type === '&') cur = cur.childForFieldName('argument');
    else if (cur.type === 'subscript_expression') cur = cur.childForFieldName('argument');
    else if (cur.type === 'binary_expression') cur = cur.childForFieldName('left');
    else if (cur.type === 'field_expression') return undefined; // a struct member: its type is in the struct
    else break;
  }
  if (cur?.type !== 'identifier') return undefined;
  const declared = ctx.declaredType(cur.text);
  if (!declared) return undefined;
  // The operand is a pointer to the element: strip pointer/array levels of the declaration.
  return declared.replace(/\b(const|volatile|__restrict__|__restrict|restrict)\b/g, '').replace(/[*&\s]+$/g, '').replace(/\s+/g, ' ').trim() || undefined;
}
