#!/usr/bin/env node
// Compares tree-sitter-cpp and tree-sitter-cuda on real C/C++/CUDA sources.
//
// Usage: node bench/grammar-compare.mjs [--json] [--worst N] DIR [DIR...]
//
// Every file under each DIR with a C/C++/CUDA extension is parsed with both grammars. Per grammar and
// per extension group it counts files, lines, files whose tree has an ERROR or MISSING node, the total
// number of such nodes, error nodes per 1,000 lines and parse time. The N worst files per grammar (by
// error-node count) are listed with the first ERROR node, to see which construct trips the grammar.
// The table goes to stdout; with --json it goes to stderr and a JSON summary goes to stdout.
// DIRs are only read, never written. Symlinks are not followed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, relative } from 'node:path';

const require = createRequire(import.meta.url);
const Parser = require('cuport-tree-sitter');

const GRAMMARS = { cpp: require('tree-sitter-cpp'), cuda: require('tree-sitter-cuda') };
const GROUPS = {
  '.cu': 'cu/cuh', '.cuh': 'cu/cuh',
  '.c': 'c/cc/cpp/cxx', '.cc': 'c/cc/cpp/cxx', '.cpp': 'c/cc/cpp/cxx', '.cxx': 'c/cc/cpp/cxx',
  '.h': 'h/hpp/hh/inl', '.hpp': 'h/hpp/hh/inl', '.hh': 'h/hpp/hh/inl', '.inl': 'h/hpp/hh/inl',
};
const GROUP_NAMES = ['cu/cuh', 'c/cc/cpp/cxx', 'h/hpp/hh/inl', 'all'];
const MAX_BYTES = 4 * 1024 * 1024;
const SKIP_DIR = /^(\.git|node_modules|build|_build|build-.*|cmake-build-.*)$/;
const TIMEOUT_MICROS = 20_000_000; // same limit as src/parse/grammars.ts

// ---- arguments ----------------------------------------------------------------------------------
const args = process.argv.slice(2);
const json = args.includes('--json');
const worstIdx = args.indexOf('--worst');
const worstN = worstIdx >= 0 ? Number(args[worstIdx + 1]) : 5;
const dirs = args.filter((a, i) => !a.startsWith('--') && !(worstIdx >= 0 && i === worstIdx + 1));
if (dirs.length === 0) {
  console.error('usage: node bench/grammar-compare.mjs [--json] [--worst N] DIR [DIR...]');
  process.exit(2);
}
const out = json ? console.error : console.log;

// ---- file discovery -----------------------------------------------------------------------------
function* walk(dir) {
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    if (ent.isSymbolicLink()) continue; // never follow symlinks
    const p = join(dir, ent.name);
    if (ent.isDirectory()) {
      if (!SKIP_DIR.test(ent.name)) yield* walk(p);
    } else if (ent.isFile() && GROUPS[extname(ent.name).toLowerCase()]) {
      yield p;
    }
  }
}

// ---- error counting -----------------------------------------------------------------------------
/** Counts ERROR and MISSING nodes with a TreeCursor; also returns the first ERROR/MISSING node found. */
function countErrors(tree) {
  const c = tree.walk();
  let count = 0;
  let first = null;
  for (;;) {
    if (c.nodeType === 'ERROR' || c.nodeIsMissing) {
      count++;
      if (!first) first = c.currentNode;
    }
    if (c.gotoFirstChild()) continue;
    while (!c.gotoNextSibling()) {
      if (!c.gotoParent()) return { count, first };
    }
  }
}

// ---- measurement --------------------------------------------------------------------------------
const parsers = Object.fromEntries(
  Object.entries(GRAMMARS).map(([name, lang]) => {
    const p = new Parser();
    p.setLanguage(lang);
    p.setTimeoutMicros(TIMEOUT_MICROS);
    return [name, p];
  }),
);
const emptyStats = () => ({ files: 0, lines: 0, errorFiles: 0, errorNodes: 0, timeouts: 0, parseMs: 0 });
const stats = {}; // stats[grammar][group]
for (const g of Object.keys(GRAMMARS)) stats[g] = Object.fromEntries(GROUP_NAMES.map((n) => [n, emptyStats()]));
const perFile = []; // { file, group, lines, cpp: {...}, cuda: {...} }
const skipped = { tooLarge: 0, notUtf8: 0 };
const utf8 = new TextDecoder('utf-8', { fatal: true });

