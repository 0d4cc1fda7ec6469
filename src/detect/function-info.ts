// What a function definition is: its name (template arguments removed) and whether it is a
// __global__ kernel or a __device__ function. Shared by the detector and the kernel profiler.
import type Parser from 'tree-sitter';
import { stripTemplateArgs } from './cpp-matcher.js';

export interface FunctionInfo {
  name?: string;
  nameNode?: Parser.SyntaxNode;
  global: boolean;
  device: boolean;
}

export function functionInfo(node: Parser.SyntaxNode): FunctionInfo {
  let global = false;
  let device = false;
  for (const child of node.children) {
    if (child.type === '__global__') global = true;
    else if (child.type === '__device__') device = true;
  }
  if ((global || device) && isAscendC(node)) {
    // `extern "C" __global__ __aicore__ void k(GM_ADDR x)`: an Ascend C kernel (already ported code,
    // e.g. ggml's CANN backend), which shares the __global__ keyword but is not CUDA.
    global = false;
    device = false;
  }
  // Follow the declarator chain (pointer/reference/function declarators) to the name.
  let decl = node.childForFieldName('declarator');
  for (let guard = 0; decl && guard < 8; guard++) {
    if (decl.type === 'function_declarator') {
      const nameNode = decl.childForFieldName('declarator');
      if (nameNode) return { name: stripTemplateArgs(nameNode.text), nameNode, global, device };
      break;
    }
    decl = decl.childForFieldName('declarator');
  }
  return { global, device };
}

/** Whether a function's head (before its body) carries Ascend C's `__aicore__` qualifier. */
function isAscendC(node: Parser.SyntaxNode): boolean {
  const body = node.childForFieldName('body');
  const head = body ? node.text.slice(0, body.startIndex - node.startIndex) : node.text;
  return /\b__aicore__\b/.test(head);
}
