#!/usr/bin/env node
// The floor under a cold scan: what parsing alone, and a cursor walk that reads nothing but each node's
// type, cost on the C/C++/CUDA files of some trees, in this thread (run from a built checkout):
//   node bench/parse-floor.mjs [--files LIST] TREE...
// Prints files, MB, nodes, parse CPU-ms and walk CPU-ms (per MB and per node). A scan has to parse every
// file and step through every node it reads (the binding's N-API calls cost ~100-300 ns each), so no
// change to the detectors can make a scan cheaper than parse + walk; compare it with a peer's CPU time
// on the same files (`npm run bench`) to see how far a ratio target is reachable. With --files, the paths
// (one per line, e.g. the C/C++ files the bench gave the peers) are read instead of the trees' files.
import { readdirSync, readFileSync, lstatSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ options: { files: { type: 'string' } }, allowPositionals: true });
const { parse } = await import(resolve('dist/parse/grammars.js'));
const C_FILE = /\.(cu|cuh|c|cc|cpp|cxx|h|hh|hpp|hxx|inl)$/;
const SKIP_DIR = /^(\.git|node_modules)$/;

function list(dir, out) {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    const stat = lstatSync(path);
    if (stat.isDirectory() && !SKIP_DIR.test(entry)) list(path, out);
    else if (stat.isFile() && C_FILE.test(entry)) out.push(path);
  }
  return out;
}
const files = values.files ? readFileSync(values.files, 'utf8').split('\n').filter(Boolean) : positionals.flatMap((t) => list(t, []));
if (!files.length) {
  console.error('usage: parse-floor.mjs [--files LIST] TREE...');
  process.exit(2);
}

const cpuMs = () => process.cpuUsage().user / 1000;
let bytes = 0;
let nodes = 0;
let parseMs = 0;
let walkMs = 0;
for (const file of files) {
  const buffer = readFileSync(file);
  if (buffer.length > 4 * 1024 * 1024) continue; // cuport's default --max-file-size
  const text = buffer.toString('utf8');
  bytes += buffer.length;
  let t = cpuMs();
  const tree = parse(text, 'cuda');
  parseMs += cpuMs() - t;
  t = cpuMs();
  const cursor = tree.walk();
  for (;;) {
    cursor.nodeTypeId; // what any visitor reads first
    nodes++;
    if (cursor.gotoFirstChild()) continue;
    let more = false;
    while (!(more = cursor.gotoNextSibling()) && cursor.gotoParent());
    if (!more) break;
  }
  walkMs += cpuMs() - t;
}
const mb = bytes / 1e6;
console.log(`${files.length} files, ${mb.toFixed(1)} MB, ${(nodes / 1e6).toFixed(2)} M nodes (load ${(await import('node:os')).loadavg()[0].toFixed(1)})`);
console.log(`parse: ${(parseMs / 1000).toFixed(1)} CPU-s (${(parseMs / mb).toFixed(0)} ms/MB)`);
console.log(`walk:  ${(walkMs / 1000).toFixed(1)} CPU-s (${(walkMs / mb).toFixed(0)} ms/MB, ${((walkMs * 1e6) / nodes).toFixed(0)} ns/node)`);
