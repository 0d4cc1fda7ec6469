// Scans one file: read it safely, refuse what cannot be scanned (with the reason), parse it with the
// grammar for its language and run the detector. Pure with respect to the scanned tree: it only reads.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { BUILD_LANGUAGES, type BuildLanguage, type FileResult, type Language, type SkipReason } from '../model.js';
import { CppMatcher } from '../detect/cpp-matcher.js';
import { cppDetector } from '../detect/cpp.js';
import { kernelProfiler } from '../kernels/profile.js';
import { walkTreeWith } from '../parse/walk.js';
import { detectPython } from '../detect/python.js';
import type { MatchTable } from '../rules/match-table.js';
import { GRAMMAR_FOR_LANGUAGE, parse } from '../parse/grammars.js';
import { detectBuildFile } from '../detect/build/index.js';
import { addFingerprints } from './fingerprint.js';
import { readSuppressions } from '../detect/suppressions.js';

const isBuildLanguage = (language: Language): language is BuildLanguage => (BUILD_LANGUAGES as readonly string[]).includes(language);

export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;

export interface FileTask {
  path: string;
  display: string;
  language: Language;
}

export interface FileScanOptions {
  maxFileBytes: number;
}

export class FileScanner {
  private readonly matcher: CppMatcher;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(
    private readonly table: MatchTable,
    private readonly options: FileScanOptions,
  ) {
    this.matcher = new CppMatcher(table);
  }

  scan(task: FileTask): FileResult {
    const source = this.read(task);
    if (!('text' in source)) return source;
    const result = this.scanText(task, source.text, source.bytes);
    addFingerprints(task.display, result.findings, source.text);
    const suppressions = readSuppressions(task.language, source.text);
    return suppressions.length ? { ...result, suppressions } : result;
  }

  /** The file's decoded text, or the skip result saying why it cannot be scanned. */
  private read(task: FileTask): { text: string; bytes: number } | FileResult {
    const empty = (bytes: number, lines: number): FileResult => ({
      file: task.display, language: task.language, lines, bytes, parseErrors: 0, findings: [], kernels: [], definedNames: [],
    });
    const skip = (reason: SkipReason, message: string, bytes = 0): FileResult => ({
      ...empty(bytes, 0),
      skipped: { file: task.display, reason, message },
    });

    let buffer: Buffer;
    try {
      const fd = openSync(task.path, 'r');
      try {
        const stat = fstatSync(fd);
        if (!stat.isFile()) return skip('unreadable', 'not a regular file');
        const size = stat.size;
        if (size > this.options.maxFileBytes) {
          return skip('too-large', `${size} bytes is over the ${this.options.maxFileBytes}-byte limit (--max-file-size)`, size);
        }
        buffer = Buffer.alloc(size);
        let read = 0;
        while (read < size) {
          const n = readSync(fd, buffer, read, size - read, read);
          if (n === 0) break;
          read += n;
        }
        buffer = buffer.subarray(0, read);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      return skip('unreadable', (e as NodeJS.ErrnoException).code ?? (e as Error).message);
    }
    if (buffer.subarray(0, 8192).includes(0)) return skip('binary', 'contains NUL bytes', buffer.length);
    let text: string;
    try {
      text = this.decoder.decode(buffer);
    } catch {
      return skip('not-utf8', 'not valid UTF-8', buffer.length);
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text, bytes: buffer.length };
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
      return { ...empty(lines), findings: detectBuildFile(task.language, text, this.table) };
    }
    let tree;
    try {
      tree = parse(text, GRAMMAR_FOR_LANGUAGE[task.language]);
    } catch (e) {
      return skip('parse-failed', (e as Error).message);
    }
    const base = empty(lines);
    if (task.language === 'python') {
      const { findings, parseErrors, kernels, definedNames } = detectPython(tree, this.table, this.matcher);
      return { ...base, findings, parseErrors, definedNames, kernels: kernels.map((k) => ({ ...k, file: task.display })) };
    }
    // One walk of the tree serves the detector and the kernel profiler.
    const cursor = tree.walk();
    const detector = cppDetector(tree, this.matcher, cursor);
    const profiler = kernelProfiler(tree, cursor);
    walkTreeWith(cursor, [detector.visitor, profiler.visitor]);
    const detection = detector.finish();
    // Files without device code, launches or includes carry no kernel data.
    const kernelScan = profiler.finish();
    const hasKernelData = kernelScan.functions.length || kernelScan.launches.length || kernelScan.launchers.length ||
      kernelScan.macroCalls.length || kernelScan.attributes.length || kernelScan.warpSizeConstants.length || kernelScan.includes.length;
    return {
      ...base,
      ...(hasKernelData ? { kernelScan } : {}),
      findings: detection.findings,
      kernels: detection.kernels.map((k) => ({ ...k, file: task.display })),
      definedNames: detection.definedNames,
      parseErrors: detection.parseErrors,
    };
  }
}
