// The facts of one C/C++ file that the detector (./cpp.ts) and the kernel profiler
// (../kernels/profile.ts) both read, made once per file and handed to both visitors of the one walk
// (../parse/walk.ts, ../scan/scan-file.ts).
//
// Shared through this context (cuport issue #8, item 1):
// - the tree cursor of the shared walk (node type, offsets, text sliced from the source);
// - the macro context (./macro-table.ts): qualifier macros, head macros, #define bodies;
// - what each function_definition is (./function-info.ts): name, __global__/__device__, the macro it is
//   declared through. Both ask at the same node, one after the other: held here, read once;
// - each `#define` split into name and body (./macro-tokens.ts's splitDefine) and its body's tokens: the
//   detector scans them for CUDA names, the profiler for launches and launcher macros. Read once likewise;
// - the node types whose text is not code (NOT_CODE): neither walks into them (the detector also skips
//   number literals, which the profiler's number-literal check reads);
// - each `<<<...>>>` launch site's call and callee nodes (chevron()): the detector's kernel-launch finding
//   and the profiler's LaunchSite (../kernels/launch-read.ts) read them off the same node. What they make
//   of the callee differs: the detector strips template arguments, the profiler keeps them;
// - each inline-PTX `asm(...)` template, its string macros substituted (./ptx.ts; asmTemplate()): the
//   detector's PTX finding and the profiler's checks/inline-ptx.ts read it once. (Each then reads the
//   opcodes itself: the detector asks whether it is device code, the check is in device code.)
// - each `#include`'s path (include()): the detector's header finding, the profiler's include list and the
//   host-file walk's (../kernels/includes-walk.ts) read the same directive;
// - each `namespace X = Y;` alias (namespaceAlias()): the detector resolves qualified CUDA names through
//   it, the profiler keeps the aliases of cooperative_groups;
// - each declaration's qualifiers (declarationQualifiers()): the detector's `__device__` variables, the
//   profiler's __shared__/extern declarations (../kernels/declaration-read.ts);
// - each inline-PTX template's opcodes (inlinePtx()): whether it is PTX differs only by where it sits
//   (a bare `trap;` is PTX in device code), which each visitor says.
// What each still works out for itself: the names a declaration declares (the detector per name node,
// deciding declaring or using from its parent and field; the profiler per declarator, with its value).
import type Parser from 'tree-sitter';
import type { MacroContext } from './macro-table.js';
import { readFunctionInfo, type FunctionInfo } from './function-info.js';
import { splitDefine, tokenizeMacroBody, type MacroToken } from './macro-tokens.js';
import { asmTemplateAt, ptxVerdict, readPtx, stringMacrosOf, type PtxRead } from './ptx.js';

/** A `#define` directive split into name and body from its raw text (tree-sitter mis-splits a body that
 *  holds a comment before a line continuation, so its fields are not trusted). */
export interface DefineRead {
  /** The directive's whole text. */
  readonly text: string;
  readonly name: string;
  readonly body: string;
  /** Where the body starts in `text`. */
  readonly bodyOffset: number;
  /** The body's tokens (./macro-tokens.ts), made on first need and shared: callers do not change them. */
  tokens(): MacroToken[];
}

/** Node types whose text is never code: comments, string and char literals, `<header>` names. */
export const NOT_CODE: ReadonlySet<string> = new Set(['comment', 'string_literal', 'raw_string_literal', 'char_literal', 'concatenated_string', 'system_lib_string']);

export interface PassContext {
  readonly tree: Parser.Tree;
  /** The cursor of the shared walk: visitors read it, they do not move it. */
  readonly cursor: Parser.TreeCursor;
  readonly macros?: MacroContext;
  /** What a function_definition is, read once per definition for all the visitors. */
  functionInfo(node: Parser.SyntaxNode): FunctionInfo;
  /** A preproc_def or preproc_function_def node split once for all the visitors (undefined: no #define
   *  name could be read from its text). */
  define(node: Parser.SyntaxNode): DefineRead | undefined;
  /** A kernel_call_syntax node's call and callee, read once for all the visitors. */
  chevron(syntax: Parser.SyntaxNode): ChevronRead;
  /** With the cursor on a gnu_asm_expression: its template, read once for all the visitors. */
  asmTemplate(): string | undefined;
  /** With the cursor on a gnu_asm_expression: its PTX opcodes, or undefined when it is not PTX (./ptx.ts);
   *  `device`: it sits in a __device__/__global__ function. The template is read once for all the visitors. */
  inlinePtx(device: boolean): { opcodes: string[] } | undefined;
  /** With the cursor on a preproc_include: its path (undefined: the directive has none). */
  include(): IncludeRead | undefined;
  /** With the cursor on a namespace_alias_definition: the alias and the namespace it names. */
  namespaceAlias(): NamespaceAlias | undefined;
  /** With the cursor on a declaration or field_declaration: its qualifiers, read with the cursor. */
  declarationQualifiers(): DeclarationQualifiers;
}

/** A `#include` directive's path. */
export interface IncludeRead {
  /** The path without its quotes or angle brackets. */
  readonly path: string;
  /** Written `<...>`. */
  readonly system: boolean;
  /** Written as a header name (`"..."` or `<...>`), not through a macro (`#include MY_HEADER`). */
  readonly literal: boolean;
  /** Where the path is written (the detector reports its header finding there). */
  readonly startPosition: Parser.Point;
  readonly endPosition: Parser.Point;
}

