// The data of the per-kernel portability profile: what the profiler records per file (in worker
// threads), what linking across files makes of it, and what a report shows per kernel.
import type { SharedMemory } from './shared-memory.js';
import type { Status, Target } from '../model.js';

/** Every feature the profiler looks for in device code (and at launch sites): src/kernels/features.ts. */
export { KERNEL_FEATURES, type KernelFeature } from './features.js';
import type { KernelFeature } from './features.js';

/** One place in the source that shows a feature. Lines and columns are 1-based. */
export interface Evidence {
  feature: KernelFeature;
  line: number;
  column: number;
  /** The code, on one line, shortened. */
  text: string;
  /** What exactly: the PTX opcodes, the atomic's operand type, `& 31`, ... */
  detail?: string;
  /** Set when the evidence is not in the kernel's own body (a callee, a launch site, an attribute call). */
  file?: string;
  /** Found only in some of several same-arity overloads the kernel may call: possible, not certain. */
  possible?: boolean;
  /** The __device__ function it was found in, when it is a callee of the kernel. */
  via?: string;
}

/** A __global__ or __device__ function as one file sees it. */
export interface DeviceFunction {
  name: string;
  kind: 'global' | 'device';
  line: number;
  endLine: number;
  lines: number;
  template: boolean;
  /** A template kernel's template parameter names, in order ('' for an unnamed one). */
  templateParams?: string[];
  externC: boolean;
  features: Evidence[];
  /** Names of the functions it calls (last segment, without template arguments), sorted. Calls through
   *  a local or parameter (a function pointer) are left out: their targets are in `refs`. */
  calls: string[];
  /** Per called name, the argument types of each distinct call (its length is the arity; '' where the type
   *  is not obvious): the linker picks overloads by arity, then by the obvious types (half2 vs float). */
  callTypes: Record<string, string[][]>;
  /** Parameter types, normalized ('' where not a plain value type): matched against callTypes. */
  paramTypes: string[];
  /** Parameter counts this function accepts: [required, maximum]; maximum -1 when variadic. */
  arity: [number, number];
  /** Names used as values rather than called (`f = vec_dot_q4_0`, `return c ? f : g`, `traits<T>::vec_dot`),
   *  without the function's own locals and parameters, sorted: the linker follows those that name functions. */
  refs: string[];
  /** Evidence that is a warp-size assumption only if the kernel does warp-level work (`x & 31` on a
   *  non-lane operand, `tid / 32`): kept by the linker when the kernel or a callee uses warp intrinsics
   *  or warp-synchronous code. */
  warpDependent: Evidence[];
  /** Identifiers used that look like a named warp-size constant (WARP_SIZE, kWarpSize, ...). */
  warpSizeNames: { name: string; line: number; column: number; text: string }[];
  /** A template kernel's members of its template parameters it names (`typename Traits::Element` →
   *  `Traits::Element`), sorted: the element types a traits argument gives it (src/kernels/traits.ts). */
  traitMembers?: string[];
}

export type LaunchVia =
  | '<<<>>>' | 'cudaLaunchKernel' | 'cudaLaunchCooperativeKernel' | 'cudaLaunchKernelEx' | 'cudaLaunchKernelExC'
  | 'cuLaunchKernel' | 'cuLaunchCooperativeKernel' | 'cuLaunchKernelEx' | 'hipLaunchKernelGGL' | 'macro';

export interface LaunchSite {
  /** The launched name as written (last segment, no template arguments); for cuLaunchKernel the
   *  kernel name found through cuModuleGetFunction, else the handle variable. */
  kernel: string;
  templateArgs?: string;
  via: LaunchVia;
  /** For a launch through a macro: the macro's name. */
  macro?: string;
  line: number;
  column: number;
  /** <<<grid, block, sharedMem, stream>>> (or the launch API's arguments) as written. */
  config?: { grid?: string; block?: string; sharedMem?: string; stream?: string };
  /** The function the launch sits in. */
  scope?: string;
  /** A launch from device code (dynamic parallelism). */
  fromDevice: boolean;
  /** A `<<<` the grammar did not parse as a launch (a syntax error around it), read from the text. */
  unparsed?: boolean;
  /** Dispatch macro calls the launch sits in (`AT_DISPATCH_FLOATING_TYPES(t, "n", [&] { ... })`), outermost
   *  first: with the macro's type list they say which types a `scalar_t` in the template arguments stands for. */
  dispatch?: DispatchCall[];
}

