// Pull-request mode: the lines added or changed since the merge-base with a ref, from git.
// git runs with execFile and fixed arguments (no shell), in the scanned tree's repository, with the
// settings that could run a program from the repository turned off (external diff, textconv, fsmonitor).
import { createRequire } from 'node:module';
// node:child_process is loaded when git is first run: a scan outside pull-request mode never runs it here.
const childProcess = () => createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
import { realpathSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';

/** A git invocation or a ref that cannot be used: exit code 2. */
export class ChangedLinesError extends Error {}

export interface ChangedLines {
  ref: string;
  mergeBase: string;
  /** Repository root (absolute, real path). */
  root: string;
  /** Changed line numbers per file path relative to the root (forward slashes). */
  lines: Map<string, Set<number>>;
}

// Never let repository configuration start a program: no external diff or textconv driver, no fsmonitor hook.
const SAFE = ['-c', 'core.fsmonitor=false', '-c', 'diff.external=', '-c', 'core.pager=cat'];

function git(cwd: string, args: string[]): string {
  return childProcess().execFileSync('git', [...SAFE, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
}

function gitError(e: unknown): string {
  const err = e as { stderr?: string; message: string; code?: string };
  if (err.code === 'ENOENT') return 'git is not installed (or not on PATH)';
  return (err.stderr || err.message).trim().split('\n')[0] ?? '';
}

/** The changed lines between the merge-base of `ref` and HEAD and the working tree, for the repository at `path`. */
export function changedLinesSince(ref: string, path: string): ChangedLines {
  const abs = resolve(path);
  const cwd = statSync(abs, { throwIfNoEntry: false })?.isDirectory() ? abs : dirname(abs);
  let root: string;
  try {
    root = realpathSync(git(cwd, ['rev-parse', '--show-toplevel']).trim());
  } catch (e) {
    throw new ChangedLinesError(`--changed-since needs a git repository: ${path} is not in one (${gitError(e)})`);
  }
  try {
    git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  } catch {
    throw new ChangedLinesError(`--changed-since ${ref}: no such commit or branch in ${root} (in CI, fetch it first: git fetch origin ${ref})`);
  }
  let mergeBase: string;
  try {
    mergeBase = git(root, ['merge-base', '--end-of-options', ref, 'HEAD']).trim();
  } catch (e) {
    const shallow = safeShallow(root);
    throw new ChangedLinesError(
      `--changed-since ${ref}: no merge-base between ${ref} and HEAD` +
        (shallow ? ' (this is a shallow clone: fetch more history, e.g. git fetch --unshallow or actions/checkout with fetch-depth: 0)' : ` (${gitError(e)})`),
    );
  }
  const diff = git(root, ['diff', '--no-ext-diff', '--no-textconv', '--no-color', '--no-renames', '--unified=0', '--diff-filter=AM', mergeBase, '--']);
  return { ref, mergeBase, root, lines: parseUnifiedDiff(diff) };
}

function safeShallow(root: string): boolean {
  try {
    return git(root, ['rev-parse', '--is-shallow-repository']).trim() === 'true';
  } catch {
    return false;
  }
}

/** Added and changed line numbers (new side) per file from `git diff --unified=0` output. */
export function parseUnifiedDiff(diff: string): Map<string, Set<number>> {
  const lines = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const target = line.slice(4);
      current = undefined;
      if (target === '/dev/null') continue;
      const path = unquote(target).replace(/^b\//, '');
      current = lines.get(path) ?? new Set();
      lines.set(path, current);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && current) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      for (let n = start; n < start + count; n++) current.add(n);
    }
  }
  return lines;
}

/** git quotes unusual paths C-style ("b/a\tb.cu"); undo the common escapes. */
function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[++i]!;
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else {
      bytes.push(({ n: 10, t: 9, '"': 34, '\\': 92 } as Record<string, number>)[next] ?? next.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A predicate on (absolute file path, line range): whether any line in the range changed. */
export function changeFilter(changed: ChangedLines): (absPath: string, from: number, to: number) => boolean {
  const relativeOf = new Map<string, string | undefined>();
  const relativePath = (absPath: string) => {
    if (!relativeOf.has(absPath)) {
      let rel: string | undefined;
      try {
        rel = relative(changed.root, realpathSync(absPath)).split(sep).join('/');
      } catch {
        rel = undefined;
      }
      relativeOf.set(absPath, rel);
    }
    return relativeOf.get(absPath);
  };
  return (absPath, from, to) => {
    const rel = relativePath(absPath);
    const set = rel === undefined ? undefined : changed.lines.get(rel);
    if (!set) return false;
    for (let n = from; n <= to; n++) if (set.has(n)) return true;
    return false;
  };
}
