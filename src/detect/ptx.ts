// Recognises PTX in an inline-asm template and lists its opcodes. Host inline assembly (x86 `cpuid`,
// `movl`, `pause`) has no typed opcodes, so it is not mistaken for PTX.

const PTX_BARE_OPCODES = new Set(['ret', 'exit', 'trap', 'brkpt', 'bra', 'call', 'nanosleep', 'pmevent']);
const TYPED_OPCODE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

/** The PTX opcodes of an asm template (e.g. `mov.u32`, `mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32`), or [] if it is not PTX. */
export function ptxOpcodes(template: string): string[] {
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
  return ptx ? [...new Set(opcodes)].sort() : [];
}
