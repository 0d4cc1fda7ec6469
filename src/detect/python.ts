// The Python detector: torch.cuda and friends resolved through imports and aliases, `.cuda()` calls,
// "cuda" device strings where a device is meant, the nccl backend, CUDA extension builds and imports
// of CUDA-only packages. Comments and docstrings are never findings; a string is a finding only where
// it names a device or a backend.
import type Parser from 'tree-sitter';
import type { FindingKind, KernelInfo, RawFinding } from '../model.js';
import type { MatchTable, RuleRef } from '../rules/match-table.js';
import { nameTable, own, UNRECOGNIZED, type CppMatcher } from './cpp-matcher.js';
import { BUILD_TOKENS, FindingSink, moduleRule, OncePerLine, tokenRule } from './build/findings.js';
import { scanRequirement } from './build/requirements.js';
import { classifyWord, trimWord } from './build/words.js';
import { collectAssignments, detectEmbeddedCuda, EMBEDDED_CUDA_CALLS, mapToFile, mergeKernelScans, stringBody, stringsOf } from './python-embedded.js';
import type { FileKernelScan } from '../kernels/model.js';
import { collectImports } from './python-imports.js';
import { CursorNames, treeLanguage } from '../parse/cursor-names.js';

export interface PythonDetection {
  findings: RawFinding[];
  parseErrors: number;
  /** __global__ kernels found in CUDA source strings (load_inline, CuPy, PyCUDA). */
  kernels: KernelInfo[];
  /** Names defined by those CUDA source strings (see FileResult.definedNames). */
  definedNames: string[];
  /** The kernel profile of those CUDA source strings (lines of the Python file). */
  kernelScan?: FileKernelScan;
}

/** Construct tokens the Python rules define (rules/python-constructs.yaml). */
export const PY_TOKENS = {
  tensorCuda: '.cuda()',
  deviceString: 'device:cuda',
  autocastCuda: 'autocast:cuda',
  ncclBackend: 'backend:nccl',
  tritonLaunch: 'triton:launch',
  tritonNumWarps: 'triton:num_warps',
  tritonNumStages: 'triton:num_stages',
  tritonMaxnreg: 'triton:maxnreg',
  isCuda: '.is_cuda',
  cudaVisibleDevices: 'env:CUDA_VISIBLE_DEVICES',
  ncclEnvironment: 'env:NCCL_*',
} as const;

/** Build words worth reporting when a Python string holds exactly one (.cu paths are covered by the extension rules). */
const PYTHON_BUILD_WORDS = new Set<string>([BUILD_TOKENS.nvcc, BUILD_TOKENS.cudaArch, BUILD_TOKENS.nvccFlag, BUILD_TOKENS.cudaLib, BUILD_TOKENS.toolkitPath]);

/** setup() keywords whose strings are requirements. */
const REQUIREMENT_KEYWORDS = new Set(['install_requires', 'setup_requires', 'tests_require', 'extras_require']);
/** Keywords of a Triton launch or triton.Config that target limits care about. */
const TRITON_TUNING = nameTable<string>({ num_warps: PY_TOKENS.tritonNumWarps, num_stages: PY_TOKENS.tritonNumStages, maxnreg: PY_TOKENS.tritonMaxnreg });

/** torch.cuda submodules whose public names torch.cuda (or torch.cuda.amp) re-exports: `torch.cuda.graphs.CUDAGraph`
 *  is `torch.cuda.CUDAGraph`. Used only when no rule names the spelled-out path. */
const REEXPORTING_SUBMODULES: [submodule: string, reexportedAs: string][] = [
  ['torch.cuda.graphs', 'torch.cuda'],
  ['torch.cuda.streams', 'torch.cuda'],
  ['torch.cuda.random', 'torch.cuda'],
  ['torch.cuda.memory', 'torch.cuda'],
  ['torch.cuda.amp.grad_scaler', 'torch.cuda.amp'],
  ['torch.cuda.amp.autocast_mode', 'torch.cuda.amp'],
];

/** The detail of a finding that assigns to a CUDA API rather than reading or calling it: a setting
 *  (`torch.backends.cudnn.benchmark = True`) or a monkey-patch of a function (`torch.cuda.synchronize = my_sync`).
 *  The rule table does not say which a name is, so the detail says only what the code does. */
export const ASSIGNED = 'assigned';

/** Rules for a module used as a value (`hasattr(torch.cuda, "x")`, `return torch.cuda`): they match the bare
 *  name only, never as the prefix of a longer one (rules/torch-cuda.yaml). */
const MODULE_VALUE_RULES = new Set(['torch.cuda']);

/** Environment variables of the CUDA stack read or set from Python (os.environ[...], os.getenv, os.putenv, ...). */
const ENVIRONMENT_TOKENS: [RegExp, string][] = [
  [/^CUDA_VISIBLE_DEVICES$/, PY_TOKENS.cudaVisibleDevices],
  [/^NCCL_[A-Z0-9_]+$/, PY_TOKENS.ncclEnvironment],
];
/** Calls whose first argument names an environment variable. */
const ENVIRONMENT_CALL = /(^|\.)(environ\.(get|setdefault|pop)|getenv|putenv|unsetenv)$/;

