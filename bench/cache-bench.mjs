// Cache benchmark: cold scan vs cached rescan vs pull-request mode with 3 changed files, on a copy of the
// source tree given as the argument (copied into a throwaway git repository: the tree is untouched).
//   node bench/cache-bench.mjs /path/to/tree [--jobs N]
// Prints wall-clock seconds per run. Times on a shared machine vary with its load: run it more than once.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const [repoPath, ...rest] = process.argv.slice(2);
if (!repoPath) {
  console.error('usage: node bench/cache-bench.mjs TREE [--jobs N]');
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'cuport-cache-bench-'));
const clone = join(work, 'repo');
const cache = join(work, 'cache');
const git = (...args) => execFileSync('git', args, { cwd: clone, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
cpSync(repoPath, clone, { recursive: true, filter: (src) => !src.endsWith('/.git') });
git('init', '-q');
git('config', 'user.email', 'bench@example.com');
git('config', 'user.name', 'bench');
git('add', '-A');
git('commit', '-qm', 'base');

function run(label, ...args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, 'scan', '.', '--quiet', '--format', 'json', '--cache', cache, ...rest, ...args], { cwd: clone, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${label}: exit ${r.status}: ${r.stderr}`);
  const report = JSON.parse(r.stdout);
  console.log(`${label.padEnd(34)} ${seconds.toFixed(2).padStart(7)} s   ${report.summary.filesScanned} files, ${report.findings.length} findings reported`);
  return { seconds, stdout: r.stdout };
}

try {
  const cold = run('cold (empty cache)');
  const cached = run('cached rescan (no change)');
  if (cached.stdout !== cold.stdout) throw new Error('cached output differs from the cold output');
  // A pull request: three CUDA files get a line appended, on a branch off the current commit.
  const files = git('ls-files', '*.cu').split('\n').filter(Boolean).slice(0, 3);
  git('checkout', '-q', '-b', 'bench-pr');
  for (const f of files) writeFileSync(join(clone, f), readFileSync(join(clone, f), 'utf8') + '\nvoid cuport_bench_added(void *p) { cudaFree(p); }\n');
  git('commit', '-qam', 'bench change');
  const pr = run(`PR mode (${files.length} changed files)`, '--changed-since', 'HEAD~1');
  // The issue's own case: a full rescan (whole report) after three more files changed.
  const more = git('ls-files', '*.cu').split('\n').filter(Boolean).slice(3, 6);
  for (const f of more) writeFileSync(join(clone, f), readFileSync(join(clone, f), 'utf8') + '\nvoid cuport_bench_more(void *p) { cudaFree(p); }\n');
  const rescan = run(`full rescan (${more.length} more changed files)`);
  const ratio = (r) => (r.seconds / cold.seconds).toFixed(3);
  console.log(`cached / cold = ${ratio(cached)}; PR mode / cold = ${ratio(pr)}; full rescan with changes / cold = ${ratio(rescan)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
