// What a function definition is: its name (template arguments removed) and whether it is a
// __global__ kernel or a __device__ function. Shared by the detector and the kernel profiler
// through ./pass-context.ts.
// Qualifiers may come through macros (src/detect/macro-table.ts): a blanked qualifier macro in the
// function's head, or a head macro (`DEFINE_K(name, ...) { body }`) naming the function by an argument.
import type Parser from 'tree-sitter';
import { stripTemplateArgs } from './cpp-matcher.js';
import { definitionAt, type MacroContext } from './macro-table.js';

export interface FunctionInfo {
  name?: string;
  nameNode?: Parser.SyntaxNode;
  global: boolean;
  device: boolean;
  /** The macro the kernel or device function is declared through, when it is. */
  viaMacro?: string;
  /** A head macro's expansion starts with `template<...>`. */
  template?: boolean;
}

/** Reads a definition's facts; a file's pass asks through its context (./pass-context.ts), which reads
 *  each definition once for the detector and the profiler. */
export function readFunctionInfo(node: Parser.SyntaxNode, macros?: MacroContext): FunctionInfo {
  let global = false;
  let device = false;
  let viaMacro: string | undefined;
  for (const child of node.children) {
    if (child.type === '__global__') global = true;
    else if (child.type === '__device__') device = true;
  }
  const body = node.childForFieldName('body');
  if (macros?.spans.length) {
    const q = macros.qualifiersIn(node.startIndex, body ? body.startIndex : node.endIndex);
    if (q && (q.global || q.device)) {
      global ||= q.global;
      device ||= q.device;
      viaMacro = q.names.find((n) => macros.table.qualifiers.get(n)?.global || macros.table.qualifiers.get(n)?.device);
    }
  }
  if ((global || device) && isAscendC(node)) {
    // `extern "C" __global__ __aicore__ void k(GM_ADDR x)`: an Ascend C kernel (already ported code,
    // e.g. ggml's CANN backend), which shares the __global__ keyword but is not CUDA.
    global = false;
    device = false;
  }
  const via = viaMacro ? { viaMacro } : {};
  // Follow the declarator chain (pointer/reference/function declarators) to the name.
  let decl = node.childForFieldName('declarator');
  for (let guard = 0; decl && guard < 8; guard++) {
    if (decl.type === 'function_declarator') {
      const nameNode = decl.childForFieldName('declarator');
      if (!nameNode) break;
      // The head macro's definition in force where it is used (an #undef and redefinition above change it).
      const head = nameNode.type === 'identifier' && !global && !device && macros ? definitionAt(macros.table, nameNode.text, nameNode.startIndex)?.head : undefined;
      if (head) {
        // DEFINE_K(kernel_name, bool A, bool B) { ... }: the argument at the macro's name parameter.
        const arg = decl.childForFieldName('parameters')?.namedChildren.filter((p) => p.type !== 'comment')[head.nameParam];
        const argName = arg && /^[A-Za-z_]\w*$/.test(arg.text.trim()) ? arg.text.trim() : undefined;
        if (argName) {
          return { name: argName, nameNode: arg, global: head.global, device: head.device && !head.global, viaMacro: nameNode.text, template: head.template };
        }
      }
      return { name: stripTemplateArgs(nameNode.text), nameNode, global, device, ...via };
    }
    decl = decl.childForFieldName('declarator');
  }
  return { global, device, ...via };
}

/** Whether a function's head (before its body) carries Ascend C's `__aicore__` qualifier. */
function isAscendC(node: Parser.SyntaxNode): boolean {
  const body = node.childForFieldName('body');
  const head = body ? node.text.slice(0, body.startIndex - node.startIndex) : node.text;
  return /\b__aicore__\b/.test(head);
}
