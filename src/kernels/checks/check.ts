// The shape of a kernel feature check: a small module that looks at nodes of a few types inside device
// code (the profiler's walk dispatches to it by node type, ../profile.ts) and records features through
// the context. Checks read the cursor and ask it for a node object only when they need one.
import type Parser from 'tree-sitter';
import type { KernelFeature } from '../features.js';
import type { Node } from './syntax.js';
import type { DeclarationRead } from '../declaration-read.js';
import type { LaunchRead } from '../launch-read.js';

export interface CheckContext {
  /** Records a feature of the device function being walked (one per feature, line and column).
   *  `textNode` is the code shown as evidence (default `node`); `warpDependent` evidence counts only
   *  when the kernel does warp-level work (the linker decides). */
  add(feature: KernelFeature, node: Node, detail?: string, textNode?: Node, warpDependent?: boolean): void;
  /** The node the cursor is on, made once for all the checks and the profiler that want it. */
  node(): Node;
  /** On a declaration or field_declaration node: its type, qualifiers and declarators, read once for the
   *  checks on declarations and the profiler, which keeps the same declarations as locals and aliases. */
  declaration(): DeclarationRead;
  /** On a call_expression node: its callee and arguments, read once for the checks and the profiler. */
  call(): CallRead;
  /** On a call_expression or kernel_call_syntax node: the launch it makes, if any, read once for the
   *  checks and the profiler's launch list (the kernel a CUfunction handle holds is the profiler's to know). */
  launch(): LaunchRead | undefined;
  /** On a gnu_asm_expression node: its template with the file's string macros substituted, as the pass
   *  reads it once for the detector's PTX finding too (../../detect/pass-context.ts). */
  asmTemplate(): string | undefined;
  /** On a gnu_asm_expression node: its PTX opcodes (undefined: not PTX), read once for the detector too. */
  inlinePtx(): { opcodes: string[] } | undefined;
  /** Whether a name is a grid-group variable of the device function (`grid_group g = this_grid()`). */
  isGridVariable(name: string): boolean;
  /** Whether a name is a `__shared__` array of 32 elements of the device function (one slot per warp). */
  isWarpArray(name: string): boolean;
  /** Whether a name is a legacy texture reference declared in the file (`texture<float> tex;`). */
  isTextureReference(name: string): boolean;
  /** The declared type of a parameter or local of the device function, as written. */
  declaredType(name: string): string | undefined;
  /** Whether a namespace name is cooperative_groups or an alias of it (`namespace cg = cooperative_groups;`). */
  isCooperativeGroups(namespace: string): boolean;
}

/** A call_expression's parts (`fnNode(args)`). */
export interface CallRead {
  readonly node: Node;
  readonly fnNode: Node | null;
  /** The called function's own name (./syntax.ts calleeName): `f`, `ns::f` → f, `obj.f` → f. */
  readonly name: string | undefined;
  readonly args: Node | null;
  /** The arguments without comments, made on first need. */
  argNodes(): Node[];
}

export interface KernelCheck {
  readonly id: string;
  /** Node types the walk calls `visit` on, inside device functions only. */
  readonly nodeTypes: readonly string[];
  /** Every feature `visit` may record (the fixture test holds it to this). */
  readonly features: readonly KernelFeature[];
  /** Whether the walk goes into these nodes' children (in host code too); default yes. */
  readonly descend?: boolean;
  /** Returns false to keep the walk out of the node's children (in device code). */
  visit(ctx: CheckContext, cursor: Parser.TreeCursor): boolean | void;
}
