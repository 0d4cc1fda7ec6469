#!/usr/bin/env node
// Kernel and launch recall on real trees, for the macro / instantiation work (issue 8):
//   node bench/macro-recall.mjs [--before DIR] [--jobs N] TREE...
// DIR is another cuport checkout's root with a built dist/ (the "before" build); this checkout is "after".
// Per tree and build: scan time, kernels found (and through a macro), feature counts (kernels having each
// feature), instantiation evidence, and launch sites: every `<<<` outside comments and strings (counted here,
// by a scanner of this script's own) is tied to a kernel, listed unresolved, or lost. Not a test: no assertions.
import { parseArgs } from 'node:util';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { before: { type: 'string' }, jobs: { type: 'string' }, runs: { type: 'string' } } });
if (!positionals.length) {
  console.error('usage: node bench/macro-recall.mjs [--before CUPORT_ROOT] [--jobs N] TREE...');
  process.exit(2);
}
const jobs = values.jobs ? Number(values.jobs) : 1;
// Scan times are taken over `runs` rounds, the builds alternating within each round (a loaded machine
// slows both alike); the minimum and the median are shown.
const runs = values.runs ? Number(values.runs) : 3;
const builds = [
  ...(values.before ? [{ name: 'before', root: resolve(values.before) }] : []),
  { name: 'after', root: join(dirname(fileURLToPath(import.meta.url)), '..') },
];
for (const b of builds) {
  const dist = join(b.root, 'dist');
  b.scan = (await import(join(dist, 'scan/scan.js'))).scan;
  b.FileScanner = (await import(join(dist, 'scan/scan-file.js'))).FileScanner;
  b.linkKernels = (await import(join(dist, 'kernels/link.js'))).linkKernels;
  // The cross-file macro pass (src/scan/macro-imports.ts), in builds that have it.
  b.macroImports = await import(join(dist, 'scan/macro-imports.js')).then((m) => m.applyMacroImports, () => undefined);
  const { loadRuleTable } = await import(join(dist, 'rules/compiled.js'));
  const { buildMatchTable } = await import(join(dist, 'rules/match-table.js'));
  const rules = loadRuleTable(join(b.root, 'rules'));
  b.table = buildMatchTable(rules.rules, rules.unrecognized);
  b.rulesDir = join(b.root, 'rules');
}
const { discover } = await import(join(builds.at(-1).root, 'dist/discover/discover.js'));

/** Lines of every `<<<` outside comments, string and character literals (raw strings included). */
function chevronLines(text) {
  const lines = [];
  let line = 1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '/' && text[i + 1] === '/') {
      while (i + 1 < n && text[i + 1] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let k = i; k < stop; k++) if (text[k] === '\n') line++;
      i = stop - 1;
    } else if (c === 'R' && text[i + 1] === '"' && !/\w/.test(text[i - 1] ?? '')) {
      const open = text.indexOf('(', i + 2);
      const delim = text.slice(i + 2, open);
      const end = text.indexOf(`)${delim}"`, open);
      const stop = end < 0 ? n : end + delim.length + 2;
      for (let k = i; k < stop; k++) if (text[k] === '\n') line++;
      i = stop - 1;
    } else if (c === '"' || (c === "'" && !/[0-9A-Fa-f]/.test(text[i - 1] ?? ''))) {
      for (i++; i < n && text[i] !== c && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
      if (text[i] === '\n') line++;
    } else if (c === '<' && text[i + 1] === '<' && text[i + 2] === '<') {
      lines.push(line);
      i += 2;
    }
  }
  return lines;
}

/** `__global__` function definitions outside comments/strings/#define lines (explicit instantiations and
 *  prototypes, which end at `;` before any `{`, are not definitions), and `__global__` in #define bodies. */
function globalDefinitions(text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/\/\/[^\n]*/g, '').replace(/"(?:\\.|[^"\\\n])*"/g, '""');
  let definitions = 0;
  let inDefines = 0;
  const lines = code.split('\n');
  for (let k = 0; k < lines.length; k++) {
    if (/^\s*#\s*define\b/.test(lines[k])) {
      let body = lines[k];
      while (/\\\s*$/.test(lines[k]) && k + 1 < lines.length) body += lines[++k];
      inDefines += (body.match(/\b__global__\b/g) ?? []).length;
    }
  }
  const flat = code.replace(/^\s*#\s*define\b(?:\\\n|[^\n])*/gm, '');
  for (const m of flat.matchAll(/\b__global__\b/g)) {
    const rest = flat.slice(m.index, m.index + 4000);
    const brace = rest.indexOf('{');
    const semi = rest.indexOf(';');
    const before = flat.slice(Math.max(0, m.index - 40), m.index);
    if (/\btemplate\s*$/.test(before) || /\bextern\s*$/.test(before)) continue;
    if (brace >= 0 && (semi < 0 || brace < semi)) definitions++;
  }
  return { definitions, inDefines };
}

const C_LANGS = new Set(['cuda', 'cpp']);

