#!/usr/bin/env node
// detectPython alone, without the scan around it or a profiler: every .py under the trees is parsed once,
// then the detector runs over all of them 5 times; prints the times and the median in ms/MB. Run from a
// built checkout, once per build to compare (alternate them: the machine's load moves the figures):
//   node bench/python-detect-time.mjs TREE...
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const trees = process.argv.slice(2);
if (!trees.length) {
  console.error('usage: python-detect-time.mjs TREE...');
  process.exit(2);
}
const dist = (path) => import(resolve('dist', path));
const { loadRules } = await dist('rules/load.js');
const { buildMatchTable, loadUnrecognized } = await dist('rules/match-table.js');
const { CppMatcher } = await dist('detect/cpp-matcher.js');
const { detectPython } = await dist('detect/python.js');
const { parse } = await dist('parse/grammars.js');
const table = buildMatchTable(loadRules(resolve('rules')).rules, loadUnrecognized(resolve('rules')));
const matcher = new CppMatcher(table);

const pythonFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? pythonFiles(join(dir, e.name)) : e.isFile() && e.name.endsWith('.py') ? [join(dir, e.name)] : [],
  );
const files = trees.flatMap(pythonFiles).sort();
let bytes = 0;
const parsed = files.map((file) => {
  const text = readFileSync(file, 'utf8');
  bytes += Buffer.byteLength(text);
  return parse(text, 'python');
});
const times = [];
let findings = 0;
for (let run = 0; run < 5; run++) {
  const started = process.hrtime.bigint();
  findings = 0;
  for (const tree of parsed) findings += detectPython(tree, table, matcher).findings.length;
  times.push(Number(process.hrtime.bigint() - started) / 1e6);
}
const median = [...times].sort((a, b) => a - b)[2];
const mb = bytes / 1e6;
console.log(`${files.length} files, ${mb.toFixed(1)} MB, ${findings} findings; detectPython ms: ${times.map((t) => t.toFixed(0)).join(' ')}; median ${median.toFixed(0)} ms = ${(median / mb).toFixed(0)} ms/MB`);
