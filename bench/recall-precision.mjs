#!/usr/bin/env node
// Recall and precision of cuport's C/C++/CUDA findings against an independent lexer.
// Usage: node bench/recall-precision.mjs TREE [--list N] [--all]   (run `npm run build` first)
//
// Method. The lexer shares nothing with cuport's detector but the rule table's names: it reads every
// cpp rule whose name (or alias) is a plain identifier, strips comments, string and character literals
// and #include lines from each C/C++/CUDA file, and counts each identifier token that is such a name,
// by (file, line, name). cuport's findings on the same tree (`scan --format json`) are restricted to those
// same identifier rules; both are keyed by (file, line, rule), so an alias and its rule's name are one use
// and a kernel definition (rule `__global__`, finding named after the kernel) meets the lexer's `__global__`. recall = matched / lexer tokens, precision = matched /
// cuport findings. A name the lexer sees but cuport does not report is a miss (a true CUDA use cuport
// lost, or a lexer false positive: a project's own variable named like a CUDA name, a member `x.min`);
// a finding the lexer does not see is an extra (cuport reading a macro expansion, a lexer blind spot).
// --list N prints the N most frequent rules of each kind; --all prints every miss and extra with its
// source line (`miss|extra file:line rule | text`), for classifying them by hand.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const args = process.argv.slice(2);
const tree = args.find((a) => !a.startsWith('--'));
const listIdx = args.indexOf('--list');
const listN = listIdx >= 0 ? Number(args[listIdx + 1]) : 0;
const showAll = args.includes('--all');
if (!tree) {
  process.stderr.write('usage: node bench/recall-precision.mjs TREE [--list N] [--all]\n');
  process.exit(2);
}
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RULES = join(ROOT, 'rules');

// ---------------------------------------------------------------- the rule table's identifier names

const IDENT = /^[A-Za-z_]\w*$/;
const docs = [
  ...readdirSync(RULES).filter((f) => f.endsWith('.yaml')).map((f) => YAML.parse(readFileSync(join(RULES, f), 'utf8'))),
  ...readdirSync(join(RULES, 'generated')).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(RULES, 'generated', f), 'utf8'))),
].filter((d) => d?.rules && d.language === 'cpp');
/** identifier → rule id, and rule id → true for the rules compared. */
const nameToRule = new Map();
for (const d of docs) for (const r of d.rules) for (const n of [r.cuda, ...(r.aliases ?? [])]) if (IDENT.test(n) && r.kind !== 'header') nameToRule.set(n, r.id);
const comparedRules = new Set(nameToRule.values());

// ---------------------------------------------------------------- the independent lexer

const SOURCE = /\.(cu|cuh|c|cc|cpp|cxx|h|hh|hpp|hxx|inl|inc)$/i;
function walk(dir, out = []) {
  for (const e of readdirSync(dir).sort()) {
    if (e === '.git') continue;
    const p = join(dir, e);
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) walk(p, out);
    else if (st.isFile() && SOURCE.test(e)) out.push(p);
  }
  return out;
}

