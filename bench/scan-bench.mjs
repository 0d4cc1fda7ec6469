#!/usr/bin/env node
// Scan benchmark: cuport against ast-grep and ripgrep on the same files, in one process tree, alternately.
//   npm run bench -- CORPUS... [--jobs N] [--runs K] [--baseline DIST] [--no-peers] [--no-extras]
// CORPUS: fetched source trees (bench/README.md lists the corpus with commits; never committed here).
// Per run and tool: files, MB, CPU-s (user+sys of the whole process tree), wall and peak RSS, from GNU time;
// then the ratios of cuport to each peer, per run (a run is one cuport scan, one ast-grep scan and one rg
// search back to back, so a shared machine's load hits them alike; `uptime` load is printed with each run).
// - cuport: the built CLI (dist/), cold (`--no-cache`), `--jobs N` (default 2), JSON to a file.
// - ast-grep: @ast-grep/cli (PEER_VERSIONS), installed into $CUPORT_BENCH_PEERS (default /tmp/cuport-bench-peers)
//   when missing; two rules (a CUDA-looking call, a CUDA include) over the C/C++/CUDA files cuport scans.
// - rg: `rg -F -w -c -f NAMES` with NAMES = the rule table's C/C++ identifiers (about 8,900, as HIPIFY's CUDA
//   name list), over the same files; from the system (Debian: apt-get install -y ripgrep, tried when root).
// Checks (not timed): the JSON is byte-identical with the prefilter on and off (CUPORT_PREFILTER=0), and with
// --baseline DIST (another build's dist/, e.g. of the main branch) identical to that build's JSON; the
// cached rescan (--cache) gives the same JSON; one-file scan wall time against `node -e 0`.
// Not a test: no assertions on time. Exit code 1 when a JSON check fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { loadRuleTable } = await import(join(dirname(fileURLToPath(import.meta.url)), '..', 'dist/rules/compiled.js'));
const PEER_VERSIONS = { '@ast-grep/cli': '0.51.1' };
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist/cli/main.js');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    jobs: { type: 'string' }, runs: { type: 'string' }, baseline: { type: 'string' },
    'no-peers': { type: 'boolean' }, 'no-extras': { type: 'boolean' },
  },
});
if (positionals.length === 0) {
  console.error('usage: npm run bench -- CORPUS... [--jobs N] [--runs K] [--baseline DIST] [--no-peers] [--no-extras]');
  process.exit(2);
}
const corpora = positionals.map((p) => resolve(p));
const jobs = values.jobs ?? '2';
const runs = Number(values.runs ?? 1);
const work = mkdtempSync(join(tmpdir(), 'cuport-bench-'));
const load = () => loadavg().map((l) => l.toFixed(2)).join(', ');
let failed = false;

/** Runs a command under GNU time; returns wall, CPU (user+sys, children included), peak RSS and stdout size. */
function timed(cmd, args, env = {}) {
  const timeFile = join(work, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%e %U %S %M', cmd, ...args], {
    env: { ...process.env, ...env }, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [wall, user, sys, kb] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString(), wall, cpu: user + sys, rssMb: kb / 1024 };
}

/** How the bin runs as a user's `cuport`: node with the V8 flags its shebang gives (`#!/usr/bin/env -S node
 *  --max-semi-space-size=8`), then the script; a build whose shebang has none gets none. */
function bin(dist) {
  const main = join(dist, 'cli/main.js');
  const shebang = readFileSync(main, 'utf8').split('\n', 1)[0];
  const flags = /^#!\/usr\/bin\/env -S node (.+)$/.exec(shebang)?.[1].trim().split(/\s+/) ?? [];
  return [...flags, main];
}

