// The C/C++/CUDA detector: one walk over the syntax tree that records every CUDA header, name,
// kernel definition, launch and inline-PTX statement. Comments and string literals are never
// descended into; #define bodies (raw text in the tree) are tokenized; every #if branch is walked and
// the guard it sits under is recorded.
import { lineGuards, type GuardRun } from './line-guards.js';
import type Parser from 'tree-sitter';
import type { KernelInfo, RawFinding } from '../model.js';
import { CppMatcher, stripTemplateArgs, UNRECOGNIZED, type NameMatch } from './cpp-matcher.js';
import { macroLaunchTarget, positionAt, tokenizeMacroBody, type MacroToken } from './macro-tokens.js';
import { inlinePtx, stringMacrosOf } from './ptx.js';
import { walkTreeWith, type TreeVisitor } from '../parse/walk.js';
import { NOT_CODE, passContext, type DefineRead, type PassContext } from './pass-context.js';
import { sharedDeclaration } from './file-scope.js';
import type { MacroContext } from './macro-table.js';

export interface CppDetection {
  findings: RawFinding[];
  kernels: KernelInfo[];
  definedNames: string[];
  parseErrors: number;
  /** The file's guarded line runs (src/detect/line-guards.ts), for what is not a finding (kernel hazards). */
  guardRuns: GuardRun[];
}

/** Node types nothing inside of which is a finding: those whose text is never code, and literals (the
 *  profiler's number-literal check reads into those, so they are not in the shared set). */
const OPAQUE = new Set([...NOT_CODE, 'user_defined_literal', 'number_literal']);

const NAME_NODES = new Set(['identifier', 'type_identifier', 'namespace_identifier']);
/** CUDA type names no project gives a struct member (`__half`, `cudaStream_t`, `CUdeviceptr`, a CUDA
 *  library's `ncclResult_t` or `cublasHandle_t`); not `texture`, `dim3`. */
const FIELD_TYPE_NAME = /^(__[a-z]\w*|cuda[A-Z]\w*|cu[A-Z]\w*|CU\w+|nv_bfloat\w*|(nccl|cublas|cudnn|cusparse|cusolver|curand|cufft|nvtx|nvrtc)[A-Z]\w*_t)$/;

/** Parent types (with the field the child sits in) where an identifier is being declared, not used. */
const DECLARING_PARENTS: Record<string, Set<string>> = {
  init_declarator: new Set(['declarator']),
  declaration: new Set(['declarator']),
  field_declaration: new Set(['declarator']),
  parameter_declaration: new Set(['declarator']),
  optional_parameter_declaration: new Set(['declarator']),
  pointer_declarator: new Set(['declarator']),
  reference_declarator: new Set(['']),
  array_declarator: new Set(['declarator']),
  function_declarator: new Set(['declarator']),
  struct_specifier: new Set(['name']),
  class_specifier: new Set(['name']),
  union_specifier: new Set(['name']),
  enum_specifier: new Set(['name']),
  enumerator: new Set(['name']),
  type_definition: new Set(['declarator']),
  alias_declaration: new Set(['name']),
  namespace_definition: new Set(['name']),
  preproc_def: new Set(['name']),
  preproc_function_def: new Set(['name']),
  preproc_params: new Set(['']),
  type_parameter_declaration: new Set(['']),
  lambda_capture_specifier: new Set(['']),
};

/** Preprocessor directives tree-sitter reads as a generic preproc_call (the others have node types). */
const DIRECTIVES = new Set(['pragma', 'error', 'warning', 'line', 'ident', 'sccs', 'assert', 'unassert', 'include_next', 'import', 'undef', 'elifdef', 'elifndef', 'region', 'endregion', '']);

/** Memory-space qualifiers and kernel attributes reported as constructs (rules/cuda-constructs.yaml). */
const DEVICE_QUALIFIERS = new Set(['__shared__', '__constant__', '__managed__', '__launch_bounds__']);

/** Whether a name node in this position declares the name rather than using it. */
function isDeclaring(parent: string, field: string, cursor: Parser.TreeCursor): boolean {
  const fields = DECLARING_PARENTS[parent];
  if (!fields || !(fields.has(field) || fields.has(''))) return false;
  if (parent === 'struct_specifier' || parent === 'class_specifier' || parent === 'union_specifier' || parent === 'enum_specifier') {
    // `struct cudaDeviceProp p;` uses the type; only `struct X { ... }` declares it.
    return cursor.currentNode.parent?.childForFieldName('body') != null;
  }
  return true;
}

