// The kernel profiler: one cursor walk over the syntax tree of one file (the tree scan-file.ts already
// parsed) that records every __global__ and __device__ function with the device-code features it uses,
// every launch site with its configuration, launch macros and launcher functions, cudaFuncSetAttribute
// calls and named warp-size constants. Pure: a function of the tree. Linking across files is link.ts.
// The device-code features are all recorded by a registry of checks (./checks/, one module each): this
// walk calls them by node type; what stays here is the bookkeeping they read through CheckContext (frames,
// locals, declared types, aliases) and the reads it shares with them, made once per node (the declaration,
// ./declaration-read.ts; the launch, ./launch-read.ts).
import type Parser from 'tree-sitter';
import { walkTreeWith, type TreeVisitor } from '../parse/walk.js';
import { NOT_CODE, passContext, readDefine, type PassContext } from '../detect/pass-context.js';
import type { MacroContext } from '../detect/macro-table.js';
import { nameTable } from '../detect/cpp-matcher.js';
import { macroLaunchTarget, positionAt, wholeDirective } from '../detect/macro-tokens.js';
import { templateParamNames } from './instantiations.js';
import { readDeclaration, type DeclarationRead } from './declaration-read.js';
import { dispatchContext, namedFunction, readApiLaunch, readChevronLaunch, type LaunchRead } from './launch-read.js';
import { macroInstantiations, unparsedLaunches } from './source-scans.js';
import { includePaths } from './includes-walk.js';
import { checksByNodeType, KERNEL_CHECKS, type CheckContext, type KernelCheck } from './checks/index.js';
import type { CallRead } from './checks/check.js';
import { calleeName, context, declaredName, firstCallee, isThirtyTwo, isWarpSizeConstant, snippet, WARP_SIZE_NAME, type Node } from './checks/syntax.js';
import type {
  DeviceFunction, DispatchMacro, Evidence, FileKernelScan, IncludeSite, Instantiation, FuncAttributeSite, KernelFeature, LaunchSite, Launcher, MacroCall, ValueAlias, WarpSizeConstant,
} from './model.js';

export const ATTRIBUTE_APIS = new Set(['cudaFuncSetAttribute', 'cuFuncSetAttribute']);

/** Builtins and all-caps macro names are never function references: not worth recording. */
const NOT_A_REF = /^(threadIdx|blockIdx|blockDim|gridDim|warpSize|[A-Z0-9_]+)$/;

interface Frame {
  depth: number;
  /** The device function being profiled (absent for host functions). */
  fn?: DeviceFunction;
  node: Node;
  scope: string;
  /** Host functions: variable → function names assigned to it (a kernel picked at run time). */
  aliases?: Map<string, Set<string>>;
  /** Host lambdas: the enclosing host frame, whose aliases a lambda sees too. */
  outer?: Frame;
  /** Host functions: parameter names in order (a parameter that is launched makes a launcher). */
  params?: string[];
  seen?: Set<string>;
  calls?: Set<string>;
  declTypes?: Map<string, string> | null;
  /** Device functions: parameter and local names (a call through one is a function pointer, not a callee). */
  locals?: Set<string>;
  /** Device functions: local name → its declared type when it is a plain (non-pointer) variable. */
  localTypes?: Map<string, string>;
  refs?: Set<string>;
  callSites?: Map<string, Map<string, string[]>>;
  /** Device functions: __shared__ arrays of 32 elements (one slot per warp when indexed by a warp id). */
  warpArrays?: Set<string>;
  /** Device functions: variables holding a grid group (`grid_group g = this_grid()`). */
  gridVars?: Set<string>;
  /** Template kernels: `Param::Member` names of their template parameters' members. */
  traitMembers?: Set<string>;
}

/** The registry's checks by node type, built once for the default registry. */
const DEFAULT_CHECKS = checksByNodeType(KERNEL_CHECKS);

export function profileKernels(tree: Parser.Tree, macros?: MacroContext, checks?: readonly KernelCheck[]): FileKernelScan {
  const pass = passContext(tree, macros);
  const profiler = kernelProfiler(pass, checks);
  walkTreeWith(pass.cursor, [profiler.visitor]);
  return profiler.finish();
}

