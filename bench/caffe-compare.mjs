#!/usr/bin/env node
// Compares cuport's DCU estimate of a tree before a port with the real port's diff.
// Usage: node bench/caffe-compare.mjs BEFORE_TREE AFTER_TREE [TARGET=dcu]
// (e.g. BVLC/caffe at 2317fa19 and ROCm/hipCaffe at 4ec5d482, fetched outside the repository).
// Prints the minimal and full port hours, the top causes, and the Spearman rank correlation between
// per-file likely hours and per-file changed lines (diff of the two trees) over the files both touch.
// hipCaffe renames a kernel file X.cu to X_hip.cpp: such a pair is compared as one file.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [before, after, target = 'dcu'] = process.argv.slice(2);
if (!before || !after) {
  process.stderr.write('usage: node bench/caffe-compare.mjs BEFORE_TREE AFTER_TREE [TARGET]\n');
  process.exit(2);
}
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');
const report = JSON.parse(execFileSync('node', [cli, 'scan', before, '--format', 'json', '--quiet', '--no-config', '--target', target], { maxBuffer: 1 << 30 }).toString());
const ts = report.targetSummaries[target];

/** Lines added plus removed between two files (`diff` of the two; a missing side counts all lines). */
function changedLines(a, b) {
  const r = spawnSync('diff', [existsSync(a) ? a : '/dev/null', existsSync(b) ? b : '/dev/null'], { maxBuffer: 1 << 28 });
  return r.stdout.toString().split('\n').filter((l) => l.startsWith('< ') || l.startsWith('> ')).length;
}
const counterpart = (file) => {
  if (existsSync(join(after, file))) return file;
  const hip = file.replace(/\.cu$/, '_hip.cpp');
  return existsSync(join(after, hip)) ? hip : file;
};

const rank = (xs) => {
  const order = xs.map((v, i) => [v, i]).sort((p, q) => p[0] - q[0]);
  const r = new Array(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) r[order[k][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
};
const pearson = (a, b) => {
  const n = a.length, ma = a.reduce((s, v) => s + v, 0) / n, mb = b.reduce((s, v) => s + v, 0) / n;
  let num = 0, da = 0, db = 0;
  for (let i = 0; i < n; i++) { num += (a[i] - ma) * (b[i] - mb); da += (a[i] - ma) ** 2; db += (b[i] - mb) ** 2; }
  return num / Math.sqrt(da * db);
};

const pairs = [];
for (const { file, likelyHours } of ts.estimate.fileHours) {
  const lines = changedLines(join(before, file), join(after, counterpart(file)));
  if (lines > 0) pairs.push({ file, hours: likelyHours, lines });
}
const rho = pairs.length > 2 ? pearson(rank(pairs.map((p) => p.hours)), rank(pairs.map((p) => p.lines))) : NaN;
const fmt = (r) => `${r[1]} h [${r[0]}–${r[2]}]`;
console.log(`${target}: minimal port ${fmt(ts.minimal.total)}; full port ${fmt(ts.estimate.total)}`);
console.log(`optional features left out of the minimal port: ${ts.optionalFeatures.map((f) => `${f.macro} (${f.findings})`).join(', ') || 'none'}`);
console.log('top causes (likely hours):');
for (const c of ts.estimate.causes.slice(0, 10)) console.log(`  ${c.likelyHours}\t${c.name} (${c.status}) in ${c.places.length} file(s)`);
console.log(`per-file Spearman (likely hours vs changed lines) over ${pairs.length} files both touch: ${rho.toFixed(3)}`);
