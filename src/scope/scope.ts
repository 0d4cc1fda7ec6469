// Scopes and branches: which part of a repository a file belongs to (product, tests, examples,
// benchmarks, experiments, vendored, generated), vendored copies of CUDA C++ libraries, and the
// preprocessor branches that change what a port must do (an in-tree port to a target, an optional
// CUDA-only feature). All knowledge is data: rules/scopes/scopes.yaml, overridable in .cuport.yaml.
import { join } from 'node:path';
import { TARGETS, type Target } from '../model.js';
import { lineOf, parseYamlFile, RuleFileError } from '../rules/load.js';

export const SCOPES = ['product', 'tests', 'examples', 'benchmarks', 'experiments', 'vendored', 'generated', 'duplicate'] as const;
export type Scope = (typeof SCOPES)[number];

export interface PathRule {
  scope: Scope;
  dirs: string[];
  files: RegExp[];
}

export interface VendoredLibraryRule {
  library: string;
  marker: string;
  contains: string;
  /** The rule whose verdict is the swap's (rules/cuda-cpp-libraries.yaml). */
  rule: string;
}

export interface ScopeRules {
  paths: PathRule[];
  vendoredLibraries: VendoredLibraryRule[];
  inTreeGuards: Record<Target, Set<string>>;
  shimPrefixes: Record<Target, string[]>;
  optionalFeatures: Map<string, string>;
}

/** A vendored library copy found in the tree: one library swap. */
export interface VendoredCopy {
  library: string;
  root: string;
  rule: string;
  files: number;
}

export interface FileScope {
  scope: Scope;
  /** For a vendored library copy: its library name. */
  library?: string;
  /** For a `duplicate`: the product file it is an identical copy of (the first by path). */
  duplicateOf?: string;
}

/** Product files that are identical copies of an earlier product file (by path) become `duplicate`:
 *  a tree copied twice is ported once. Only files with findings carry a hash. */
export function markDuplicates(scopes: Map<string, FileScope>, hashes: Map<string, string>): void {
  const first = new Map<string, string>();
  for (const file of [...hashes.keys()].sort()) {
    if (scopes.get(file)?.scope !== 'product') continue;
    const hash = hashes.get(file)!;
    const original = first.get(hash);
    if (original) scopes.set(file, { scope: 'duplicate', duplicateOf: original });
    else first.set(hash, file);
  }
}

const globToRegExp = (glob: string) => new RegExp(`^${glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');

export function loadScopeRules(rulesDir: string, file = join(rulesDir, 'scopes', 'scopes.yaml')): ScopeRules {
  const parsed = parseYamlFile(file);
  const data = parsed.data as Record<string, unknown>;
  const fail = (path: string[], problem: string) => new RuleFileError(file, lineOf(parsed, path), path.join('.'), problem);
  if (data?.version !== 1) throw fail(['version'], 'must be 1');
  const paths = ((data.paths ?? []) as { scope: string; dirs?: string[]; files?: string[] }[]).map((p, i) => {
    if (!(SCOPES as readonly string[]).includes(p.scope)) throw fail(['paths', String(i), 'scope'], `unknown scope "${p.scope}" (one of ${SCOPES.join(', ')})`);
    return { scope: p.scope as Scope, dirs: (p.dirs ?? []).map((d) => d.toLowerCase()), files: (p.files ?? []).map(globToRegExp) };
  });
  const perTarget = <T>(key: string, make: (list: string[]) => T): Record<Target, T> => {
    const section = (data[key] ?? {}) as Record<string, string[]>;
    return Object.fromEntries(TARGETS.map((t) => [t, make(section[t] ?? [])])) as Record<Target, T>;
  };
  return {
    paths,
    vendoredLibraries: (data.vendoredLibraries ?? []) as VendoredLibraryRule[],
    inTreeGuards: perTarget('inTreeGuards', (l) => new Set(l)),
    shimPrefixes: perTarget('shimPrefixes', (l) => l),
    optionalFeatures: new Map(((data.optionalFeatures ?? []) as { macro: string; why: string }[]).map((f) => [f.macro, f.why])),
  };
}

/** The scope of a relative path by the path rules; a project override (path prefix → scope) wins. */
export function scopeOfPath(rel: string, rules: ScopeRules, overrides: Record<string, Scope> = {}): Scope {
  const override = Object.keys(overrides)
    .filter((prefix) => rel === prefix || rel.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`))
    .sort((a, b) => b.length - a.length)[0];
  if (override) return overrides[override]!;
  const parts = rel.split('/');
  const name = parts.pop()!;
  const dirs = parts.map((p) => p.toLowerCase());
  for (const rule of rules.paths) {
    if (dirs.some((d) => rule.dirs.includes(d)) || rule.files.some((re) => re.test(name))) return rule.scope;
  }
  return 'product';
}

