// The CSV report: RFC 4180 quoting, formula-injection guard, one row per finding with every target's
// status, same bytes on every run; and `--format csv` through the built CLI.
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvCell, renderCsv } from '../src/report/csv.js';
import { scan } from '../src/scan/scan.js';
import type { Report } from '../src/report/build.js';
import { CLI, RULES_DIR, SAMPLES_DIR } from './helpers.js';

/** A minimal RFC 4180 reader, to check that what we write reads back into the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  return rows;
}

describe('csvCell', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(42)).toBe('42');
  });
  it('defuses cells a spreadsheet would evaluate', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    for (const s of ['+1', '-1', '@SUM(A1)', '\tx']) expect(csvCell(s).replace(/^"/, '')[0]).toBe("'");
    expect(csvCell(-1)).toBe('-1'); // numbers are data, not text
  });
});

describe('renderCsv on samples/', () => {
  let report: Report;
  beforeAll(async () => {
    report = await scan({ paths: [SAMPLES_DIR], rulesDir: RULES_DIR, jobs: 0 });
  });
  it('one row per finding with a status column per target', () => {
    const rows = parseCsv(renderCsv(report));
    expect(rows[0]).toEqual(['file', 'line', 'column', 'name', 'kind', 'rule', 'scope', 'device_code', 'suppressed', 'fingerprint', 'musa', 'cann', 'birensupa', 'dcu']);
    expect(rows).toHaveLength(report.findings.length + 1);
    for (const r of rows) expect(r).toHaveLength(rows[0]!.length);
    const malloc = rows.find((r) => r[0] === 'cuda-app/src/main.cu' && r[1] === '97' && r[3] === 'cudaMalloc')!;
    const f = report.findings.find((x) => x.file === 'cuda-app/src/main.cu' && x.line === 97 && x.name === 'cudaMalloc')!;
    expect(malloc.slice(10)).toEqual(report.targets.map((t) => f.status[t]));
  });
  it('is sorted by file and line, whatever the order of the findings', () => {
    const shuffled = { ...report, findings: [...report.findings].reverse() };
    expect(renderCsv(shuffled)).toBe(renderCsv(report));
  });
});

describe('cuport scan --format csv', () => {
  it('prints the CSV for the chosen targets', () => {
    const r = spawnSync(process.execPath, [CLI, 'scan', SAMPLES_DIR, '--format', 'csv', '--target', 'dcu,musa'], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
    expect(r.status).toBe(0);
    const rows = parseCsv(r.stdout);
    expect(rows[0]!.slice(-2)).toEqual(['musa', 'dcu']);
    expect(rows.length).toBeGreaterThan(50);
  });
});