/** Whether a function declarator sits in a function body (where it is a misparsed call), rather than
 *  in a function definition's head or a file- or namespace-level prototype. */
function declaredInFunctionBody(cursor: Parser.TreeCursor): boolean {
  for (let up = cursor.currentNode.parent; up; up = up.parent) {
    if (up.type === 'compound_statement') return true;
    if (up.type === 'function_definition' || up.type === 'translation_unit' || up.type === 'declaration_list') return false;
  }
  return false;
}

/** `#define cudaMalloc hipMalloc`: a porting shim that renames a CUDA name, not a project helper. */
function isVendorShim(body: string): boolean {
  const first = /^\s*([A-Za-z_]\w*)/.exec(body)?.[1] ?? '';
  return /^(hip|HIP|musa|MUSA|mu[A-Z]|MU_|supa|SUPA|su[A-Z]|acl|ACL|rocblas|rocrand|rocfft|miopen|rccl|mccl|hccl|Hccl|bccl)/.test(first);
}

/** Per-file namespace aliases (`namespace cg = cooperative_groups;`) and `using namespace nvcuda;`. */
class NamespaceContext {
  private readonly aliases = new Map<string, string>();
  private readonly used: string[] = [];

  alias(name: string, target: string) {
    this.aliases.set(name, this.expand(target));
  }

  use(namespace: string) {
    const full = this.expand(namespace);
    if (!this.used.includes(full)) this.used.push(full);
  }

  private expand(name: string): string {
    const [head, ...rest] = name.split('::');
    const target = this.aliases.get(head!);
    return target ? [target, ...rest].join('::') : name;
  }

  /** Match a qualified name as written, then through aliases, then inside each used namespace. */
  resolve<T>(name: string, match: (qualified: string) => T | undefined, under: (ns: string, name: string) => T | undefined): T | undefined {
    const expanded = this.expand(name.replace(/^::/, ''));
    const direct = match(expanded);
    if (direct || !expanded.includes('::')) return direct;
    for (const ns of this.used) {
      const hit = under(ns, expanded);
      if (hit) return hit;
    }
    return undefined;
  }
}

interface Frame {
  depth: number;
  scope?: string;
  device?: boolean;
}

export function detectCpp(tree: Parser.Tree, matcher: CppMatcher, macros?: MacroContext): CppDetection {
  const pass = passContext(tree, macros);
  const detector = cppDetector(pass, matcher);
  walkTreeWith(pass.cursor, [detector.visitor]);
  return detector.finish();
}

