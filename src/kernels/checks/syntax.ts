// Small syntax helpers shared by the kernel profiler (../profile.ts) and its checks: reading names,
// statement contexts and literals off node objects. Pure functions of the nodes they are given.
import type Parser from 'tree-sitter';
import { stripTemplateArgs } from '../../detect/cpp-matcher.js';

export type Node = Parser.SyntaxNode;

export const WARP_INTRINSICS = new Set([
  '__shfl_sync', '__shfl_up_sync', '__shfl_down_sync', '__shfl_xor_sync', '__ballot_sync', '__any_sync', '__all_sync',
  '__uni_sync', '__activemask', '__syncwarp', '__match_any_sync', '__match_all_sync', '__reduce_add_sync', '__reduce_min_sync',
  '__reduce_max_sync', '__reduce_and_sync', '__reduce_or_sync', '__reduce_xor_sync',
  // Pre-CUDA 9 forms, still in old code.
  '__shfl', '__shfl_up', '__shfl_down', '__shfl_xor', '__ballot', '__any', '__all',
]);

/** A named warp-size constant: WARP_SIZE, WARPSIZE, kWarpSize, warp_size, WarpSize (not the built-in warpSize). */
export const WARP_SIZE_NAME = /^(k_?)?warp_?size$|^WARP_?SIZE$|^(k|K)WarpSize$|^WarpSize$|^CUDA_WARP_SIZE$|^WARP_SZ$|^(k_?)?threads_?per_?warp$|^WARP_THREADS$/i;

/** A decimal or hex integer literal with its suffixes, as a warp-size constant is defined. */
const INTEGER_LITERAL = /^\d+[uUlL]*$|^0x[0-9a-fA-F]+[uUlL]*$/;
/** A named warp-size constant defined as an integer (`WARP_SIZE = 32`, `kWarpSize = 64`): in a declaration, an
 *  enumerator, at file scope (../profile.ts, linked across files) or in device code (warp-size-constants.ts). */
export const isWarpSizeConstant = (name: string, value: string) => WARP_SIZE_NAME.test(name) && INTEGER_LITERAL.test(value);
export const isThirtyTwo = (text: string) => /^(32|0x20)[uUlL]*$/.test(text);
export const FULL_MASK = /^0x[fF]{8}[uUlL]*$/;
export const FLOAT_LITERAL = /^(\d+\.\d*|\.\d+|\d+\.?\d*[eE][+-]?\d+|\d*\.\d+[eE][+-]?\d+)[lL]?$/;

export const snippet = (text: string, max = 90): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** The statement-level context of an expression (`lane = threadIdx.x & 31`), for readable evidence. */
export function context(node: Node): Node {
  let cur = node;
  for (let k = 0; k < 5 && cur.parent; k++) {
    const p = cur.parent;
    if (p.type === 'init_declarator' || p.type === 'assignment_expression') return p;
    if (p.type === 'argument_list' && p.parent) return p.parent; // an argument: show the call
    if (!/expression$|^argument_list$|^condition_clause$/.test(p.type) || p.type === 'call_expression') return cur;
    cur = p;
  }
  return cur;
}

export function calleeName(fn: Node | null): string | undefined {
  if (!fn) return undefined;
  switch (fn.type) {
    case 'identifier':
      return fn.text;
    case 'template_function':
      return fn.childForFieldName('name')?.text;
    case 'qualified_identifier':
      return stripTemplateArgs(fn.text).split('::').pop();
    case 'field_expression': {
      const field = fn.childForFieldName('field');
      // `softmax.template rescale_o<true>(...)`: a dependent member template; its name is what the call names.
      if (field?.type === 'dependent_name' || field?.type === 'template_method') return stripTemplateArgs(field.text.replace(/^template\s+/, '')).trim() || undefined;
      return field?.text;
    }
    default:
      return undefined;
  }
}

/** The name a declarator declares, through pointer/array/reference/init declarators. */
export function declaredName(decl: Node | null): string | undefined {
  for (let cur = decl, guard = 0; cur && guard < 8; guard++) {
    if (cur.type === 'identifier' || cur.type === 'field_identifier') return cur.text;
    cur = cur.childForFieldName('declarator') ?? (cur.type === 'reference_declarator' ? cur.namedChild(0) : null);
  }
  return undefined;
}

/** The function called by an initializer, through casts and parentheses (`(unsigned)__ballot_sync(...)`). */
export function firstCallee(value: Node): string | undefined {
  let cur: Node | null = value;
  for (let guard = 0; cur && guard < 4; guard++) {
    if (cur.type === 'call_expression') return calleeName(cur.childForFieldName('function'));
    if (cur.type === 'cast_expression') cur = cur.childForFieldName('value');
    else if (cur.type === 'parenthesized_expression') cur = cur.namedChild(0);
    else return undefined;
  }
  return undefined;
}
