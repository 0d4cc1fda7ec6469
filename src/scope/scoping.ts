// Builds the report's Scoping from the discovered files and the scan results: scopes by path, vendored
// copies by their marker headers, and shim headers (`#define cudaX hipX`) among files that define CUDA names.
import { readFileSafely, readHeadSafely } from '../discover/safe-open.js';
import { DEFAULT_MAX_FILE_BYTES } from '../scan/scan-file.js';
import type { FileResult, Target } from '../model.js';
import type { Scoping } from '../report/build.js';
import { join } from 'node:path';
import { buildSelection } from './build-selection.js';
import { includeGraph, kernelScans } from '../kernels/link.js';
import { assignScopes, findVendoredCopies, markDuplicates, shimNames, submodulePaths, type Scope, type ScopeRules } from './scope.js';

const HEAD_BYTES = 4096;

function readHead(path: string | Uint8Array): string | undefined {
  try {
    return readHeadSafely(path, HEAD_BYTES).toString('utf8');
  } catch {
    return undefined;
  }
}

/** The submodule paths of the `.gitmodules` at the scan base, if there is one (read like any other file:
 *  no symlink followed, bounded). A malformed or unreadable file declares none. */
function readSubmodules(base: string | undefined): string[] {
  if (!base) return [];
  try {
    return submodulePaths(readFileSafely(join(base, '.gitmodules'), { maxBytes: GITMODULES_MAX_BYTES }).toString('utf8'));
  } catch {
    return [];
  }
}
const GITMODULES_MAX_BYTES = 1 << 20;

/** `includes`: the scanned files' include graph (src/kernels/link.ts includeGraph), when the caller has it. */
export function buildScoping(
  files: { path: string | Uint8Array; display: string }[], results: FileResult[], rules: ScopeRules, overrides: Record<string, Scope> = {}, base?: string,
  includes?: (file: string) => Set<string>,
): Scoping {
  const pathOf = new Map(files.map((f) => [f.display, f.path]));
  const submodules = readSubmodules(base);
  const rels = files.map((f) => f.display);
  const vendored = findVendoredCopies(rels, rules, (rel) => readHead(pathOf.get(rel)!));
  const names: Partial<Record<Target, Set<string>>> = {};
  const shimFiles: Partial<Record<Target, Set<string>>> = {};
  for (const r of results) {
    // Shims are headers (vendors/hip.h) or files that define CUDA-looking names.
    if (r.skipped || !(r.definedNames.length || /\.(h|hh|hpp|hxx|cuh|inc)$/i.test(r.file))) continue;
    if (!r.shimRenames || !pathOf.has(r.file)) continue;
    for (const [t, list] of Object.entries(shimNames(r.shimRenames, rules)) as [Target, string[]][]) {
      // A handful of renames is a helper; a shim header renames the API wholesale.
      if (list.length < 5) continue;
      for (const n of list) (names[t] ??= new Set()).add(n);
      (shimFiles[t] ??= new Set()).add(r.file);
    }
  }
  const scopes = assignScopes(rels, rules, vendored, overrides, submodules);
  const build = readBuildSelection(results, includes);
  markDuplicates(scopes, new Map(results.filter((r) => r.contentHash && !r.skipped).map((r) => [r.file, r.contentHash!])));
  return { rules, files: scopes, vendored, shimNames: names, shimFiles, submodules, build };
}

/** The sources the project's CMake files compile per backend (src/scope/build-selection.ts), from the
 *  mentions each CMake file's scan recorded. */
function readBuildSelection(results: FileResult[], includes?: (file: string) => Set<string>) {
  const mentions = results.flatMap((r) => r.cmakeSources ?? []);
  if (!mentions.length) return undefined;
  const scanned = new Set(results.filter((r) => !r.skipped).map((r) => r.file));
  return buildSelection(mentions, scanned, includes ?? includeGraph(kernelScans(results)));
}
