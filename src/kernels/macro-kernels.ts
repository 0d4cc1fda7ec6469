// Kernels and device functions a macro defines whole, body included, at each of its use sites:
//   #define DEFINE_AND_INSTANTIATE_GPU_UNARY_FUNC(name, operation) \
//   template<typename Dtype> __global__ void name##_kernel(const int n, const Dtype* x, Dtype* y) { ... }
//   DEFINE_AND_INSTANTIATE_GPU_UNARY_FUNC(sign, y[index] = ...);     // defines sign_kernel
// (caffe's math_functions.hpp; nccl's DEFINE_ncclDevKernel is the same shape.) Each use is expanded as the
// preprocessor would (arguments substituted, `#x` stringized, `##` pasted), the expansion is parsed and
// profiled like any code, and what it defines is placed at the use site: named from the arguments, with
// the use's line for every place in it (the code has no line of its own there), and the #define's line
// count for its size. The macro table says which macros these are (src/detect/macro-table.ts BodyMacro),
// with the definition in force at each use.
//
// Only what the expansion defines is taken (kernels, device functions, explicit instantiations in it):
// launches in the #define body are already read at the #define (a launcher macro tied at its uses,
// src/kernels/profile.ts define()), and its CUDA names are found there by the detector.
import type { KernelInfo } from '../model.js';
import { definitionAt, MacroContext, maskQualifierMacros, type BodyMacro, type MacroTable, type MacroVersion } from '../detect/macro-table.js';
import { parse } from '../parse/grammars.js';
import { profileKernels } from './profile.js';
import { rowOf } from './source-scans.js';
import type { DeviceFunction, FileKernelScan, Instantiation } from './model.js';

export interface MacroKernels {
  functions: DeviceFunction[];
  instantiations: Instantiation[];
  /** The kernels among `functions`, as the detector reports kernels (the file is the caller's to set). */
  kernels: Omit<KernelInfo, 'file'>[];
}

const NONE: MacroKernels = { functions: [], instantiations: [], kernels: [] };

/** What the body macros used in a file's (masked) source define there. */
export function macroKernels(context: MacroContext): MacroKernels {
  const { table, source } = context;
  if (!table.bodies.size) return NONE;
  const out: MacroKernels = { functions: [], instantiations: [], kernels: [] };
  const names = [...table.bodies.keys()].sort((a, b) => b.length - a.length);
  // Uses in code only: comments, strings and preprocessor lines (a #define using another) are skipped.
  const pattern = new RegExp(String.raw`\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\n])*"|^[ \t]*#(?:\\\r?\n|[^\n])*|\b(${names.join('|')})\s*\(`, 'gm');
  for (let m = pattern.exec(source); m; m = pattern.exec(source)) {
    const name = m[1];
    if (!name) continue;
    const body = definitionAt(table, name, m.index)?.body;
    const args = body && preprocessorArguments(source, m.index + m[0].length);
    if (!body || !args) continue;
    const row = rowOf(source, m.index);
    const at = { line: row + 1, column: m.index - source.lastIndexOf('\n', m.index - 1) };
    place(out, profileExpansion(expandBody(body, args), tableAtUse(table, m.index)), name, at);
  }
  return out;
}

/** The expansion profiled with the macros in force at the use (body macros left out: no expansion
 *  within an expansion, and no unbounded recursion). */
function profileExpansion(text: string, table: MacroTable) {
  const masked = maskQualifierMacros(text, table);
  const tree = parse(masked.text, 'cuda');
  return profileKernels(tree, new MacroContext(table, masked.spans, masked.text));
}

/** What one expansion defines, moved to the use site. */
function place(out: MacroKernels, scan: ReturnType<typeof profileKernels>, macro: string, at: { line: number; column: number }) {
  const here = <T extends { line: number; column?: number }>(x: T): T => ({ ...x, line: at.line, ...(x.column !== undefined ? { column: at.column } : {}) });
  for (const f of scan.functions) {
    const fn: DeviceFunction = {
      ...f, line: at.line, endLine: at.line,
      features: f.features.map(here), warpDependent: f.warpDependent.map(here), warpSizeNames: f.warpSizeNames.map(here),
    };
    out.functions.push(fn);
    if (f.kind === 'global') out.kernels.push({ name: f.name, line: at.line, endLine: at.line, lines: f.lines, template: f.template, macro });
  }
  for (const inst of scan.instantiations ?? []) out.instantiations.push({ ...inst, line: at.line, macro: inst.macro ?? macro });
}

