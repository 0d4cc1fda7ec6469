#!/usr/bin/env node
// Benchmark a scan: `npm run bench -- DIR [--jobs N] [--runs K]`.
// Prints files, lines, MB, wall time, files/s and peak RSS (the process's maximum resident set,
// worker threads included), plus how long the rule table takes to load. Not a test: no assertions.
import { parseArgs } from 'node:util';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { scan } = await import(join(root, 'dist/scan/scan.js'));
const { loadRuleTable } = await import(join(root, 'dist/rules/compiled.js'));
const { compileRules } = await import(join(root, 'dist/rules/compiled.js'));

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { jobs: { type: 'string' }, runs: { type: 'string' } },
});
if (positionals.length === 0) {
  console.error('usage: npm run bench -- DIR [DIR...] [--jobs N] [--runs K]');
  process.exit(2);
}
const rulesDir = join(root, 'rules');
const jobs = values.jobs ? Number(values.jobs) : availableParallelism();
const runs = values.runs ? Number(values.runs) : 1;

const time = (fn) => {
  const t = performance.now();
  const value = fn();
  return [value, performance.now() - t];
};
const [table, compiledMs] = time(() => loadRuleTable(rulesDir));
const [, yamlMs] = time(() => compileRules(rulesDir));
console.log(`rule table: ${table.rules.length} rules; load ${compiledMs.toFixed(1)} ms precompiled, ${yamlMs.toFixed(0)} ms from YAML with validation`);

for (let run = 1; run <= runs; run++) {
  const start = performance.now();
  const report = await scan({ paths: positionals, rulesDir, jobs });
  const seconds = (performance.now() - start) / 1000;
  const s = report.summary;
  const files = s.filesScanned + s.filesSkipped;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    [
      `run ${run}/${runs}: ${positionals.join(' ')} (--jobs ${jobs})`,
      `  files      ${files} (${s.filesScanned} scanned, ${s.filesSkipped} skipped, ${s.filesWithParseErrors} with parse errors)`,
      `  lines      ${s.lines}`,
      `  size       ${(s.bytes / 1024 / 1024).toFixed(2)} MB`,
      `  wall       ${seconds.toFixed(2)} s`,
      `  files/s    ${(files / seconds).toFixed(0)}`,
      `  lines/s    ${(s.lines / seconds).toFixed(0)}`,
      `  peak RSS   ${peakMb.toFixed(0)} MB`,
      `  findings   ${s.findings} (${Object.entries(s.findingsByKind).map(([k, v]) => `${k} ${v}`).join(', ')})`,
      `  kernels    ${s.kernels}`,
    ].join('\n'),
  );
}
