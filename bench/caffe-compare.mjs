#!/usr/bin/env node
// Compares cuport's DCU estimate of a tree before a port with the real port's diff.
// Usage: node bench/caffe-compare.mjs BEFORE_TREE AFTER_TREE [TARGET=dcu]
// (e.g. BVLC/caffe at 2317fa19 and ROCm/hipCaffe at 4ec5d482, fetched outside the repository).
// Prints the minimal and full port hours, the top causes, and the Spearman rank correlation between
// per-file likely hours and per-file changed lines (diff of the two trees) over the files both touch.
// hipCaffe renames a kernel file X.cu to X_hip.cpp: such a pair is compared as one file.
// Then the cost drivers: the real diff's changed lines per layer (cuDNN layers, common/math functions,
// kernels) against cuport's `drivers` for the same layers, in order. The diff's layers are read from
// the file names: `cudnn` in the path → cuDNN layers; Caffe's common.* and math_functions.* and every
// other host-side C/C++ file → common/math functions; other .cu files → kernels. Tests, docs and build
// files are left out (cuport's estimate covers product code; the setup covers the build).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
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

// Cost drivers, in order.
const HOST = /\.(c|cc|cpp|cxx|h|hh|hpp|hxx)$/;
const layerOfFile = (file) => {
  if (/(^|\/)(test|tests|docs?|examples|scripts|python|matlab|cmake)(\/|$)/.test(file) || !(HOST.test(file) || /\.cuh?$/.test(file))) return undefined;
  if (/cudnn/i.test(file)) return 'cuDNN layers';
  if (/(^|\/)(common|math_functions)\.[a-z]+$/.test(file) || HOST.test(file)) return 'common/math functions';
  return 'kernels';
};
const realLines = new Map();
const filesOf = (root) => readdirSync(root, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => relative(root, join(e.parentPath ?? e.path, e.name)));
// Every file of either tree, named as in the before tree (X_hip.cpp is X.cu's port).
// A new X_hip.cpp beside a kept X.cu is a new file of its own.
const asBefore = (f) => {
  const cu = f.replace(/_hip\.cpp$/, '.cu');
  return existsSync(join(before, f)) || cu === f || existsSync(join(after, cu)) ? f : cu;
};
const names = new Set([...filesOf(before), ...filesOf(after).map(asBefore)]);
for (const file of [...names].sort()) {
  const layer = layerOfFile(file);
  if (!layer) continue;
  const lines = changedLines(join(before, file), join(after, counterpart(file)));
  if (lines) realLines.set(layer, (realLines.get(layer) ?? 0) + lines);
}
const driverHours = new Map(ts.estimate.drivers.map((d) => [d.name, d.likelyHours]));
const cuportLayer = {
  'cuDNN layers': driverHours.get('cuDNN layers') ?? 0,
  'common/math functions': (driverHours.get('runtime and driver API') ?? 0) + (driverHours.get('math libraries') ?? 0),
  kernels: driverHours.get('kernels') ?? 0,
};
const order = (m) => Object.entries(m).sort((a, b) => b[1] - a[1]).map(([k]) => k);
const real = order(Object.fromEntries(realLines));
const ours = order(cuportLayer);
console.log('cost drivers (cuport full port, likely hours):');
for (const d of ts.estimate.drivers) console.log(`  ${d.likelyHours}\t${d.name} (${d.files} files): ${d.causes.join(', ')}`);
console.log(`real diff, changed lines per layer: ${real.map((k) => `${k} ${realLines.get(k)}`).join(' > ')}`);
console.log(`cuport, likely hours per layer:     ${ours.map((k) => `${k} ${Math.round(cuportLayer[k] * 10) / 10}`).join(' > ')}`);
console.log(`driver order matches: ${real.join(',') === ours.join(',') ? 'yes' : 'no'}`);
