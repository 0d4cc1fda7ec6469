// The JSON report: the Report itself, keys in a fixed order, no timestamps, so the same input gives
// the same bytes. Schema: docs/report-schema.json. Produced in pieces (one per top-level field and per
// array element) so a report of 100,000 files is never one string, which V8 caps at ~512 MB.
import type { Report } from './build.js';

export function renderJson(report: Report): string {
  return [...jsonChunks(report)].join('');
}

/** The same bytes as JSON.stringify(report, null, 2) + '\n', in pieces. */
export function* jsonChunks(report: Report): Generator<string> {
  const entries = Object.entries(report).filter(([, v]) => v !== undefined);
  yield '{';
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i]!;
    const tail = i < entries.length - 1 ? ',' : '';
    if (Array.isArray(value) && value.length) {
      yield `\n  ${JSON.stringify(key)}: [`;
      // Several elements per piece (one stringify per finding cost twice the time): the array's stringify
      // without its brackets, indented one more level, is the same bytes. How many: as many as keep a piece
      // near PIECE_CHARS, learnt from the piece before, from one element up (a finding is ~700 bytes, a kernel can be kilobytes).
      let per = 1;
      for (let j = 0; j < value.length; ) {
        const end = Math.min(j + per, value.length);
        const piece = nestedElements(value.slice(j, end));
        yield `${piece}${end < value.length ? ',' : ''}`;
        j = end;
        if (piece.length > PIECE_CHARS && per > 1) per >>= 1;
        else if (piece.length < PIECE_CHARS / 4 && per < 1024) per <<= 1;
      }
      yield `\n  ]${tail}`;
    } else {
      yield `\n  ${JSON.stringify(key)}: ${nestedValue(value)}${tail}`;
    }
  }
  yield entries.length ? '\n}\n' : '}\n';
}

// ~48 K characters: a piece stays a young-generation string (V8 puts strings over 128 KB in the
// large-object space, which only a full collection frees) and fits the writer's 1 MB buffers (a piece that
// may not is copied into a fresh Buffer). At a fixed 256 findings a piece was neither: writing a
// 368,000-finding report piled up ~190 MB of dead pieces and 60 MB of Buffers (peak 899 -> 702 MB), and the
// bench corpus's cached rescan wrote its report in 406 ms instead of 496-530 (bench/README.md, 2026-12-04).
const PIECE_CHARS = 48 * 1024;

// Text already indented for its depth, written by JSON.stringify itself: wrapped in one more array it
// comes out one level deeper, so only the wrapper's brackets are cut off (re-indenting with a replace of
// every newline cost ~0.2 s on cutlass's 140,000 findings). Newlines in strings are escaped (\n), so
// the wrapper's lines are the only ones cut.
/** A value at depth 1 (a top-level field's value): `[\n  VALUE\n]` without its first 4 and last 2 characters. */
const nestedValue = (value: unknown) => JSON.stringify([value], null, 2).slice(4, -2);
/** Elements at depth 2 (in a top-level array), each on its own line: `[\n  [ELEMENTS\n  ]\n]` without its
 *  first 5 and last 6 characters, so each piece starts with the newline before its first element. */
const nestedElements = (elements: unknown[]) => JSON.stringify([elements], null, 2).slice(5, -6);
