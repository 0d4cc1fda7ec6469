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
        const part = JSON.stringify(value.slice(j, j + ELEMENTS_PER_PIECE), null, 2);
        yield `${indent(part.slice(1, -2), '  ')}${j + ELEMENTS_PER_PIECE < value.length ? ',' : ''}`;
      }
      yield `\n  ]${tail}`;
    } else {
      yield `\n  ${JSON.stringify(key)}: ${indent(JSON.stringify(value, null, 2), '  ')}${tail}`;
    }
  }
  yield entries.length ? '\n}\n' : '}\n';
}

const ELEMENTS_PER_PIECE = 256;

const indent = (json: string, by: string) => json.replace(/\n/g, `\n${by}`);
