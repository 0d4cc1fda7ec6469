// Recognises PTX in an inline-asm template and lists its opcodes. Host inline assembly (x86 `cpuid`,
// `movl`, `pause`) has no typed opcodes, so it is not mistaken for PTX.
import type Parser from 'tree-sitter';

const PTX_BARE_OPCODES = new Set(['ret', 'exit', 'trap', 'brkpt', 'bra', 'call', 'nanosleep', 'pmevent']);
// Typed opcodes, including state spaces with `::` (`cp.async.bulk.shared::cluster.global`).
const TYPED_OPCODE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+(::[a-z0-9_]+)*)+$/;

/** PTX special registers: an asm that reads them is PTX even without a typed opcode. */
export const PTX_SPECIAL_REGISTER = /%(laneid|warpid|smid|clock|lanemask|cluster)/;

/** What an inline-asm template holds: its PTX opcodes, or undefined when it is not PTX (host asm). */
export function inlinePtx(template: string): { opcodes: string[] } | undefined {
  const { ptx, opcodes } = readPtx(template);
  return ptx || PTX_SPECIAL_REGISTER.test(template) ? { opcodes } : undefined;
}

/** The assembly template of the asm statement the cursor is on (its `assembly_code` field): the text inside
 *  its string literal(s), without quotes; undefined when it has none. Read with the cursor, which is back on
 *  the statement after: node objects for the literal's pieces would each cost the binding a cache entry
 *  that a big header of asm wrappers (CUTLASS's mma_sm90 headers) has tens of thousands of. */
export function asmTemplateAt(cursor: Parser.TreeCursor): string | undefined {
  if (!cursor.gotoFirstChild()) return undefined;
  let text: string | undefined;
  do {
    if (cursor.currentFieldName === 'assembly_code') {
      text = templateTextAt(cursor);
      break;
    }
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return text;
}

function templateTextAt(cursor: Parser.TreeCursor): string {
  const type = cursor.nodeType;
  if (type === 'string_content' || type === 'escape_sequence' || type === 'raw_string_content') return cursor.nodeText;
  if (!cursor.gotoFirstChild()) return '';
  let text = '';
  do text += templateTextAt(cursor);
  while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return text;
}

/** Whether a template is PTX (typed opcodes or PTX declarations such as `.reg`), and its opcodes
 *  (e.g. `mov.u32`, `mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32`). */
function readPtx(template: string): { ptx: boolean; opcodes: string[] } {
  const opcodes: string[] = [];
  let ptx = false;
  for (const rawStatement of template.split(/;|\\n|\n|\{|\}/)) {
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
