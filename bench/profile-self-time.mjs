#!/usr/bin/env node
// Sums a V8 .cpuprofile's self time by source file (and the top functions of files matching a pattern):
//   node --cpu-prof --cpu-prof-dir=DIR dist/cli/main.js scan TREE --jobs 0 --no-cache ...
//   node bench/profile-self-time.mjs DIR/*.cpuprofile [FILE-PATTERN] [FUNCTION]
// FUNCTION's inclusive time (everything under it, native binding calls included) is printed too.
// Used to measure one detector's share of a scan (e.g. `python.js`).
import { readFileSync } from 'node:fs';

const [file, pattern = 'python.js', inclusiveOf = 'detectPython'] = process.argv.slice(2);
if (!file) {
  console.error('usage: profile-self-time.mjs PROFILE.cpuprofile [FILE-PATTERN]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
// timeDeltas[i] is the time before sample i: attribute it to that sample's node.
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const byFile = new Map();
const byFunction = new Map();
let total = 0;
for (const [id, us] of self) {
  const { callFrame } = byId.get(id);
  total += us;
  const url = callFrame.url.replace(/^.*\/(dist|src|node_modules)\//, '$1/') || `(${callFrame.functionName || 'native'})`;
  byFile.set(url, (byFile.get(url) ?? 0) + us);
  if (url.includes(pattern)) {
    const key = `${callFrame.functionName || '(anonymous)'} ${url}:${callFrame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
}
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
let inclusive = 0;
for (const [id, us] of self) {
  for (let at = id; at !== undefined; at = parent.get(at)) {
    if (byId.get(at).callFrame.functionName === inclusiveOf) {
      inclusive += us;
      break;
    }
  }
}
const ms = (us) => (us / 1000).toFixed(0).padStart(7);
console.log(`total sampled ${ms(total)} ms`);
for (const [url, us] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${ms(us)} ms  ${url}`);
const matched = [...byFunction.values()].reduce((a, b) => a + b, 0);
console.log(`\n${ms(matched)} ms self in files matching ${pattern}:`);
for (const [key, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${ms(us)} ms  ${key}`);
console.log(`\n${ms(inclusive)} ms inclusive in ${inclusiveOf}`);