const DEVICE_STRING = /^cuda(:\d+)?$/;
/** "cuda", "cuda:0", or an f-string such as f"cuda:{rank}". */
const isDeviceString = (text: string) => DEVICE_STRING.test(text) || /^cuda:\{/.test(text);
/** Calls whose first positional argument is a device (or device type). */
const DEVICE_FIRST_ARG = new Set(['torch.device', 'torch.set_default_device', 'torch.autocast', 'torch.amp.autocast', 'torch.amp.GradScaler', 'torch.cuda.device']);
const DEVICE_KEYWORDS = new Set(['device', 'device_type', 'map_location', 'device_map']);
/** Device-generic autocast: with a CUDA device type it is CUDA mixed precision, a rule of its own. */
const AUTOCAST = new Set(['torch.autocast', 'torch.amp.autocast', 'torch.amp.autocast_mode.autocast']);
const isNcclBackend = (text: string) => /(^|[,:])nccl($|,)/.test(text);
const BACKEND_FIRST_ARG = new Set(['torch.distributed.init_process_group', 'torch.distributed.new_group']);

type Node = Parser.SyntaxNode;
/** Where a finding is: a node, or the cursor while it is on the node. */
type Span = Pick<Node, 'startPosition' | 'endPosition'>;
/** One ancestor of the walk's current node (see detectPython's `frames`). */
interface Frame {
  type: string;
  /** Its field in its parent (`left`, `function`, `key`, ...); read only under a FIELD_READERS parent. */
  field: string | undefined;
  /** A `pair` whose key is the string "nvcc". */
  nvccPair: boolean;
}

/** What a qualified name resolves to: its rule, or only a name (an unrecognized CUDA name). */
type RuleHit = { ref?: RuleRef; name: string };

/** lookup's answers by table: a pure function of the table and the name, asked again for every use of
 *  `torch.zeros` or `torch.cuda.synchronize` in every file. Dropped when large (the names are the
 *  project's own chains, unbounded across a big tree). */
const lookupMemos = new WeakMap<MatchTable, Map<string, RuleHit | undefined>>();
const LOOKUP_MEMO_LIMIT = 50_000;
function lookupMemo(table: MatchTable): Map<string, RuleHit | undefined> {
  let memo = lookupMemos.get(table);
  if (!memo || memo.size >= LOOKUP_MEMO_LIMIT) lookupMemos.set(table, (memo = new Map()));
  return memo;
}

/** Parents whose children's fields a check reads (isAssignmentTarget, checkBuildString, insideNvccArguments,
 *  checkIsCuda): a frame under any other parent leaves its field unread. */
const FIELD_READERS = new Set(['assignment', 'augmented_assignment', 'for_statement', 'for_in_clause', 'as_pattern', 'pair', 'call']);

/** A dotted name in plain ASCII text (`torch.cuda.Stream`), at least two parts. */
const SIMPLE_DOTTED = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$/;
/** Text with a character no name chain has (a call, a subscript, a literal): resolves to nothing. */
const NOT_A_CHAIN = /[()[\]{}'"]/;
/** Methods checkCall reads: `.cuda()`, `.to("cuda")`, `add_argument("--device", ...)`, `init_process_group`. */
const NODE_METHODS = /(^|\W)(cuda|to|add_argument|init_process_group)$/;
/** Keywords checkCall reads (DEVICE_KEYWORDS, backend=, REQUIREMENT_KEYWORDS), as a superset of their text. */
const NODE_KEYWORDS = /device|map_location|backend|_require/;

/** `matcher` (built once per table by the caller) reads CUDA source embedded in strings. */
export function detectPython(
  tree: Parser.Tree,
  table: MatchTable,
  matcher: CppMatcher,
  /** Called once per visited node: the work meter (src/scan/budget.ts), which may throw to stop the walk. */
  tick: () => void = () => {},
): PythonDetection {
  const findings: RawFinding[] = [];
  const kernels: KernelInfo[] = [];
  /** Kernel profiles of the CUDA source strings, merged into the file's at the end. */
  const embeddedScans: FileKernelScan[] = [];
  const definedNames = new Set<string>();
  let parseErrors = 0;
  const aliases = collectImports(tree);
  let assignments: Map<string, Node[]> | undefined;
  const assigned = () => (assignments ??= collectAssignments(tree.rootNode));
  /** String literals already read as embedded source (a variable used twice is scanned once). */
  const scannedStrings = new Set<string>();
  const firstScan = (node: Node) => {
    const key = `${node.startPosition.row}:${node.startPosition.column}`;
    if (scannedStrings.has(key)) return false;
    scannedStrings.add(key);
    return true;
  };

  const add = (ref: RuleRef | undefined, name: string, node: Span, extra: Partial<RawFinding> = {}, scope?: string) => {
    const [ruleId, kind]: [string, FindingKind] = ref ?? [UNRECOGNIZED, 'python-api'];
    findings.push({
      ruleId, name, kind,
      line: node.startPosition.row + 1,
      column: node.startPosition.column + 1,
      endLine: node.endPosition.row + 1,
      endColumn: node.endPosition.column + 1,
      ...(scope ? { scope } : {}),
      ...extra,
    });
  };

  /** `a.b.c` where `a` is an imported name → every fully qualified dotted name it can stand for (a name
   *  bound in both branches of a try/except or if/else shim has two), in source order; [] if not imported. */
  const resolveAll = (node: Node): string[] => {
    if (node.type === 'identifier') return aliases.get(node.text) ?? [];
    if (node.type === 'attribute') {
      const object = node.childForFieldName('object');
      const attr = node.childForFieldName('attribute');
      if (!object || !attr) return [];
      return resolveAll(object).map((base) => `${base}.${attr.text}`);
    }
    return [];
  };

  /** The longest dotted prefix of `qualified` (at least `minParts` parts) that is a rule. A module-value
   *  rule (MODULE_VALUE_RULES) is only the whole name: `torch.cuda.my_helper` is not a use of `torch.cuda`. */
  const longestRule = (qualified: string, minParts = 2): { ref: RuleRef; name: string } | undefined => {
    const parts = qualified.split('.');
    for (let len = parts.length; len >= minParts; len--) {
      const candidate = parts.slice(0, len).join('.');
      if (len < parts.length && MODULE_VALUE_RULES.has(candidate)) continue;
      const ref = own(table.pyNames, candidate);
      if (ref) return { ref, name: candidate };
    }
    return undefined;
  };

  /** The rule for a qualified name: itself, the same name re-exported by torch.cuda (`torch.cuda.graphs.X` →
   *  `torch.cuda.X`), or the longest dotted prefix that is a rule. */
  const lookup = (qualified: string): RuleHit | undefined => {
    const memo = lookupMemo(table);
    if (memo.has(qualified)) return memo.get(qualified);
    const hit = lookupUncached(qualified);
    memo.set(qualified, hit);
    return hit;
  };
  const lookupUncached = (qualified: string): RuleHit | undefined => {
    const hit = longestRule(qualified);
    for (const [submodule, reexportedAs] of REEXPORTING_SUBMODULES) {
      if (!qualified.startsWith(`${submodule}.`)) continue;
      // A rule for something inside the submodule (torch.cuda.memory._dump_snapshot) is more precise.
      if (hit && hit.name.split('.').length > submodule.split('.').length) break;
      const reexported = `${reexportedAs}${qualified.slice(submodule.length)}`;
      const viaParent = longestRule(reexported, reexportedAs.split('.').length + 1);
      if (viaParent) return viaParent;
      break;
    }
    if (hit) return hit;
    if (table.unrecognizedPyPrefixes.some((p) => qualified.startsWith(p))) return { name: qualified };
    return undefined;
  };

  /** The first binding of a use that reaches a rule (else an unrecognized CUDA name), with its qualified name. */
  const lookupAny = (bindings: string[]): { ref?: RuleRef; name: string; qualified: string } | undefined => {
    let fallback: { ref?: RuleRef; name: string; qualified: string } | undefined;
    for (const qualified of bindings) {
      const hit = lookup(qualified);
      if (hit?.ref) return { ...hit, qualified };
      if (hit && !fallback) fallback = { ...hit, qualified };
    }
    return fallback;
  };

  /** Build-token findings (architecture lists, nvcc flags) once per token per line: `os.environ["TORCH_CUDA_ARCH_LIST"]`
   *  is both a setting and a string naming it. */
  const buildOnce = new OncePerLine();
  const addBuild = (token: string, name: string, node: Span, scope: string | undefined) => {
    if (buildOnce.first(token, node.startPosition.row)) add(tokenRule(table, token), name, node, {}, scope);
  };

  /** `os.environ["CUDA_VISIBLE_DEVICES"]`, `os.getenv("NCCL_DEBUG")`: a CUDA-stack environment variable. */
  const checkEnvironmentKey = (key: Node | null | undefined, scope: string | undefined) => {
    const name = key ? literalString(key) : undefined;
    const token = name === undefined ? undefined : ENVIRONMENT_TOKENS.find(([pattern]) => pattern.test(name))?.[1];
    if (token) add(own(table.pyNames, token), name!, key!, { detail: 'environment variable' }, scope);
  };

  /** What the walk knows of each ancestor of the node it is on (innermost last): its type, its field in
   *  its parent and, for a `pair`, whether its key is the string "nvcc" (see insideNvccArguments). */
  const frames: Frame[] = [];
  const cursor = tree.walk();
  const names = new CursorNames(cursor, treeLanguage(tree));
  /** Whether the cursor's node is named; `names.type()` then gives its type (visit reads it from there). */
  const isNamed = () => (names.typeId(), names.named());
  /** A MISSING node makes its tree have an error: without one, no node needs asking. */
  const treeHasErrors = tree.rootNode.hasError;
  const parentFrame = () => frames[frames.length - 2];

  /** The cursor is on a named node, its `names.typeId()` read: handle it and walk its subtree, in the order
   *  the node-object walk used to (children in source order). Node objects are made only where a check
   *  needs one (`cursor.currentNode`), and most checks first test the node's text so that the common node
   *  needs none. */
  const visit = (cursor: Parser.TreeCursor, scope: string | undefined) => {
    // Only the checks under FIELD_READERS look at a node's field: elsewhere it is not asked for.
    const parent = frames[frames.length - 1];
    const field = parent && FIELD_READERS.has(parent.type) ? names.field() : undefined;
    frames.push({ type: names.type(), field, nvccPair: false });
    visitHere(cursor, scope);
    frames.pop();
  };

  const visitHere = (cursor: Parser.TreeCursor, scope: string | undefined) => {
    tick();
    const frame = frames[frames.length - 1]!;
    const type = frame.type;
    if (type === 'ERROR' || (treeHasErrors && cursor.nodeIsMissing)) parseErrors++;
    if (type === 'comment') return;
    if (type === 'string') {
      // One pass over the string's pieces gives its literal text (when checkBuildString wants it) and
      // whether it has an {interpolation}: only those are code (literal text and docstrings never are),
      // so a string without one needs no second walk (in a tree with errors its pieces are walked anyway).
      const pieces = readString(cursor, names, isBuildStringCandidate());
      if (pieces.text !== undefined) checkBuildString(pieces.text, cursor, scope);
      if (pieces.interpolated || treeHasErrors) visitInterpolations(cursor, scope);
      return;
    }
    if (type === 'concatenated_string') {
      visitInterpolations(cursor, scope);
      return;
    }
    if (type === 'assignment' && /device|backend|TORCH_CUDA_ARCH_LIST/i.test(fieldText(cursor, 'left') ?? '')) {
      checkDeviceAssignment(cursor.currentNode, scope);
    }
    if ((type === 'default_parameter' || type === 'typed_default_parameter') && /device|backend/i.test(cursor.nodeText)) {
      // def f(x, device="cuda"): the default names a device.
      const node = cursor.currentNode;
      const name = node.childForFieldName('name')?.text ?? '';
      const value = node.childForFieldName('value');
      const text = value ? literalString(value) : undefined;
      if (/device/i.test(name) && text !== undefined && isDeviceString(text)) {
        add(own(table.pyNames, PY_TOKENS.deviceString), `"${text}"`, value!, { detail: `${name}= default` }, scope);
      }
      if (/backend/i.test(name) && text !== undefined && isNcclBackend(text)) {
        add(own(table.pyNames, PY_TOKENS.ncclBackend), `"${text}"`, value!, { detail: `${name}= default` }, scope);
      }
    }
    if (type === 'comparison_operator' && /device/i.test(cursor.nodeText)) checkDeviceComparison(cursor.currentNode, scope);
    if (type === 'pair') {
      // A key, device name or backend name is a substring of the pair's text: most pairs need no node.
      const text = cursor.nodeText;
      if (/nvcc|device|backend/i.test(text)) {
        const node = cursor.currentNode;
        // {"cxx": [...], "nvcc": [...]}: extra_compile_args of a CUDA extension (the flags are read as strings).
        const key = node.childForFieldName('key');
        const keyText = key ? literalString(key) : undefined;
        frame.nvccPair = keyText === 'nvcc';
        if (key && keyText === 'nvcc') add(tokenRule(table, BUILD_TOKENS.nvccFlag), 'extra_compile_args["nvcc"]', key, {}, scope);
        // {"device": "cuda"} / {"backend": "nccl"}: a config dict naming the device or backend.
        const value = node.childForFieldName('value');
        if (keyText !== undefined && value) checkNamedValue(keyText, [value], `"${keyText}":`, scope);
      }
    }
    if (type === 'subscript' && cursor.nodeText.includes('environ')) {
      const node = cursor.currentNode;
      if (/(^|\.)environ$/.test(node.childForFieldName('value')?.text ?? '')) checkEnvironmentKey(node.childForFieldName('subscript'), scope);
    }
    if (type === 'import_statement' || type === 'import_from_statement' || type === 'future_import_statement') {
      for (const module of importedModules(cursor.currentNode)) {
        const ref = moduleRule(table, module.name);
        if (ref) add(ref, module.name, module.node, {}, scope);
      }
      return;
    }
    if (type === 'function_definition' || type === 'class_definition') {
      // Decorators, parameters and defaults are code too: walk everything but the name, and the
      // body in the function's own scope (the body is the last child).
      let name: string | undefined;
      if (cursor.gotoFirstChild()) {
        do {
          if (!isNamed()) continue;
          const field = names.field();
          if (field === 'name') name = cursor.nodeText;
          else visit(cursor, field === 'body' && name ? (scope ? `${scope}.${name}` : name) : scope);
        } while (cursor.gotoNextSibling());
        cursor.gotoParent();
      }
      return;
    }
    if (type === 'keyword_argument') {
      // The keyword itself is not a name reference: only the value is walked.
      if (cursor.gotoFirstChild()) {
        do if (isNamed() && names.field() === 'value') visit(cursor, scope);
        while (cursor.gotoNextSibling());
        cursor.gotoParent();
      }
      return;
    }
    if (type === 'call') checkCallHere(cursor, scope);
    if (type === 'attribute' || type === 'identifier') {
      const text = cursor.nodeText;
      const bindings = type === 'identifier' ? (aliases.get(text) ?? []) : resolveAttributeText(text) ?? resolveAll(cursor.currentNode);
      const hit = lookupAny(bindings);
      const target = isAssignmentTarget(frames);
      // Assignment targets are not uses: `torch.cuda.my_flag = 1` sets the project's own attribute, and
      // `cuda = None` (after `from torch import cuda`) rebinds a local name.
      if (hit && target && (!hit.ref || type === 'identifier')) return;
      if (hit) {
        // Report the whole chain (`torch.cuda.amp.GradScaler`) even when a shorter prefix is the rule.
        // An assigned API stays a finding (port-relevant: a setting to carry over, or a monkey-patch of a
        // module the target re-points, as transfer_to_npu does), marked as assigned (ASSIGNED).
        add(hit.ref, hit.qualified, cursor, target ? { detail: ASSIGNED } : {}, scope);
        return;
      }
      if (type === 'identifier') return;
      // The attribute is the last child: its text ends the node's. `x.is_cuda = True` sets it, it reads nothing.
      if (!target && text.endsWith('is_cuda')) checkIsCuda(cursor.currentNode, frame, parentFrame(), scope);
      // Only the object is a name reference: the member name of `x.cuda()` is not the `cuda` a
      // `from torch import cuda` binds.
      if (cursor.gotoFirstChild()) {
        do if (isNamed() && names.field() !== 'attribute') visit(cursor, scope);
        while (cursor.gotoNextSibling());
        cursor.gotoParent();
      }
      return;
    }
    if (cursor.gotoFirstChild()) {
      do if (isNamed()) visit(cursor, scope);
      while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
  };

  /** The {expressions} of an f-string (or of the f-strings of a concatenation, and the `{width}` of a format
   *  spec such as `{x:{width}}`, which the node-object walk missed), walked as code. An expression is walked
   *  once: an f-string nested in it walks its own (the node-object walk read those twice). */
  const visitInterpolations = (cursor: Parser.TreeCursor, scope: string | undefined) => {
    if (!cursor.gotoFirstChild()) return;
    do {
      if (!isNamed()) continue;
      const type = names.type();
      const expressionHolder = type === 'interpolation' || type === 'format_expression';
      if (!expressionHolder && type !== 'string' && type !== 'string_content') continue;
      // No check reads the field of a node inside a string (see FIELD_READERS).
      frames.push({ type, field: undefined, nvccPair: false });
      if (expressionHolder) {
        // The expression is the interpolation's first named child; a format spec after it may hold more.
        if (cursor.gotoFirstChild()) {
          let expression = true;
          do {
            if (!isNamed()) continue;
            if (expression) visit(cursor, scope);
            else if (names.type() === 'format_specifier') {
              frames.push({ type: 'format_specifier', field: undefined, nvccPair: false });
              visitInterpolations(cursor, scope);
              frames.pop();
            }
            expression = false;
          } while (cursor.gotoNextSibling());
          cursor.gotoParent();
        }
      } else visitInterpolations(cursor, scope);
      frames.pop();
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  };

  /** The text of the current node's child in `field`, if any (the cursor is back on the node after). */
  const fieldText = (cursor: Parser.TreeCursor, field: string): string | undefined => {
    if (!cursor.gotoFirstChild()) return undefined;
    let text: string | undefined;
    do {
      if (names.field() === field) {
        text = cursor.nodeText;
        break;
      }
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
    return text;
  };

  /** `a.b.c` in plain dotted text: resolveAll without node objects; undefined when the text has space,
   *  comments or non-ASCII names (resolveAll reads those). Other text (a call, a subscript) resolves to nothing. */
  const resolveAttributeText = (text: string): string[] | undefined => {
    if (!SIMPLE_DOTTED.test(text)) return NOT_A_CHAIN.test(text) && !text.includes('#') ? [] : undefined;
    const dot = text.indexOf('.');
    const bases = aliases.get(text.slice(0, dot));
    if (!bases) return [];
    const rest = text.slice(dot);
    return bases.map((base) => base + rest);
  };

  /** checkCall where it can find something: most calls (print, len, x.append) are decided from text. */
  const checkCallHere = (cursor: Parser.TreeCursor, scope: string | undefined) => {
    let fnType: string | undefined;
    let fnText = '';
    let argsText = '';
    if (cursor.gotoFirstChild()) {
      do {
        const field = names.field();
        if (field === 'function') {
          names.typeId();
          fnType = names.type();
          fnText = cursor.nodeText;
        } else if (field === 'arguments') argsText = cursor.nodeText;
      } while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
    if (fnType === undefined) return;
    const bindings = fnType === 'identifier' ? (aliases.get(fnText) ?? []) : fnType === 'attribute' ? resolveAttributeText(fnText) : [];
    const needsNodes =
      bindings === undefined ||
      bindings.some((b) => DEVICE_FIRST_ARG.has(b) || BACKEND_FIRST_ARG.has(b) || b in EMBEDDED_CUDA_CALLS || b === 'triton.Config') ||
      (fnType === 'attribute' && NODE_METHODS.test(fnText)) ||
      (fnType === 'subscript' && tritonKernels.size > 0) ||
      ENVIRONMENT_CALL.test(fnText) ||
      NODE_KEYWORDS.test(argsText);
    if (needsNodes) checkCall(cursor.currentNode, scope);
  };

  const checkCall = (node: Node, scope: string | undefined) => {
    const fn = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    if (!fn) return;
    const bindings = resolveAll(fn);
    // Of several bindings, the one this detector knows a call for (else the first).
    const qualified = bindings.find((b) => DEVICE_FIRST_ARG.has(b) || BACKEND_FIRST_ARG.has(b) || b in EMBEDDED_CUDA_CALLS || b === 'triton.Config') ?? bindings[0];
    const method = fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;

    // x.cuda() / model.cuda(rank): a method call on a value, not a module attribute.
    if (method === 'cuda' && !qualified) {
      add(own(table.pyNames, PY_TOKENS.tensorCuda), PY_TOKENS.tensorCuda, fn.childForFieldName('attribute') ?? fn, {}, scope);
    }
    // kernel[grid](...): a Triton launch of a @triton.jit function of this file.
    const launched = fn.type === 'subscript' ? fn.childForFieldName('value') : undefined;
    if (launched?.type === 'identifier' && tritonKernels.has(launched.text)) {
      add(own(table.pyNames, PY_TOKENS.tritonLaunch), launched.text, fn, { detail: `launches ${launched.text}` }, scope);
      if (args?.type === 'argument_list') checkTritonTuning(args, scope);
    }
    if (!args || args.type !== 'argument_list') return;
    const positional = args.namedChildren.filter((a) => a.type !== 'keyword_argument' && a.type !== 'comment');
    const first = positional[0];
    if (qualified) checkEmbeddedSources(qualified, positional, args, scope);
    if (qualified === 'triton.Config') checkTritonTuning(args, scope);
    if (ENVIRONMENT_CALL.test(fn.text)) checkEnvironmentKey(first, scope);
    // parser.add_argument("-d", "--device", default="cuda"): any of the option strings names the setting.
    const optionStrings = method === 'add_argument' ? positional.map((a) => literalString(a) ?? '') : [];
    const deviceOption = optionStrings.some((o) => /device/i.test(o));
    const backendOption = optionStrings.some((o) => /backend/i.test(o));

    const deviceArg = (arg: Node | undefined, how: string) => {
      const text = arg ? literalString(arg) : undefined;
      if (text !== undefined && isDeviceString(text)) {
        const token = qualified && AUTOCAST.has(qualified) ? PY_TOKENS.autocastCuda : PY_TOKENS.deviceString;
        add(own(table.pyNames, token), `"${text}"`, arg!, { detail: how }, scope);
      }
    };
    if (first && ((qualified && DEVICE_FIRST_ARG.has(qualified)) || method === 'to')) {
      deviceArg(first, method === 'to' ? '.to(...)' : `${qualified}(...)`);
    }
    const isBackendCall = (qualified && BACKEND_FIRST_ARG.has(qualified)) || method === 'init_process_group';
    const backendArg = (arg: Node | undefined) => {
      // backend=os.environ.get("DIST_BACKEND", "nccl"): the default is the backend.
      if (arg?.type === 'call') {
        const callArgs = arg.childForFieldName('arguments');
        if (/environ\.get$|getenv$/.test(arg.childForFieldName('function')?.text ?? '')) backendArg(callArgs?.namedChildren[1]);
        return;
      }
      const text = arg ? literalString(arg) : undefined;
      if (text !== undefined && isNcclBackend(text)) {
        add(own(table.pyNames, PY_TOKENS.ncclBackend), `"${text}"`, arg!, {}, scope);
      }
    };
    if (first && isBackendCall) backendArg(first);
    for (const kw of args.namedChildren) {
      if (kw.type !== 'keyword_argument') continue;
      const key = kw.childForFieldName('name')?.text;
      const value = kw.childForFieldName('value') ?? undefined;
      if (key && DEVICE_KEYWORDS.has(key)) deviceArg(value, `${key}=`);
      // parser.add_argument("--device", default="cuda")
      if (key === 'default' && deviceOption) deviceArg(value, 'default=');
      if (key === 'backend' || (key === 'default' && backendOption)) backendArg(value);
      if (key && value) checkSetupKeyword(key, value, scope);
    }
  };

  /** `device = "cuda"` or `self.device = "cuda" if ok else "cpu"`: a variable named for a device. */
  const checkDeviceAssignment = (node: Node, scope: string | undefined) => {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return;
    // device = ..., self.device = ..., cfg["device_type"] = ...
    const target = left.type === 'attribute' ? left.childForFieldName('attribute')?.text
      : left.type === 'identifier' ? left.text
      : left.type === 'subscript' ? literalString(left.childForFieldName('subscript') ?? left)
      : undefined;
    if (left.type === 'subscript' && /TORCH_CUDA_ARCH_LIST/.test(left.childForFieldName('subscript')?.text ?? '')) {
      // os.environ["TORCH_CUDA_ARCH_LIST"] = "8.0;9.0" before building an extension
      addBuild(BUILD_TOKENS.cudaArch, 'TORCH_CUDA_ARCH_LIST', left, scope);
    }
    if (!target) return;
    const candidates = right.type === 'conditional_expression' ? right.namedChildren : [right];
    checkNamedValue(target, candidates, `${target} =`, scope);
  };

  /** A value stored under a device-like name ("cuda") or a backend-like name ("nccl"). */
  const checkNamedValue = (name: string, candidates: Node[], how: string, scope: string | undefined) => {
    for (const candidate of candidates) {
      const text = literalString(candidate);
      if (text === undefined) continue;
      if (/device/i.test(name) && isDeviceString(text)) add(own(table.pyNames, PY_TOKENS.deviceString), `"${text}"`, candidate, { detail: how }, scope);
      // backend = "nccl" / dist_backend = "nccl" if cuda else "gloo"
      if (/backend/i.test(name) && isNcclBackend(text)) add(own(table.pyNames, PY_TOKENS.ncclBackend), `"${text}"`, candidate, { detail: how }, scope);
    }
  };

  /** `x.is_cuda` (a tensor/module property, not a module attribute and not a call). */
  const checkIsCuda = (node: Node, frame: Frame, parent: Frame | undefined, scope: string | undefined) => {
    const attr = node.childForFieldName('attribute');
    if (attr?.text !== 'is_cuda') return;
    if (parent?.type === 'call' && frame.field === 'function') return;
    add(own(table.pyNames, PY_TOKENS.isCuda), PY_TOKENS.isCuda, attr, {}, scope);
  };

  /** `if device == "cuda":` / `x.device.type != 'cuda'`: code that branches on the CUDA device. */
  const checkDeviceComparison = (node: Node, scope: string | undefined) => {
    const operands = node.namedChildren;
    if (operands.length !== 2) return;
    const named = (n: Node) =>
      n.type === 'identifier' ? n.text : n.type === 'attribute' ? (n.childForFieldName('object')?.text ?? '') + '.' + (n.childForFieldName('attribute')?.text ?? '') : '';
    for (const [value, other] of [[operands[0]!, operands[1]!], [operands[1]!, operands[0]!]] as const) {
      if (!/device/i.test(named(other))) continue;
      // device == "cuda", or device_type in {"cuda", "xpu"} / in ("cuda",)
      const members = /^(set|tuple|list)$/.test(value.type) ? value.namedChildren : [value];
      for (const member of members) {
        const text = literalString(member);
        if (text !== undefined && isDeviceString(text)) add(own(table.pyNames, PY_TOKENS.deviceString), `"${text}"`, member, { detail: 'comparison' }, scope);
      }
    }
  };

  /** Names of @triton.jit / @triton.autotune / @triton.heuristics functions in this file. */
  const tritonKernels = new Set<string>();
  // Only a name bound to triton's module can make a Triton decorator: most files import no triton.
  const importsTriton = [...aliases.values()].some((paths) => paths.some((p) => p === 'triton' || p.startsWith('triton.')));
  for (const def of importsTriton ? tree.rootNode.descendantsOfType('decorated_definition') : []) {
    const fnName = def.childForFieldName('definition')?.childForFieldName('name')?.text;
    for (const decorator of def.namedChildren.filter((c) => c.type === 'decorator')) {
      let expression: Node | undefined = decorator.namedChildren[0];
      if (expression?.type === 'call') expression = expression.childForFieldName('function') ?? undefined;
      const bindings = expression ? resolveAll(expression) : [];
      if (fnName && bindings.some((b) => /^triton\.(jit|autotune|heuristics)$/.test(b))) tritonKernels.add(fnName);
    }
  }

  /** CUDA source strings passed to load_inline / CuPy / PyCUDA: scanned as CUDA. */
  const checkEmbeddedSources = (qualified: string, positional: Node[], args: Node, scope: string | undefined) => {
    const spec = EMBEDDED_CUDA_CALLS[qualified];
    if (!spec) return;
    const sources: Node[] = spec.positional.map((i) => positional[i]).filter((n): n is Node => !!n);
    for (const kw of args.namedChildren) {
      if (kw.type === 'keyword_argument' && spec.keywords.includes(kw.childForFieldName('name')?.text ?? '')) {
        const value = kw.childForFieldName('value');
        if (value) sources.push(value);
      }
    }
    const via = qualified.split('.').pop()!;
    for (const node of sources.flatMap((n) => stringsOf(n, assigned()))) {
      const body = stringBody(node);
      if (!body || !firstScan(node)) continue;
      const embedded = detectEmbeddedCuda(body, matcher, via, scope);
      findings.push(...embedded.findings);
      kernels.push(...embedded.kernels.map((k) => ({ ...k, file: '' })));
      embeddedScans.push(embedded.kernelScan);
      for (const name of embedded.definedNames) definedNames.add(name);
    }
  };

  /** setup(install_requires=[...]) and friends. */
  const checkSetupKeyword = (key: string, value: Node, scope: string | undefined) => {
    if (REQUIREMENT_KEYWORDS.has(key)) {
      const values = value.type === 'dictionary' ? value.namedChildren.map((p) => p.childForFieldName('value')) : [value];
      for (const node of values.flatMap((v) => stringsOf(v, assigned()))) {
        const body = stringBody(node);
        if (!body) continue;
        const sink = new FindingSink(table, body.text);
        scanRequirement(sink, body.text, 0);
        findings.push(...sink.findings.map((f) => ({ ...mapToFile(f, body), ...(scope ? { scope } : {}) })));
      }
    }
  };

  /** A string that is one build word: "-gencode", "arch=compute_80,code=sm_80", "--use_fast_math", "/bin/nvcc",
   *  "-lcublas" (setup.py flag lists, subprocess calls). Docstrings, dict keys and prose (any whitespace) are not. */
  const checkBuildString = (text: string, at: Span, scope: string | undefined) => {
    if (!text || /\s/.test(text)) return;
    const token = classifyWord(trimWord(text), { nvcc: insideNvccArguments() });
    if (token && PYTHON_BUILD_WORDS.has(token)) addBuild(token, text, at, scope);
  };

  /** Whether the string the walk is on can be a build word: not a docstring or other bare statement, not a dict key. */
  const isBuildStringCandidate = (): boolean => {
    const parent = parentFrame();
    return !(!parent || parent.type === 'expression_statement' || (parent.type === 'pair' && frames[frames.length - 1]!.field === 'key'));
  };

  /** A string (the current node) inside the value of an `"nvcc": [...]` pair (setup.py extra_compile_args),
   *  at most four levels up. */
  const insideNvccArguments = (): boolean => {
    for (let i = frames.length - 2, depth = 0; i >= 0 && depth < 4; i--, depth++) {
      const frame = frames[i]!;
      if (frame.type === 'pair') return frames[i + 1]!.field !== 'key' && frame.nvccPair;
    }
    return false;
  };

  /** triton.Config(..., num_warps=4) and kernel[grid](..., num_stages=3). */
  const checkTritonTuning = (args: Node, scope: string | undefined) => {
    for (const kw of args.namedChildren) {
      if (kw.type !== 'keyword_argument') continue;
      const key = kw.childForFieldName('name');
      const token = key ? TRITON_TUNING[key.text] : undefined;
      if (key && token) add(own(table.pyNames, token), key.text, key, {}, scope);
    }
  };

  names.typeId();
  visit(cursor, undefined);
  const kernelScan = mergeKernelScans(embeddedScans);
  return { findings, parseErrors, kernels, definedNames: [...definedNames].sort(), ...(kernelScan ? { kernelScan } : {}) };
}

interface ImportedModule {
  name: string;
  node: Node;
}

/** The modules an import statement brings in: `from numba import cuda` yields `numba.cuda` (and `numba`). */
function importedModules(node: Node): ImportedModule[] {
  const out: ImportedModule[] = [];
  if (node.type === 'import_statement') {
    for (const child of node.namedChildren) {
      const name = child.type === 'aliased_import' ? child.childForFieldName('name') : child;
      if (name?.type === 'dotted_name') out.push({ name: name.text, node: name });
    }
  } else if (node.type === 'import_from_statement') {
    const module = node.childForFieldName('module_name');
    if (!module || module.type === 'relative_import') return out;
    const names = node.childrenForFieldName('name');
    if (names.length === 0) out.push({ name: module.text, node: module }); // from x import *
    for (const child of names) {
      const name = child.type === 'aliased_import' ? child.childForFieldName('name') : child;
      if (name) out.push({ name: `${module.text}.${name.text}`, node: module });
    }
  }
  return out;
}

/** Patterns that hold several targets: `a, b = ...`, `(a, b) = ...`, `[a, *b] = ...`. */
const TARGET_PATTERNS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern']);

/** Whether the walk's current node is bound rather than read: the left-hand side of `x = ...` / `x += ...`,
 *  an element of a tuple or list target, the target of a `for` loop, or the name after `with ... as`. The node
 *  itself is the target: a name inside a subscript (`d[torch.cuda.x] = 1`) or a call is still read. */
function isAssignmentTarget(frames: readonly Frame[]): boolean {
  let i = frames.length - 1;
  // Climb out of the tuple/list patterns the target sits in.
  while (i >= 1 && TARGET_PATTERNS.has(frames[i - 1]!.type)) i--;
  const node = frames[i];
  const parent = frames[i - 1];
  if (!node || !parent) return false;
  if ((parent.type === 'assignment' || parent.type === 'augmented_assignment' || parent.type === 'for_statement' || parent.type === 'for_in_clause') && node.field === 'left') return true;
  return parent.type === 'as_pattern_target' || (parent.type === 'as_pattern' && node.field === 'alias');
}

/** Of the string the cursor is on (the cursor is back on it after): its literalString when `withText`,
 *  and whether it has an {interpolation}. */
function readString(cursor: Parser.TreeCursor, names: CursorNames, withText: boolean): { text?: string; interpolated: boolean } {
  let text = '';
  let interpolated = false;
  if (!cursor.gotoFirstChild()) return { text: withText ? text : undefined, interpolated };
  do {
    names.typeId();
    const type = names.type();
    if (type === 'interpolation') {
      interpolated = true;
      text += '{…}';
    } else if (withText && (type === 'string_content' || type === 'escape_sequence')) text += cursor.nodeText;
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return { text: withText ? text : undefined, interpolated };
}

/** The value of a plain string literal or the leading literal text of an f-string, else undefined. */
function literalString(node: Node): string | undefined {
  if (node.type !== 'string') return undefined;
  let text = '';
  for (const child of node.namedChildren) {
    if (child.type === 'string_content') text += child.text;
    else if (child.type === 'interpolation') text += '{…}';
    else if (child.type === 'escape_sequence') text += child.text;
  }
  return text;
}
