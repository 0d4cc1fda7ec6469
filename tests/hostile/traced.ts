// Runs the built CLI with every open logged (open-log.mjs) and says what it opened outside the places
// it may read: the trees it was given, its own installation (dist, rules, node_modules) and its cache.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, ROOT } from '../helpers.js';

const HOOK = fileURLToPath(new URL('./open-log.mjs', import.meta.url));

export interface TracedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Real paths cuport opened or listed outside `allowed`, cuport's own files and its cache (sorted, unique). */
  outside: string[];
}

export function runTraced(args: string[], allowed: string[], options: { cwd?: string; timeout?: number } = {}): TracedRun {
  const work = mkdtempSync(join(tmpdir(), 'cuport-trace-'));
  const log = join(work, 'opened.log');
  const cache = join(work, 'cache');
  const r = spawnSync(process.execPath, ['--import', HOOK, CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: '1', CUPORT_OPEN_LOG: log, XDG_CACHE_HOME: cache },
    timeout: options.timeout ?? 60_000,
    maxBuffer: 256 * 1024 * 1024,
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  let opened: string[] = [];
  try {
    opened = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  } catch {
    // nothing opened at all (the hook writes the log on the first open)
  }
  const roots = [realpathSync(ROOT), ...ownGitDir(), realpathSync(work), ...allowed.map((a) => realpathSync(a))];
  const inside = (path: string) => roots.some((root) => path === root || path.startsWith(root + sep));
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, outside: [...new Set(opened.filter((p) => !inside(p)))].sort() };
}

/** Scanning the samples reads the git index of cuport's own work tree: in a `git worktree` checkout,
 *  `.git` is a file pointing to the git directory elsewhere, which is part of that tree. */
function ownGitDir(): string[] {
  const dotGit = join(ROOT, '.git');
  try {
    if (!statSync(dotGit).isFile()) return [];
    const m = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'));
    return m ? [realpathSync(resolve(ROOT, m[1]!.trim()))] : [];
  } catch {
    return [];
  }
}