/** The detector as a visitor of a walk shared with other visitors (see walkTreeWith). */
export function cppDetector(pass: PassContext, matcher: CppMatcher): { visitor: TreeVisitor; finish: () => CppDetection } {
  const { tree, cursor } = pass;
  const findings: RawFinding[] = [];
  const kernels: KernelInfo[] = [];
  // Names the project defines that look like CUDA. Functions and macros (a `cudaCheck` helper, a
  // `CUDA_CHECK` macro) are used across files: `defined` is shared with the whole scan. Variables,
  // parameters, members, typedefs and prototypes only hide names in this file: a sample that
  // re-declares cuda.h for dynamic loading must not hide the real driver API elsewhere.
  const defined = new Set<string>();
  const localDefined = new Set<string>();
  const namespaces = new NamespaceContext();
  let parseErrors = 0;

  const frames: Frame[] = [];
  const types: string[] = []; // node type per depth, to know an identifier's parent
  // Guards come from the directive lines, not the tree: a conditional that does not enclose whole
  // syntax nodes is an ERROR region to tree-sitter (src/detect/line-guards.ts).
  // The root node starts at the first token: the blank lines before it are put back so rows agree.
  const root = tree.rootNode;
  const guarded = lineGuards('\n'.repeat(root.startPosition.row) + root.text);
  const scope = (): string | undefined => {
    for (let k = frames.length - 1; k >= 0; k--) if (frames[k]!.scope) return frames[k]!.scope;
    return undefined;
  };
  const inDeviceCode = (): boolean => {
    for (let k = frames.length - 1; k >= 0; k--) if (frames[k]!.scope) return frames[k]!.device ?? false;
    return false;
  };
  const add = (match: NameMatch, node: { startPosition: Parser.Point; endPosition: Parser.Point }, extra: Partial<RawFinding> = {}) => {
    // Each position read is a native call on a cursor: once each.
    const start = node.startPosition;
    const end = node.endPosition;
    const g = guarded.at(start.row + 1);
    const s = scope();
    const device = inDeviceCode();
    findings.push({
      ruleId: match.ruleId,
      name: match.name,
      kind: match.kind,
      line: start.row + 1,
      column: start.column + 1,
      endLine: end.row + 1,
      endColumn: end.column + 1,
      ...(s ? { scope: s } : {}),
      ...(g ? { guards: g } : {}),
      ...(device ? { deviceCode: true } : {}),
      ...extra,
    });
  };
  /** The scopes of a qualified name that sit before an invented (MISSING) "::": real type names. */
  const addMissingScopes = (node: Parser.SyntaxNode) => {
    const parts = node.children; // (nextSibling skips the zero-width MISSING node; the array has it)
    parts.forEach((child, i) => {
      if (child.type !== 'namespace_identifier' || !parts[i + 1]?.isMissing) return;
      const match = matcher.identifier(child.text);
      if (match && match.ruleId !== UNRECOGNIZED) add(match, child);
    });
  };
  const construct = (token: string, name: string): NameMatch | undefined => {
    const ref = matcher.construct(token);
    return ref ? { ruleId: ref[0], kind: ref[1], name } : undefined;
  };

  const treeHasErrors = tree.rootNode.hasError;
  const popTo = (d: number) => {
    while (frames.length && frames[frames.length - 1]!.depth >= d) frames.pop();
    types.length = d;
  };

  /** An identifier, type or namespace name at `depth`: a use of a CUDA name, or a declaration of one. */
  const nameNode = (depth: number) => {
    const text = cursor.nodeText;
    // Most names are neither in the table nor CUDA-looking (identifier() is undefined exactly then, and
    // looksLikeCuda() false): nothing below would record them, so their field and parent go unread.
    const named = matcher.identifier(text);
    if (!named) return;
    const parent = types[depth - 1] ?? '';
    const field = cursor.currentFieldName ?? '';
    const declaring = isDeclaring(parent, field, cursor);
    const knownApi = declaring && parent === 'function_declarator' ? named : undefined;
    if (knownApi && knownApi.ruleId !== UNRECOGNIZED && declaredInFunctionBody(cursor)) {
      // C++'s "most vexing parse": `cudaFuncSetAttribute(MACRO((void*)) k, ...);` inside a function
      // body parses as a declaration of a function named cudaFuncSetAttribute. Nobody re-declares a
      // CUDA API there: it is a call.
      add(knownApi, cursor);
    } else if (declaring) {
      if (matcher.looksLikeCuda(text)) localDefined.add(text);
      // An extern declaration or prototype of a name the table does not know is the project's own everywhere
      // (a re-declared real CUDA API is in the table and stays that API).
      if (named.ruleId === UNRECOGNIZED && sharedDeclaration(cursor, parent)) defined.add(text);
    } else if (parent !== 'qualified_identifier') {
      // Only a launch API's finding reads its call: most names need no node object.
      add(named, cursor, isLaunchMatch(named) ? launchDetail(cursor.currentNode) : {});
    }
  };

  const enter = (depth: number, type: string): boolean => {
    let descend = !OPAQUE.has(type);

    // MISSING nodes exist only in trees with errors: skip that native call per node otherwise.
    if (type === 'ERROR' || (treeHasErrors && cursor.nodeIsMissing)) parseErrors++;

    if (type === 'field_identifier' && types[depth - 1] !== 'field_expression') {
      const text = cursor.nodeText;
      const asType = FIELD_TYPE_NAME.test(text) ? matcher.identifier(text) : undefined;
      if (asType?.kind === 'type' && asType.ruleId !== UNRECOGNIZED) {
        // No member is named `__half` or `cudaStream_t`: when tree-sitter misreads a declaration after a
        // user macro (`inline TCNN_DEVICE __half fma(...)` inside an #ifdef it took for a struct body),
        // the CUDA type lands here as a member name. It is a use of the type.
        add(asType, cursor);
      } else if (matcher.looksLikeCuda(text)) localDefined.add(text); // a member declaration
    } else if (type === 'field_identifier' && cursor.nodeText === 'is_cuda') {
      // TORCH_CHECK(x.is_cuda(), ...): a PyTorch tensor's device test (rules/torch-cpp-api.yaml).
      const match = construct('.is_cuda()', '.is_cuda()');
      if (match) add(match, cursor);
    } else if (NAME_NODES.has(type)) {
      nameNode(depth);
    } else if (type === 'qualified_identifier' && types[depth - 1] !== 'qualified_identifier') {
      const parent = types[depth - 1] ?? '';
      const field = cursor.currentFieldName ?? '';
      const name = stripTemplateArgs(cursor.nodeText);
      const declaring = DECLARING_PARENTS[parent]?.has(field);
      if (declaring) {
        // An out-of-line definition such as `void ns::cudaHelper()` defines, it does not use.
        const last = name.split('::').pop() ?? name;
        if (matcher.looksLikeCuda(last)) localDefined.add(last);
        const node = cursor.currentNode;
        // After a user macro (`MY_API cudaError_t f(int);`) tree-sitter takes the macro for the type
        // and reads `cudaError_t f` as `cudaError_t::f` with an invented (MISSING) "::": that scope is
        // the real return type, a use.
        addMissingScopes(node);
        // `struct std::hash<cudaIpcMemHandle_t>` declares a specialization: its template arguments
        // are uses, so the walk goes on into them (the declared name itself matches no rule).
        descend = node.text.includes('<');
      } else {
        const invented = treeHasErrors && !name.includes('::');
        const match = invented ? undefined : namespaces.resolve(name, (n) => matcher.qualified(n), (ns, n) => matcher.qualifiedUnder(ns, n));
        if (invented) {
          // A qualified name written without "::" has an invented one: a parameter after a misparse
          // (`BLOCK_SELECT_DECL(...);` lines before `void f(..., cudaStream_t stream)`) reads as the
          // expression `cudaStream_t::stream` (once reported as the unknown name `cudaStream_tstream`),
          // its scope the parameter's type.
          addMissingScopes(cursor.currentNode);
        } else if (match) {
          add(match, cursor);
          descend = false;
        }
        // Otherwise descend: `std::vector<cudaStream_t>` still holds a CUDA type inside.
      }
    } else if (type === 'preproc_include') {
      const include = pass.include();
      const match = include ? matcher.header(include.path, include.system) : undefined;
      if (match) add(match, include!);
      descend = false;
    } else if (type === 'preproc_def' || type === 'preproc_function_def') {
      // tree-sitter mis-splits a #define whose body holds a comment before a line continuation, so
      // the directive's raw text is split into name and body here instead of trusting its fields.
      const node = cursor.currentNode;
      const directive = pass.define(node);
      if (directive) {
        if (matcher.looksLikeCuda(directive.name) && !isVendorShim(directive.body)) defined.add(directive.name);
        scanMacroBody(directive, node, matcher, add, construct);
      }
      descend = false;
    } else if (type === 'namespace_alias_definition') {
      // namespace cg = cooperative_groups;
      const alias = pass.namespaceAlias();
      if (alias) namespaces.alias(alias.alias, alias.target);
      descend = false;
    } else if (type === 'using_declaration') {
      // using namespace nvcuda;  (a plain `using ns::name;` is left to the normal walk)
      const m = /^using\s+namespace\s+(::)?([\w:]+)\s*;?$/.exec(cursor.nodeText.trim());
      if (m) {
        namespaces.use(m[2]!);
        descend = false;
      }
    } else if (type === 'type_qualifier' || type === 'launch_bounds') {
      // __shared__ / __constant__ / __managed__ variables and __launch_bounds__(...) on kernels.
      const token = type === 'launch_bounds' ? '__launch_bounds__' : cursor.nodeText;
      const match = DEVICE_QUALIFIERS.has(token) ? construct(token, token) : undefined;
      if (match) add(match, cursor, { deviceCode: true });
      descend = type === 'launch_bounds';
    } else if (type === 'preproc_call') {
      descend = false; // #pragma / #error text is not code
      // But a `#name` that is no directive is a stringized macro parameter: tree-sitter ends a #define
      // at a `/* comment */ \` line and reads the rest of its body as code, where `#name(...)` looks like
      // a directive (nccl's NVMLTRY: `INFO(NCCL_INIT, #name "() failed"); ... return ncclSystemError;`).
      const node = cursor.currentNode;
      const directive = node.childForFieldName('directive')?.text.slice(1).trim() ?? '';
      if (!DIRECTIVES.has(directive)) {
        const text = node.text;
        scanMacroBody({ text, body: text, bodyOffset: 0, tokens: () => tokenizeMacroBody(text) }, node, matcher, add, construct);
      }
    } else if (type === 'function_definition') {
      const node = cursor.currentNode;
      const info = pass.functionInfo(node);
      const definedName = info.name?.split('::').pop();
      // A project's own helper: a CUDA-looking one (cudaCheck), or one named like a generic CUDA
      // device function (saturate, rsqrt) that the project writes itself.
      if (definedName && (matcher.looksLikeCuda(definedName) || matcher.identifier(definedName))) defined.add(definedName);
      frames.push({ depth, scope: info.name ?? '(anonymous)', device: info.global || info.device });
      if (info.global || info.device) {
        const token = info.global ? '__global__' : '__device__';
        const match = construct(token, info.name ?? token);
        const at = info.nameNode ?? node;
        if (match) add(match, at, { scope: info.name ?? token });
        if (info.global) {
          kernels.push({
            name: info.name ?? '(anonymous)',
            file: '',
            line: node.startPosition.row + 1,
            endLine: node.endPosition.row + 1,
            lines: node.endPosition.row - node.startPosition.row + 1,
            template: node.parent?.type === 'template_declaration' || (info.template ?? false),
            ...(info.viaMacro ? { macro: info.viaMacro } : {}),
          });
        }
      }
    } else if (type === 'declaration') {
      // `__device__ int counter;` (a device variable, not a prototype) is device code too.
      if (pass.declarationQualifiers().device && !declaresFunction(cursor.currentNode)) {
        const node = cursor.currentNode;
        const match = construct('__device__', '__device__');
        if (match) add(match, node);
      }
    } else if (type === 'kernel_call_syntax') {
      const syntax = cursor.currentNode;
      const fn = pass.chevron(syntax).callee;
      const kernel = fn ? stripTemplateArgs(fn.text) : '(unknown)';
      const match = construct('<<<>>>', kernel);
      if (match) add(match, fn ?? syntax, { detail: `launches ${kernel}` });
    } else if (type === 'gnu_asm_expression') {
      const ptx = pass.inlinePtx(inDeviceCode());
      if (ptx) {
        const node = cursor.currentNode;
        const match = construct('asm', 'asm');
        if (match) add(match, node, { detail: ptx.opcodes.length ? `PTX: ${ptx.opcodes.join(', ')}` : 'PTX' });
      }
      descend = true; // operands are expressions that may use CUDA names
    }

    types[depth] = type;
    return descend;
  };
  const finish = (): CppDetection => {
    const kept = findings.filter((f) => f.ruleId !== UNRECOGNIZED || !localDefined.has(f.name));
    return { findings: kept, kernels, definedNames: [...defined].sort(), parseErrors, guardRuns: guarded.runs() };
  };
  return { visitor: { enter, leave: popTo }, finish };
}

