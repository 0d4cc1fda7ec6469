// Finds the files to scan: fast-glob over the given paths, nested .gitignore files honoured,
// --include/--exclude globs applied, VCS/dependency/build folders skipped, symlinks not followed.
import { lstatSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { Language } from '../model.js';

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
  /** Absolute path, used to read the file. */
  path: string;
  /** Path shown in reports: relative to the scan base, with forward slashes. */
  display: string;
  language: Language;
}

export interface Discovery {
  base: string;
  files: DiscoveredFile[];
  /** Paths given on the command line that do not exist. */
  missing: string[];
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

export async function discover(paths: string[], options: DiscoverOptions = {}, cwd = process.cwd()): Promise<Discovery> {
  const base = scanBase(paths, cwd);
  const include = options.include?.length ? picomatch(options.include, { dot: true }) : undefined;
  const exclude = options.exclude?.length ? picomatch(options.exclude, { dot: true }) : undefined;
  const missing: string[] = [];
  const found = new Map<string, DiscoveredFile>();

  const accept = (abs: string, language: Language, explicit: boolean) => {
    const display = toPosix(relative(base, abs)) || toPosix(abs);
    if (!explicit) {
      if (include && !include(display)) return;
      if (exclude && exclude(display)) return;
    } else if (exclude && exclude(display)) {
      return;
    }
    found.set(abs, { path: abs, display, language });
  };

  for (const given of paths) {
    const root = isAbsolute(given) ? given : resolve(cwd, given);
    let stat;
    try {
      stat = lstatSync(root);
    } catch {
      missing.push(given);
      continue;
    }
    if (!stat.isDirectory()) {
      // A file named on the command line is scanned even when .gitignore lists it.
      const language = languageOf(root);
      if (language && (stat.isFile() || (stat.isSymbolicLink() && options.followSymlinks))) accept(root, language, true);
      continue;
    }
    const entries = await fg('**/*', {
      cwd: root,
      dot: true,
      onlyFiles: true,
      followSymbolicLinks: options.followSymlinks ?? false,
      ignore: DEFAULT_SKIPPED_DIRS.map((d) => `**/${d}/**`),
      suppressErrors: true,
      objectMode: true,
    });
    const gitignores = options.useGitignore === false ? undefined : new GitignoreSet(root);
    for (const entry of entries) {
      if (entry.dirent.isSymbolicLink() && !options.followSymlinks) continue;
      // The language of the absolute path, as for a file named on the command line: a scanned requirements/
      // folder's own files are requirement files too.
      const abs = join(root, entry.path);
      const language = languageOf(abs);
      if (!language || gitignores?.ignores(entry.path)) continue;
      accept(abs, language, false);
    }
  }
  const files = [...found.values()].sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  return { base, files, missing };
}

/** Every .gitignore below a root, each applied to the paths beneath its own folder. */
class GitignoreSet {
  private readonly byDir = new Map<string, Ignore | null>();

  constructor(private readonly root: string) {}

  private rulesFor(dir: string): Ignore | null {
    let rules = this.byDir.get(dir);
    if (rules !== undefined) return rules;
    try {
      rules = ignore().add(readFileSync(join(this.root, dir, '.gitignore'), 'utf8'));
    } catch {
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
