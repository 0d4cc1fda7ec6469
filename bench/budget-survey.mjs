// Bench: the per-file work of real trees, to set and check the work budgets (src/scan/budget.ts): for
// every C/C++/CUDA/Python file, its syntax-tree nodes, findings and scan time; prints the largest of each.
// Not a test: the times depend on the machine's load. Trees are given as paths (fetched, never committed).
// Usage: npm run build && node bench/budget-survey.mjs TREE [TREE...]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url);
const { parse } = await import(new URL('parse/grammars.js', dist));
const { loadRuleTable } = await import(new URL('rules/compiled.js', dist));
const { buildMatchTable } = await import(new URL('rules/match-table.js', dist));
const { FileScanner } = await import(new URL('scan/scan-file.js', dist));
const { languageOf } = await import(new URL('discover/discover.js', dist));

const trees = process.argv.slice(2);
if (!trees.length) {
  console.error('usage: node bench/budget-survey.mjs TREE [TREE...]');
  process.exit(2);
}
const rules = loadRuleTable(new URL('../rules', import.meta.url).pathname);
const table = buildMatchTable(rules.rules, rules.unrecognized);
// No budgets while measuring: the survey wants the figures, not the skips.
const scanner = new FileScanner(table, { maxFileBytes: 4 * 1024 * 1024, budgets: { maxNodes: Infinity, maxFindings: Infinity, maxDetectMillis: Infinity } });

const rows = [];
const visit = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) { if (entry.name !== '.git' && entry.name !== 'node_modules') visit(path); continue; }
    if (!entry.isFile()) continue;
    const language = languageOf(path);
    if (language !== 'cuda' && language !== 'cpp' && language !== 'python') continue;
    if (statSync(path).size > 4 * 1024 * 1024) continue;
    const text = readFileSync(path, 'utf8');
    const nodes = parse(text, language === 'python' ? 'python' : 'cuda').rootNode.descendantCount;
    const started = performance.now();
    const result = scanner.scan({ path, display: path, language });
    rows.push({ path, nodes, findings: result.findings.length, ms: Math.round(performance.now() - started), skipped: result.skipped?.reason });
  }
};
for (const tree of trees) visit(tree);
for (const key of ['nodes', 'findings', 'ms']) {
  console.log(`largest by ${key}:`);
  for (const r of [...rows].sort((a, b) => b[key] - a[key]).slice(0, 3)) console.log(`  ${r[key]}\t${r.path}${r.skipped ? ` (${r.skipped})` : ''}`);
}
console.log(`files: ${rows.length}`);