type AddFn = (match: NameMatch, node: { startPosition: Parser.Point; endPosition: Parser.Point }, extra?: Partial<RawFinding>) => void;

/** Finds CUDA names, launches and PTX in the raw text of a #define body (`macro`: the directive's text,
 *  its body and the body's tokens; a #define's are read once for the profiler too, ./pass-context.ts). */
function scanMacroBody(
  macro: Pick<DefineRead, 'text' | 'body' | 'bodyOffset' | 'tokens'>,
  directive: Parser.SyntaxNode,
  matcher: CppMatcher,
  add: AddFn,
  construct: (t: string, n: string) => NameMatch | undefined,
) {
  const { text, body, bodyOffset } = macro;
  const start = directive.startPosition;
  const tokens = macro.tokens();
  const at = (offset: number, length: number) => {
    const from = positionAt(text, bodyOffset + offset, start.row, start.column);
    const to = positionAt(text, bodyOffset + offset + length, start.row, start.column);
    return { startPosition: { row: from.line, column: from.column }, endPosition: { row: to.line, column: to.column } };
  };
  tokens.forEach((token, k) => {
    if (token.kind === 'name') {
      if (token.text === 'asm' || token.text === '__asm__' || token.text === '__asm') {
        const template = macroAsmTemplate(body, tokens, k, directive.tree);
        const ptx = template !== undefined ? inlinePtx(template) : undefined;
        const match = ptx ? construct('asm', 'asm') : undefined;
        if (match) add(match, at(token.offset, token.length), { inMacro: true, detail: ptx!.opcodes.length ? `PTX: ${ptx!.opcodes.join(', ')}` : 'PTX' });
        return;
      }
      const match = token.text.includes('::') ? matcher.qualified(token.text) : matcher.identifier(token.text);
      if (match) add(match, at(token.offset, token.length), { inMacro: true });
      else if (token.text.startsWith('__global__') || token.text === '__device__') {
        const c = construct(token.text, token.text);
        if (c) add(c, at(token.offset, token.length), { inMacro: true });
      }
    } else if (token.kind === 'launch') {
      // `Kernel<T, 160><<<`, `op##_kernel<<<`: the name before the template arguments, pasted parts joined.
      const kernel = macroLaunchTarget(body.slice(0, token.offset), []).name ?? '(unknown)';
      const match = construct('<<<>>>', kernel);
      if (match) add(match, at(token.offset, token.length), { inMacro: true, detail: `launches ${kernel}` });
    }
  });
}

