// The files git tracks, read from the repository's index file (.git/index, versions 2–4) without running
// git: a tracked file is scanned whatever .gitignore says (a `*.cuh` rule does not hide 15 tracked headers).
// Only the index is read, through the safe opener; an index cuport cannot parse means "nothing known to be
// tracked", and .gitignore applies as without git.
import { existsSync, lstatSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { readFileSafely } from './safe-open.js';

const MAX_INDEX_BYTES = 512 * 1024 * 1024;

/** The work tree root at or above `dir` (the folder holding `.git`), or undefined outside a repository. */
export function findRepository(dir: string): string | undefined {
  for (let at = resolve(dir); ; at = dirname(at)) {
    if (existsSync(join(at, '.git'))) return at;
    if (dirname(at) === at) return undefined;
  }
}

/** The git directory of a work tree: `.git` itself, or where a `.git` file (`gitdir: …`) points. */
function gitDir(workTree: string): string | undefined {
  const dotGit = join(workTree, '.git');
  try {
    if (lstatSync(dotGit).isDirectory()) return dotGit;
    const text = readFileSafely(dotGit, { maxBytes: 4096 }).toString('utf8');
    const target = /^gitdir:\s*(.+?)\s*$/m.exec(text)?.[1];
    return target ? (isAbsolute(target) ? target : join(workTree, target)) : undefined;
  } catch {
    return undefined;
  }
}

/** Tracked paths relative to the work tree root, as latin1 strings of their bytes (names need not be UTF-8). */
export function trackedFiles(workTree: string): Set<string> {
  const dir = gitDir(workTree);
  if (!dir) return new Set();
  try {
    return parseIndex(readFileSafely(join(dir, 'index'), { maxBytes: MAX_INDEX_BYTES }));
  } catch {
    return new Set();
  }
}

/** Entry paths of a git index (https://git-scm.com/docs/index-format). */
export function parseIndex(index: Buffer): Set<string> {
  const paths = new Set<string>();
  if (index.length < 12 || index.toString('latin1', 0, 4) !== 'DIRC') return paths;
  const version = index.readUInt32BE(4);
  if (version < 2 || version > 4) return paths;
  const count = index.readUInt32BE(8);
  let at = 12;
  let previous = '';
  for (let n = 0; n < count && at + 62 <= index.length; n++) {
    const start = at;
    const flags = index.readUInt16BE(at + 60);
    at += 62;
    if (version >= 3 && flags & 0x4000) at += 2; // extended flags
    let path: string;
    if (version === 4) {
      // Prefix compression: drop `strip` bytes from the previous path, then a NUL-terminated suffix.
      let c = index[at++]!;
      let strip = c & 0x7f;
      while (c & 0x80) {
        c = index[at++]!;
        strip = ((strip + 1) << 7) | (c & 0x7f);
      }
      const end = index.indexOf(0, at);
      if (end < 0) break;
      path = previous.slice(0, previous.length - strip) + index.toString('latin1', at, end);
      at = end + 1;
    } else {
      const end = index.indexOf(0, at);
      if (end < 0) break;
      path = index.toString('latin1', at, end);
      // Entries are NUL-padded to a multiple of 8 bytes (1 to 8 NULs).
      at = start + Math.ceil((end - start + 1) / 8) * 8;
    }
    paths.add(path);
    previous = path;
  }
  return paths;
}
