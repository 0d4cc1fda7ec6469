// The cross-file macro table (the second pass of a scan). A file's own scan records the #defines it exports
// (FileResult.macroDefinitions: qualifier, head, instantiation and body macro candidates, and its #undefs,
// src/detect/macro-table.ts) and its #includes in text order (kernelScan.includeSites).
// Once every file is scanned, each C/C++ file gets the definitions of the project headers it includes, in
// the order the preprocessor reads them: its #includes in text order, each header's own #defines, #undefs
// and #includes in its text order, depth first, every header once (include guards); each definition placed
// at the file's #include it came through, so that at a use the definition in force there counts
// (src/detect/macro-table.ts definitionAt). The file is scanned again with them only when its text names one
// that matters there (a qualifier macro standing for a CUDA qualifier, a head, instantiation or body macro)
// and, for a qualifier macro, that it does not define or #undef itself.
//
// The result depends on the headers' bytes, not only the file's: it is cached as a derived entry keyed by
// the file's first-pass entry and a hash of the imported definitions (src/cache/file-cache.ts lookupDerived),
// so a changed header macro gives its dependants new entries, and a cached rescan never reads a stale one.
// A file whose text names no imported macro is cached as `same` (its first-pass result stands).
import { createHash } from 'node:crypto';
import type { FileResult } from '../model.js';
import type { FileKernelScan, IncludeSite } from '../kernels/model.js';
import { includeGraph, includeTargets } from '../kernels/link.js';
import { effectiveImportedNames, ownMacroNames, type MacroDefinition } from '../detect/macro-table.js';
import type { DerivedLookup } from '../cache/file-cache.js';
import type { FileScanner, FileTask } from './scan-file.js';

export interface MacroImport {
  /** The definitions (and #undefs) the file's included headers export, in preprocessor order, each with
   *  the offset of the file's #include it came through: made when asked (only a file scanned again needs them). */
  imported: () => MacroDefinition[];
  /** Those of its names that could change a scan (effectiveImportedNames). */
  names: string[];
  /** Of `names`, the function-like ones: their meaning depends on order, so the file's own #define or
   *  #undef of one does not hide the header's above it. */
  ordered: string[];
  /** sha256 of `imported` (each run of a header's definitions with the offset it is placed at): the derived
   *  cache entry's part. */
  hash: string;
}

/** One step of a header's walk: its definitions [from, to) (child -1), or the file it includes (by id). */
interface PlanStep {
  child: number;
  from: number;
  to: number;
}

/** Header definitions [from, to) placed at the including file's offset `at`. */
interface Run {
  header: string;
  from: number;
  to: number;
  at: number;
}

const EMPTY_SCAN: FileKernelScan = { functions: [], launches: [], attributes: [], launchers: [], macroCalls: [], warpSizeConstants: [], valueAliases: [], includes: [] };
const C_LANGUAGES = new Set(['cuda', 'cpp']);

/** Per result index, what the file imports from the project headers it includes (files importing nothing
 *  that matters are left out). */
