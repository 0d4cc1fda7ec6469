// The compact, serialisable form of the rule table that detectors (in worker threads) match against.
// Classification data (per-target mappings) stays in the main thread.
import { join } from 'node:path';
import type { FindingKind, Rule } from '../model.js';
import { parseYamlFile, RuleFileError, lineOf } from './load.js';

export type RuleRef = [id: string, kind: FindingKind];

export interface MatchTable {
  /** C/C++/CUDA identifiers and construct tokens (`__global__`, `<<<>>>`, `asm`). */
  cppNames: Record<string, RuleRef>;
  /** Qualified names (`nvcuda::wmma::mma_sync`) and namespace prefixes (`thrust::`), longest first. */
  cppQualified: [name: string, ref: RuleRef][];
  /** Include paths and directory prefixes (`thrust/`), exact paths in `headers`. */
  headers: Record<string, RuleRef>;
  headerPrefixes: [prefix: string, ref: RuleRef][];
  /** Fully qualified Python names and Python construct tokens (`.cuda()`, `device:cuda`, ...). */
  pyNames: Record<string, RuleRef>;
  /** Python modules (`cupy`, `numba.cuda`): a module and its submodules match. */
  pyImports: Record<string, RuleRef>;
  /** Regex sources for CUDA-looking C/C++ names the table does not know. */
  unrecognizedCpp: string[];
  /** Regex sources for CUDA-looking <system> headers the table does not know. */
  unrecognizedHeaders: string[];
  /** Python name prefixes under which an unknown name is reported as unrecognized. */
  unrecognizedPyPrefixes: string[];
  /** The prefilter's detector triggers (src/scan/prefilter-triggers.ts detectorTriggers of this table; null:
   *  none can be derived), when the build precompiled them with the table. Absent: derived at run time. */
  detectorTriggers?: string[] | null;
}

export function buildMatchTable(rules: Rule[], unrecognized: UnrecognizedPatterns): MatchTable {
  const t: MatchTable = {
    // Null-prototype tables: a rule named like an Object.prototype member is stored, not swallowed. (Lookups still
    // go through own(): the table reaches worker threads by structured clone, which restores the prototype.)
    cppNames: Object.create(null), cppQualified: [], headers: Object.create(null), headerPrefixes: [],
    pyNames: Object.create(null), pyImports: Object.create(null),
    unrecognizedCpp: unrecognized.cpp, unrecognizedHeaders: unrecognized.headers, unrecognizedPyPrefixes: unrecognized.python,
  };
  for (const rule of rules) {
    const ref: RuleRef = [rule.id, rule.kind];
    for (const name of [rule.cuda, ...(rule.aliases ?? [])]) {
      if (rule.language === 'python') {
        if (rule.kind === 'python-import') t.pyImports[name] = ref;
        else t.pyNames[name] = ref;
      } else if (rule.kind === 'header') {
        if (name.endsWith('/')) t.headerPrefixes.push([name, ref]);
        else t.headers[name] = ref;
      } else if (name.includes('::')) {
        t.cppQualified.push([name, ref]);
      } else {
        t.cppNames[name] = ref;
      }
    }
  }
  const longestFirst = (a: [string, RuleRef], b: [string, RuleRef]) => b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1);
  t.cppQualified.sort(longestFirst);
  t.headerPrefixes.sort(longestFirst);
  return t;
}

export interface UnrecognizedPatterns {
  cpp: string[];
  headers: string[];
  python: string[];
}

/** Reads rules/unrecognized.yaml, checking every pattern compiles. */
export function loadUnrecognized(rulesDir: string): UnrecognizedPatterns {
  const file = join(rulesDir, 'unrecognized.yaml');
  const parsed = parseYamlFile(file);
  const data = parsed.data as { cpp?: { pattern?: unknown }[]; headers?: { pattern?: unknown }[]; python?: { prefixes?: unknown } };
  const patterns = (section: 'cpp' | 'headers') =>
    (data[section] ?? []).map((entry, i) => {
      const fail = (problem: string) =>
        new RuleFileError(file, lineOf(parsed, [section, String(i), 'pattern']), `${section}.${i}.pattern`, problem);
      if (typeof entry?.pattern !== 'string') throw fail('must be a string');
      try {
        new RegExp(entry.pattern);
      } catch (e) {
        throw fail(`invalid regular expression: ${(e as Error).message}`);
      }
      return entry.pattern;
    });
  const cpp = patterns('cpp');
  const headers = patterns('headers');
  const prefixes = data.python?.prefixes;
  if (!Array.isArray(prefixes) || !prefixes.every((p) => typeof p === 'string')) {
    throw new RuleFileError(file, lineOf(parsed, ['python', 'prefixes']), 'python.prefixes', 'must be a list of strings');
  }
  return { cpp, headers, python: prefixes as string[] };
}