/** The table as it stands at a use: each head and instantiation macro's definition in force there, as if
 *  imported (offsets in the expansion are not the file's); no body macros. */
function tableAtUse(table: MacroTable, offset: number): MacroTable {
  const out: MacroTable = { qualifiers: table.qualifiers, heads: new Map(), instantiations: new Map(), bodies: new Map(), versions: new Map() };
  for (const name of table.versions.keys()) {
    const v = definitionAt(table, name, offset);
    if (!v || (!v.head && !v.instantiations)) continue;
    const version: MacroVersion = { offset: -1, ...(v.head ? { head: v.head } : {}), ...(v.instantiations ? { instantiations: v.instantiations } : {}) };
    out.versions.set(name, [version]);
    if (v.head) out.heads.set(name, v.head);
    if (v.instantiations) out.instantiations.set(name, v.instantiations);
  }
  return out;
}

/**
 * A body macro's expansion for the given arguments, as the preprocessor makes it: each parameter replaced
 * by its argument (`__VA_ARGS__` by the rest), `#param` by the argument as a string literal, and `##`
 * joining the tokens beside it. Arguments are put on one line so that the body keeps the #define's lines.
 */
export function expandBody(macro: BodyMacro, args: readonly string[]): string {
  const value = new Map<string, string>();
  macro.params.forEach((p, k) => {
    if (p === '...') value.set('__VA_ARGS__', args.slice(k).join(', '));
    else if (p.endsWith('...')) value.set(p.slice(0, -3).trim(), args.slice(k).join(', '));
    else value.set(p, args[k] ?? '');
  });
  for (const [k, v] of value) value.set(k, v.replace(/\s*\n\s*/g, ' ').trim());
  const substituted = macro.body.replace(/"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|##|#\s*([A-Za-z_]\w*)|[A-Za-z_]\w*/g, (token, stringized?: string) => {
    if (stringized !== undefined) {
      const v = value.get(stringized);
      return v === undefined ? token : JSON.stringify(v);
    }
    return value.get(token) ?? token;
  });
  return substituted.replace(/[ \t]*##[ \t]*/g, '');
}

/** The arguments of a macro use whose `(` ends just before `from`, split as the preprocessor splits them:
 *  at commas outside nested parentheses and literals (`<` and `{` do not protect a comma). */
export function preprocessorArguments(text: string, from: number): string[] | undefined {
  const args: string[] = [];
  let depth = 0;
  let start = from;
  for (let k = from; k < text.length && k < from + 20000; k++) {
    const c = text[k];
    if (c === '"' || c === "'") {
      for (k++; k < text.length && text[k] !== c && text[k] !== '\n'; k++) if (text[k] === '\\') k++;
    } else if (c === '/' && text[k + 1] === '*') {
      const end = text.indexOf('*/', k + 2);
      if (end < 0) return undefined;
      k = end + 1;
    } else if (c === '/' && text[k + 1] === '/') {
      while (k < text.length && text[k] !== '\n') k++;
    } else if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (c === ')' || (c === ',' && depth === 0)) {
      args.push(text.slice(start, k).replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ').trim());
      if (c === ')') return args;
      start = k + 1;
    }
  }
  return undefined;
}

/** Adds what body macros define to a file's profile and kernel list, in line order among the others. */
export function addMacroKernels(scan: FileKernelScan, kernels: Omit<KernelInfo, 'file'>[], made: MacroKernels): void {
  if (made.functions.length) scan.functions = [...scan.functions, ...made.functions].sort((a, b) => a.line - b.line);
  if (made.instantiations.length) scan.instantiations = [...(scan.instantiations ?? []), ...made.instantiations];
  if (!made.kernels.length) return;
  const all = [...kernels, ...made.kernels].sort((a, b) => a.line - b.line);
  kernels.splice(0, kernels.length, ...all);
}
