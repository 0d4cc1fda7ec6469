// Scans one file: read it safely, refuse what cannot be scanned (with the reason), parse it with the
// grammar for its language and run the detector. Pure with respect to the scanned tree: it only reads.
import { readFileSafely, SafeOpenError, type PathLike } from '../discover/safe-open.js';
import { decodeSource } from './decode-text.js';
import { BUILD_LANGUAGES, type BuildLanguage, type FileResult, type Language, type SkipReason } from '../model.js';
import { CppMatcher, UNRECOGNIZED } from '../detect/cpp-matcher.js';
import { cppDetector } from '../detect/cpp.js';
import { kernelProfiler } from '../kernels/profile.js';
import { addMacroKernels, macroKernels } from '../kernels/macro-kernels.js';
import { fileTraitsStructs, fileTypeAliases } from '../kernels/source-scans.js';
import { passContext } from '../detect/pass-context.js';
import { walkTreeWith } from '../parse/walk.js';
import { detectPython } from '../detect/python.js';
import type { MatchTable } from '../rules/match-table.js';
import { GRAMMAR_FOR_LANGUAGE, parse } from '../parse/grammars.js';
import { detectBuildFile } from '../detect/build/index.js';
import { cmakeSourceMentions } from '../scope/build-selection.js';
import { definedMacros } from '../detect/build/defines.js';
import { addFingerprints } from './fingerprint.js';
import { shimRenames } from '../scope/shim-renames.js';
import { readSuppressions } from '../detect/suppressions.js';
import { createHash } from 'node:crypto';
import { BudgetExceeded, DEFAULT_BUDGETS, WorkMeter, type WorkBudgets } from './budget.js';
import { macroContext, type MacroDefinition } from '../detect/macro-table.js';
import { buildPrefilter, type Prefilter } from './prefilter.js';
import { hostFileVisitor } from '../kernels/includes-walk.js';
import type { TreeVisitor } from '../parse/walk.js';
import type { FileKernelScan } from '../kernels/model.js';

const isBuildLanguage = (language: Language): language is BuildLanguage => (BUILD_LANGUAGES as readonly string[]).includes(language);

export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;

export interface FileTask {
  /** Bytes when the file name is not valid UTF-8 (src/discover/file-names.ts). */
  path: PathLike;
  display: string;
  language: Language;
  /** The second pass of a C/C++ file (src/scan/macro-imports.ts): the macro definitions its project headers
   *  export, applied as if the file had them (its own win). */
  importedMacros?: MacroDefinition[];
}

export interface FileScanOptions {
  maxFileBytes: number;
  /** --follow-symlinks: a file that became a symlink after discovery is read through it. */
  followSymlinks?: boolean;
  /** Per-file work budgets (src/scan/budget.ts); DEFAULT_BUDGETS where absent. */
  budgets?: Partial<WorkBudgets>;
  /** false: walk every file (no prefilter), as for CUPORT_PREFILTER=0. */
  prefilter?: boolean;
}

export class FileScanner {
  private readonly matcher: CppMatcher;
  private readonly budgets: WorkBudgets;
  private readonly prefilter: Prefilter;

  constructor(
    private readonly table: MatchTable,
    private readonly options: FileScanOptions,
  ) {
    this.matcher = new CppMatcher(table);
    this.prefilter = buildPrefilter(table, options.prefilter === false ? true : undefined);
    this.budgets = { ...DEFAULT_BUDGETS, ...options.budgets };
  }

  /** Scans one file; whatever goes wrong inside becomes a skipped file with its reason, never a lost scan.
   *  Used by the worker threads and by in-process scans (--jobs 0) alike. */
  scanOrSkip(task: FileTask): FileResult {
    try {
      return this.scan(task);
    } catch (e) {
      // Nesting deeper than the detector's recursion can follow (50k nested lists) is a limit, not a bug.
      const tooDeep = e instanceof RangeError && /call stack/i.test(e.message);
      return {
        file: task.display, language: task.language, lines: 0, bytes: 0, parseErrors: 0, findings: [], kernels: [], definedNames: [],
        skipped: tooDeep
          ? { file: task.display, reason: 'too-deep', message: 'nesting deeper than the detector\'s recursion limit (the JavaScript stack)' }
          : { file: task.display, reason: 'parse-failed', message: `internal error: ${(e as Error).message}` },
      };
    }
  }