/** Blanks comments, string/char literals (raw strings too) and #include lines, keeping line breaks. */
export function blank(text) {
  let out = '';
  let i = 0;
  const n = text.length;
  const keepNl = (s) => s.replace(/[^\n]/g, ' ');
  let lineStart = true;
  while (i < n) {
    const c = text[i];
    if (lineStart) {
      const m = /^[ \t]*#[ \t]*include\b[^\n]*/.exec(text.slice(i, i + 400));
      if (m) {
        out += keepNl(m[0]);
        i += m[0].length;
        continue;
      }
    }
    lineStart = c === '\n';
    if (c === '/' && text[i + 1] === '/') {
      let j = i;
      while (j < n && text[j] !== '\n') j += text[j] === '\\' && text[j + 1] === '\n' ? 2 : 1;
      out += keepNl(text.slice(i, j));
      i = j;
    } else if (c === '/' && text[i + 1] === '*') {
      const j = text.indexOf('*/', i + 2);
      const end = j < 0 ? n : j + 2;
      out += keepNl(text.slice(i, end));
      i = end;
    } else if (c === 'R' && text[i + 1] === '"' && !/\w/.test(text[i - 1] ?? '')) {
      const m = /^R"([^(\s]{0,16})\(/.exec(text.slice(i, i + 20));
      const close = m ? text.indexOf(`)${m[1]}"`, i) : -1;
      const end = m && close >= 0 ? close + m[1].length + 2 : i + 1;
      out += m ? keepNl(text.slice(i, end)) : c;
      i = end;
    } else if (c === '"' || (c === "'" && !/[0-9A-Fa-f]/.test(text[i - 1] ?? ''))) {
      let j = i + 1;
      while (j < n && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += keepNl(text.slice(i, j + 1));
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const key = (file, line, name) => `${file}\0${line}\0${name}`;
const lexed = new Map();
for (const path of walk(tree)) {
  const file = relative(tree, path);
  const lines = blank(readFileSync(path, 'latin1')).split('\n');
  lines.forEach((text, i) => {
    for (const m of text.matchAll(/[A-Za-z_]\w*/g)) {
      const id = nameToRule.get(m[0]);
      if (id) lexed.set(key(file, i + 1, id), (lexed.get(key(file, i + 1, id)) ?? 0) + 1);
    }
  });
}

// ---------------------------------------------------------------- cuport's findings

const cli = join(ROOT, 'dist', 'cli', 'main.js');
const report = JSON.parse(execFileSync('node', [cli, 'scan', tree, '--format', 'json', '--quiet', '--no-config'], { maxBuffer: 1 << 30 }).toString());
const found = new Map();
for (const f of report.findings) {
  if (!comparedRules.has(f.ruleId)) continue;
  found.set(key(f.file, f.line, f.ruleId), (found.get(key(f.file, f.line, f.ruleId)) ?? 0) + 1);
}

// ---------------------------------------------------------------- compare

let lexTotal = 0, cuportTotal = 0, matched = 0;
const misses = new Map(), extras = new Map();
for (const [k, c] of lexed) {
  lexTotal += c;
  const f = found.get(k) ?? 0;
  matched += Math.min(c, f);
  if (c > f) misses.set(k, c - f);
}
for (const [k, c] of found) {
  cuportTotal += c;
  const l = lexed.get(k) ?? 0;
  if (c > l) extras.set(k, c - l);
}
const byName = (m) => {
  const out = new Map();
  for (const [k, c] of m) {
    const name = k.split('\0')[2];
    out.set(name, (out.get(name) ?? 0) + c);
  }
  return [...out].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
};
const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) : 'n/a');
console.log(`tree: ${tree}`);
console.log(`files scanned by cuport: ${report.files.length}; skipped: ${report.skipped.length}`);
console.log(`identifier rules compared: ${comparedRules.size}`);
console.log(`lexer tokens: ${lexTotal}; cuport findings: ${cuportTotal}; matched: ${matched}`);
console.log(`recall ${pct(matched, lexTotal)} %  precision ${pct(matched, cuportTotal)} %`);
if (listN) {
  console.log(`misses by name (lexer saw, cuport did not): ${byName(misses).slice(0, listN).map(([n, c]) => `${n} ${c}`).join(', ') || 'none'}`);
  console.log(`extras by name (cuport reported, lexer did not): ${byName(extras).slice(0, listN).map(([n, c]) => `${n} ${c}`).join(', ') || 'none'}`);
  const sample = (m) => [...m.keys()].slice(0, listN).map((k) => k.split('\0').join(':')).join('  ');
  console.log(`miss sample: ${sample(misses)}`);
  console.log(`extra sample: ${sample(extras)}`);
}
if (showAll) {
  const lineOf = new Map();
  const text = (file, line) => {
    if (!lineOf.has(file)) lineOf.set(file, readFileSync(join(tree, file), 'latin1').split('\n'));
    return (lineOf.get(file)[Number(line) - 1] ?? '').trim().slice(0, 160);
  };
  for (const [kind, m] of [['miss', misses], ['extra', extras]]) {
    for (const k of [...m.keys()].sort()) {
      const [file, line, rule] = k.split('\0');
      console.log(`${kind} ${file}:${line} ${rule} x${m.get(k)} | ${text(file, line)}`);
    }
  }
}
