// Recognises PTX in an inline-asm template and lists its opcodes. Host inline assembly (x86 `cpuid`,
// `movl`, `pause`) has no typed opcodes, so it is not mistaken for PTX.
import type Parser from 'tree-sitter';

const PTX_BARE_OPCODES = new Set(['ret', 'exit', 'trap', 'brkpt', 'bra', 'call', 'nanosleep', 'pmevent']);
/** Bare opcodes no host assembler has (x86 has `ret` and `call`): in device code they make an asm PTX. */
const DEVICE_ONLY_BARE_OPCODES = new Set(['exit', 'trap', 'brkpt', 'nanosleep', 'pmevent']);
// Typed opcodes, including state spaces with `::` (`cp.async.bulk.shared::cluster.global`) and cache
// qualifiers, which PTX writes in capitals (`ld.global.L1::no_allocate.b32`, `.L2::cache_hint`, `.L2::256B`).
const TYPED_OPCODE = /^[a-z][a-z0-9_]*(\.[A-Za-z0-9_]+(::[A-Za-z0-9_]+)*)+$/;

/** PTX special registers: an asm that reads them is PTX even without a typed opcode. */
export const PTX_SPECIAL_REGISTER = /%(laneid|warpid|smid|clock|lanemask|cluster)/;

/** What an inline-asm template holds: its PTX opcodes, or undefined when it is not PTX (host asm).
 *  `device`: the asm sits in a __device__/__global__ function, where `asm("trap;")` can only be PTX. */
export function inlinePtx(template: string, device = false): { opcodes: string[] } | undefined {
  return ptxVerdict(readPtx(template), template, device);
}

/** inlinePtx from a template's reading (readPtx), which the visitors of one walk share (pass-context.ts). */
export function ptxVerdict({ ptx, opcodes }: PtxRead, template: string, device: boolean): { opcodes: string[] } | undefined {
  if (ptx || PTX_SPECIAL_REGISTER.test(template)) return { opcodes };
  return device && opcodes.some((o) => DEVICE_ONLY_BARE_OPCODES.has(o)) ? { opcodes } : undefined;
}

/** The assembly template of the asm statement the cursor is on (its `assembly_code` field): the text inside
 *  its string literal(s), without quotes; undefined when it has none. Read with the cursor, which is back on
 *  the statement after. A name among the literals (`asm(LD_NC_V1 " {%0}, [%1];" ...)`) is replaced by the
 *  string `stringMacro` gives it (the file's `#define LD_NC_V1 "ld.global.cs.nc.u32"`), or kept as written.
 *  Node objects for the literal's pieces would each cost the binding a cache entry
 *  that a big header of asm wrappers (CUTLASS's mma_sm90 headers) has tens of thousands of. */
export function asmTemplateAt(cursor: Parser.TreeCursor, stringMacro?: (name: string) => string | undefined): string | undefined {
  if (!cursor.gotoFirstChild()) return undefined;
  let text: string | undefined;
  do {
    if (cursor.currentFieldName === 'assembly_code') {
      text = templateTextAt(cursor, stringMacro);
      break;
    }
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return text;
}

function templateTextAt(cursor: Parser.TreeCursor, stringMacro?: (name: string) => string | undefined): string {
  const type = cursor.nodeType;
  if (type === 'string_content' || type === 'escape_sequence' || type === 'raw_string_content') return cursor.nodeText;
  if (type === 'identifier') return stringMacro?.(cursor.nodeText) ?? cursor.nodeText;
  if (!cursor.gotoFirstChild()) return '';
  let text = '';
  do text += templateTextAt(cursor, stringMacro);
  while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return text;
}

// One table per parsed file, read from its text on the first asm template that names a macro.
const macrosByTree = new WeakMap<Parser.Tree, Map<string, string>>();
export function stringMacrosOf(tree: Parser.Tree): Map<string, string> {
  let table = macrosByTree.get(tree);
  if (!table) macrosByTree.set(tree, (table = stringMacros(tree.rootNode.text)));
  return table;
}

const STRING_DEFINE = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+"((?:\\.|[^"\\\n])*)"[ \t]*(?:\/\/[^\n]*|\/\*[^\n]*?\*\/[ \t]*)?$/gm;

/** The file's object-like macros whose body is one string literal, by name. The first definition wins:
 *  the #if branches that define such a macro twice name the same kind of instruction. */
export function stringMacros(text: string): Map<string, string> {
  const table = new Map<string, string>();
  if (!text.includes('define')) return table;
  STRING_DEFINE.lastIndex = 0;
  for (let m = STRING_DEFINE.exec(text); m; m = STRING_DEFINE.exec(text)) if (!table.has(m[1]!)) table.set(m[1]!, m[2]!);
  return table;
}

export interface PtxRead {
  readonly ptx: boolean;
  readonly opcodes: string[];
}
/** Whether a template is PTX (typed opcodes or PTX declarations such as `.reg`), and its opcodes
 *  (e.g. `mov.u32`, `mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32`). */
export function readPtx(template: string): PtxRead {
  const opcodes: string[] = [];
  let ptx = false;
  // `\t` escapes separate like blanks: `"{\n\t.reg .pred p;\n\t"` starts its statement with `.reg`.
  for (const rawStatement of template.replace(/\\t/g, ' ').split(/;|\\n|\n|\{|\}/)) {
    const statement = rawStatement.trim().replace(/^@!?[%\w]+\s+/, ''); // drop a predicate guard `@p`
    if (!statement) continue;
    const opcode = statement.split(/\s+/)[0]!;
    if (/^\.(reg|shared|local|global|const|param|pragma)$/.test(opcode)) {
      ptx = true; // a PTX declaration (`.reg .pred p;`), not an instruction
      continue;
    }
    if (opcode.endsWith(':')) continue; // a label
    if (TYPED_OPCODE.test(opcode)) {
      ptx = true;
      opcodes.push(opcode);
    } else if (PTX_BARE_OPCODES.has(opcode)) {
      opcodes.push(opcode);
    }
  }
  return { ptx, opcodes: [...new Set(opcodes)].sort() };
}
