// Qualified names in device code: library half/bf16 types (`c10::Half`, `cutlass::half_t`), `wmma::`,
// CUTLASS/CuTe, cooperative groups (or an alias of its namespace), `cuda::` async copies and pipelines.
// A name recognized here is not walked into.
import { stripTemplateArgs } from '../../detect/cpp-matcher.js';
import type { KernelCheck } from './check.js';
import { context } from './syntax.js';
import { warpTileIn } from './warp-tile.js';

/** Half and bfloat16 types of libraries, written qualified (c10::Half, at::BFloat16, cutlass::half_t). */
const HALF_QUALIFIED = /^(::)?(c10::Half|at::Half|cutlass::half_t|sycl::half)$/;
const BF16_QUALIFIED = /^(::)?(c10::BFloat16|at::BFloat16|cutlass::bfloat16_t)$/;
const ASYNC_COPY_QUALIFIED = /^(::)?cuda::(memcpy_async|pipeline|barrier|make_pipeline|pipeline_shared_state|pipeline_consumer_wait_prior|pipeline_producer_commit)\b/;

/** Whether a qualified name is in cooperative_groups (or an alias of it). */
export function inCooperativeGroups(text: string, isCg: (namespace: string) => boolean): boolean {
  const head = text.replace(/^::/, '').split('::')[0]!;
  return isCg(head) && text.includes('::');
}

export const qualifiedNames: KernelCheck = {
  id: 'qualified-names',
  nodeTypes: ['qualified_identifier'],
  features: ['fp16', 'bf16', 'cutlass-cute', 'tensor-core', 'cooperative-groups', 'cluster', 'async-copy', 'warp-size-assumption'],
  visit(ctx) {
    const node = ctx.node();
    const text = stripTemplateArgs(node.text);
    if (HALF_QUALIFIED.test(text) || BF16_QUALIFIED.test(text)) {
      ctx.add(HALF_QUALIFIED.test(text) ? 'fp16' : 'bf16', node, text.replace(/^::/, ''), context(node.parent ?? node));
      if (text.includes('cutlass::')) ctx.add('cutlass-cute', node, 'cutlass::' + text.split('::').pop());
    } else if (/(^|::)wmma::/.test(text)) {
      ctx.add('tensor-core', node, text.replace(/^nvcuda::/, ''));
    } else if (/^(::)?(cutlass|cute)::/.test(text)) {
      ctx.add('cutlass-cute', node, text.split('::').slice(0, 2).join('::'));
    } else if (inCooperativeGroups(text, (ns) => ctx.isCooperativeGroups(ns))) {
      const last = text.split('::').pop()!;
      ctx.add('cooperative-groups', node, last);
      if (last === 'this_cluster' || last === 'cluster_group') ctx.add('cluster', node, last);
      if (last === 'memcpy_async') ctx.add('async-copy', node, `cooperative_groups::${last}`);
      warpTileIn(ctx, node);
      // A grid group alone (for thread_rank()/size()) is no grid sync: only grid.sync() is (./device-calls.ts).
    } else if (ASYNC_COPY_QUALIFIED.test(text)) {
      ctx.add('async-copy', node, text.replace(/^::/, '').split('::').slice(0, 2).join('::'));
    } else return true;
    return false;
  },
};