export interface DispatchCall {
  macro: string;
  /** The arguments as written (a lambda argument left out). */
  args: string[];
  line: number;
}

/** A kernel instantiated explicitly: `template __global__ void k<double>(...)`, in code or through a
 *  macro (`INST(half)` with `#define INST(T) template __global__ void k<T>(T*);`). */
export interface Instantiation {
  kernel: string;
  templateArgs: string;
  line: number;
  macro?: string;
}

/** A type alias at file or namespace scope whose type is an element type (`using bnb_bfloat16 =
 *  __nv_bfloat16;`, `typedef half fp16;`): a template argument naming it instantiates with that type. */
export interface TypeAlias {
  name: string;
  /** The element type it stands for (src/kernels/instantiations.ts elementType). */
  type: string;
  line: number;
}

/** One `#include "path"` directive: the path as written and the directive's offset in the file's text. */
export interface IncludeSite {
  path: string;
  offset: number;
}

/** A struct or class at file or namespace scope with member type aliases (`struct MyTraits { using
 *  Element = double; };`, `template <typename T> struct Kernel_traits { using Element = T; };`), read from
 *  the text (src/kernels/source-scans.ts fileTraitsStructs). */
export interface TraitsStruct {
  name: string;
  line: number;
  /** A template's parameters in order, with their defaults as written ('' for an unnamed one). */
  params?: { name: string; default?: string }[];
  /** `template <> struct X<half> { ... }` or a partial specialization: X is then not resolved at all. */
  specialization?: boolean;
  /** Member aliases as written, every definition (#if branches may give two); only those whose type is an
   *  element type or a plain name (a parameter, another member, a type alias). */
  members: { name: string; type: string }[];
}

/** A project dispatch macro read from its #define: `case ...: { using scalar_t_##LEVEL = at::Half; ... }`. */
export interface DispatchMacro {
  name: string;
  params: string[];
  /** Alias as written (with `##PARAM` pasting) and the type it stands for, per case. */
  aliases: { alias: string; type: string }[];
  line: number;
}

/** cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, bytes) and friends. */
export interface FuncAttributeSite {
  kernel: string;
  attribute: string;
  value: string;
  line: number;
  column: number;
}

/** A macro (`#define LAUNCH(k, ...) k<<<...>>>(...)`) or host function (`void launch(K k) { k<<<...>>>(); }`)
 *  that launches one of its parameters: each call to it launches the kernel passed as argument `kernelArg`. */
export interface Launcher {
  name: string;
  kernelArg: number;
  /** A kernel name pasted from the argument: `{}_kernel` for `name##_kernel<<<...>>>`. */
  pattern?: string;
  kind: 'macro' | 'function';
  /** The line of the `<<<` in the launcher. */
  line: number;
  /** A launcher macro's template arguments at its `<<<` (`name##_kernel<double><<<...>>>`), when they name
   *  none of the macro's parameters (those are the use's arguments, which are not substituted). */
  templateArgs?: string;
}

/** A host call that may pass a kernel to a launcher (callee is a macro-like name, a launcher, or an
 *  argument names a function). `args[i]` is the function name(s) argument i names, `|`-separated, or ''. */
export interface MacroCall {
  callee: string;
  args: string[];
  line: number;
  column: number;
  scope?: string;
}

/** A named warp-size constant (`#define WARP_SIZE 32`, `constexpr int kWarpSize = 64;`): only those
 *  defined as 32 make a hazard, but a file that sees its own 64 must not take another file's 32. */
export interface WarpSizeConstant {
  name: string;
  line: number;
  text: string;
  /** True when defined as the literal 32. */
  is32: boolean;
}

/** A name bound to function names outside device code (a file-scope or struct-member function pointer:
 *  `static constexpr vec_dot_t vec_dot_mma = vec_dot_q8_0_mma<...>;`), followed when device code uses it. */
