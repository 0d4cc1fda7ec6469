// Scopes: which part of a repository a file belongs to (product, tests, examples, benchmarks,
// experiments, vendored, generated). The estimate totals product code only; the rest is shown beside it.
// Rules are data (rules/scopes.yaml), a project's .cuport.yaml `scopes:` is tried first, and the paths
// of git submodules listed in the scanned folder's .gitmodules are vendored.
import { closeSync, fstatSync, openSync, readSync, constants } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { lineOf, parseYamlFile, RuleFileError } from '../rules/load.js';

export const SCOPES = ['product', 'tests', 'examples', 'benchmarks', 'experiments', 'vendored', 'generated'] as const;
export type Scope = (typeof SCOPES)[number];

export interface ScopeRule {
  scope: Scope;
  paths: string[];
  /** Where the rule was written, for reports and errors. */
  origin: string;
}

const isScope = (s: unknown): s is Scope => typeof s === 'string' && (SCOPES as readonly string[]).includes(s);

/** rules/scopes.yaml, validated with file:line:field errors. */
export function loadScopeRules(rulesDir: string, file = join(rulesDir, 'scopes.yaml')): ScopeRule[] {
  const parsed = parseYamlFile(file);
  const data = parsed.data as { version?: unknown; scopes?: unknown } | undefined;
  const fail = (path: string[], problem: string) => new RuleFileError(file, lineOf(parsed, path), path.join('.'), problem);
  if (data?.version !== 1) throw fail(['version'], 'must be 1');
  if (!Array.isArray(data.scopes)) throw fail(['scopes'], 'must be a list of { scope, paths }');
  return data.scopes.map((entry: { scope?: unknown; paths?: unknown }, i: number) => {
    if (!isScope(entry?.scope)) throw fail(['scopes', String(i), 'scope'], `must be one of ${SCOPES.join(', ')}`);
    if (!Array.isArray(entry.paths) || !entry.paths.every((p) => typeof p === 'string' && p.length > 0)) {
      throw fail(['scopes', String(i), 'paths'], 'must be a list of glob patterns');
    }
    return { scope: entry.scope, paths: entry.paths as string[], origin: `${file}:${lineOf(parsed, ['scopes', String(i)])}` };
  });
}

/** A .cuport.yaml `scopes:` block ({ tests: [globs], product: [globs], ... }) as rules, in scope order. */
export function configScopeRules(block: Partial<Record<Scope, string[]>> | undefined, origin: string): ScopeRule[] {
  if (!block) return [];
  return SCOPES.filter((s) => block[s]?.length).map((scope) => ({ scope, paths: block[scope]!, origin }));
}

const MAX_GITMODULES_BYTES = 1024 * 1024;

/** Submodule paths named by `<root>/.gitmodules` (a regular file only, read with a size bound). */
export function submodulePaths(root: string): string[] {
  let fd: number;
  try {
    fd = openSync(join(root, '.gitmodules'), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return [];
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_GITMODULES_BYTES) return [];
    const buffer = Buffer.alloc(stat.size);
    const n = readSync(fd, buffer, 0, stat.size, 0);
    const paths: string[] = [];
    for (const m of buffer.subarray(0, n).toString('utf8').matchAll(/^\s*path\s*=\s*(.+?)\s*$/gm)) {
      paths.push(m[1]!.replace(/\\/g, '/').replace(/\/+$/, ''));
    }
    return paths.sort();
  } finally {
    closeSync(fd);
  }
}

/** The scope of a display path (relative to the scanned folder, forward slashes). */
export function scopeClassifier(rules: ScopeRule[], submodules: string[] = []): (path: string) => Scope {
  const matchers = rules.map((r) => ({ scope: r.scope, match: picomatch(r.paths, { dot: true, nocase: true }) }));
  return (path) => {
    if (submodules.some((s) => path === s || path.startsWith(`${s}/`))) return 'vendored';
    for (const m of matchers) if (m.match(path)) return m.scope;
    return 'product';
  };
}
