// The kernel features: the one list every other place (the KernelFeature type, the report schema's
// `kernelFeature` enum, the README table, the hazard table's validation) is generated from or tested
// against, so none of them can drift. The order is the report's order (hazards are listed in it).
export interface FeatureDoc {
  readonly id: string;
  /** One line for the README's feature table. */
  readonly doc: string;
}

export const FEATURE_DOCS = [
  { id: 'shared-static', doc: '`__shared__` arrays, with their bytes when element type and sizes are literal' },
  { id: 'shared-dynamic', doc: '`extern __shared__` (size set at launch)' },
  { id: 'shared-opt-in', doc: 'dynamic shared memory above 48 KB opted into with `cudaFuncSetAttribute`' },
  { id: 'warp-intrinsic', doc: '`__shfl*_sync`, `__ballot_sync`, `__syncwarp`, `__match*`, `__reduce*`, cooperative-groups tile collectives' },
  { id: 'warp-size-assumption', doc: 'code that assumes 32-wide warps (`& 31`, `/ 32`, `0xffffffff` masks, `WARP_SIZE` = 32, ...)' },
  { id: 'atomic', doc: 'CUDA atomic intrinsics, ATen wrappers (`gpuAtomicAdd`) and PTX `atom.`/`red.`, with the operand type' },
  { id: 'tensor-core', doc: '`wmma` and PTX `mma`/`wgmma`/`ldmatrix`' },
  { id: 'cutlass-cute', doc: 'CUTLASS / CuTe in device code' },
  { id: 'inline-ptx', doc: '`asm(...)` PTX, with its opcodes' },
  { id: 'cooperative-groups', doc: 'cooperative groups' },
  { id: 'grid-sync', doc: '`sync()` on a grid group, or a cooperative launch' },
  { id: 'dynamic-parallelism', doc: 'launches from device code, `cudaDeviceSynchronize` in device code' },
  { id: 'texture-object', doc: '`cudaTextureObject_t` and `tex*D` fetches through one' },
  { id: 'texture-reference', doc: 'legacy `texture<...>` references' },
  { id: 'surface', doc: '`cudaSurfaceObject_t`, `surf*D`' },
  { id: 'launch-bounds', doc: '`__launch_bounds__`' },
  { id: 'fp16', doc: 'half types and intrinsics (`__half`, `c10::Half`, `__float2half`)' },
  { id: 'bf16', doc: 'bfloat16 types and intrinsics' },
  { id: 'fp8', doc: '`__nv_fp8_*` types' },
  { id: 'fp64', doc: 'double data and arithmetic (types, double atomics, double instantiations)' },
  { id: 'fp64-parameter', doc: 'a scalar `double` parameter of device code' },
  { id: 'fp64-literal', doc: 'an unsuffixed floating constant that makes arithmetic double' },
  { id: 'device-printf', doc: '`printf` in device code' },
  { id: 'device-assert', doc: '`assert` in device code' },
  { id: 'cluster', doc: 'thread-block clusters' },
  { id: 'tma', doc: 'the Tensor Memory Accelerator (`CUtensorMap`, `cp.async.bulk.tensor`)' },
  { id: 'distributed-shared-memory', doc: 'distributed shared memory (`map_shared_rank`, `mapa`)' },
  { id: 'cuda-arch-branch', doc: '`#if __CUDA_ARCH__` and `NV_IF_TARGET` branches in device code' },
  { id: 'async-copy', doc: '`cp.async`, `__pipeline_memcpy_async`, `cuda::memcpy_async`/`pipeline`/`barrier`' },
] as const satisfies readonly FeatureDoc[];

export type KernelFeature = (typeof FEATURE_DOCS)[number]['id'];
export const KERNEL_FEATURES: readonly KernelFeature[] = FEATURE_DOCS.map((f) => f.id);

/** The README's feature table (between the kernel-features markers), generated from FEATURE_DOCS. */
export function featureTable(): string {
  return ['| feature | what |', '|---|---|', ...FEATURE_DOCS.map((f) => `| \`${f.id}\` | ${f.doc} |`)].join('\n');
}
