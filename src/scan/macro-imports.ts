// The cross-file macro table (the second pass of a scan). A file's own scan records the #defines it exports
// (FileResult.macroDefinitions: qualifier, head, instantiation and body macro candidates, src/detect/macro-table.ts).
// Once every file is scanned, each C/C++ file gets the definitions of the project headers it includes,
// transitively (the include graph the kernel link uses, src/kernels/link.ts includeGraph), and is scanned
// again with them only when its text names one that matters there (a qualifier macro standing for a CUDA
// qualifier, a head, instantiation or body macro) and that it does not define or #undef itself.
//
// The result depends on the headers' bytes, not only the file's: it is cached as a derived entry keyed by
// the file's first-pass entry and a hash of the imported definitions (src/cache/file-cache.ts lookupDerived),
// so a changed header macro gives its dependants new entries, and a cached rescan never reads a stale one.
// A file whose text names no imported macro is cached as `same` (its first-pass result stands).
import { createHash } from 'node:crypto';
import type { FileResult } from '../model.js';
import type { FileKernelScan } from '../kernels/model.js';
import { includeGraph } from '../kernels/link.js';
import { effectiveImportedNames, ownMacroNames, type MacroDefinition } from '../detect/macro-table.js';
import type { DerivedLookup } from '../cache/file-cache.js';
import type { FileScanner, FileTask } from './scan-file.js';

export interface MacroImport {
  /** The definitions the file's included headers export: headers in path order, each in file order, once. */
  imported: MacroDefinition[];
  /** Those of its names that could change a scan (effectiveImportedNames). */
  names: string[];
  /** sha256 of `imported` as JSON: the derived cache entry's part. */
  hash: string;
}

const EMPTY_SCAN: FileKernelScan = { functions: [], launches: [], attributes: [], launchers: [], macroCalls: [], warpSizeConstants: [], valueAliases: [], includes: [] };
const C_LANGUAGES = new Set(['cuda', 'cpp']);

/** Per result index, what the file imports from the project headers it includes (files importing nothing
 *  that matters are left out). */
export function macroImports(results: readonly FileResult[]): Map<number, MacroImport> {
  const out = new Map<number, MacroImport>();
  if (!results.some((r) => r.macroDefinitions?.length)) return out;
  const files = results.flatMap((r, index) => (r.skipped || !C_LANGUAGES.has(r.language) ? [] : [{ file: r.file, scan: r.kernelScan ?? EMPTY_SCAN, index }]));
  const byFile = new Map(files.map((f) => [f.file, results[f.index]!]));
  const visible = includeGraph(files);
  // Many files see the same headers: one import per set of exporting headers.
  const memo = new Map<string, MacroImport>();
  for (const { file, index } of files) {
    if (!results[index]!.kernelScan?.includes.length) continue;
    const headers = [...visible(file)].filter((h) => h !== file && byFile.get(h)?.macroDefinitions?.length).sort();
    if (!headers.length) continue;
    const key = headers.join('\u0000');
    let imp = memo.get(key);
    if (!imp) {
      const seen = new Set<string>();
      const imported: MacroDefinition[] = [];
      for (const h of headers) {
        for (const d of byFile.get(h)!.macroDefinitions!) {
          const json = JSON.stringify(d);
          if (!seen.has(json)) seen.add(json), imported.push(d);
        }
      }
      imp = { imported, names: effectiveImportedNames(imported), hash: createHash('sha256').update(JSON.stringify(imported)).digest('hex') };
      memo.set(key, imp);
    }
    if (imp.names.length) out.set(index, imp);
  }
  return out;
}

/** The imported names a file's text uses (as a whole word) and does not define or #undef itself. */
export function usedImports(text: string, names: readonly string[]): string[] {
  const pattern = new RegExp(`(?<![A-Za-z0-9_])(?:${names.map(escape).join('|')})(?![A-Za-z0-9_])`, 'g');
  const used = new Set<string>();
  for (const m of text.matchAll(pattern)) used.add(m[0]);
  if (!used.size) return [];
  const own = ownMacroNames(text);
  return [...used].filter((n) => !own.has(n)).sort();
}

/**
 * Rescans, in place, the files whose text uses a macro their included headers define. `reader` reads a
 * file's text as the scanner does; `rescan` scans tasks (prefilter off: a file using only `DEVICE_FUNC` has no
 * `__device__` the prefilter could see); `derived` is the cache of such results (absent without a cache).
 * Returns the indices replaced.
 */
export async function applyMacroImports(
  results: FileResult[],
  tasks: readonly FileTask[],
  reader: () => Pick<FileScanner, 'textOf'>,
  rescan: (tasks: FileTask[]) => Promise<FileResult[]>,
  derived?: (index: number, part: string) => DerivedLookup | undefined,
): Promise<number[]> {
  const imports = macroImports(results);
  if (!imports.size) return [];
  let scanner: Pick<FileScanner, 'textOf'> | undefined;
  const again: { index: number; task: FileTask; lookup?: DerivedLookup }[] = [];
  const replaced: number[] = [];
  for (const [index, imp] of [...imports].sort((a, b) => a[0] - b[0])) {
    const lookup = derived?.(index, imp.hash);
    if (lookup?.hit === 'same') continue;
    if (lookup?.hit) {
      results[index] = lookup.hit;
      replaced.push(index);
      continue;
    }
    const text = (scanner ??= reader()).textOf(tasks[index]!);
    if (text === undefined || !usedImports(text, imp.names).length) {
      lookup?.store('same');
      continue;
    }
    again.push({ index, task: { ...tasks[index]!, importedMacros: imp.imported }, ...(lookup ? { lookup } : {}) });
  }
  if (again.length) {
    const fresh = await rescan(again.map((a) => a.task));
    again.forEach((a, k) => {
      results[a.index] = fresh[k]!;
      a.lookup?.store(fresh[k]!);
      replaced.push(a.index);
    });
  }
  return replaced.sort((a, b) => a - b);
}

function escape(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
