// The prefilter's detector triggers (src/scan/prefilter.ts explains why they are sound): regex sources
// derived from the match table alone. A module of its own, importing nothing of the detectors, so that the
// build (src/rules/compiled.ts) can store them beside the match table and a scan need not derive them
// again (~40 ms a process).
import type { MatchTable } from '../rules/match-table.js';

/** Construct rules (non-identifier rule names) → the source text the detector needs to emit them. */
export const CONSTRUCT_TRIGGERS: Readonly<Record<string, readonly string[]>> = {
  '<<<>>>': ['<<<'], // kernel_call_syntax, and the macro-body tokenizer's launch token
  '.is_cuda()': ['is_cuda'], // TORCH_CHECK(x.is_cuda()): a field_identifier named is_cuda
};

/** Rule names the C/C++ detector never emits: tokens of the build-file detectors, kept in the same table. */
export const BUILD_TOKEN_NAME = /^(build|cmake|bazel|docker|dep):/;

/** Regex sources, one per trigger, whose union matches wherever the C/C++ detector could match; undefined
 *  when a pattern cannot be turned into one (then nothing is filtered). Exported for the tests. */
export function detectorTriggers(table: MatchTable): string[] | undefined {
  const literals = new Set<string>();
  for (const name of Object.keys(table.cppNames)) {
    if (BUILD_TOKEN_NAME.test(name)) continue;
    literals.add(name);
    for (const t of CONSTRUCT_TRIGGERS[name] ?? []) literals.add(t);
  }
  for (const [name] of table.cppQualified) literals.add(longestSegment(name.split('::')));
  for (const path of Object.keys(table.headers)) literals.add(path);
  for (const [prefix] of table.headerPrefixes) literals.add(prefix);

  const patterns: string[] = [];
  for (const source of [...table.unrecognizedCpp, ...table.unrecognizedHeaders]) {
    const piece = unanchoredPiece(source);
    if (piece === undefined) return undefined;
    patterns.push(piece);
  }
  const anyPattern = new RegExp(patterns.join('|'));
  // A literal that holds another trigger (or that a pattern matches inside) adds nothing to the union.
  // Shortest first, so a literal's own triggers are kept before it is looked at; substrings are looked up
  // only at the lengths kept literals have.
  const sorted = [...literals].filter((l) => l && !anyPattern.test(l)).sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const kept = new Set<string>();
  const keptLengths: number[] = [];
  for (const literal of sorted) {
    let held = false;
    for (const k of keptLengths) {
      if (k > literal.length) break;
      for (let i = 0; i + k <= literal.length && !held; i++) held = kept.has(literal.slice(i, i + k));
      if (held) break;
    }
    if (held) continue;
    kept.add(literal);
    if (keptLengths[keptLengths.length - 1] !== literal.length) keptLengths.push(literal.length);
  }
  return [...patterns, ...[...kept].map(escape)];
}

/** `^cuda[A-Z]\w*$` → `cuda[A-Z]\w*`; `^(at|c10|torch)::cuda::` → `cuda`. Undefined when the source has an
 *  alternation or anchor the split cannot handle soundly. */
function unanchoredPiece(source: string): string | undefined {
  const pieces = source.split('::').map((p) => p.replace(/^\^/, '').replace(/\$$/, '')).filter((p) => p !== '');
  if (pieces.length === 0) return undefined;
  // A plain literal piece (a whole segment) is the most selective; otherwise the first piece.
  const literal = pieces.filter((p) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p)).sort((a, b) => b.length - a.length)[0];
  const piece = literal ?? pieces[0]!;
  // A top-level `|` or an inner anchor would make the piece mean something else once cut out.
  if (/(^|[^\\])[\^$]/.test(piece) || hasTopLevelBar(piece)) return undefined;
  try {
    new RegExp(piece);
  } catch {
    return undefined;
  }
  return piece;
}

function hasTopLevelBar(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

function longestSegment(segments: string[]): string {
  return segments.filter(Boolean).sort((a, b) => b.length - a.length || (a < b ? -1 : 1))[0] ?? '';
}

export function escape(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