for (const root of dirs) {
  for (const file of walk(root)) {
    if (statSync(file).size > MAX_BYTES) { skipped.tooLarge++; continue; }
    let text;
    try { text = utf8.decode(readFileSync(file)); } catch { skipped.notUtf8++; continue; }
    const group = GROUPS[extname(file).toLowerCase()];
    const lines = text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    const row = { file: relative(process.cwd(), file), group, lines };
    for (const [g, parser] of Object.entries(parsers)) {
      const t0 = process.hrtime.bigint();
      const tree = parser.parse(text);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const r = tree ? { hasError: tree.rootNode.hasError, ...countErrors(tree) } : { timeout: true, hasError: true, count: 0, first: null };
      row[g] = {
        ms, timeout: !!r.timeout, hasError: r.hasError, errorNodes: r.count,
        firstError: r.first && {
          line: r.first.startPosition.row + 1,
          kind: r.first.type === 'ERROR' ? 'ERROR' : `MISSING ${r.first.type}`,
          text: r.first.text.slice(0, 120).replace(/\s+/g, ' '),
          // The source line where it starts: MISSING nodes have no text, ERROR nodes are often one token.
          sourceLine: text.split('\n', r.first.startPosition.row + 1)[r.first.startPosition.row].trim().slice(0, 160),
        },
      };
      for (const s of [stats[g][group], stats[g].all]) {
        s.files++; s.lines += lines; s.parseMs += ms; s.errorNodes += r.count;
        if (r.hasError) s.errorFiles++;
        if (r.timeout) s.timeouts++;
      }
    }
    perFile.push(row);
  }
}

// ---- report -------------------------------------------------------------------------------------
const pct = (a, b) => (b ? (100 * a) / b : 0);
const perKloc = (s) => (s.lines ? (1000 * s.errorNodes) / s.lines : 0);
const rows = [];
for (const group of GROUP_NAMES) {
  for (const g of Object.keys(GRAMMARS)) {
    const s = stats[g][group];
    if (!s.files) continue;
    const other = g === 'cpp' ? 'cuda' : 'cpp';
    // Files that fail only with this grammar, and files where it finds more error nodes than the other.
    const inGroup = perFile.filter((f) => group === 'all' || f.group === group);
    const onlyThis = inGroup.filter((f) => f[g].hasError && !f[other].hasError).length;
    const moreThanOther = inGroup.filter((f) => f[g].errorNodes > f[other].errorNodes).length;
    rows.push({
      group, grammar: g, files: s.files, lines: s.lines, errorFiles: s.errorFiles,
      errorFilePct: +pct(s.errorFiles, s.files).toFixed(1), onlyThisGrammarErrors: onlyThis, moreErrorsThanOther: moreThanOther,
      errorNodes: s.errorNodes, errorsPerKloc: +perKloc(s).toFixed(2), timeouts: s.timeouts,
      parseMs: Math.round(s.parseMs),
    });
  }
}
const worst = Object.fromEntries(
  Object.keys(GRAMMARS).map((g) => [
    g,
    perFile.filter((f) => f[g].errorNodes > 0 || f[g].timeout)
      .sort((a, b) => b[g].errorNodes - a[g].errorNodes || a.file.localeCompare(b.file))
      .slice(0, worstN)
      .map((f) => ({ file: f.file, lines: f.lines, errorNodes: f[g].errorNodes, otherGrammarErrorNodes: f[g === 'cpp' ? 'cuda' : 'cpp'].errorNodes, firstError: f[g].firstError })),
  ]),
);

const cols = ['group', 'grammar', 'files', 'lines', 'errorFiles', 'errorFilePct', 'onlyThisGrammarErrors', 'moreErrorsThanOther', 'errorNodes', 'errorsPerKloc', 'timeouts', 'parseMs'];
const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
out(`dirs: ${dirs.join(', ')}   skipped: ${skipped.tooLarge} > 4 MiB, ${skipped.notUtf8} not UTF-8`);
out(cols.map((c, i) => c.padEnd(width[i])).join('  '));
for (const r of rows) out(cols.map((c, i) => (typeof r[c] === 'number' ? String(r[c]).padStart(width[i]) : String(r[c]).padEnd(width[i]))).join('  '));
for (const [g, list] of Object.entries(worst)) {
  out(`\nworst ${list.length} files for tree-sitter-${g}:`);
  for (const w of list) {
    const fe = w.firstError;
    out(`  ${w.errorNodes} errors (other grammar: ${w.otherGrammarErrorNodes}), ${w.lines} lines  ${w.file}`);
    if (fe) out(`      first ${fe.kind} at line ${fe.line}: ${JSON.stringify(fe.text)}  | ${fe.sourceLine}`);
  }
}
if (json) console.log(JSON.stringify({ dirs, skipped, rows, worst }, null, 2));
