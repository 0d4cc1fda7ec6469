// Source text embedded in Python strings: CUDA C++ handed to load_inline(cuda_sources=...), CuPy's
// RawKernel/RawModule/ElementwiseKernel/ReductionKernel and PyCUDA's SourceModule is parsed with the CUDA
// grammar and run through the C/C++ detector; requirement strings of setup(install_requires=[...]) go
// through the dependency reader. Findings and kernels are mapped back to lines and columns of the Python file.
import type Parser from 'tree-sitter';
import type { KernelInfo, RawFinding } from '../model.js';
import { parse } from '../parse/grammars.js';
import { nameTable, type CppMatcher } from './cpp-matcher.js';
import { cppDetector } from './cpp.js';
import { macroContext } from './macro-table.js';
import { kernelProfiler } from '../kernels/profile.js';
import { passContext } from './pass-context.js';
import { walkTreeWith } from '../parse/walk.js';
import type { FileKernelScan } from '../kernels/model.js';

type Node = Parser.SyntaxNode;

/** Calls whose arguments carry CUDA source text: positional indexes and keyword names. */
export const EMBEDDED_CUDA_CALLS: Record<string, { positional: number[]; keywords: string[] }> = nameTable({
  'torch.utils.cpp_extension.load_inline': { positional: [1, 2], keywords: ['cpp_sources', 'cuda_sources'] },
  'cupy.RawKernel': { positional: [0], keywords: ['code'] },
  'cupy.RawModule': { positional: [0], keywords: ['code'] },
  'cupy.ElementwiseKernel': { positional: [2], keywords: ['operation', 'preamble'] },
  'cupy.ReductionKernel': { positional: [2, 3, 4], keywords: ['map_expr', 'reduce_expr', 'post_map_expr', 'preamble'] },
  'cupy.cuda.compile_with_cache': { positional: [0], keywords: ['source'] },
  'pycuda.compiler.SourceModule': { positional: [0], keywords: ['source'] },
  'pycuda.compiler.DynamicSourceModule': { positional: [0], keywords: ['source'] },
});

/** The text of a string literal between its quotes, interpolations blanked, and where that text starts. */
export interface StringBody {
  text: string;
  row: number;
  column: number;
  node: Node;
}

export function stringBody(node: Node): StringBody | undefined {
  if (node.type !== 'string') return undefined;
  const start = node.children.find((c) => c.type === 'string_start');
  const end = node.children.find((c) => c.type === 'string_end');
  if (!start || !end) return undefined;
  const full = node.text;
  let text = full.slice(start.text.length, full.length - end.text.length);
  // f-strings: {expressions} are code, not CUDA; blank them so offsets stay put.
  let from = 0;
  for (const child of node.namedChildren) {
    if (child.type !== 'interpolation') continue;
    const at = text.indexOf(child.text, from);
    if (at < 0) continue;
    text = text.slice(0, at) + child.text.replace(/[^\n]/g, ' ') + text.slice(at + child.text.length);
    from = at + child.text.length;
  }
  return { text, row: node.startPosition.row, column: node.startPosition.column + start.text.length, node };
}

/** Maps a finding made on a string's body back into the Python file. */
export function mapToFile<T extends { line: number; column: number; endLine: number; endColumn: number }>(f: T, body: StringBody): T {
  const line = (l: number) => body.row + l;
  const column = (l: number, c: number) => (l === 1 ? body.column + c : c);
  return { ...f, line: line(f.line), column: column(f.line, f.column), endLine: line(f.endLine), endColumn: column(f.endLine, f.endColumn) };
}

/** Every string literal an expression evaluates to, following simple assignments of the same file. */
export function stringsOf(node: Node | null | undefined, assignments: Map<string, Node[]>, depth = 0): Node[] {
  if (!node || depth > 6) return [];
  switch (node.type) {
    case 'string':
      return [node];
    case 'concatenated_string':
      return node.namedChildren.filter((c) => c.type === 'string');
    case 'list':
    case 'tuple':
    case 'parenthesized_expression':
    case 'expression_list':
      return node.namedChildren.flatMap((c) => stringsOf(c, assignments, depth + 1));
    case 'binary_operator':
      return [node.childForFieldName('left'), node.childForFieldName('right')].flatMap((c) => stringsOf(c, assignments, depth + 1));
    case 'identifier':
      return (assignments.get(node.text) ?? []).flatMap((v) => stringsOf(v, assignments, depth + 1));
    case 'call': {
      // textwrap.dedent("""..."""), "...".format(...), "...".strip()
      const fn = node.childForFieldName('function');
      const args = node.childForFieldName('arguments');
      if (fn?.type === 'attribute' && /^(format|strip|lstrip|rstrip|replace)$/.test(fn.childForFieldName('attribute')?.text ?? '')) {
        return stringsOf(fn.childForFieldName('object'), assignments, depth + 1);
      }
      if (/(^|\.)dedent$/.test(fn?.text ?? '')) return stringsOf(args?.namedChildren[0], assignments, depth + 1);
      return [];
    }
    default:
      return [];
  }
}