  scan(task: FileTask): FileResult {
    const source = this.read(task);
    if (!('text' in source)) return source;
    let result: FileResult;
    try {
      result = this.scanText(task, source.text, source.bytes);
    } catch (e) {
      if (!(e instanceof BudgetExceeded)) throw e;
      return {
        file: task.display, language: task.language, lines: 0, bytes: source.bytes, parseErrors: 0, findings: [], kernels: [], definedNames: [],
        skipped: e.skipped(task.display),
      };
    }
    addFingerprints(task.display, result.findings, source.text);
    // Files with findings carry a content hash: an identical copy elsewhere in the product is costed once.
    if (result.findings.length) result.contentHash = createHash('sha256').update(source.text).digest('hex').slice(0, 32);
    // What the report needs to find shim headers, read from the text here rather than by reading it again there.
    const renames = result.skipped ? [] : shimRenames(source.text);
    if (renames.length) result.shimRenames = renames;
    const suppressions = readSuppressions(task.language, source.text);
    const withEncoding = source.encoding ? { ...result, encoding: source.encoding } : result;
    return suppressions.length ? { ...withEncoding, suppressions } : withEncoding;
  }

  /** Macros a build file or setup script defines (-D, compile definitions, define_macros) that would
   *  otherwise be `unrecognized` CUDA: the project's own, hidden from its sources' findings (scan.ts collect). */
  private buildDefines(language: Language, text: string): string[] {
    if (language !== 'cmake' && language !== 'make' && language !== 'bazel' && language !== 'python') return [];
    return definedMacros(language, text).filter((n) => this.matcher.identifier(n)?.ruleId === UNRECOGNIZED);
  }

  /** The file's text as scan() reads it; undefined when it cannot be read or is not text. */
  textOf(task: FileTask): string | undefined {
    const source = this.read(task);
    return 'text' in source ? source.text : undefined;
  }

  /** The file's decoded text, or the skip result saying why it cannot be scanned. */
  private read(task: FileTask): { text: string; bytes: number; encoding?: string } | FileResult {
    const empty = (bytes: number, lines: number): FileResult => ({
      file: task.display, language: task.language, lines, bytes, parseErrors: 0, findings: [], kernels: [], definedNames: [],
    });
    const skip = (reason: SkipReason, message: string, bytes = 0): FileResult => ({
      ...empty(bytes, 0),
      skipped: { file: task.display, reason, message },
    });

    let buffer: Buffer;
    try {
      // Opened without following a symlink (unless --follow-symlinks), never blocking, checked on the
      // descriptor: a file swapped for a FIFO, device or link after discovery is refused, not waited on.
      buffer = readFileSafely(task.path, { maxBytes: this.options.maxFileBytes, followSymlinks: this.options.followSymlinks ?? false });
    } catch (e) {
      if (!(e instanceof SafeOpenError)) throw e;
      const message = e.code === 'too-large' ? `${e.message} (--max-file-size)` : e.message;
      return skip(e.code, message, e.bytes);
    }
    const decoded = decodeSource(buffer);
    if ('binary' in decoded) return skip('binary', decoded.binary, buffer.length);
    // A lone CR (classic Mac line ends) is a line break: made a LF, same length, so offsets hold.
    const text = decoded.text.includes('\r') ? decoded.text.replace(/\r(?!\n)/g, '\n') : decoded.text;
    return { text, bytes: buffer.length, ...(decoded.encoding !== 'utf-8' ? { encoding: decoded.encoding } : {}) };
  }

