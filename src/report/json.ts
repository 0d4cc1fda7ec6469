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
      for (let j = 0; j < value.length; j++) {
        yield `\n    ${indent(JSON.stringify(value[j] ?? null, null, 2), '    ')}${j < value.length - 1 ? ',' : ''}`;
      }
      yield `\n  ]${tail}`;
    } else {
      yield `\n  ${JSON.stringify(key)}: ${indent(JSON.stringify(value, null, 2), '  ')}${tail}`;
    }
  }
  yield entries.length ? '\n}\n' : '}\n';
}

const indent = (json: string, by: string) => json.replace(/\n/g, `\n${by}`);