/** Vendored library copies: a marker file (cub/cub.cuh) whose head names the library. */
export function findVendoredCopies(paths: string[], rules: ScopeRules, readHead: (rel: string) => string | undefined): VendoredCopy[] {
  const out: VendoredCopy[] = [];
  for (const lib of rules.vendoredLibraries) {
    for (const rel of paths) {
      if (rel !== lib.marker && !rel.endsWith(`/${lib.marker}`)) continue;
      if (!(readHead(rel) ?? '').includes(lib.contains)) continue;
      // The copy is the marker's top folder (cub/ of cub/cub.cuh) where it sits in the tree; a tree whose
      // top folder is the library itself (the scanned tree IS CUB) is product code.
      const base = rel === lib.marker ? '' : rel.slice(0, rel.length - lib.marker.length - 1);
      if (!base) continue;
      const root = `${base}/${lib.marker.split('/')[0]}`;
      if (out.some((c) => root.startsWith(`${c.root}/`) || c.root === root)) continue;
      out.push({ library: lib.library, root, rule: lib.rule, files: paths.filter((p) => p.startsWith(`${root}/`)).length });
    }
  }
  return out.sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
}

/** Every file's scope: a vendored copy first, then the path rules (with the project's overrides). */
export function assignScopes(paths: string[], rules: ScopeRules, copies: VendoredCopy[], overrides: Record<string, Scope> = {}, submodules: string[] = []): Map<string, FileScope> {
  const out = new Map<string, FileScope>();
  for (const rel of paths) {
    const copy = copies.find((c) => rel.startsWith(`${c.root}/`));
    const overridden = Object.keys(overrides).some((p) => rel.startsWith(p));
    // A git submodule is third-party code by construction (its own repository), wherever it sits.
    const inSubmodule = !overridden && submodules.some((m) => rel.startsWith(`${m}/`));
    const byPath = inSubmodule ? 'vendored' : scopeOfPath(rel, rules, overrides);
    out.set(rel, copy && !overridden ? { scope: 'vendored', library: copy.library } : { scope: byPath });
  }
  return out;
}

/** The paths of the submodules a `.gitmodules` file declares (`path = third_party/cutlass`), sorted. */
export function submodulePaths(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/^[ \t]*path[ \t]*=[ \t]*(.+?)[ \t]*$/gm)) {
    const path = m[1]!.replace(/^"(.*)"$/, '$1').replace(/^\.\//, '').replace(/\/+$/, '');
    if (path && !path.split('/').includes('..') && !path.startsWith('/')) out.add(path);
  }
  return [...out].sort();
}

/** The macro names a guard line mentions, and whether the finding sits on the branch where they hold.
 *  Memoized (callers must not change the result): the estimate asks for every finding on every target,
 *  and a tree has few distinct guard lines. */
export function guardMacros(guard: string): { macros: string[]; positive: boolean } {
  let known = guardCache.get(guard);
  if (!known) {
    if (guardCache.size > 100_000) guardCache.clear();
    guardCache.set(guard, (known = parseGuard(guard)));
  }
  return known;
}
const guardCache = new Map<string, { macros: string[]; positive: boolean }>();

function parseGuard(guard: string): { macros: string[]; positive: boolean } {
  const negative = /^#else\b/.test(guard) || /^#ifndef\b/.test(guard) || /^#if\s*!\s*defined/.test(guard) || /^#if\s*!/.test(guard);
  const text = guard.replace(/^#(ifdef|ifndef|if|elif|else)\b/, '').replace(/\(of\s+#(ifdef|ifndef|if|elif)\b/, '');
  return { macros: text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [], positive: !negative };
}

/** Whether a guard chain names a target's own path (either branch: the CUDA side of `#ifdef USE_ROCM … #else`
 *  is what the HIP side replaces). */
export function inTreeGuard(guards: string[] | undefined, target: Target, rules: ScopeRules): string | undefined {
  for (const g of guards ?? []) {
    const hit = guardMacros(g).macros.find((m) => rules.inTreeGuards[target].has(m));
    if (hit) return hit;
  }
  return undefined;
}

/** The optional CUDA-only feature a finding sits under (its positive branch), if any. */
export function optionalFeature(guards: string[] | undefined, rules: ScopeRules): string | undefined {
  for (const g of guards ?? []) {
    const { macros, positive } = guardMacros(g);
    if (!positive) continue;
    const hit = macros.find((m) => rules.optionalFeatures.has(m));
    if (hit) return hit;
  }
  return undefined;
}

/** The CUDA names a shim header renames to each target (those of its renames whose new name has the
 *  target's prefix). */
export function shimNames(renames: readonly [string, string][], rules: ScopeRules): Partial<Record<Target, string[]>> {
  const out: Partial<Record<Target, string[]>> = {};
  for (const [from, to] of renames) {
    for (const t of TARGETS) if (rules.shimPrefixes[t].some((p) => to.startsWith(p))) (out[t] ??= []).push(from);
  }
  return out;
}
