// `#if __CUDA_ARCH__ >= 800` (and #ifdef / #elif) inside device code: code that differs per architecture.
// (`NV_IF_TARGET` is a call: ../profile.ts.) An #if around a whole definition is not inside it.
import type { KernelCheck } from './check.js';

const ARCH_MACRO = /__CUDA_ARCH__|__CUDA_ARCH_FEAT_|__CUDA_ARCH_LIST__/;

export const archBranch: KernelCheck = {
  id: 'arch-branch',
  nodeTypes: ['preproc_if', 'preproc_ifdef', 'preproc_elif'],
  features: ['cuda-arch-branch'],
  visit(ctx, cursor) {
    const node = cursor.currentNode;
    const cond = node.childForFieldName('condition') ?? node.childForFieldName('name');
    if (cond && ARCH_MACRO.test(cond.text)) ctx.add('cuda-arch-branch', node, undefined, cond);
  },
};
