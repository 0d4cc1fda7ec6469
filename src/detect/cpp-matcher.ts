// Turns a C/C++ name or include path into a rule reference, or `unrecognized` when it only looks
// like CUDA. Shared by the syntax-tree walk and the #define-body tokenizer so both agree.
import type { FindingKind } from '../model.js';
import type { MatchTable, RuleRef } from '../rules/match-table.js';

export const UNRECOGNIZED = 'unrecognized';

export interface NameMatch {
  ruleId: string;
  kind: FindingKind;
  /** The name as matched (a qualified name without template arguments). */
  name: string;
}

export class CppMatcher {
  private readonly unrecognized: RegExp | undefined;
  private readonly unrecognizedHeader: RegExp | undefined;

  constructor(private readonly table: MatchTable) {
    this.unrecognized = combine(table.unrecognizedCpp);
    this.unrecognizedHeader = combine(table.unrecognizedHeaders);
  }

  /** Whether a name looks like CUDA without being in the table (used to record project-defined names). */
  looksLikeCuda(name: string): boolean {
    return this.unrecognized?.test(name) ?? false;
  }

  /** A plain identifier: a rule, an unrecognized CUDA-looking name, or nothing. */
  identifier(name: string): NameMatch | undefined {
    const ref = own(this.table.cppNames, name);
    if (ref) return hit(ref, name);
    if (this.unrecognized?.test(name)) return { ruleId: UNRECOGNIZED, kind: guessKind(name), name };
    return undefined;
  }

  /** A qualified name such as `nvcuda::wmma::fragment` (template arguments already removed). */
  qualified(name: string): NameMatch | undefined {
    const bare = name.replace(/^::/, '');
    if (!bare.includes('::')) return this.identifier(bare);
    for (const [pattern, ref] of this.table.cppQualified) {
      if (pattern.endsWith('::') ? bare.startsWith(pattern) : bare === pattern || bare.startsWith(`${pattern}::`)) {
        return hit(ref, bare);
      }
    }
    if (this.unrecognized?.test(bare)) return { ruleId: UNRECOGNIZED, kind: 'library-call', name: bare };
    return undefined;
  }

  /** A name reached through `using namespace ns;`: only a rule that names it under ns (or deeper) counts, never
   *  a bare `ns::` prefix rule nor an unrecognized guess (`std::min` under `using namespace cute` is not cute's). */
  qualifiedUnder(ns: string, name: string): NameMatch | undefined {
    const full = `${ns}::${name}`;
    for (const [pattern, ref] of this.table.cppQualified) {
      if (pattern.length <= ns.length + 2) continue;
      if (pattern.endsWith('::') ? full.startsWith(pattern) : full === pattern || full.startsWith(`${pattern}::`)) return hit(ref, full);
    }
    return undefined;
  }

  /** An #include path; `system` is true for <...> includes. */
  header(path: string, system: boolean): NameMatch | undefined {
    const ref = own(this.table.headers, path);
    if (ref) return hit(ref, path);
    for (const [prefix, prefixRef] of this.table.headerPrefixes) {
      if (path.startsWith(prefix)) return hit(prefixRef, path);
    }
    if (system && this.unrecognizedHeader?.test(path)) return { ruleId: UNRECOGNIZED, kind: 'header', name: path };
    return undefined;
  }

  /** A construct token (`__global__`, `<<<>>>`, `asm`) the table must define. */
  construct(token: string): RuleRef | undefined {
    return own(this.table.cppNames, token);
  }
}

/** A table lookup by source text that never finds Object.prototype (`toString`, `constructor`, `__proto__`). */
export function own<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

/** A constant lookup table keyed by source text, without a prototype: `table[name]` and `name in table`
 *  see only its own entries, whatever the name. */
export function nameTable<T>(entries: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}

function hit(ref: RuleRef, name: string): NameMatch {
  return { ruleId: ref[0], kind: ref[1], name };
}

function combine(sources: string[]): RegExp | undefined {
  return sources.length ? new RegExp(sources.map((s) => `(?:${s})`).join('|')) : undefined;
}

/** A best guess at the kind of an unknown CUDA-looking name, from its spelling only. */
function guessKind(name: string): FindingKind {
  if (/^__/.test(name)) return 'device-intrinsic';
  if (/^[A-Z][A-Z0-9_]+$/.test(name)) return 'constant';
  if (/_t$/.test(name) || /^CU[a-z]/.test(name)) return 'type';
  if (/^cuda/.test(name)) return 'runtime-call';
  if (/^cu[A-Z]/.test(name)) return 'driver-call';
  return 'library-call';
}

/** Removes template argument lists and whitespace: `cub::BlockReduce<T, 128>::TempStorage` → `cub::BlockReduce::TempStorage`. */
export function stripTemplateArgs(text: string): string {
  let out = text.replace(/\s+/g, '');
  for (let guard = 0; guard < 16 && /<[^<>]*>/.test(out); guard++) out = out.replace(/<[^<>]*>/g, '');
  return out;
}
