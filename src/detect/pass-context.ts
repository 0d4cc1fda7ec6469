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
// What both still work out separately from the same nodes:
// - declarations: the detector's `__device__` variables and declared names, the profiler's
//   ../kernels/declaration-read.ts (qualifiers, declarators, names) kept for its checks;
// - `namespace cg = cooperative_groups;` aliases (each matches the text with its own pattern);
// - `#include` paths (the detector's header findings, the profiler's include list).
import type Parser from 'tree-sitter';
import type { MacroContext } from './macro-table.js';
import { readFunctionInfo, type FunctionInfo } from './function-info.js';
import { splitDefine, tokenizeMacroBody, type MacroToken } from './macro-tokens.js';
import { asmTemplateAt, stringMacrosOf } from './ptx.js';

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
  const cursor = tree.walk();
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
    asmTemplate: () =>
      asmTemplate(cursor.startIndex, cursor.endIndex, () => asmTemplateAt(cursor, (name) => stringMacrosOf(tree).get(name))),
  };
}

/** A #define's text split into name and body, its tokens made on first need. */
export function readDefine(text: string): DefineRead | undefined {
  const split = splitDefine(text);
  if (!split) return undefined;
  let tokens: MacroToken[] | undefined;
  return { text, ...split, tokens: () => (tokens ??= tokenizeMacroBody(split.body)) };
}