const ASM_QUALIFIERS = new Set(['volatile', '__volatile__', 'inline', 'goto']);

/** The template of the asm at tokens[k] in a macro body: its string literals with the pieces between
 *  them, `"ld." #space "." #type " %0, [%1];"` → `ld.space.type %0, [%1];` (a stringized parameter
 *  stands for itself, a string macro of the file for its string), up to the first `:` or `)`. */
function macroAsmTemplate(body: string, tokens: MacroToken[], k: number, tree: Parser.Tree): string | undefined {
  let i = k + 1;
  while (tokens[i]?.kind === 'name' && ASM_QUALIFIERS.has(tokens[i]!.text)) i++;
  let out = '';
  let end = tokens[i - 1]!.offset + tokens[i - 1]!.length;
  let strings = 0;
  for (; i < tokens.length; i++) {
    const t = tokens[i]!;
    // Only blanks, `(`, `#` and line continuations may sit between the pieces of one template.
    if (!/^[\s(#\\]*$/.test(body.slice(end, t.offset)) || (out && body.slice(end, t.offset).includes('('))) break;
    if (t.kind === 'string') {
      out += t.text;
      strings++;
    } else if (t.kind === 'name') out += stringMacrosOf(tree).get(t.text) ?? t.text;
    else break;
    end = t.offset + t.length;
  }
  return strings ? out : undefined;
}


function declaresFunction(node: Parser.SyntaxNode): boolean {
  for (const d of node.childrenForFieldName('declarator')) {
    let cur: Parser.SyntaxNode | null = d;
    for (let guard = 0; cur && guard < 8; guard++) {
      if (cur.type === 'function_declarator') return true;
      cur = cur.childForFieldName('declarator');
    }
  }
  return false;
}


/** For a launch API such as cudaLaunchKernel, the kernel named by its first argument. */
const isLaunchMatch = (match: NameMatch) => match.kind === 'kernel-launch' && match.ruleId !== UNRECOGNIZED;

function launchDetail(node: Parser.SyntaxNode): Partial<RawFinding> {
  const call = node.parent?.type === 'call_expression' ? node.parent : undefined;
  let first = call?.childForFieldName('arguments')?.namedChild(0) ?? null;
  // Look through casts: cudaLaunchKernel((void*)k, ...) or reinterpret_cast<const void*>(k).
  for (let guard = 0; first && guard < 8; guard++) {
    if (first.type === 'cast_expression') first = first.childForFieldName('value');
    else if (first.type === 'parenthesized_expression') first = first.namedChild(0);
    else if (first.type === 'call_expression' && /_cast\b/.test(first.childForFieldName('function')?.text ?? '')) {
      first = first.childForFieldName('arguments')?.namedChild(0) ?? null;
    } else break;
  }
  if (!first || call?.childForFieldName('function')?.text !== node.text) return {};
  return { detail: `launches ${stripTemplateArgs(first.text).replace(/^&/, '')}` };
}
