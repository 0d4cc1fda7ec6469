// `asm volatile("...")` in device code: inline PTX with its opcodes, and what those opcodes are
// (atomics, tensor-core MMA, async and bulk-tensor copies, distributed shared memory, clusters).
import type { KernelCheck } from './check.js';

const TENSOR_CORE_PTX = /^(mma|wgmma|ldmatrix|stmatrix|tcgen05|movmatrix)\b/;
/** Asynchronous global→shared copies (Ampere cp.async); bulk tensor copies are TMA. */
const ASYNC_COPY_PTX = /^cp\.async\b/;
/** PTX atomics and reductions (atom.global.add.f32, red.shared.add.u32). */
const ATOMIC_PTX = /^(atom|red)\./;
const TMA_PTX = /^(cp\.async\.bulk\.tensor|cp\.reduce\.async\.bulk\.tensor|prefetch\.tensor|cp\.async\.bulk\.prefetch\.tensor)/;
const DSM_PTX = /^(mapa|barrier\.cluster)|shared::cluster/;
const CLUSTER_PTX = /\.cluster\b|^barrier\.cluster|%cluster/;

export const inlinePtx: KernelCheck = {
  id: 'inline-ptx',
  nodeTypes: ['gnu_asm_expression'],
  features: ['inline-ptx', 'atomic', 'fp64', 'tensor-core', 'async-copy', 'tma', 'distributed-shared-memory', 'cluster'],
  visit(ctx) {
    const ptx = ctx.inlinePtx();
    if (!ptx) return;
    const code = ctx.asmTemplate() ?? '';
    const node = ctx.node();
    const { opcodes } = ptx;
    ctx.add('inline-ptx', node, opcodes.length ? opcodes.join(', ') : 'PTX special registers');
    const atomics = opcodes.filter((o) => ATOMIC_PTX.test(o));
    if (atomics.length) ctx.add('atomic', node, `PTX ${atomics.join(', ')}`);
    if (atomics.some((o) => /\.f64\b/.test(o))) ctx.add('fp64', node, `PTX ${atomics.filter((o) => /\.f64\b/.test(o)).join(', ')} on double`);
    const tensor = opcodes.filter((o) => TENSOR_CORE_PTX.test(o) && !TMA_PTX.test(o));
    if (tensor.length) ctx.add('tensor-core', node, tensor.join(', '));
    const asyncCopy = opcodes.filter((o) => ASYNC_COPY_PTX.test(o) && !TMA_PTX.test(o));
    if (asyncCopy.length) ctx.add('async-copy', node, asyncCopy.join(', '));
    const tma = opcodes.filter((o) => TMA_PTX.test(o));
    if (tma.length) ctx.add('tma', node, tma.join(', '));
    const dsm = opcodes.filter((o) => DSM_PTX.test(o));
    if (dsm.length) ctx.add('distributed-shared-memory', node, dsm.join(', '));
    const cluster = opcodes.filter((o) => CLUSTER_PTX.test(o));
    if (cluster.length || /%cluster/.test(code)) ctx.add('cluster', node, cluster.join(', ') || '%cluster registers');
  },
};