/** The profiler as a visitor of a walk shared with other visitors (see walkTreeWith). */
export function kernelProfiler(
  pass: PassContext,
  /** The feature checks to run (src/kernels/checks/); the whole registry unless a test picks some. */
  checks?: readonly KernelCheck[],
): { visitor: TreeVisitor; finish: () => FileKernelScan } {
  const { tree, cursor, macros } = pass;
  const checksFor = checks ? checksByNodeType(checks) : DEFAULT_CHECKS;
  const functions: DeviceFunction[] = [];
  const launches: LaunchSite[] = [];
  const attributes: FuncAttributeSite[] = [];
  const launchers: Launcher[] = [];
  const macroCalls: MacroCall[] = [];
  const warpSizeConstants: WarpSizeConstant[] = [];
  const valueAliases: ValueAlias[] = [];
  const textureRefs = new Set<string>();
  const cgAliases = new Set(['cooperative_groups']);
  const moduleFunctions = new Map<string, string>(); // CUfunction variable → kernel name (cuModuleGetFunction)
  const launcherNames = new Set<string>();
  const includeSites: IncludeSite[] = [];
  const instantiations: Instantiation[] = [];
  const dispatchMacros: DispatchMacro[] = [];
  /** Source offsets of the `<<<` of every launch recorded (parsed or in a #define body). */
  const launchSites = new Set<number>();

  const frames: Frame[] = [];
  const device = (): Frame | undefined => {
    for (let k = frames.length - 1; k >= 0; k--) if (frames[k]!.fn) return frames[k];
    return undefined;
  };
  const host = (): Frame | undefined => {
    const top = frames[frames.length - 1];
    return top && !top.fn ? top : undefined;
  };
  const add = (frame: Frame, feature: KernelFeature, node: Node, detail?: string, textNode: Node = node, warpDependent = false) => {
    const line = node.startPosition.row + 1;
    const column = node.startPosition.column + 1;
    const key = `${feature}:${line}:${column}`;
    if (frame.seen!.has(key)) return;
    frame.seen!.add(key);
    // A multi-line context (a whole function for a `double` return type) is shown as the source line instead.
    const text = textNode.startPosition.row === textNode.endPosition.row ? textNode.text : lineAt(node.startPosition.row);
    (warpDependent ? frame.fn!.warpDependent : frame.fn!.features).push({ feature, line, column, text: snippet(text), ...(detail ? { detail } : {}) });
  };

  /** Node type and (for template functions and qualified names) field name of the walk's ancestors, by depth. */
  const ancestorTypes: string[] = [];
  const ancestorFields: (string | null | undefined)[] = [];
  /** The device frame the running check records into (set just before each visit). */
  let checkFrame: Frame | undefined;
  /** The node object of the cursor's node, made on first need and shared by the checks and the switch below. */
  let nodeHere: Node | undefined;
  /** The type of the cursor's node, as the walk read it. */
  let typeHere = '';
  const current = (): Node => (nodeHere ??= cursor.currentNode);
  /** The declaration the cursor is on, read on first need for the checks and the switch below. */
  let declarationRead: DeclarationRead | undefined;
  const declarationHere = (): DeclarationRead => (declarationRead ??= readDeclaration(pass.declarationQualifiers(), current()));
  /** The call the cursor is on: its callee and arguments, read once for the checks, launchHere and call() below. */
  let callRead: CallRead | undefined;
  const callHere = (): CallRead => {
    if (callRead) return callRead;
    const node = current();
    const fnNode = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    let argNodes: Node[] | undefined;
    return (callRead = {
      node, fnNode, name: calleeName(fnNode), args,
      argNodes: () => (argNodes ??= (args?.namedChildren ?? []).filter((a) => a.type !== 'comment')),
    });
  };
  /** The launch the cursor's node makes (null: none), read once for the checks and the switch below. */
  let launchRead: LaunchRead | null | undefined;
  const launchHere = (): LaunchRead | undefined => {
    if (launchRead === undefined) launchRead = readLaunchHere() ?? null;
    return launchRead ?? undefined;
  };
  const readLaunchHere = (): LaunchRead | undefined => {
    if (typeHere === 'kernel_call_syntax') return readChevronLaunch(current(), pass.chevron(current()));
    if (typeHere !== 'call_expression') return undefined;
    const { fnNode, name, args } = callHere();
    // `obj.cudaLaunchKernel(...)` is some method, not the API.
    return name && fnNode?.type !== 'field_expression' ? readApiLaunch(current(), name, args, (handle) => moduleFunctions.get(handle)) : undefined;
  };
  const checkContext: CheckContext = {
    add: (feature, node, detail, textNode, warpDependent) => add(checkFrame!, feature, node, detail, textNode ?? node, warpDependent ?? false),
    node: current,
    declaration: declarationHere,
    launch: launchHere,
    call: callHere,
    asmTemplate: () => pass.asmTemplate(),
    inlinePtx: () => pass.inlinePtx(true), // the checks visit device code only
    isGridVariable: (name) => checkFrame!.gridVars!.has(name),
    isWarpArray: (name) => checkFrame!.warpArrays!.has(name),
    isTextureReference: (name) => textureRefs.has(name),
    // Built on first need: few device functions have a check that asks.
    declaredType: (name) => (checkFrame!.declTypes ??= declaredTypesIn(checkFrame!.node)).get(name),
    isCooperativeGroups: (namespace) => cgAliases.has(namespace),
  };

  /** A second cursor for reads below the walk's node that may wander (the walk's cursor must stay put). */
  let side: Parser.TreeCursor | undefined;
  const sideCursorAtHere = (): Parser.TreeCursor => {
    side ??= tree.walk();
    side.resetTo(cursor);
    return side;
  };

  let sourceLines: string[] | undefined;
  const lineAt = (row: number) => (sourceLines ??= tree.rootNode.text.split('\n'))[row] ?? '';

  const enter = (depth: number, type: string): boolean => {
    typeHere = type;
    let descend = !NOT_CODE.has(type);
    const dev = device();
    nodeHere = undefined;
    declarationRead = undefined;
    callRead = undefined;
    launchRead = undefined;
    ancestorTypes[depth] = type;
    // The field of a node that may sit between a callee's name and its call (read by isCalleeAt).
    if (type === 'template_function' || type === 'qualified_identifier') ancestorFields[depth] = cursor.currentFieldName;

    const registered = checksFor.get(type);
    if (registered) {
      for (const check of registered) {
        if (dev) {
          checkFrame = dev;
          if (check.visit(checkContext, cursor) === false) descend = false;
        }
        if (check.descend === false) descend = false;
      }
    }

    switch (type) {
      case 'function_definition': {
        const node = current();
        let read: ParameterRead[] | undefined;
        const paramsRead = () => (read ??= readParameters(sideCursorAtHere()));
        const info = pass.functionInfo(node);
        if (info.global || info.device) {
          const fn: DeviceFunction = {
            name: info.name ?? '(anonymous)',
            kind: info.global ? 'global' : 'device',
            line: node.startPosition.row + 1,
            endLine: node.endPosition.row + 1,
            lines: node.endPosition.row - node.startPosition.row + 1,
            template: node.parent?.type === 'template_declaration' || (info.template ?? false),
            // A template kernel's parameter names: its `__shared__ T a[N]` sized per instantiation (shared-memory.ts).
            ...(info.global && node.parent?.type === 'template_declaration' ? { templateParams: templateParamNames(node.parent.childForFieldName('parameters')?.text ?? '') } : {}),
            externC: isExternC(node),
            features: [],
            calls: [],
            callTypes: {},
            paramTypes: [],
            arity: functionArity(paramsRead()),
            refs: [],
            warpDependent: [],
            warpSizeNames: [],
          };
          // An #if __CUDA_ARCH__ around the definition picks which definition compiles; it is not a branch
          // inside the kernel, so it is not recorded here (only guards inside a body are).
          const params = parameterDeclarations(paramsRead());
          fn.paramTypes = params.map((p) => (p.plain ? p.type : ''));
          const frame: Frame = {
            depth, fn, node, scope: fn.name, seen: new Set(), calls: new Set(), declTypes: null,
            // Its own name (in its declarator) is no reference to itself or to its overloads.
            locals: new Set([...params.map((p) => p.name), fn.name.split('::').pop()!]), localTypes: new Map(params.filter((p) => p.plain).map((p) => [p.name, p.type])),
            refs: new Set(), callSites: new Map(), warpArrays: new Set(),
            gridVars: new Set(params.filter((p) => GRID_GROUP_TYPE.test(p.type)).map((p) => p.name)),
          };
          frames.push(frame);
          functions.push(fn);
        } else {
          const params = parameterNames(paramsRead());
          frames.push({ depth, node, scope: info.name ?? '(anonymous)', aliases: new Map(), params });
        }
        break;
      }
      case 'declaration':
      case 'field_declaration':
        declaration(dev);
        break;
      case 'call_expression':
        call(current(), dev);
        break;
      case 'kernel_call_syntax':
        // Already read as a launch in a #define body that tree-sitter cut short (define() below).
        if (launchSites.has(current().startIndex)) break;
        launchSites.add(current().startIndex);
        recordLaunch(launchHere()!, dev);
        break;
      case 'assignment_expression':
        if (!dev) hostAssignment(current());
        break;
      case 'identifier': {
        if (!dev) break;
        const name = cursor.nodeText; // one native read of the text, not one per test
        if (WARP_SIZE_NAME.test(name) && name !== 'warpSize') {
          const node = current();
          dev.fn!.warpSizeNames.push({ name, line: node.startPosition.row + 1, column: node.startPosition.column + 1, text: snippet(context(node).text) });
        } else if (!NOT_A_REF.test(name) && !isCalleeAt(depth)) dev.refs!.add(name);
        break;
      }
      case 'qualified_identifier':
        // `typename Traits::Element` in a template kernel: the type its traits argument gives (./traits.ts).
        if (dev?.fn!.templateParams?.length) traitMember(dev);
        break;
      case 'preproc_def':
      case 'preproc_function_def':
        define(current());
        descend = false;
        break;
      case 'namespace_alias_definition': {
        const alias = pass.namespaceAlias();
        if (alias && /(^|::)cooperative_groups$/.test(alias.target)) cgAliases.add(alias.alias);
        descend = false;
        break;
      }
      case 'preproc_include': {
        const include = pass.include();
        if (include?.literal) includeSites.push({ path: include.path, offset: pass.cursor.startIndex });
        descend = false;
        break;
      }
      case 'preproc_call':
        descend = false;
        break;
      case 'enumerator': {
        // enum { THREADS_PER_WARP = 32 }: a named warp-size constant like a #define.
        const node = current();
        const name = node.childForFieldName('name')?.text ?? '';
        const value = node.childForFieldName('value')?.text.trim() ?? '';
        // In device code: checks/warp-size-constants.ts.
        if (!dev && isWarpSizeConstant(name, value)) fileWarpSizeConstant(name, value, node);
        break;
      }
      case 'lambda_expression': {
        // Each lambda of a host function keeps its own `auto kernel = &k<...>` (flash-attention's nested
        // *_SWITCH lambdas): a launch in one is not credited with the other's kernel.
        const h = host();
        if (h?.aliases) frames.push({ depth, node: current(), scope: h.scope, aliases: new Map(), params: h.params ?? [], outer: h });
        break;
      }
      case 'template_instantiation': {
        // template __global__ void k<double>(double*, int);
        const node = current();
        let decl = node.childForFieldName('declarator');
        for (let guard = 0; decl && decl.type !== 'function_declarator' && guard < 4; guard++) decl = decl.childForFieldName('declarator');
        const fn = decl?.childForFieldName('declarator');
        const named = fn ? namedFunction(fn) : undefined;
        if (named?.templateArgs) instantiations.push({ kernel: named.name, templateArgs: named.templateArgs, line: node.startPosition.row + 1 });
        descend = false;
        break;
      }
    }

    return descend;
  };
  const finish = (): FileKernelScan => {
    launches.push(...unparsedLaunches(macros?.source, launchSites));
    for (const f of functions) f.features.sort((a, b) => a.line - b.line || a.column - b.column || (a.feature < b.feature ? -1 : 1));
    instantiations.push(...macroInstantiations(macros?.source, macros?.table));
    return {
      functions, launches, attributes, launchers, macroCalls, warpSizeConstants, valueAliases, includes: includePaths(includeSites),
      ...(includeSites.length ? { includeSites } : {}),
      ...(instantiations.length ? { instantiations } : {}), ...(dispatchMacros.length ? { dispatchMacros } : {}),
    };
  };
  return { visitor: { enter, leave: popTo }, finish };

  function popTo(d: number) {
    while (frames.length && frames[frames.length - 1]!.depth >= d) {
      const frame = frames.pop()!;
      if (!frame.fn) continue;
      const locals = frame.locals!;
      frame.fn.calls = [...frame.calls!].filter((n) => !locals.has(n)).sort();
      frame.fn.refs = [...frame.refs!].filter((n) => !locals.has(n)).sort();
      const sites = [...frame.callSites!].filter(([n]) => !locals.has(n)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      frame.fn.callTypes = Object.fromEntries(sites.map(([n, m]) => [n, [...m.keys()].sort().map((k) => m.get(k)!)]));
      frame.fn.warpDependent.sort((a, b) => a.line - b.line || a.column - b.column);
      if (frame.traitMembers?.size) frame.fn.traitMembers = [...frame.traitMembers].sort();
    }
  }

  /** `Param::Member` at the cursor, when Param is one of the kernel's template parameters and Member a
   *  type (a value such as `Traits::kBlockM` is none; `Traits::Nested::Element` is not followed). */
  function traitMember(dev: Frame) {
    const node = current();
    const scope = node.childForFieldName('scope');
    const name = node.childForFieldName('name');
    if (!scope || !name || (scope.type !== 'namespace_identifier' && scope.type !== 'type_identifier')) return;
    if (name.type !== 'type_identifier') return;
    const param = scope.text;
    if (!dev.fn!.templateParams!.includes(param)) return;
    (dev.traitMembers ??= new Set()).add(`${param}::${name.text}`);
  }

  /** The identifier the cursor is on (at `depth`) names the function of a call (`f(x)`, `ns::f<T>(x)`): a
   *  call, not a reference. Read from the ancestors' types and fields, without node objects. */
  function isCalleeAt(depth: number): boolean {
    let field: string | null | undefined = cursor.currentFieldName;
    for (let d = depth, guard = 0; d > 0 && guard < 4; d--, guard++) {
      const p = ancestorTypes[d - 1];
      if (p === 'call_expression') return field === 'function';
      if (p !== 'template_function' && p !== 'qualified_identifier') return false;
      field = ancestorFields[d - 1];
    }
    return false;
  }

  /** The kernels a host variable may hold, from the innermost lambda or function that binds it. */
  function aliasesOf(h: Frame | undefined, name: string): Set<string> | undefined {
    for (let f = h; f; f = f.outer) {
      const set = f.aliases?.get(name);
      if (set) return set;
    }
    return undefined;
  }

  /** `k = cond ? kernelA : kernelB;` in a host function: the variable may hold those kernels. */
  function hostAssignment(node: Node) {
    const h = host();
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!h?.aliases || left?.type !== 'identifier' || !right) return;
    for (const fnName of functionNames(right)) {
      const set = h.aliases.get(left.text) ?? new Set<string>();
      set.add(fnName);
      h.aliases.set(left.text, set);
    }
  }

  function declaration(dev: Frame | undefined) {
    const { node, typeText, shared, external, declarators } = declarationHere();
    // Its __shared__ arrays' features: checks/shared-declarations.ts. A [32] one is one slot per warp
    // when indexed by a warp id (checks/warp-slot.ts reads it).
    if (dev && shared && !external) {
      for (const { node: decl, name } of declarators) if (name && outerArraySize(decl) === 32) dev.warpArrays!.add(name);
    }
    if (dev) {
      for (const { node: decl, name, value } of declarators) {
        if (!name) continue;
        dev.locals!.add(name);
        const plain = decl.type === 'identifier' || (decl.type === 'init_declarator' && decl.childForFieldName('declarator')?.type === 'identifier');
        if (plain) dev.localTypes!.set(name, normalizeType(typeText));
        // An initializer only (a struct field's default value makes no grid group).
        const init = value && decl.type === 'init_declarator' ? firstCallee(value) : undefined;
        if (GRID_GROUP_TYPE.test(typeText) || init === 'this_grid' || init === 'this_multi_grid') dev.gridVars!.add(name);
      }
    }
    if (!dev && /^texture\s*</.test(typeText)) {
      for (const { name } of declarators) if (name) textureRefs.add(name);
    }
    for (const { name, value } of declarators) {
      if (!name || !value) continue;
      // A named warp-size constant: file-level ones are linked across files; in device code, one defined
      // as 32 is a feature (checks/warp-size-constants.ts). Either way it names no kernel.
      const valueText = value.text.trim();
      if (isWarpSizeConstant(name, valueText)) {
        if (!dev) fileWarpSizeConstant(name, valueText, node);
        continue;
      }
      // A ballot result kept in 32 bits: checks/mask-width.ts.
      const h = host();
      if (h?.aliases) {
        for (const fnName of functionNames(value)) {
          const set = h.aliases.get(name) ?? new Set<string>();
          set.add(fnName);
          h.aliases.set(name, set);
        }
      } else if (!dev && !frames.length) {
        // File scope or a struct member (`static constexpr vec_dot_t vec_dot_mma = vec_dot_q8_0_mma<...>;`).
        const targets = functionNames(value);
        if (targets.length) valueAliases.push({ name, targets: [...new Set(targets)].sort(), line: node.startPosition.row + 1 });
      }
    }
  }

  function call(node: Node, dev: Frame | undefined) {
    const launch = launchHere();
    if (launch) {
      recordLaunch(launch, dev);
      return;
    }
    const { name, args } = callHere();
    if (!name) return;
    if (ATTRIBUTE_APIS.has(name)) {
      const target = namedFunction(args?.namedChild(0));
      const attribute = args?.namedChild(1)?.text ?? '';
      if (target) {
        attributes.push({
          kernel: moduleFunctions.get(target.name) ?? target.name, attribute: snippet(attribute, 80), value: snippet(args?.namedChild(2)?.text ?? '', 80),
          line: node.startPosition.row + 1, column: node.startPosition.column + 1,
        });
      }
      return;
    }
    if (name === 'cuModuleGetFunction') {
      const handle = namedFunction(args?.namedChild(0));
      const kernel = args?.namedChild(2);
      if (handle && kernel?.type === 'string_literal') moduleFunctions.set(handle.name, kernel.text.replace(/^"|"$/g, ''));
      return;
    }
    if (!dev) {
      hostCall(node, name, args);
      return;
    }
    dev.calls!.add(name);
    const types = callHere().argNodes().map((a) => obviousType(a, dev.localTypes!));
    const sites = dev.callSites!.get(name) ?? new Map<string, string[]>();
    sites.set(types.join(','), types);
    dev.callSites!.set(name, sites);
    // Its features: checks/device-calls.ts.
  }

  function hostCall(node: Node, name: string, args: Node | null) {
    const h = host();
    if (!args || !args.namedChildCount) return;
    const argNames: string[] = [];
    let interesting = /^[A-Z][A-Z0-9_]*$/.test(name) || launcherNames.has(name);
    for (const arg of args.namedChildren) {
      const f = namedFunction(arg);
      if (f && (arg.type !== 'identifier' || aliasesOf(h, f.name))) interesting = true;
      argNames.push(f ? [f.name, ...(aliasesOf(h, f.name) ?? [])].join('|') : '');
    }
    // Only calls that may pass a kernel: a macro, a known launcher, or an argument naming a function.
    if (interesting) macroCalls.push({ callee: name, args: argNames, line: node.startPosition.row + 1, column: node.startPosition.column + 1, ...(h ? { scope: h.scope } : {}) });
  }

  function recordLaunch({ node, kernel, templateArgs, via, config }: LaunchRead, dev: Frame | undefined) {
    const h = host();
    const aliases = aliasesOf(h, kernel);
    launches.push({
      kernel: aliases ? [kernel, ...aliases].join('|') : kernel,
      ...(templateArgs ? { templateArgs } : {}),
      via,
      line: node.startPosition.row + 1,
      column: node.startPosition.column + 1,
      ...(config && Object.keys(config).length ? { config } : {}),
      ...(frames.length ? { scope: frames[frames.length - 1]!.scope } : {}),
      fromDevice: dev !== undefined,
      ...dispatchContext(node),
    });
    // A launch from device code is a feature: checks/device-launches.ts.
    // A host function that launches its own parameter is a launcher: calls to it pass the kernel.
    const index = h?.params?.indexOf(kernel) ?? -1;
    if (h && index >= 0) {
      launchers.push({ name: h.scope.split('::').pop()!, kernelArg: index, kind: 'function', line: node.startPosition.row + 1 });
      launcherNames.add(h.scope.split('::').pop()!);
    }
  }

  /** A warp-size constant outside device code (a declaration or an enumerator): kept for the kernels that
   *  use it, in this file or one including it (../link.ts). */
  function fileWarpSizeConstant(name: string, value: string, node: Node) {
    warpSizeConstants.push({ name, line: node.startPosition.row + 1, text: snippet(node.text), is32: isThirtyTwo(value) });
  }

  function define(node: Node) {
    const read = pass.define(node);
    if (!read) return;
    // tree-sitter ends a #define at a `/* comment */ \` line and parses the rest of its body as code (where
    // a `<<<` is no launch node either): the launches are read from the directive as the preprocessor
    // extends it, through every continued line.
    const whole = macros ? wholeDirective(macros.source, node.startIndex) : read.text;
    const directive = whole.length > read.text.length ? readDefine(whole) ?? read : read;
    const body = directive.body.replace(/\\\n/g, ' ').trim();
    if (WARP_SIZE_NAME.test(directive.name) && /^\(?\s*(\d+|0x[0-9a-fA-F]+)[uUlL]*\s*\)?$/.test(body)) {
      const is32 = /^\(?\s*(32|0x20)[uUlL]*\s*\)?$/.test(body);
      warpSizeConstants.push({ name: directive.name, line: node.startPosition.row + 1, text: snippet(directive.text), is32 });
      return;
    }
    if (node.type === 'preproc_function_def' && /DISPATCH/.test(directive.name) && /\busing\b/.test(body)) {
      // switch (TYPE) { case at::ScalarType::Half: { using scalar_t_##LEVEL = at::Half; __VA_ARGS__; break; } ... }
      const aliases = [...body.matchAll(/\busing\s+([A-Za-z_][\w# ]*?)\s*=\s*([^;]+);/g)].map((m) => ({ alias: m[1]!.replace(/\s+/g, ''), type: m[2]!.trim() }));
      const params = (node.childForFieldName('parameters')?.text ?? '').replace(/^\(|\)$/g, '').split(',').map((p) => p.trim());
      if (aliases.length) dispatchMacros.push({ name: directive.name, params, aliases, line: node.startPosition.row + 1 });
    }
    if (!body.includes('<<<')) return;
    // Every `<<<` in a #define body is a launch: of a macro parameter (the macro is a launcher, tied at
    // its call sites), of a name pasted from a parameter (`name##_kernel<<<`, also a launcher), or of a
    // name the body writes (tied by name, or reported unresolved with the macro's name). None is dropped.
    // The parameters as written (a directive the grammar fails on is a preproc_def with an ERROR in it).
    const params = (/^#[ \t]*define[ \t]+[A-Za-z_]\w*\(([^)]*)\)/.exec(directive.text)?.[1] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
    const defineRow = node.startPosition.row;
    for (const token of directive.tokens()) {
      if (token.kind !== 'launch') continue;
      const offset = directive.bodyOffset + token.offset;
      const at = positionAt(directive.text, offset, defineRow, node.startPosition.column);
      const line = at.line + 1;
      launchSites.add(node.startIndex + offset);
      const target = macroLaunchTarget(directive.body.slice(0, token.offset), params);
      if (target.param !== undefined) {
        // `name##_kernel<double><<<`: the type reaches the kernel each use names (caffe's
        // DEFINE_AND_INSTANTIATE_GPU_UNARY_FUNC). `<T>` with T a parameter is the use's argument: not kept,
        // lest a file-scope alias of that name be taken for it.
        const templateArgs = target.templateArgs && !namesAny(target.templateArgs, params) ? target.templateArgs : undefined;
        launchers.push({
          name: directive.name, kernelArg: target.param, kind: 'macro', line,
          ...(target.pattern ? { pattern: target.pattern } : {}), ...(templateArgs ? { templateArgs } : {}),
        });
        launcherNames.add(directive.name);
      } else {
        launches.push({
          kernel: target.name ?? '(unknown)', ...(target.templateArgs ? { templateArgs: target.templateArgs } : {}),
          via: 'macro', macro: directive.name, line, column: at.column + 1, fromDevice: false,
        });
      }
    }
  }

}

/** Whether `text` names any of `names` as a whole word (`<T, 4>` names T). */
function namesAny(text: string, names: readonly string[]): boolean {
  return (text.match(/[A-Za-z_]\w*/g) ?? []).some((w) => names.includes(w));
}

/** grid_group / multi_grid_group, with or without a namespace. */
const GRID_GROUP_TYPE = /\b(multi_)?grid_group\b/;
/** Value types whose mismatch rules an overload out (half2 argument, float parameter). */
const OBVIOUS_TYPES = new Set([
  'float', 'double', 'int', 'unsigned', 'half', 'half2', '__half', '__half2', 'float2', 'float4', 'int2', 'int4', 'uint2', 'uint4',
  '__nv_bfloat16', '__nv_bfloat162', 'nv_bfloat16', 'nv_bfloat162', 'int8_t', 'uint8_t', 'int32_t', 'uint32_t', 'int64_t', 'uint64_t',
]);
const TYPE_ALIASES: Record<string, string> = nameTable({ __half: 'half', __half2: 'half2', nv_bfloat16: '__nv_bfloat16', nv_bfloat162: '__nv_bfloat162', 'unsigned int': 'unsigned' });

/** A type as written → a comparable name ('' unless it is one of the obvious value types). */
export function normalizeType(text: string): string {
  const t = text.replace(/\b(const|volatile|static|constexpr|__restrict__|__restrict|register)\b/g, '').replace(/\s+/g, ' ').trim();
  const name = TYPE_ALIASES[t] ?? t;
  return OBVIOUS_TYPES.has(name) || OBVIOUS_TYPES.has(t) ? name : '';
}

/** One parameter of a function definition as read with a cursor (no node objects: CUTLASS's GMMA wrappers
 *  have 64 register parameters each, hundreds of wrappers a header). */
interface ParameterRead {
  /** The parameter's node type (`parameter_declaration`, `optional_parameter_declaration`, `comment`, …). */
  nodeType: string;
  text: string;
  /** The name its declarator declares (declaredName), if any. */
  name: string | undefined;
  /** Node type of its `declarator` field, if any. */
  declaratorType: string | undefined;
  /** Text of its `type` field, if any. */
  typeText: string | undefined;
}

/** Moves the cursor to the first child in `field`; stays put and answers false when there is none. */
function gotoField(cursor: Parser.TreeCursor, field: string): boolean {
  if (!cursor.gotoFirstChild()) return false;
  do if (cursor.currentFieldName === field) return true;
  while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return false;
}

/** declaredName read with a cursor on the declarator (the cursor is left somewhere inside it). */
function declaredNameAt(cursor: Parser.TreeCursor): string | undefined {
  for (let guard = 0; guard < 8; guard++) {
    const type = cursor.nodeType;
    if (type === 'identifier' || type === 'field_identifier') return cursor.nodeText;
    if (gotoField(cursor, 'declarator')) continue;
    if (type !== 'reference_declarator' || !gotoFirstNamedChild(cursor)) return undefined;
  }
  return undefined;
}

function gotoFirstNamedChild(cursor: Parser.TreeCursor): boolean {
  if (!cursor.gotoFirstChild()) return false;
  do if (cursor.nodeIsNamed) return true;
  while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return false;
}

/** The named children of the parameter list of the function definition `cursor` is on (through nested
 *  declarators, as functionParameters did with nodes), comments included. Moves `cursor`. */
function readParameters(cursor: Parser.TreeCursor): ParameterRead[] {
  const out: ParameterRead[] = [];
  if (!gotoField(cursor, 'declarator')) return out;
  for (let guard = 0; guard < 8; guard++) {
    if (cursor.nodeType === 'function_declarator') {
      if (!gotoField(cursor, 'parameters') || !cursor.gotoFirstChild()) return out;
      do {
        if (!cursor.nodeIsNamed) continue;
        const param: ParameterRead = { nodeType: cursor.nodeType, text: cursor.nodeText, name: undefined, declaratorType: undefined, typeText: undefined };
        if (cursor.gotoFirstChild()) {
          let sawDeclarator = false;
          let sawType = false;
          do {
            const field = cursor.currentFieldName;
            if (field === 'type' && !sawType) {
              sawType = true;
              param.typeText = cursor.nodeText;
            } else if (field === 'declarator' && !sawDeclarator) {
              sawDeclarator = true;
              param.declaratorType = cursor.nodeType;
              const depth = cursor.currentDepth;
              param.name = declaredNameAt(cursor);
              while (cursor.currentDepth > depth) cursor.gotoParent();
            }
          } while (cursor.gotoNextSibling());
          cursor.gotoParent();
        }
        out.push(param);
      } while (cursor.gotoNextSibling());
      return out;
    }
    if (!gotoField(cursor, 'declarator')) return out;
  }
  return out;
}

/** Parameters of a function definition: name, normalized type and whether it is a plain value (no pointer/array). */
function parameterDeclarations(params: readonly ParameterRead[]): { name: string; type: string; plain: boolean }[] {
  return params.filter((p) => p.nodeType !== 'comment').flatMap((p) => {
    const name = p.name;
    if (!name) return [];
    const type = p.typeText ?? '';
    return [{ name, type: GRID_GROUP_TYPE.test(type) ? type : normalizeType(type), plain: p.declaratorType === 'identifier' }];
  });
}

/** [required, maximum] parameter count; maximum -1 for `...` or a parameter pack. */
function functionArity(all: readonly ParameterRead[]): [number, number] {
  const params = all.filter((p) => p.nodeType !== 'comment');
  if (params.length === 1 && params[0]!.text.trim() === 'void') return [0, 0];
  let required = 0;
  let variadic = false;
  for (const p of params) {
    if (p.nodeType === 'variadic_parameter' || p.nodeType === 'variadic_parameter_declaration' || p.text.includes('...')) variadic = true;
    else if (p.nodeType !== 'optional_parameter_declaration') required++;
  }
  return [required, variadic ? -1 : params.length];
}

/** The outermost size of an array declarator when literal (`s[32]`, `s[32][33]` → 32). */
function outerArraySize(decl: Node): number | undefined {
  let size: number | undefined;
  for (let cur: Node | null = decl, guard = 0; cur && guard < 8; guard++) {
    if (cur.type === 'array_declarator') {
      const n = cur.childForFieldName('size');
      size = n?.type === 'number_literal' ? Number(n.text.replace(/[uUlL]+$/, '')) : undefined;
      cur = cur.childForFieldName('declarator');
    } else break;
  }
  return size;
}

/** Host functions: the parameter names in order ('' for one without a name, comments included). */
function parameterNames(params: readonly ParameterRead[]): string[] {
  return params.map((p) => p.name ?? '');
}

function isExternC(node: Node): boolean {
  for (let p = node.parent, guard = 0; p && guard < 3; p = p.parent, guard++) {
    if (p.type === 'linkage_specification') return /"C"/.test(p.childForFieldName('value')?.text ?? '');
    if (p.type !== 'declaration_list' && p.type !== 'template_declaration') return false;
  }
  return false;
}

/** Function names an initializer or assignment may hold: `k = cond ? kernelA<T> : kernelB<T>`. */
function functionNames(value: Node): string[] {
  if (value.type === 'conditional_expression') {
    return [value.childForFieldName('consequence'), value.childForFieldName('alternative')].flatMap((v) => (v ? functionNames(v) : []));
  }
  const f = namedFunction(value);
  return f ? [f.name] : [];
}

export type { Evidence };

/** The type of an argument when it is obvious: a plain local or parameter, a cast, an `f` literal. */
function obviousType(arg: Node, localTypes: ReadonlyMap<string, string>): string {
  if (arg.type === 'identifier') return localTypes.get(arg.text) ?? '';
  if (arg.type === 'number_literal' && /^[\d.]+([eE][+-]?\d+)?[fF]$/.test(arg.text) && /[.eE]/.test(arg.text)) return 'float';
  if (arg.type === 'cast_expression') return normalizeType(arg.childForFieldName('type')?.text ?? '');
  if (arg.type === 'call_expression') {
    const called = calleeName(arg.childForFieldName('function'));
    if (called && OBVIOUS_TYPES.has(called)) return called; // half2(x), float2(...)
    if (called === 'make_half2' || called === '__floats2half2_rn' || called === '__halves2half2') return 'half2';
  }
  return '';
}

/** Declared types of the parameters and locals of a device function (its definition `node`), as written. */
function declaredTypesIn(node: Node): Map<string, string> {
  const map = new Map<string, string>();
  for (const decl of node.descendantsOfType(['parameter_declaration', 'declaration'])) {
    const type = decl.childForFieldName('type')?.text;
    if (!type) continue;
    for (const d of decl.childrenForFieldName('declarator')) {
      const name = declaredName(d);
      if (name && !map.has(name)) map.set(name, type);
    }
  }
  return map;
}

