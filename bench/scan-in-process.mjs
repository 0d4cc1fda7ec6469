#!/usr/bin/env node
// Scans trees in this thread (jobs: 0), so that `node --cpu-prof` sees the detectors (worker threads are
// terminated, which writes no profile):
//   node --cpu-prof --cpu-prof-dir=DIR bench/scan-in-process.mjs TREE...   (run from a built checkout)
//   node bench/profile-self-time.mjs DIR/*.cpuprofile python.js detectPython
import { resolve } from 'node:path';

const { scan } = await import(resolve('dist/scan/scan.js'));
const paths = process.argv.slice(2);
if (!paths.length) {
  console.error('usage: scan-in-process.mjs TREE...');
  process.exit(2);
}
const started = process.hrtime.bigint();
const report = await scan({ paths, rulesDir: resolve('rules'), jobs: 0, noCache: true });
const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log(`${report.summary.filesScanned} files, ${report.findings.length} findings, ${ms.toFixed(0)} ms`);
