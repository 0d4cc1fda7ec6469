// Finds the files to scan: a walk of the given paths with file names read as bytes (a name that is not
// UTF-8 is kept, not mangled), nested .gitignore files honoured (the repository root's too, and never
// against a file git tracks), --include/--exclude globs applied, VCS/dependency/build folders skipped.
// Symlinks are not followed unless asked; followed ones are tracked by device+inode so a loop ends and
// no file is listed twice. Symlinks and special files are reported as skipped, never dropped silently.
import { lstatSync, readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { Language, SkipReason } from '../model.js';
import { readFileSafely, SafeOpenError, specialKind } from './safe-open.js';
import { findRepository, trackedFiles } from './git-index.js';
import { displayName, isUtf8 } from './file-names.js';

export const LANGUAGE_BY_EXTENSION: Record<string, Language> = {
  '.cu': 'cuda', '.cuh': 'cuda',
  '.c': 'cpp', '.cc': 'cpp', '.cpp': 'cpp', '.cxx': 'cpp', '.h': 'cpp', '.hpp': 'cpp', '.hh': 'cpp', '.inl': 'cpp',
  '.py': 'python',
};

/** Folders never worth scanning: version control, dependencies, caches and build output. */
export const DEFAULT_SKIPPED_DIRS = [
  '.git', '.hg', '.svn', 'node_modules', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', '.pytest_cache',
  'build', 'dist', 'out', 'cmake-build-*', '_build', '.eggs', '*.egg-info', 'site-packages',
];

export interface DiscoverOptions {
  include?: string[];
  exclude?: string[];
  followSymlinks?: boolean;
  useGitignore?: boolean;
}

export interface DiscoveredFile {
  /** Absolute path, used to read the file: the raw bytes when the name is not valid UTF-8. */
  path: string | Uint8Array;
  /** Path shown in reports: relative to the scan base, with forward slashes. */
  display: string;
  language: Language;
}

export interface Discovery {
  base: string;
  files: DiscoveredFile[];
  /** Paths given on the command line that do not exist. */
  missing: string[];
  /** Paths given on the command line that cannot be scanned (a symlink not followed, a FIFO, a device), with why. */
  refused: string[];
  /** Files found but not listed for scanning (symlinks, special files, unreadable folders), with the reason. */
  skipped: DiscoverySkip[];
}

export interface DiscoverySkip {
  file: string;
  reason: SkipReason;
  message: string;
}

/** Build and dependency files, recognised by their file name (first match wins). */
export const LANGUAGE_BY_FILE_NAME: [pattern: RegExp, language: Language][] = [
  [/^CMakeLists\.txt$|\.cmake(\.in)?$/i, 'cmake'],
  [/^(GNU)?makefile$|^Makefile\.[\w-]+$|\.(mk|mak)$/i, 'make'],
  [/^BUILD(\.bazel)?$|\.bzl$/, 'bazel'],
  [/^(Dockerfile|Containerfile)([.-][\w.-]+)?$|\.dockerfile$/i, 'dockerfile'],
  [/^(requirements|constraints)[\w.-]*\.(txt|in)$/i, 'pip-requirements'],
  [/^pyproject\.toml$/i, 'pyproject'],
  [/^setup\.cfg$/i, 'setup-cfg'],
  [/^(environment|conda)[\w.-]*\.ya?ml$/i, 'conda-env'],
];

export function languageOf(path: string): Language | undefined {
  const byExtension = LANGUAGE_BY_EXTENSION[extname(path).toLowerCase()];
  if (byExtension) return byExtension;
  const name = basename(path);
  // requirements/base.txt, requirements/cuda.txt: a folder of requirement files.
  if (/(^|[\\/])requirements[\\/][\w.-]+\.(txt|in)$/i.test(path)) return 'pip-requirements';
  return LANGUAGE_BY_FILE_NAME.find(([pattern]) => pattern.test(name))?.[1];
}


const toPosix = (p: string) => p.split(sep).join('/');
const skippedDir = picomatch(DEFAULT_SKIPPED_DIRS, { dot: true });
const SEPARATOR = Buffer.from('/');
const MAX_GITIGNORE_BYTES = 4 * 1024 * 1024;

/** The folder report paths are relative to: the single directory scanned, else the working directory. */
export function scanBase(paths: string[], cwd: string): string {
  if (paths.length === 1) {
    const abs = resolve(cwd, paths[0]!);
    try {
      if (statSync(abs).isDirectory()) return abs;
      return dirname(abs);
    } catch {
      /* reported as missing by discover */
    }
  }
  return cwd;
}

/** A path during the walk: its bytes (for the file system) and its printable form (for reports and globs). */
interface WalkPath {
  raw: Buffer;
  shown: string;
}

const child = (dir: WalkPath, name: Buffer): WalkPath => ({
  raw: Buffer.concat([dir.raw, SEPARATOR, name]),
  shown: `${dir.shown}/${displayName(name)}`,
});
const walkPath = (abs: string): WalkPath => ({ raw: Buffer.from(abs), shown: abs });
const identity = (stat: Stats) => `${stat.dev}:${stat.ino}`;

export async function discover(paths: string[], options: DiscoverOptions = {}, cwd = process.cwd()): Promise<Discovery> {
  const base = scanBase(paths, cwd);
  const include = options.include?.length ? picomatch(options.include, { dot: true }) : undefined;
  const exclude = options.exclude?.length ? picomatch(options.exclude, { dot: true }) : undefined;
  const follow = options.followSymlinks ?? false;
  const missing: string[] = [];
  const refused: string[] = [];
  const skipped = new Map<string, DiscoverySkip>();
  const found = new Map<string, DiscoveredFile>();
  // Under --follow-symlinks: every folder and file already listed, by device+inode, so a link back up
  // the tree (a/up -> ..) or to itself ends the walk there and no file is listed twice.
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();

  const display = (p: WalkPath) => toPosix(relative(base, p.shown)) || toPosix(p.shown);
  const skip = (p: WalkPath, reason: SkipReason, message: string) => {
    const file = display(p);
    skipped.set(p.raw.toString('latin1'), { file, reason, message });
  };
  const accept = (p: WalkPath, language: Language, explicit: boolean) => {
    const shown = display(p);
    if (!explicit && include && !include(shown)) return;
    if (exclude && exclude(shown)) return;
    found.set(p.raw.toString('latin1'), { path: isUtf8(p.raw) ? p.shown : p.raw, display: shown, language });
  };
  /** Under --follow-symlinks, whether this file (by device+inode) was already listed. */
  const already = (p: WalkPath, stat?: Stats) => {
    if (!follow) return false;
    const key = identity(stat ?? statSync(p.raw));
    if (seenFiles.has(key)) return true;
    seenFiles.add(key);
    return false;
  };

  const walkTree = (root: WalkPath) => {
    const repository = options.useGitignore === false ? undefined : findRepository(root.shown);
    const anchor = repository ?? root.shown;
    const gitignores = options.useGitignore === false ? undefined : new GitignoreSet(anchor, (p, e) => skip(walkPath(p), e.code, `.gitignore not applied: ${e.message}`));
    const tracked = repository ? trackedFiles(repository) : new Set<string>();
    const anchorRaw = Buffer.from(anchor);
    /** Path relative to the gitignore anchor: printable (for the ignore rules) and as bytes (for the index). */
    const fromAnchor = (p: WalkPath) => ({
      shown: toPosix(relative(anchor, p.shown)),
      key: p.raw.subarray(anchorRaw.length + 1).toString('latin1'),
    });
    const ignored = (p: WalkPath) => {
      if (!gitignores) return false;
      const rel = fromAnchor(p);
      return !tracked.has(rel.key) && gitignores.ignores(rel.shown);
    };

    const folders: WalkPath[] = [root];
    const links: WalkPath[] = [];
    const visitFile = (p: WalkPath, stat?: Stats) => {
      const language = languageOf(p.shown);
      if (!language || ignored(p) || already(p, stat)) return;
      accept(p, language, false);
    };
    // Real folders first, links after: a file reachable both ways is reported under its real path.
    while (folders.length || links.length) {
      if (!folders.length) {
        const link = links.shift()!;
        let stat: Stats;
        try {
          stat = statSync(link.raw);
        } catch (e) {
          if (languageOf(link.shown)) skip(link, 'unreadable', `dangling symbolic link (${(e as NodeJS.ErrnoException).code})`);
          continue;
        }
        if (stat.isDirectory()) {
          if (seenDirs.has(identity(stat))) {
            skip(link, 'symlink', 'symbolic link to a folder already scanned (a loop or a second path to it); not followed again');
          } else if (!ignored(link)) {
            folders.push(link);
          }
        } else if (stat.isFile()) {
          visitFile(link, stat);
        } else if (languageOf(link.shown)) {
          skip(link, 'special-file', `symbolic link to a ${specialKind(stat)}, not a regular file`);
        }
        continue;
      }
      const dir = folders.pop()!;
      if (follow) {
        try {
          const key = identity(statSync(dir.raw));
          if (seenDirs.has(key)) continue;
          seenDirs.add(key);
        } catch {
          /* reported by readdir below */
        }
      }
      let entries: Dirent<Buffer>[];
      try {
        entries = readdirSync(dir.raw, { withFileTypes: true, encoding: 'buffer' });
      } catch (e) {
        skip(dir, 'unreadable', `folder not read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        continue;
      }
      // Sorted by bytes, so the walk order (and which of two links to a folder wins) is reproducible.
      entries.sort((a, b) => Buffer.compare(a.name, b.name));
      const subfolders: WalkPath[] = [];
      for (const entry of entries) {
        const p = child(dir, entry.name);
        const name = basename(p.shown);
        if (entry.isDirectory()) {
          if (!skippedDir(name)) subfolders.push(p);
        } else if (entry.isFile()) {
          visitFile(p);
        } else if (entry.isSymbolicLink()) {
          if (follow) {
            if (!skippedDir(name)) links.push(p);
          } else if (languageOf(p.shown) || isFolder(p.raw)) {
            skip(p, 'symlink', 'symbolic link, not followed (--follow-symlinks follows it)');
          }
        } else if (languageOf(p.shown)) {
          skip(p, 'special-file', `${direntKind(entry)}, not a regular file`);
        }
      }
      // Depth first in name order: pushed in reverse so the first name is walked first.
      for (let i = subfolders.length - 1; i >= 0; i--) folders.push(subfolders[i]!);
    }
  };

  for (const given of paths) {
    const root = walkPath(isAbsolute(given) ? given : resolve(cwd, given));
    let stat: Stats;
    try {
      stat = lstatSync(root.raw);
    } catch {
      missing.push(given);
      continue;
    }
    if (stat.isSymbolicLink()) {
      if (!follow) {
        refused.push(`${given}: symbolic link, not followed (--follow-symlinks follows it)`);
        continue;
      }
      try {
        stat = statSync(root.raw);
      } catch (e) {
        refused.push(`${given}: dangling symbolic link (${(e as NodeJS.ErrnoException).code})`);
        continue;
      }
    }
    if (stat.isDirectory()) {
      walkTree(root);
    } else if (stat.isFile()) {
      // A file named on the command line is scanned even when .gitignore lists it.
      const language = languageOf(root.shown);
      if (language && !already(root, stat)) accept(root, language, true);
    } else {
      refused.push(`${given}: ${specialKind(stat)}, not a regular file`);
    }
  }
  const byDisplay = (a: { display?: string; file?: string }, b: { display?: string; file?: string }) => {
    const x = a.display ?? a.file!;
    const y = b.display ?? b.file!;
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const files = [...found.values()].sort(byDisplay);
  return { base, files, missing, refused, skipped: [...skipped.values()].sort(byDisplay) };
}

function isFolder(path: Buffer): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function direntKind(entry: Dirent<Buffer>): string {
  if (entry.isFIFO()) return 'FIFO';
  if (entry.isSocket()) return 'socket';
  if (entry.isCharacterDevice()) return 'character device';
  if (entry.isBlockDevice()) return 'block device';
  return 'special file';
}

/** Every .gitignore at or below a root, each applied to the paths beneath its own folder. Each is opened
 *  safely (no symlink, no FIFO, bounded size); one that cannot be read is reported, not waited on. */
class GitignoreSet {
  private readonly byDir = new Map<string, Ignore | null>();

  constructor(
    private readonly root: string,
    private readonly onRefused: (path: string, error: SafeOpenError) => void,
  ) {}

  private rulesFor(dir: string): Ignore | null {
    let rules = this.byDir.get(dir);
    if (rules !== undefined) return rules;
    const file = join(this.root, dir, '.gitignore');
    try {
      rules = ignore().add(readFileSafely(file, { maxBytes: MAX_GITIGNORE_BYTES }).toString('utf8'));
    } catch (e) {
      if (e instanceof SafeOpenError && !/ENOENT|ENOTDIR/.test(e.message)) this.onRefused(file, e);
      rules = null;
    }
    this.byDir.set(dir, rules);
    return rules;
  }

  /** `rel` is relative to the root, with forward slashes. */
  ignores(rel: string): boolean {
    const parts = rel.split('/');
    // Check from the root down: a parent folder's rule can exclude a whole subtree.
    for (let depth = 0; depth < parts.length; depth++) {
      const dir = parts.slice(0, depth).join('/');
      const rules = this.rulesFor(dir);
      if (!rules) continue;
      const below = parts.slice(depth).join('/');
      if (rules.ignores(below)) return true;
    }
    return false;
  }
}
