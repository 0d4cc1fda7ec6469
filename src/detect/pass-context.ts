// The facts of one C/C++ file that the detector (./cpp.ts) and the kernel profiler
// (../kernels/profile.ts) both read, made once per file and handed to both visitors of the one walk
// (../parse/walk.ts, ../scan/scan-file.ts).
//
// What both work out from the same tree today (cuport issue #8, item 1):
// - the tree cursor of the shared walk (node type, offsets, text sliced from the source);
// - the macro context (./macro-table.ts): qualifier macros, head macros, #define bodies;
// - what each function_definition is (./function-info.ts): name, __global__/__device__, the macro it is
//   declared through. Both ask at the same node, one after the other: held here, read once;
// - `#define` bodies, split by ./cpp.ts's splitDefine (the detector scans them for CUDA names, the
//   profiler for launches and launcher macros);
// - `<<<...>>>` launch sites (the detector's kernel-launch findings, the profiler's LaunchSite list);
// - inline PTX (`asm(...)` templates: ./ptx.ts for the detector, checks/inline-ptx.ts for the profiler);
// - node types whose text is not code (each keeps its own OPAQUE set: the detector also skips number
//   literals, which the profiler's number-literal check reads).
// Only the function facts and the walk's inputs are shared through this context so far; the rest is
// still computed by each side.
import type Parser from 'tree-sitter';
import type { MacroContext } from './macro-table.js';
import { readFunctionInfo, type FunctionInfo } from './function-info.js';

export interface PassContext {
  readonly tree: Parser.Tree;
  /** The cursor of the shared walk: visitors read it, they do not move it. */
  readonly cursor: Parser.TreeCursor;
  readonly macros?: MacroContext;
  /** What a function_definition is, read once per definition for all the visitors. */
  functionInfo(node: Parser.SyntaxNode): FunctionInfo;
}

export function passContext(tree: Parser.Tree, macros?: MacroContext): PassContext {
  // The visitors of one walk ask about the same definition one after the other: the last answer is
  // all that needs keeping (a definition's byte range names it in its tree).
  let last: { start: number; end: number; info: FunctionInfo } | undefined;
  return {
    tree,
    cursor: tree.walk(),
    macros,
    functionInfo(node) {
      const start = node.startIndex;
      const end = node.endIndex;
      if (last && last.start === start && last.end === end) return last.info;
      const info = readFunctionInfo(node, macros);
      last = { start, end, info };
      return info;
    },
  };
}
