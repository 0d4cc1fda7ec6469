// The CSV report: one row per finding with its status on every selected target, for spreadsheets.
// RFC 4180 (CRLF line ends, every field quoted when it holds a comma, quote or line break), with a
// guard against formula injection: a cell starting with = + - @ (or tab/CR) gets a leading apostrophe,
// so a spreadsheet shows it as text instead of evaluating a file name like `=HYPERLINK(...)`.
import type { Report } from './build.js';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | undefined): string {
  let s = value === undefined ? '' : String(value);
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function renderCsv(report: Report): string {
  const header = ['file', 'line', 'column', 'name', 'kind', 'rule', 'scope', 'device_code', 'suppressed', 'fingerprint', ...report.targets];
  const findings = [...report.findings].sort(
    (a, b) => compare(a.file, b.file) || a.line - b.line || a.column - b.column || compare(a.name, b.name) || compare(a.ruleId, b.ruleId),
  );
  const rows = findings.map((f) => [
    f.file, f.line, f.column, f.name, f.kind, f.ruleId, f.scope, f.deviceCode ?? false, f.suppression?.kind ?? '', f.fingerprint,
    ...report.targets.map((t) => f.status[t]),
  ]);
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
