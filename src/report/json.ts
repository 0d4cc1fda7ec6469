// The JSON report: the Report itself, keys in a fixed order, no timestamps, so the same input gives
// the same bytes. Schema: docs/report-schema.json.
import type { Report } from './build.js';

export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
