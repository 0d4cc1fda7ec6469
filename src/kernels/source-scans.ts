// What the kernel profiler (./profile.ts) reads from a file's source text rather than its tree, where
// the grammar gives no node to read: `<<<` it did not parse as a launch, and uses of the file's
// instantiation macros at file scope (`INST(half)`); and what every C/C++ file gives the linker whether or
// not it is profiled (a header of plain C++ is not): type aliases and kernel-traits structs at file scope.
// Pure: functions of the text and what they are given.
import { macroLaunchTarget } from '../detect/macro-tokens.js';
import { definitionAt, type MacroTable } from '../detect/macro-table.js';
import { snippet } from './checks/syntax.js';
import type { Instantiation, LaunchSite, TraitsStruct, TypeAlias } from './model.js';
import { elementType, templateListParts } from './instantiations.js';

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

/**
 * Structs and classes at file or namespace scope with the member type aliases they define (`struct
 * MyTraits { using Element = double; };`, `template <typename T, int N> struct Kernel_traits { using
 * Element = T; typedef __half ElementB; };`): a kernel instantiated with one (`k<MyTraits><<<...>>>`)
 * that names `Traits::Element` runs with the type behind it (src/kernels/traits.ts). Read from the text:
 * not in comments, strings or #defines; members of nested structs and of function bodies are not the
 * struct's. Every definition of a member is kept (#if branches may give two: then none counts). Only
 * structs with a member alias are recorded.
 */
