// What the kernel profiler (./profile.ts) reads from a file's source text rather than its tree, where
// the grammar gives no node to read: `<<<` it did not parse as a launch, and uses of the file's
// instantiation macros at file scope (`INST(half)`). Pure: functions of the text and what they are given.
import { macroLaunchTarget } from '../detect/macro-tokens.js';
import { definitionAt, type MacroTable } from '../detect/macro-table.js';
import { snippet } from './checks/syntax.js';
import type { Instantiation, LaunchSite, TypeAlias } from './model.js';
import { elementType } from './instantiations.js';

/** `<<<` in code that the grammar did not parse as a launch (a syntax error around it): recorded by the
 *  name written before it, so that it is tied or reported, never lost. `parsed` holds the source offsets
 *  of the `<<<` of every launch read from the tree (or a #define body). */
export function unparsedLaunches(text: string | undefined, parsed: ReadonlySet<number>): LaunchSite[] {
  const out: LaunchSite[] = [];
  if (!text || !text.includes('<<<')) return out;
  const pattern = /\b(?:u8|u|U|L)?R"([^()\\\s]{0,16})\([\s\S]*?\)\1"|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\n])*"|^[ \t]*#(?:\\\r?\n|[^\n])*|<<</gm;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[0] !== '<<<' || parsed.has(m.index)) continue;
    const before = text.slice(Math.max(0, m.index - 400), m.index);
    const target = macroLaunchTarget(before, []);
    const row = rowOf(text, m.index);
    out.push({
      kernel: target.name ?? '(unknown)', ...(target.templateArgs ? { templateArgs: target.templateArgs } : {}),
      via: '<<<>>>', line: row + 1, column: m.index - text.lastIndexOf('\n', m.index - 1), fromDevice: false, unparsed: true,
    });
  }
  return out;
}

/** Uses of the file's instantiation macros (`INST(half)`), read from the text: at file scope they are
 *  no call the grammar understands. */
export function macroInstantiations(text: string | undefined, table: MacroTable | undefined): Instantiation[] {
  const out: Instantiation[] = [];
  if (!table?.instantiations.size || !text) return out;
  const pattern = new RegExp(String.raw`\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\n])*"|^[ \t]*#(?:\\\r?\n|[^\n])*|\b(${[...table.instantiations.keys()].join('|')})\s*\(`, 'gm');
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (!m[1]) continue;
    // The definition in force at this use (an #undef and redefinition above may name another kernel).
    const definitions = definitionAt(table, m[1], m.index)?.instantiations;
    if (!definitions) continue;
    const args = macroArguments(text, m.index + m[0].length);
    if (!args) continue;
    const line = rowOf(text, m.index) + 1;
    for (const inst of definitions) {
      const templateArgs = inst.templateArgs.replace(/[A-Za-z_]\w*/g, (w) => {
        const k = inst.params.indexOf(w);
        return k >= 0 && args[k] !== undefined ? args[k]! : w;
      });
      out.push({ kernel: inst.kernel, templateArgs: snippet(`<${templateArgs}>`, 120), line, macro: m[1] });
    }
  }
  return out;
}

export function rowOf(text: string, index: number): number {
  let row = 0;
  for (let k = text.indexOf('\n'); k >= 0 && k < index; k = text.indexOf('\n', k + 1)) row++;
  return row;
}

/** The arguments of a macro call whose `(` ends just before `from`, split at top-level commas. */
function macroArguments(text: string, from: number): string[] | undefined {
  const args: string[] = [];
  let depth = 0;
  let start = from;
  for (let k = from; k < text.length && k < from + 4000; k++) {
    const c = text[k];
    if (c === '(' || c === '<' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === '>' || c === ']' || c === '}') && depth > 0) depth--;
    else if (c === ')' && depth === 0) {
      args.push(text.slice(start, k).trim());
      return args;
    } else if (c === ',' && depth === 0) {
      args.push(text.slice(start, k).trim());
      start = k + 1;
    }
  }
  return undefined;
}

/**
 * Type aliases of element types at file or namespace scope (`using bnb_bfloat16 = __nv_bfloat16;`,
 * `typedef __half fp16;`), read from the text: not in comments, strings or #defines (a dispatch macro's
 * aliases are read from its #define), not inside a function, class or other braces that are no namespace
 * or `extern "C"` block (a local `using T = float;` holds only there).
 */
export function fileTypeAliases(text: string): TypeAlias[] {
  const out: TypeAlias[] = [];
  if (!text.includes('using') && !text.includes('typedef')) return out;
  const pattern = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|^[ \t]*#(?:\\\r?\n|[^\n])*|\{|\}|\busing\s+([A-Za-z_]\w*)\s*=\s*([^;{}]+);|\btypedef\s+([^;{}()]+?)\s+([A-Za-z_]\w*)\s*;/gm;
  /** Per open brace: whether it opens a namespace or an `extern "C"` block. */
  const scopes: boolean[] = [];
  let atFileScope = true;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const token = m[0];
    if (token === '{') {
      const before = text.slice(Math.max(0, m.index - 120), m.index);
      scopes.push(/(?:\bnamespace(?:\s+[A-Za-z_][\w:]*)?|\bextern\s*"C(?:\+\+)?")\s*$/.test(before));
      atFileScope = scopes.every(Boolean);
    } else if (token === '}') {
      scopes.pop();
      atFileScope = scopes.every(Boolean);
    } else if (atFileScope && (m[1] || m[4])) {
      const name = m[1] ?? m[4]!;
      const type = elementType(m[2] ?? m[3]!);
      if (type) out.push({ name, type, line: rowOf(text, m.index) + 1 });
    }
  }
  return out;
}