/** `namespace cg = cooperative_groups;`: `alias` names `target` (leading `::` dropped). */
export interface NamespaceAlias {
  readonly alias: string;
  readonly target: string;
}

/** The qualifiers and storage classes written on a declaration that the visitors ask about. */
export interface DeclarationQualifiers {
  readonly shared: boolean;
  readonly device: boolean;
  readonly external: boolean;
}

/** The `<<<...>>>` of a launch with the call it configures (`k<<<g, b>>>(x)`) and that call's callee. */
export interface ChevronRead {
  readonly call: Parser.SyntaxNode | null;
  readonly callee: Parser.SyntaxNode | null;
}

/** Remembers the last answer, keyed by the byte range of the node asked about (a range names a node in its tree). */
function lastAnswer<T>(): (start: number, end: number, compute: () => T) => T {
  let last: { start: number; end: number; value: T } | undefined;
  return (start, end, compute) => {
    if (last && last.start === start && last.end === end) return last.value;
    const value = compute();
    last = { start, end, value };
    return value;
  };
}

export function passContext(tree: Parser.Tree, macros?: MacroContext): PassContext {
  // The visitors of one walk ask about the same node one after the other: the last answer is all that
  // needs keeping.
  const functionInfo = lastAnswer<FunctionInfo>();
  const define = lastAnswer<DefineRead | undefined>();
  const chevron = lastAnswer<ChevronRead>();
  const asmTemplate = lastAnswer<string | undefined>();
  const ptx = lastAnswer<PtxRead | undefined>();
  const include = lastAnswer<IncludeRead | undefined>();
  const alias = lastAnswer<NamespaceAlias | undefined>();
  const qualifiers = lastAnswer<DeclarationQualifiers>();
  const cursor = tree.walk();
  const templateHere = () => asmTemplate(cursor.startIndex, cursor.endIndex, () => asmTemplateAt(cursor, (name) => stringMacrosOf(tree).get(name)));
  return {
    tree,
    cursor,
    macros,
    functionInfo: (node) => functionInfo(node.startIndex, node.endIndex, () => readFunctionInfo(node, macros)),
    define: (node) => define(node.startIndex, node.endIndex, () => readDefine(node.text)),
    chevron: (syntax) =>
      chevron(syntax.startIndex, syntax.endIndex, () => {
        const call = syntax.parent;
        return { call, callee: call?.childForFieldName('function') ?? null };
      }),
    asmTemplate: templateHere,
    inlinePtx: (device) => {
      const template = templateHere();
      if (template === undefined) return undefined;
      return ptxVerdict(ptx(cursor.startIndex, cursor.endIndex, () => readPtx(template))!, template, device);
    },
    include: () => include(cursor.startIndex, cursor.endIndex, () => readInclude(cursor)),
    namespaceAlias: () => alias(cursor.startIndex, cursor.endIndex, () => readNamespaceAlias(cursor.nodeText)),
    declarationQualifiers: () => qualifiers(cursor.startIndex, cursor.endIndex, () => readQualifiers(cursor)),
  };
}

/** The path of the `#include` the cursor is on, read with the cursor (which is back on the directive after). */
function readInclude(cursor: Parser.TreeCursor): IncludeRead | undefined {
  if (!cursor.gotoFirstChild()) return undefined;
  let read: IncludeRead | undefined;
  do {
    if (cursor.currentFieldName !== 'path') continue;
    const type = cursor.nodeType;
    read = {
      path: cursor.nodeText.replace(/^[<"]|[>"]$/g, ''),
      system: type === 'system_lib_string',
      literal: type === 'system_lib_string' || type === 'string_literal',
      startPosition: cursor.startPosition,
      endPosition: cursor.endPosition,
    };
    break;
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return read;
}

/** `namespace cg = cooperative_groups;` → cg, cooperative_groups. Blanks, line breaks and comments may sit
 *  between the tokens, and the target may be written `::cooperative_groups` or `a :: b`. */
export function readNamespaceAlias(text: string): NamespaceAlias | undefined {
  const flat = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '').replace(/\s+/g, '');
  const m = /^namespace([A-Za-z_]\w*)=(?:::)?([A-Za-z_][\w:]*)/.exec(flat);
  return m ? { alias: m[1]!, target: m[2]! } : undefined;
}

/** The qualifiers of the declaration the cursor is on, read from its children's types (no node objects). */
function readQualifiers(cursor: Parser.TreeCursor): DeclarationQualifiers {
  let shared = false;
  let device = false;
  let external = false;
  if (cursor.gotoFirstChild()) {
    do {
      const t = cursor.nodeType;
      if (t === 'type_qualifier') shared ||= cursor.nodeText === '__shared__';
      else if (t === 'storage_class_specifier') external ||= cursor.nodeText === 'extern';
      else if (t === '__device__') device = true;
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }
  return { shared, device, external };
}

/** A #define's text split into name and body, its tokens made on first need. */
export function readDefine(text: string): DefineRead | undefined {
  const split = splitDefine(text);
  if (!split) return undefined;
  let tokens: MacroToken[] | undefined;
  return { text, ...split, tokens: () => (tokens ??= tokenizeMacroBody(split.body)) };
}
