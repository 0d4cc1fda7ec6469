// The byte-level prefilter: one regular-expression pass over a C/C++/CUDA file's text that says whether
// the detector or the kernel profiler could find anything in it. A file that fails is still parsed (its
// parse errors are reported) but not walked: walking is most of a scan's cost, and a third of a CUDA
// project's bytes are plain C++ with no CUDA token at all.
//
// Sound by construction: every trigger is derived from what produces a finding, never a hand list of
// "CUDA-looking" words.
// - Rule names: a C/C++ rule matches a name only when the name's text is the rule's name (identifiers,
//   macro-body tokens) or, for a qualified rule (`at::cuda::getCurrentCUDAStream`), when every segment is
//   written in the file (aliases and `using namespace` are resolved from the file's own text): any one
//   segment is a trigger, the longest is taken. Include rules match the path as written.
// - `unrecognized` patterns (rules/unrecognized.yaml) are regular expressions anchored on a whole name:
//   the pattern without its anchors matches inside the text wherever it matches a name. A qualified
//   pattern (`^(at|c10|torch)::cuda::`) is split at `::` and one piece kept, as above.
// - Construct tokens (rules/cuda-constructs.yaml) are emitted by the detector on syntax, not on their
//   rule names: CONSTRUCT_TRIGGERS says which source text each one needs (tests/prefilter.test.ts fails
//   on a construct rule without an entry).
// - The kernel profiler records kernels, launches and warp-size constants only where the text has
//   `__global__`/`__device__`, `<<<`, a launch or attribute API, or a warp-size name (PROFILER_TRIGGERS).
//   What it records elsewhere (includes, calls that might pass a kernel to a launcher, file-level function
//   aliases) is recovered exactly: includes by a cheap cursor walk (src/kernels/includes-walk.ts), the
//   rest by profiling the file again after the scan when it names a launcher or a device function's
//   callee (src/scan/deferred-profile.ts).
// A line continuation (backslash-newline) can splice a name out of two lines: such a file always passes.
// CUPORT_PREFILTER=0 in the environment turns the prefilter off (every file is walked), to compare.
import { LIBRARY_QUALIFIER_MACROS } from '../detect/macro-table.js';
import type { MatchTable } from '../rules/match-table.js';
import { ATTRIBUTE_APIS, LAUNCH_APIS } from '../kernels/profile.js';

/** Construct rules (non-identifier rule names) → the source text the detector needs to emit them. */
export const CONSTRUCT_TRIGGERS: Readonly<Record<string, readonly string[]>> = {
  '<<<>>>': ['<<<'], // kernel_call_syntax, and the macro-body tokenizer's launch token
  '.is_cuda()': ['is_cuda'], // TORCH_CHECK(x.is_cuda()): a field_identifier named is_cuda
};

/** Rule names the C/C++ detector never emits: tokens of the build-file detectors, kept in the same table. */
export const BUILD_TOKEN_NAME = /^(build|cmake|bazel|docker|dep):/;

/** The profiler's own triggers beyond the detector's (src/kernels/profile.ts). WARP_SIZE_NAME's spellings
 *  (WARP_SIZE, kWarpSize, warp_size, WARP_SZ, ...) all contain "warp" in some case. Library qualifier
 *  macros (CUTLASS_DEVICE, C10_HOST_DEVICE, ...) declare device code without `__device__` in the file. */
const PROFILER_WORDS = ['__global__', '__device__', '<<<', ...LIBRARY_QUALIFIER_MACROS];
const WARP_WORD = '[Ww][Aa][Rr][Pp]';

export interface Prefilter {
  /** Whether the detector could report anything (a finding, a kernel, a defined CUDA-looking name). */
  detector(text: string): boolean;
  /** Whether the kernel profiler could record a device function, launch, attribute or warp-size constant. */
  profiler(text: string): boolean;
}

const PASS_ALL: Prefilter = { detector: () => true, profiler: () => true };

export function prefilterDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CUPORT_PREFILTER === '0';
}

/** The prefilter for a match table; everything passes when it is disabled or a trigger cannot be derived. */
export function buildPrefilter(table: MatchTable, disabled = prefilterDisabled()): Prefilter {
  if (disabled) return PASS_ALL;
  const detectorSources = detectorTriggers(table);
  if (!detectorSources) return PASS_ALL;
  const detector = new RegExp(detectorSources.join('|'));
  const profiler = new RegExp([...PROFILER_WORDS.map(escape), ...[...Object.keys(LAUNCH_APIS), ...ATTRIBUTE_APIS].map(escape), WARP_WORD].join('|'));
  const spliced = (text: string) => text.includes('\\\n') || text.includes('\\\r');
  return {
    detector: (text) => spliced(text) || detector.test(text),
    profiler: (text) => spliced(text) || profiler.test(text),
  };
}

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

function escape(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
