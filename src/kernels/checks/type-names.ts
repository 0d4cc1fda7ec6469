// CUDA type names in device code that show a feature: half, bfloat16 and fp8 types, CUtensorMap (TMA),
// texture and surface objects. (Qualified library types such as `c10::Half` are in ../profile.ts.)
import type { KernelCheck } from './check.js';
import { context } from './syntax.js';

const HALF_TYPES = new Set(['half', 'half2', '__half', '__half2', '__half_raw', '__half2_raw']);
const BF16_TYPES = new Set(['__nv_bfloat16', '__nv_bfloat162', 'nv_bfloat16', 'nv_bfloat162', '__nv_bfloat16_raw']);
const FP8_TYPE = /^__nv_fp8(x2|x4)?_(e4m3|e5m2|e8m0)$|^__nv_fp8_storage_t$|^__nv_fp8x?\d?_storage_t$/;

export const typeNames: KernelCheck = {
  id: 'type-names',
  nodeTypes: ['type_identifier'],
  features: ['fp16', 'bf16', 'fp8', 'tma', 'texture-object', 'surface'],
  visit(ctx, cursor) {
    const text = cursor.nodeText;
    const feature = HALF_TYPES.has(text) ? 'fp16' : BF16_TYPES.has(text) ? 'bf16' : FP8_TYPE.test(text) ? 'fp8'
      : text === 'CUtensorMap' ? 'tma' : text === 'cudaTextureObject_t' ? 'texture-object' : text === 'cudaSurfaceObject_t' ? 'surface' : undefined;
    if (!feature) return; // most type names: no node object made
    const node = cursor.currentNode;
    const shown = feature === 'fp16' || feature === 'bf16' || feature === 'fp8' ? context(node.parent ?? node) : (node.parent ?? node);
    ctx.add(feature, node, text, shown);
  },
};