export function fileTraitsStructs(text: string): TraitsStruct[] {
  const out: TraitsStruct[] = [];
  if (!text.includes('struct') && !text.includes('class')) return out;
  if (!text.includes('using') && !text.includes('typedef')) return out;
  const pattern = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|^[ \t]*#(?:\\\r?\n|[^\n])*|\{|\}|\b(?:struct|class)\s+(?:alignas\s*\([^)]*\)\s*)?([A-Za-z_]\w*)|\busing\s+([A-Za-z_]\w*)\s*=\s*([^;{}]+);|\btypedef\s+([^;{}()]+?)\s+([A-Za-z_]\w*)\s*;/gm;
  /** Per open brace: a namespace or `extern "C"` block, the body of a struct being read, or anything else. */
  const scopes: (TraitsStruct | 'namespace' | 'other')[] = [];
  let atFileScope = true;
  /** A struct head read at file scope whose body opens at `offset`. */
  let pending: { offset: number; struct: TraitsStruct } | undefined;
  // Lines counted forward from the last struct (rowOf from the start is quadratic in a big header).
  let row = 0;
  let counted = 0;
  const lineAt = (offset: number) => {
    for (let k = text.indexOf('\n', counted); k >= 0 && k < offset; k = text.indexOf('\n', k + 1)) row++;
    counted = offset;
    return row + 1;
  };
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const token = m[0];
    if (token === '{') {
      if (pending?.offset === m.index) scopes.push(pending.struct);
      else {
        const before = text.slice(Math.max(0, m.index - 120), m.index);
        scopes.push(/(?:\bnamespace(?:\s+[A-Za-z_][\w:]*)?|\bextern\s*"C(?:\+\+)?")\s*$/.test(before) ? 'namespace' : 'other');
      }
      pending = undefined;
      atFileScope = scopes.every((s) => s === 'namespace');
    } else if (token === '}') {
      const closed = scopes.pop();
      if (closed && typeof closed === 'object' && closed.members.length) out.push(closed);
      atFileScope = scopes.every((s) => s === 'namespace');
    } else if (m[1]) {
      if (!atFileScope) continue;
      const head = structHead(text, m.index + token.length);
      if (!head) continue;
      const template = templatePrefix(text, m.index);
      pending = {
        offset: head.brace,
        struct: {
          name: m[1], line: lineAt(m.index), members: [],
          ...(template !== undefined ? { params: templateParams(template) } : {}),
          ...(head.specialization ? { specialization: true } : {}),
        },
      };
    } else if (m[2] || m[5]) {
      const top = scopes[scopes.length - 1];
      if (!top || typeof top !== 'object') continue;
      // `template <class U> using X = ...;` is an alias template, no member type.
      if (m[2] && />\s*$/.test(text.slice(Math.max(0, m.index - 40), m.index))) continue;
      const name = m[2] ?? m[5]!;
      const type = (m[3] ?? m[4]!).replace(/\s+/g, ' ').trim();
      // Only what may lead to an element type: one (`double`, `cutlass::half_t`) or a plain name (a
      // parameter, another member, a type alias); `typename Base::Element` and `cute::Layout<...>` do not.
      if (elementType(type) || /^[A-Za-z_]\w*$/.test(type)) top.members.push({ name, type });
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

/** After `struct Name`: the offset of the `{` opening its body, and whether `Name<...>` specializes a
 *  template; undefined for a declaration, a variable or a function returning the struct. */
function structHead(text: string, from: number): { brace: number; specialization: boolean } | undefined {
  let k = from;
  while (k < text.length && /\s/.test(text[k]!)) k++;
  let specialization = false;
  if (text[k] === '<') {
    const end = closingAngle(text, k);
    if (end < 0) return undefined;
    specialization = true;
    k = end + 1;
  }
  // `final`, then a base list up to the body; anything else is no definition.
  for (let guard = 0; k < text.length && guard < 2000; k++, guard++) {
    const c = text[k]!;
    if (c === '{') return { brace: k, specialization };
    // `>`, `=`: a parameter of a template parameter list (`template <class T> struct X`).
    if (c === ';' || c === '(' || c === ')' || c === '=' || c === '}' || c === '*' || c === '&' || c === '>') return undefined;
    if (c === '<') {
      const end = closingAngle(text, k);
      if (end < 0) return undefined;
      k = end;
    }
  }
  return undefined;
}

/** The `template <...>` list written just before `struct` at `at`, without its angle brackets. */
function templatePrefix(text: string, at: number): string | undefined {
  let k = at - 1;
  while (k >= 0 && /\s/.test(text[k]!)) k--;
  if (text[k] !== '>') return undefined;
  let depth = 0;
  const end = k;
  for (; k >= 0 && end - k < 4000; k--) {
    if (text[k] === '>') depth++;
    else if (text[k] === '<' && --depth === 0) break;
  }
  if (k < 0 || depth !== 0) return undefined;
  if (!/\btemplate\s*$/.test(text.slice(Math.max(0, k - 20), k))) return undefined;
  return text.slice(k + 1, end);
}

/** The offset of the `>` closing the `<` at `open` (nested angles and parentheses counted), or -1. */
function closingAngle(text: string, open: number): number {
  let depth = 0;
  for (let k = open; k < text.length && k - open < 4000; k++) {
    const c = text[k];
    if (c === '<' || c === '(') depth++;
    else if ((c === '>' || c === ')') && --depth === 0) return c === '>' ? k : -1;
    else if (c === ';' || c === '{' || c === '}') return -1;
  }
  return -1;
}

/** A template parameter list's parameters: name and default as written (`typename T = cutlass::half_t`). */
function templateParams(list: string): { name: string; default?: string }[] {
  return templateListParts(`<${list}>`).map((p) => {
    const eq = topLevelEquals(p);
    const head = (eq >= 0 ? p.slice(0, eq) : p).trim();
    const name = /([A-Za-z_]\w*)\s*$/.exec(head)?.[1] ?? '';
    const value = eq >= 0 ? p.slice(eq + 1).trim() : undefined;
    return { name: /^(typename|class|int|bool|unsigned|size_t|auto)$/.test(name) ? '' : name, ...(value ? { default: value } : {}) };
  });
}

function topLevelEquals(part: string): number {
  let depth = 0;
  for (let k = 0; k < part.length; k++) {
    const c = part[k];
    if (c === '<' || c === '(') depth++;
    else if (c === '>' || c === ')') depth--;
    else if (c === '=' && depth === 0) return k;
  }
  return -1;
}
