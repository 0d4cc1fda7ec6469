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
      // A few hundred elements per piece (one stringify per finding cost twice the time): the array's
      // stringify without its brackets, indented one more level, is the same bytes.
      for (let j = 0; j < value.length; j += ELEMENTS_PER_PIECE) {
        yield `${nestedElements(value.slice(j, j + ELEMENTS_PER_PIECE))}${j + ELEMENTS_PER_PIECE < value.length ? ',' : ''}`;
      }
      yield `\n  ]${tail}`;
    } else {
      yield `\n  ${JSON.stringify(key)}: ${nestedValue(value)}${tail}`;
    }
  }
  yield entries.length ? '\n}\n' : '}\n';
}

const ELEMENTS_PER_PIECE = 256;

// Text already indented for its depth, written by JSON.stringify itself: wrapped in one more array it
// comes out one level deeper, so only the wrapper's brackets are cut off (re-indenting with a replace of
// every newline cost ~0.2 s on cutlass's 140,000 findings). Newlines in strings are escaped (\n), so
// the wrapper's lines are the only ones cut.
/** A value at depth 1 (a top-level field's value): `[\n  VALUE\n]` without its first 4 and last 2 characters. */
const nestedValue = (value: unknown) => JSON.stringify([value], null, 2).slice(4, -2);
/** Elements at depth 2 (in a top-level array), each on its own line: `[\n  [ELEMENTS\n  ]\n]` without its
 *  first 5 and last 6 characters, so each piece starts with the newline before its first element. */
const nestedElements = (elements: unknown[]) => JSON.stringify([elements], null, 2).slice(5, -6);