  private scanText(task: FileTask, text: string, bytes: number): FileResult {
    const empty = (lines: number): FileResult => ({
      file: task.display, language: task.language, lines, bytes, parseErrors: 0, findings: [], kernels: [], definedNames: [],
    });
    const skip = (reason: SkipReason, message: string): FileResult => ({
      ...empty(0),
      skipped: { file: task.display, reason, message },
    });
    const lines = text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

    if (isBuildLanguage(task.language)) {
      // Build and dependency files have no grammar: a small tokenizer per format (src/detect/build/).
      const findings = detectBuildFile(task.language, text, this.table);
      new WorkMeter(this.budgets).findings(findings.length);
      const cmakeSources = task.language === 'cmake' ? cmakeSourceMentions(text, task.display) : [];
      return { ...empty(lines), findings, definedNames: this.buildDefines(task.language, text), ...(cmakeSources.length ? { cmakeSources } : {}) };
    }
    let tree;
    // C/C++: uses of qualifier macros (`#define DEVICE_FUNCTION static inline __device__`) are blanked
    // before parsing, same length, and remembered (src/detect/macro-table.ts).
    const macros = task.language === 'python' ? undefined : macroContext(text, task.importedMacros);
    try {
      tree = parse(macros?.masked ?? text, GRAMMAR_FOR_LANGUAGE[task.language]);
    } catch (e) {
      return skip('parse-failed', (e as Error).message);
    }
    // Budgets (src/scan/budget.ts): the node count is known before any detection work is spent.
    const meter = new WorkMeter(this.budgets);
    meter.nodes(tree.rootNode.descendantCount);
    const base = empty(lines);
    if (task.language === 'python') {
      const { findings, parseErrors, kernels, definedNames, kernelScan } = detectPython(tree, this.table, this.matcher, meter.tick);
      meter.findings(findings.length);
      // CUDA source in strings (load_inline, CuPy, PyCUDA) is profiled like a .cu file.
      const defines = this.buildDefines('python', text);
      return { ...base, findings, parseErrors, definedNames: defines.length ? [...new Set([...definedNames, ...defines])].sort() : definedNames, kernels: kernels.map((k) => ({ ...k, file: task.display })), ...(kernelScan ? { kernelScan } : {}) };
    }
    // One walk of the tree serves the detector and the kernel profiler, each only where the prefilter says
    // it could find something. The detector also counts parse errors: it walks every tree that has some.
    const runDetector = tree.rootNode.hasError || this.prefilter.detector(text);
    const runProfiler = this.prefilter.profiler(text);
    // The facts both read (function definitions, the macro context, the cursor) are made once (src/detect/pass-context.ts).
    const pass = passContext(tree, macros?.context);
    const cursor = pass.cursor;
    const detector = runDetector ? cppDetector(pass, this.matcher) : undefined;
    const profiler = runProfiler ? kernelProfiler(pass) : undefined;
    const host = runProfiler ? undefined : hostFileVisitor(pass);
    const visitors: TreeVisitor[] = [detector?.visitor, profiler?.visitor, host?.visitor].filter((v): v is TreeVisitor => !!v);
    walkTreeWith(cursor, visitors, meter.tick);
    const detection = detector ? detector.finish() : { findings: [], kernels: [], definedNames: [], parseErrors: 0, guardRuns: [] };
    meter.findings(detection.findings.length);
    const hostScan = host?.finish();
    const kernelScan: FileKernelScan = profiler ? profiler.finish() : {
      functions: [], launches: [], attributes: [], launchers: [], macroCalls: [], warpSizeConstants: [], valueAliases: [], includes: hostScan!.includes,
      ...(hostScan!.includeSites.length ? { includeSites: hostScan!.includeSites } : {}),
    };
    // Kernels a macro defines whole at its use sites (`DEFINE_K(sign, ...)` expanding to `__global__ void
    // sign_kernel(...) { ... }`): expanded there and profiled (src/kernels/macro-kernels.ts).
    if (profiler && macros?.context.table.bodies.size) addMacroKernels(kernelScan, detection.kernels, macroKernels(macros.context));
    // `using bnb_bfloat16 = __nv_bfloat16;`: a template argument naming it in this file or one including it.
    const typeAliases = fileTypeAliases(text);
    if (typeAliases.length) kernelScan.typeAliases = typeAliases;
    // `struct MyTraits { using Element = double; };`: a kernel instantiated with it that names Traits::Element.
    const traitsStructs = fileTraitsStructs(text);
    if (traitsStructs.length) kernelScan.traitsStructs = traitsStructs;
    // Files without device code, launches or includes carry no kernel data.
    const hasKernelData = kernelScan.functions.length || kernelScan.launches.length || kernelScan.launchers.length ||
      kernelScan.macroCalls.length || kernelScan.attributes.length || kernelScan.warpSizeConstants.length || kernelScan.includes.length ||
      kernelScan.instantiations?.length || kernelScan.dispatchMacros?.length || kernelScan.typeAliases?.length || kernelScan.traitsStructs?.length;
    return {
      ...base,
      ...(hasKernelData ? { kernelScan } : {}),
      findings: detection.findings,
      kernels: detection.kernels.map((k) => ({ ...k, file: task.display })),
      definedNames: detection.definedNames,
      parseErrors: detection.parseErrors,
      ...(detection.guardRuns.length && hasKernelData ? { guardRuns: detection.guardRuns } : {}),
      ...(hostScan ? { profileDeferred: { fileScopeValues: hostScan.fileScopeValues } } : {}),
      // What the files including this one import from it (src/scan/macro-imports.ts).
      ...(macros?.exports.length ? { macroDefinitions: macros.exports } : {}),
    };
  }
}