/** `name = <expression>` anywhere in the file (module level, functions, classes). */
export function collectAssignments(root: Node): Map<string, Node[]> {
  const out = new Map<string, Node[]>();
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'assignment' || node.type === 'augmented_assignment') {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type === 'identifier' && right) {
        const list = out.get(left.text) ?? [];
        list.push(right);
        out.set(left.text, list);
      }
    }
    if (node.type === 'comment' || node.type === 'string') continue;
    for (const child of node.namedChildren) stack.push(child);
  }
  return out;
}

export interface EmbeddedDetection {
  findings: RawFinding[];
  kernels: Omit<KernelInfo, 'file'>[];
  definedNames: string[];
  /** The kernel profile of the source, in the Python file's lines: the same features as in a .cu. */
  kernelScan: FileKernelScan;
}

/** Parses a CUDA source string with the CUDA grammar and runs the C/C++ detector and the kernel profiler
 *  over it, as for a .cu file (macro table included), mapping what they find into the Python file. */
export function detectEmbeddedCuda(body: StringBody, matcher: CppMatcher, via: string, scope?: string): EmbeddedDetection {
  const macros = macroContext(body.text);
  const tree = parse(macros.masked, 'cuda');
  const pass = passContext(tree, macros.context);
  const detector = cppDetector(pass, matcher);
  const profiler = kernelProfiler(pass);
  walkTreeWith(pass.cursor, [detector.visitor, profiler.visitor]);
  const detection = detector.finish();
  const findings = detection.findings.map((f) => ({
    ...mapToFile(f, body),
    ...(f.scope ? {} : scope ? { scope } : {}),
    detail: f.detail ? `${f.detail}; CUDA source in ${via}` : `CUDA source in ${via}`,
  }));
  const kernels = detection.kernels.map((k) => ({ ...k, line: body.row + k.line, endLine: body.row + k.endLine }));
  return { findings, kernels, definedNames: detection.definedNames, kernelScan: shiftKernelScan(profiler.finish(), body) };
}

/** A profile of embedded source moved to the Python file's lines (and first-line columns). */
function shiftKernelScan(scan: FileKernelScan, body: StringBody): FileKernelScan {
  const line = (l: number) => body.row + l;
  const at = <T extends { line: number; column?: number }>(x: T): T => ({
    ...x, line: line(x.line), ...(x.column !== undefined ? { column: x.line === 1 ? body.column + x.column : x.column } : {}),
  });
  return {
    ...scan,
    functions: scan.functions.map((f) => ({
      ...f, line: line(f.line), endLine: line(f.endLine), features: f.features.map(at), warpDependent: f.warpDependent.map(at), warpSizeNames: f.warpSizeNames.map(at),
    })),
    launches: scan.launches.map((l) => ({ ...at(l), ...(l.dispatch ? { dispatch: l.dispatch.map((d) => ({ ...d, line: line(d.line) })) } : {}) })),
    attributes: scan.attributes.map(at),
    launchers: scan.launchers.map(at),
    macroCalls: scan.macroCalls.map(at),
    warpSizeConstants: scan.warpSizeConstants.map(at),
    valueAliases: scan.valueAliases.map(at),
    ...(scan.instantiations ? { instantiations: scan.instantiations.map(at) } : {}),
    ...(scan.dispatchMacros ? { dispatchMacros: scan.dispatchMacros.map(at) } : {}),
  };
}

/** Several embedded sources of one Python file as one profile. */
export function mergeKernelScans(scans: FileKernelScan[]): FileKernelScan | undefined {
  if (!scans.length) return undefined;
  type Lists = { [K in keyof FileKernelScan]-?: NonNullable<FileKernelScan[K]> };
  const all = <K extends keyof Lists>(k: K): Lists[K] => scans.flatMap((s) => (s[k] ?? []) as unknown[]) as Lists[K];
  const instantiations = all('instantiations');
  const dispatchMacros = all('dispatchMacros');
  return {
    functions: all('functions'), launches: all('launches'), attributes: all('attributes'), launchers: all('launchers'), macroCalls: all('macroCalls'),
    warpSizeConstants: all('warpSizeConstants'), valueAliases: all('valueAliases'), includes: [...new Set(all('includes'))].sort(),
    ...(instantiations.length ? { instantiations } : {}), ...(dispatchMacros.length ? { dispatchMacros } : {}),
  };
}