export function macroImports(results: readonly FileResult[]): Map<number, MacroImport> {
  const out = new Map<number, MacroImport>();
  // Every header's #undefs travel, but they alone import nothing: no definition anywhere, nothing to walk.
  if (!results.some((r) => r.macroDefinitions?.some((d) => !d.undef))) return out;
  const files = results.flatMap((r, index) => (r.skipped || !C_LANGUAGES.has(r.language) ? [] : [{ file: r.file, scan: r.kernelScan ?? EMPTY_SCAN, index }]));
  const byFile = new Map(files.map((f) => [f.file, results[f.index]!]));
  const targets = includeTargets(files);
  const visible = includeGraph(files, targets);
  const exports = (file: string) => byFile.get(file)?.macroDefinitions ?? [];
  /** Whether a header or one it includes exports anything: a header that cannot is not walked. */
  const leadsToExports = new Map<string, boolean>();
  const leads = (file: string) => {
    let yes = leadsToExports.get(file);
    if (yes === undefined) leadsToExports.set(file, (yes = exports(file).length > 0 || [...visible(file)].some((h) => exports(h).length > 0)));
    return yes;
  };
  const sitesOf = (file: string): readonly IncludeSite[] => {
    const scan = byFile.get(file)?.kernelScan;
    // A result without sites (embedded CUDA, an older cache entry's shape): its includes, before everything.
    return scan?.includeSites ?? scan?.includes.map((path) => ({ path, offset: -1 })) ?? [];
  };
  // Many files see the same exporting headers: their names computed once per set.
  const namesMemo = new Map<string, { names: string[]; ordered: string[] }>();
  // A file's import is a list of runs (a header's definitions between two of its #includes, placed at one
  // offset), not copies of the definitions: on cutlass every file reaches hundreds of exporting headers,
  // and copying each definition per file and hashing the copies as JSON was most of this pass. Each run's
  // JSON (the definitions without their offsets) is written once.
  const runJson = new Map<string, string>();
  const jsonOf = (h: string, from: number, to: number) => {
    const key = `${from}:${to}:${h}`;
    let json = runJson.get(key);
    if (json === undefined) runJson.set(key, (json = JSON.stringify(exports(h).slice(from, to).map(({ offset: _, ...d }) => d))));
    return json;
  };
  // The walk below runs once per file over every header it reaches (~300 per cutlass file): each header's
  // directives are put once into a plan of numbered steps, and a header walked is marked in an array, so
  // the walk reads no include path and no string set.
  const idOf = new Map(files.map((f, id) => [f.file, id]));
  const exportsAny = files.map((f) => !!results[f.index]!.macroDefinitions?.length);
  const plans: (PlanStep[] | undefined)[] = [];
  const planOf = (id: number): PlanStep[] => {
    let plan = plans[id];
    if (plan) return plan;
    const h = files[id]!.file;
    const defs = exports(h);
    const resolved = targets.get(h);
    plan = [];
    let d = 0;
    for (const site of sitesOf(h)) {
      const from = d;
      while (d < defs.length && (defs[d]!.offset ?? -1) < site.offset) d++;
      if (d > from) plan.push({ child: -1, from, to: d });
      for (const t of resolved?.get(site.path) ?? []) if (leads(t)) plan.push({ child: idOf.get(t)!, from: 0, to: 0 });
    }
    if (d < defs.length) plan.push({ child: -1, from: d, to: defs.length });
    return (plans[id] = plan);
  };
  /** Per file id, the index + 1 of the top file whose walk has reached it (include guards: once per walk). */
  const walkedIn = new Int32Array(files.length);
  for (let top = 0; top < files.length; top++) {
    const { file, index } = files[top]!;
    if (!results[index]!.kernelScan?.includes.length) continue;
    const runs: Run[] = [];
    const exporters: string[] = [];
    walkedIn[top] = top + 1;
    /** Header `id`'s directives in its text order, each definition placed at `at` (the top file's #include). */
    const walk = (id: number, at: number) => {
      if (walkedIn[id] === top + 1) return;
      walkedIn[id] = top + 1;
      const header = files[id]!.file;
      if (exportsAny[id]) exporters.push(header);
      for (const step of planOf(id)) {
        if (step.child < 0) runs.push({ header, from: step.from, to: step.to, at });
        else walk(step.child, at);
      }
    };
    const resolved = targets.get(file);
    for (const site of sitesOf(file)) for (const t of resolved?.get(site.path) ?? []) if (leads(t)) walk(idOf.get(t)!, site.offset);
    if (!runs.length) continue;
    const imported = () => runs.flatMap((r) => exports(r.header).slice(r.from, r.to).map((d) => ({ ...d, offset: r.at })));
    const key = exporters.sort().join('\u0000');
    let names = namesMemo.get(key);
    if (!names) {
      const all = imported();
      const functionLike = new Set(all.filter((d) => d.params).map((d) => d.name));
      const effective = effectiveImportedNames(all);
      namesMemo.set(key, (names = { names: effective, ordered: effective.filter((n) => functionLike.has(n)) }));
    }
    if (!names.names.length) continue;
    const hash = createHash('sha256');
    for (const r of runs) hash.update(`${r.at}\u0000`).update(jsonOf(r.header, r.from, r.to)).update('\u0000');
    out.set(index, { imported, ...names, hash: hash.digest('hex') });
  }
  return out;
}

/** The imported names a file's text uses (as a whole word); of the qualifier macros (not in `ordered`),
 *  only those it does not define or #undef itself (its own meaning wins there). */
export function usedImports(text: string, names: readonly string[], ordered: readonly string[] = []): string[] {
  const pattern = new RegExp(`(?<![A-Za-z0-9_])(?:${names.map(escape).join('|')})(?![A-Za-z0-9_])`, 'g');
  const used = new Set<string>();
  for (const m of text.matchAll(pattern)) used.add(m[0]);
  if (!used.size) return [];
  const own = ownMacroNames(text);
  const inOrder = new Set(ordered);
  return [...used].filter((n) => inOrder.has(n) || !own.has(n)).sort();
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
    if (text === undefined || !usedImports(text, imp.names, imp.ordered).length) {
      lookup?.store('same');
      continue;
    }
    again.push({ index, task: { ...tasks[index]!, importedMacros: imp.imported() }, ...(lookup ? { lookup } : {}) });
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