for (const tree of positionals) {
  const discovery = await discover([tree], {}, process.cwd());
  const files = discovery.files.filter((f) => C_LANGS.has(f.language));
  let chevrons = 0;
  let grepDefs = 0;
  let grepDefines = 0;
  const texts = new Map();
  for (const f of files) {
    const text = readFileSync(f.path, 'utf8');
    texts.set(f.display, text);
    chevrons += chevronLines(text).length;
    const g = globalDefinitions(text);
    grepDefs += g.definitions;
    grepDefines += g.inDefines;
  }
  console.log(`\n${tree}: ${files.length} C/C++/CUDA files; independent counts: ${grepDefs} __global__ definitions written out, ${grepDefines} __global__ in #define bodies, ${chevrons} <<< outside comments/strings`);

  const times = new Map(builds.map((b) => [b.name, []]));
  const reports = new Map();
  for (let run = 0; run < runs; run++) {
    for (const b of builds) {
      const start = performance.now();
      reports.set(b.name, await b.scan({ paths: [tree], rulesDir: b.rulesDir, jobs }));
      times.get(b.name).push((performance.now() - start) / 1000);
    }
  }
  for (const b of builds) {
    const report = reports.get(b.name);
    const sorted = [...times.get(b.name)].sort((x, y) => x - y);
    const timing = `min ${sorted[0].toFixed(2)} s, median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} s over ${runs} run(s)`;
    const features = {};
    for (const k of report.kernels) for (const f of Object.keys(k.features)) features[f] = (features[f] ?? 0) + 1;
    const featureTotal = Object.values(features).reduce((a, c) => a + c, 0);
    const viaMacro = report.kernels.filter((k) => k.macro).length;
    const instantiated = report.kernels.filter((k) => k.instantiations?.length).length;

    // Launch accounting on the full link output (the report shows only the first launches per kernel).
    const scanner = new b.FileScanner(b.table, { maxFileBytes: 4 * 1024 * 1024 });
    const tasks = files.map((f) => ({ path: f.path, display: f.display, language: f.language }));
    const results = tasks.map((t) => scanner.scan(t));
    let rescanned = 0;
    if (b.macroImports) {
      const plain = new b.FileScanner(b.table, { maxFileBytes: 4 * 1024 * 1024, prefilter: false });
      rescanned = (await b.macroImports(results, tasks, () => plain, async (again) => again.map((t) => plain.scan(t)))).length;
    }
    const scans = [];
    for (const r of results) if (r.kernelScan && !r.skipped) scans.push({ file: r.file, scan: r.kernelScan });
    const linked = b.linkKernels(scans);
    const sites = new Map(); // file → lines where a launch or launcher `<<<` is recorded
    const mark = (file, line) => {
      if (!sites.has(file)) sites.set(file, new Set());
      sites.get(file).add(line);
    };
    let tiedSites = 0;
    const tiedKeys = new Set();
    for (const p of linked.profiles.values()) {
      for (const l of p.launches) {
        mark(l.file, l.line);
        if (l.launcher) mark(l.launcher.file, l.launcher.line);
        const key = `${l.file}:${l.line}`;
        if (!tiedKeys.has(key)) tiedKeys.add(key), tiedSites++;
      }
    }
    for (const u of linked.unresolved) {
      mark(u.file, u.line);
      if (u.launcher) mark(u.launcher.file, u.launcher.line);
    }
    // A launcher's `<<<` (all of them: a macro may launch its parameter in several branches) is accounted
    // for by its calls, tied or unresolved.
    const usedLaunchers = new Set();
    for (const p of linked.profiles.values()) for (const l of p.launches) if (l.launcher && l.macro) usedLaunchers.add(l.macro);
    for (const u of linked.unresolved) {
      const m = /(?:macro|launcher|function) ([A-Za-z_]\w*)/.exec(u.reason ?? '');
      if (m) usedLaunchers.add(m[1]);
    }
    for (const { file, scan } of scans) for (const l of scan.launchers) if (usedLaunchers.has(l.name)) mark(file, l.line);
    const reasons = {};
    for (const u of linked.unresolved) {
      // The reason without the macro's own name, so that reasons group.
      const r = u.reason ? u.reason.replace(/(macro|launcher|function) [A-Za-z_]\w*/, '$1 X') : 'no definition in the scan';
      reasons[r] = (reasons[r] ?? 0) + 1;
    }
    // A `<<<` is accounted for when a launch is recorded on its line or above it, after the previous `<<<`
    // of the file and at most 30 lines up: a launch is recorded at the kernel's name, which a template
    // argument list written one per line can put several lines above its `<<<`.
    let lost = 0;
    const lostAt = [];
    for (const [file, text] of texts) {
      const seen = sites.get(file) ?? new Set();
      let previous = 0;
      for (const line of chevronLines(text)) {
        const from = Math.max(previous + 1, line - 30);
        const accounted = [...seen].some((l) => l >= from && l <= line);
        previous = line;
        if (!accounted) {
          lost++;
          if (lostAt.length < (Number(process.env.LOST_SHOWN) || 5)) lostAt.push(`${file}:${line}`);
        }
      }
    }
    console.log(
      [
        `  ${b.name}: scan ${timing} (--jobs ${jobs})${b.macroImports ? `; rescanned with header macros ${rescanned} file(s)` : ''}`,
        `    kernels ${report.kernels.length} (through a macro ${viaMacro}, with instantiation evidence ${instantiated})`,
        `    launch sites tied ${tiedSites}, unresolved ${linked.unresolved.length}, <<< lost ${lost}${lostAt.length ? ` (e.g. ${lostAt.join(', ')})` : ''}`,
        `    unresolved by reason: ${Object.entries(reasons).sort().map(([r, c]) => `${r} ${c}`).join('; ') || '-'}`,
        `    feature × kernel ${featureTotal}: ${Object.entries(features).sort().map(([f, c]) => `${f} ${c}`).join(', ')}`,
      ].join('\n'),
    );
  }
}