function cuport(dist, out, extra = [], env = {}) {
  const r = timed(process.execPath, [...bin(dist), 'scan', ...corpora, '--format', 'json', '--no-config', '-q', '--jobs', jobs, '-o', out, ...extra], env);
  if (r.status !== 0) throw new Error(`cuport exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return r;
}

// ---- the files cuport scans (the peers get the same C/C++/CUDA ones) -----------------------------------
const firstJson = join(work, 'first.json');
// This scan is also run 1's cuport measurement (a cold scan of a large corpus takes minutes).
const firstRun = cuport(join(root, 'dist'), firstJson, ['--no-cache']);
const firstLoad = load();
const first = JSON.parse(readFileSync(firstJson, 'utf8'));
const s = first.summary;
const files = first.files.map((f) => f.file);
// Display paths are relative to the working directory, or to the one folder scanned.
const absolute = (display) => (corpora.length === 1 ? join(corpora[0], display) : resolve(display));
const cFiles = first.files.filter((f) => f.language === 'cpp' || f.language === 'cuda').map((f) => absolute(f.file));
console.log(`corpus: ${corpora.join(' ')}`);
console.log(`files: ${files.length} scanned by cuport (${s.filesSkipped} skipped), ${(s.bytes / 1e6).toFixed(1)} MB, ${s.lines} lines; ` +
  `${cFiles.length} C/C++/CUDA files for the peers; cuport --jobs ${jobs}; node ${process.version}`);

// ---- peers ------------------------------------------------------------------------------------------------
function astGrep() {
  const dir = process.env.CUPORT_BENCH_PEERS || '/tmp/cuport-bench-peers';
  const bin = join(dir, 'node_modules/.bin/ast-grep');
  const want = PEER_VERSIONS['@ast-grep/cli'];
  const have = existsSync(bin) ? spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim() : '';
  if (have !== `ast-grep ${want}`) {
    mkdirSync(dir, { recursive: true });
    if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', dir, `@ast-grep/cli@${want}`], { stdio: 'inherit' });
  }
  const config = join(work, 'ast-grep');
  mkdirSync(join(config, 'rules'), { recursive: true });
  writeFileSync(join(config, 'sgconfig.yml'), 'ruleDirs: [rules]\nlanguageGlobs:\n  cpp: ["*.cu", "*.cuh", "*.h", "*.inl", "*.c"]\n');
  writeFileSync(join(config, 'rules/cuda-call.yml'),
    'id: cuda-call\nlanguage: cpp\nrule:\n  kind: call_expression\n  has:\n    field: function\n    regex: ^(cuda|cu[A-Z]|cublas|cudnn|curand|cufft|nccl)\n');
  writeFileSync(join(config, 'rules/cuda-include.yml'),
    'id: cuda-include\nlanguage: cpp\nrule:\n  kind: preproc_include\n  regex: (cuda|cublas|cudnn|curand|cufft|nccl|thrust|cub/|cutlass|cute/)\n');
  return { name: `ast-grep ${want}`, run: () => timed(bin, ['scan', '-c', join(config, 'sgconfig.yml'), '--json=stream', ...cFiles]) };
}

function ripgrep() {
  let rg = spawnSync('rg', ['--version'], { encoding: 'utf8' });
  if (rg.status !== 0 && process.getuid?.() === 0) {
    spawnSync('apt-get', ['install', '-y', 'ripgrep'], { stdio: 'inherit' });
    rg = spawnSync('rg', ['--version'], { encoding: 'utf8' });
  }
  if (rg.status !== 0) return undefined;
  const names = join(work, 'names.txt');
  const rules = loadRuleTable(join(root, 'rules')).rules;
  const idents = new Set();
  for (const r of rules) if (r.language !== 'python') for (const n of [r.cuda, ...(r.aliases ?? [])]) if (/^[A-Za-z_]\w*$/.test(n)) idents.add(n);
  writeFileSync(names, [...idents].sort().join('\n') + '\n');
  return { name: `${rg.stdout.split('\n')[0]} -F -w (${idents.size} names)`, run: () => timed('rg', ['-F', '-w', '-c', '--no-messages', '-f', names, ...cFiles]) };
}

const peers = values['no-peers'] ? [] : [astGrep(), ripgrep()].filter(Boolean);

// ---- timed runs, alternating ----------------------------------------------------------------------------
const fmt = (r) => `${r.cpu.toFixed(1).padStart(7)} CPU-s ${r.wall.toFixed(2).padStart(7)} s wall ${r.rssMb.toFixed(0).padStart(5)} MB peak RSS`;
const rows = [];
for (let run = 1; run <= runs; run++) {
  console.log(`\nrun ${run}/${runs} (load average ${run === 1 ? firstLoad : load()})`);
  const results = [];
  const mine = run === 1 ? firstRun : cuport(join(root, 'dist'), join(work, 'run.json'), ['--no-cache']);
  results.push(['cuport', mine]);
  console.log(`  ${'cuport (this build)'.padEnd(44)} ${fmt(mine)}`);
  if (values.baseline) {
    const base = cuport(resolve(values.baseline), join(work, 'base.json'), ['--no-cache']);
    results.push(['baseline', base]);
    console.log(`  ${`cuport (${values.baseline})`.padEnd(44)} ${fmt(base)}`);
  }
  for (const peer of peers) {
    const r = peer.run();
    results.push([peer.name, r]);
    console.log(`  ${peer.name.padEnd(44)} ${fmt(r)}`);
  }
  for (const [name, r] of results.slice(1)) {
    const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');
    console.log(`  cuport / ${name}: wall ${ratio(mine.wall, r.wall)}, CPU ${ratio(mine.cpu, r.cpu)}`);
  }
  rows.push(results);
}

// ---- checks ---------------------------------------------------------------------------------------------
const same = (a, b, what) => {
  const ok = readFileSync(a).equals(readFileSync(b));
  console.log(`  ${ok ? 'identical' : 'DIFFERENT'}: ${what}`);
  if (!ok) failed = true;
};
console.log(`\nchecks (load average ${load()})`);
const off = join(work, 'off.json');
const offRun = cuport(join(root, 'dist'), off, ['--no-cache'], { CUPORT_PREFILTER: '0' });
console.log(`  prefilter off: ${fmt(offRun)}`);
same(firstJson, off, 'JSON with the prefilter on and off (CUPORT_PREFILTER=0)');
if (values.baseline) same(firstJson, join(work, 'base.json'), `JSON of this build and of ${values.baseline}`);
if (!values['no-extras']) {
  const cache = join(work, 'cache');
  const cold = cuport(join(root, 'dist'), join(work, 'cold.json'), ['--cache', cache]);
  const cached = cuport(join(root, 'dist'), join(work, 'cached.json'), ['--cache', cache]);
  console.log(`  cold scan filling a cache: ${fmt(cold)}\n  cached rescan:             ${fmt(cached)}  (${(cached.wall / cold.wall).toFixed(3)}x cold wall)`);
  same(firstJson, join(work, 'cached.json'), 'JSON of the cached rescan and of the cold scan');
  // One file: the PR-gate case. Start-up against node itself.
  const one = cFiles.find((f) => f.endsWith('.cu')) ?? cFiles[0];
  const walls = { node: [], cuport: [], baseline: [] };
  const oneFile = (dist) => timed(process.execPath, [...bin(dist), 'scan', one, '--format', 'json', '--no-config', '-q', '--no-cache', '-o', join(work, 'one.json')]).wall;
  for (let k = 0; k < 5; k++) {
    walls.node.push(timed(process.execPath, ['-e', '0']).wall);
    walls.cuport.push(oneFile(join(root, 'dist')));
    if (values.baseline) walls.baseline.push(oneFile(resolve(values.baseline)));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  console.log(`  one-file scan (${one}, ${readFileSync(one).length} bytes), median of 5: ${median(walls.cuport).toFixed(2)} s wall` +
    `${values.baseline ? `; baseline ${median(walls.baseline).toFixed(2)} s` : ''}; node -e 0 ${median(walls.node).toFixed(2)} s`);
}
rmSync(work, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