export interface ValueAlias {
  name: string;
  targets: string[];
  line: number;
}

/** What the profiler finds in one file; linking across files happens after all files are scanned. */
export interface FileKernelScan {
  functions: DeviceFunction[];
  launches: LaunchSite[];
  attributes: FuncAttributeSite[];
  launchers: Launcher[];
  macroCalls: MacroCall[];
  warpSizeConstants: WarpSizeConstant[];
  valueAliases: ValueAlias[];
  /** #include paths as written: the linker follows them to know which definitions a file can see. */
  includes: string[];
  /** Every literal #include in text order with its directive's offset: where a header's macros take effect
   *  in this file, and in which order a header's own includes come (src/scan/macro-imports.ts). Absent
   *  when the file has no include (and in embedded CUDA, which has no headers). */
  includeSites?: IncludeSite[];
  instantiations?: Instantiation[];
  dispatchMacros?: DispatchMacro[];
  typeAliases?: TypeAlias[];
  traitsStructs?: TraitsStruct[];
}

/** A kernel's features after linking: its own body, its __device__ callees and its launch sites. */
export interface FeatureSummary {
  count: number;
  /** How many of `count` are only possible (in some of several fitting overloads): they raise no hazard. */
  possible?: number;
  /** The first few places (own body first, then callees, then launch sites). */
  evidence: Evidence[];
}

export interface KernelHazard {
  /** A profile feature, `cuda-api` for a rule-table finding (in the kernel or a callee) that sets the status, or
   *  `shared-memory-limit` for shared memory over the target's stated per-block limit. */
  feature: KernelFeature | 'cuda-api' | 'shared-memory-limit';
  status: Status;
  /** Why, ready to print: "`lane = threadIdx.x & 31` at src/reduce.cu:88 assumes 32-wide warps; the DCU wavefront is 64". */
  reason: string;
  locations: string[];
  count: number;
  source: string;
  /** Accepted by an inline `cuport-ignore kernel.FEATURE` directive on the hazard's line(s) (src/gate/accept.ts). */
  suppression?: { kind: 'inSource'; justification: string };
  /** Costs nothing of its own on the target (src/report/build.ts coveredHazards): every place is on code
   *  already on the target's path, or in a `__CUDA_ARCH__` branch the target does not take. */
  covered?: 'target-path' | 'arch-branch';
}

export interface AscendAlternative {
  kind: 'aclnn' | 'catlass' | 'triton-ascend' | 'ascend-c-simt';
  suggestion: string;
  why: string;
  source: string;
}

export interface KernelProfile {
  externC: boolean;
  /** __device__ functions reachable from the kernel (by name, across files), sorted. */
  callees: { name: string; file: string; line: number; lines: number; possible?: boolean }[];
  launches: { file: string; line: number; via: LaunchVia; macro?: string; config?: LaunchSite['config']; launcher?: { file: string; line: number } }[];
  features: Partial<Record<KernelFeature, FeatureSummary>>;
  /** The element types the kernel is instantiated with, each with where that is seen (an explicit
   *  instantiation, a launch's template arguments, the dispatch macro around a launch). */
  instantiations?: InstantiationEvidence[];
  /** Shared memory in bytes where computable (src/kernels/shared-memory.ts). */
  sharedMemory?: SharedMemory;
  /** Names called by the kernel and its callees, sorted (internal: not in the report). */
  calls?: string[];
}

/** A launch the linker could not tie to a __global__ definition (function pointer, template parameter, external kernel). */
export interface UnresolvedLaunch {
  kernel: string;
  file: string;
  line: number;
  via: LaunchVia;
  /** Why it is not tied when the reason is not just a missing definition: the macro it is launched in or
   *  through, or a `<<<` the grammar did not parse. */
  reason?: string;
  /** For a launch through a launcher macro or function: where its `<<<` is. */
  launcher?: { file: string; line: number };
}

export interface InstantiationEvidence {
  type: string;
  file: string;
  line: number;
  /** How: `explicit instantiation`, `launch template arguments`, or the dispatch macro's name. */
  via: string;
}
