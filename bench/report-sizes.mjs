#!/usr/bin/env node
// Report sizes: lines, bytes, lines over 120 display columns and the widest line of each human and
// machine format on the given trees, for a cuport build (default: this checkout's dist/).
//   node bench/report-sizes.mjs [--cli PATH/dist/cli/main.js] [--lang en|zh-CN] [--detail] DIR [DIR...]
// One scan per format through the CLI with a private cache, so the first format pays for the scan.
// Not a test: no assertions; the numbers go into an issue's closing note.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { cli: { type: 'string' }, lang: { type: 'string' }, detail: { type: 'boolean' }, formats: { type: 'string' } },
});
if (!positionals.length) {
  console.error('usage: node bench/report-sizes.mjs [--cli dist/cli/main.js] [--lang zh-CN] [--detail] DIR [DIR...]');
  process.exit(2);
}
const cli = values.cli ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');
const formats = (values.formats ?? 'text,markdown,html,json').split(',');
const cache = mkdtempSync(join(tmpdir(), 'cuport-sizes-'));
// Two columns for CJK and full-width characters, as the text report counts them (src/report/text-width.ts).
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
const width = (l) => [...l].reduce((n, c) => n + (WIDE.test(c) ? 2 : 1), 0);

console.log(['tree', 'format', 'lines', 'bytes', 'lines>120', 'widest'].join('\t'));
for (const dir of positionals) {
  for (const format of formats) {
    const args = [cli, 'scan', dir, '-q', '--no-config', '--cache', cache, '--format', format];
    if (values.lang) args.push('--lang', values.lang);
    if (values.detail && format === 'text') args.push('--detail');
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== 0 && r.status !== 1) {
      console.error(`${basename(dir)} ${format}: exit ${r.status}\n${r.stderr}`);
      continue;
    }
    const lines = r.stdout.split('\n');
    if (lines.at(-1) === '') lines.pop();
    const widths = lines.map(width);
    console.log([basename(dir), format, lines.length, Buffer.byteLength(r.stdout), widths.filter((w) => w > 120).length, widths.reduce((m, w) => Math.max(m, w), 0)].join('\t'));
  }
}
