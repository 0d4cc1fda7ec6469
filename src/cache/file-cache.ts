// Per-file scan results on disk, keyed by the file's content hash and everything else the result depends
// on (cuport version, rule table, scan options, display path, language). A rescan of an unchanged file
// reads one small JSON file instead of parsing. Safe against corruption: entries are written to a
// temporary file and renamed into place, and an entry is used only if it parses and names the same key;
// anything else is ignored (and overwritten by the fresh result).
//
// A stat index (one file per configuration key) remembers, per file, the stat it had when its bytes were
// hashed (size, mtime, ctime, inode) and the entry they gave: a file whose stat is unchanged is not read or
// hashed again. ctime is in it because no program can set it back: an edit that keeps the size and restores
// the mtime (utimes) still changes the ctime. A stat is only recorded when the file's times are older than
// the moment it was taken by more than the file system's timestamp granularity (git's "racily clean" case:
// a write in the same clock tick as the read would leave the stat as it was).
import { createHash, randomBytes } from 'node:crypto';
import { readFileSafely } from '../discover/safe-open.js';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FileResult } from '../model.js';
import type { FileTask } from '../scan/scan-file.js';

const ENTRY_FORMAT = 'cuport-file-cache-1';
const INDEX_FORMAT = 'cuport-stat-index-1';
/** An index over this many files is not grown further (only its known files are updated). */
const MAX_INDEX_FILES = 200_000;

export interface CacheConfig {
  dir: string;
  /** Hash of what every entry depends on besides the file: cuport version, rule table, scan options. */
  key: string;
  /** Reads a file's bytes (tests count the reads); default: opened like the scanner opens it. */
  read?: (task: FileTask, maxFileBytes: number) => Buffer;
  /** The clock for the racily-clean check (tests move it on); default Date.now. */
  now?: () => number;
}

/** size, mtimeMs, ctimeMs, ino at hashing time, and the entry the bytes gave. */
type IndexRecord = [size: number, mtimeMs: number, ctimeMs: number, ino: number, entry: string];

// Opened like the scanner opens it: no links, no FIFOs or devices, bounded (src/discover/safe-open.ts).
const readBytes = (task: FileTask, maxFileBytes: number) => readFileSafely(task.path, { maxBytes: maxFileBytes });

/** The OS cache directory for cuport: $XDG_CACHE_HOME/cuport, else ~/.cache/cuport. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'cuport');
}

/** A hash of cuport's own compiled code (every .js file under `codeDir`): a rebuilt detector gets new
 *  entries even when the version number did not change, as between development builds. */
export function codeIdentity(codeDir: string): string {
  const hash = createHash('sha256');
  const files = readdirSync(codeDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).sort();
  for (const file of files) hash.update(file).update('\u0000').update(readFileSync(join(codeDir, file))).update('\u0000');
  return hash.digest('hex');
}

/** The key shared by all entries of one configuration (any change gives new entries). */
export function cacheKey(parts: unknown[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(JSON.stringify(part)).update('\u0000');
  return hash.digest('hex');
}

/** A file's place in the cache: the entry answering it, or how to store its fresh result. */
export interface CacheLookup {
  hit?: FileResult;
  store(result: FileResult): void;
  /** The entry's hash (what the file's bytes and the configuration give), when the file could be read. */
  entry?: string;
}

/** A result derived from a file's first-pass entry and something else it depends on (the macro table its
 *  headers export: src/scan/macro-imports.ts): `same` when the first-pass result stands. */
export interface DerivedLookup {
  hit?: FileResult | 'same';
  store(result: FileResult | 'same'): void;
}

const DERIVED_FORMAT = 'cuport-derived-1';

/** The derived entry of a first-pass entry and `part` (a hash of what else the result depends on): any change
 *  of the file's bytes, the configuration or `part` gives another entry, so a stale result is never read. */
export function lookupDerived(config: CacheConfig, baseEntry: string, task: FileTask, part: string): DerivedLookup {
  const entry = createHash('sha256').update(DERIVED_FORMAT).update('\u0000').update(baseEntry).update('\u0000').update(part).digest('hex');
  const path = entryPath(config, entry);
  let hit: FileResult | 'same' | undefined;
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as { format?: unknown; entry?: unknown; same?: unknown; result?: FileResult };
    if (data.format === DERIVED_FORMAT && data.entry === entry) {
      if (data.same === true) hit = 'same';
      else if (data.result && validResult(data.result, task)) hit = data.result;
    }
  } catch {
    /* not derived yet */
  }
  return {
    ...(hit ? { hit } : {}),
    store: (result) => {
      if (result !== 'same' && result.skipped) return;
      writeAtomically(path, JSON.stringify({ format: DERIVED_FORMAT, entry, ...(result === 'same' ? { same: true } : { result }) }));
    },
  };
}

/** The stat index of one configuration: file (path, display path, language) → its last hashed stat. */
class StatIndex {
  readonly file: string;
  readonly key: string;
  readonly records: Map<string, IndexRecord>;
  changed = false;

  constructor(config: CacheConfig) {
    this.key = config.key;
    this.file = join(config.dir, ENTRY_FORMAT, `index-${config.key}.json`);
    let records: Map<string, IndexRecord> | undefined;
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as { format?: unknown; key?: unknown; files?: Record<string, IndexRecord> };
      if (data.format === INDEX_FORMAT && data.key === config.key && data.files && typeof data.files === 'object') records = new Map(Object.entries(data.files));
    } catch {
      /* no index yet, or unreadable: every file is hashed */
    }
    this.records = records ?? new Map();
  }

  static keyOf(task: FileTask): string | undefined {
    // Absolute: the same relative path scanned from another folder is another file.
    return typeof task.path === 'string' ? `${resolve(task.path)}\u0000${task.display}\u0000${task.language}` : undefined;
  }

  write(): void {
    if (!this.changed) return;
    writeAtomically(this.file, JSON.stringify({ format: INDEX_FORMAT, key: this.key, files: Object.fromEntries(this.records) }));
  }
}

/** A stat as the index keeps it, or undefined for anything but a regular file (links are not followed). */
function statOf(path: string): [number, number, number, number] | undefined {
  try {
    const st = lstatSync(path);
    return st.isFile() ? [st.size, st.mtimeMs, st.ctimeMs, st.ino] : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a stat taken at `now` may be trusted later: its times are clearly older than `now`. Whole-second
 *  times (FAT, some network file systems) get a margin of two seconds, finer ones a tenth. */
function settled(stat: [number, number, number, number], now: number): boolean {
  const coarse = stat[1] % 1000 === 0 && stat[2] % 1000 === 0;
  const margin = coarse ? 2100 : 100;
  return Math.max(stat[1], stat[2]) < now - margin;
}

/** Looks a file up: by its stat when the index has it unchanged, else by its bytes. Files the scanner would
 *  refuse (too large, unreadable) are not cached: the scanner says why itself. */
export function lookupFile(config: CacheConfig, task: FileTask, maxFileBytes: number, index?: StatIndex): CacheLookup {
  const none: CacheLookup = { store: () => undefined };
  const indexKey = index ? StatIndex.keyOf(task) : undefined;
  const now = (config.now ?? Date.now)();
  const stat = indexKey !== undefined ? statOf(task.path as string) : undefined;
  const known = indexKey !== undefined ? index!.records.get(indexKey) : undefined;
  if (stat && known && known[0] === stat[0] && known[1] === stat[1] && known[2] === stat[2] && known[3] === stat[3] && typeof known[4] === 'string' && /^[0-9a-f]{64}$/.test(known[4])) {
    const path = entryPath(config, known[4]);
    const hit = readEntry(path, known[4], task);
    // A missing or damaged entry: hashed and scanned as if unknown.
    if (hit) return { hit, entry: known[4], store: (result) => (result.skipped ? undefined : writeEntry(path, known[4], result)) };
  }
  let bytes: Buffer;
  try {
    bytes = (config.read ?? readBytes)(task, maxFileBytes);
  } catch {
    return none;
  }
  const entry = createHash('sha256').update(config.key).update('\u0000').update(task.display).update('\u0000')
    .update(task.language).update('\u0000').update(bytes).digest('hex');
  const path = entryPath(config, entry);
  const hit = readEntry(path, entry, task);
  // The stat taken before the read stands for these bytes (a write after it changes the ctime) once settled.
  const record = () => {
    if (!stat || !settled(stat, now) || (!index!.records.has(indexKey!) && index!.records.size >= MAX_INDEX_FILES)) return;
    const old = index!.records.get(indexKey!);
    if (old && old.every((v, i) => v === [...stat, entry][i])) return;
    index!.records.set(indexKey!, [...stat, entry]);
    index!.changed = true;
  };
  if (hit) record();
  return {
    ...(hit ? { hit } : {}),
    entry,
    store: (result) => {
      if (result.skipped) return;
      if (writeEntry(path, entry, result)) record();
    },
  };
}

const entryPath = (config: CacheConfig, entry: string) => join(config.dir, ENTRY_FORMAT, entry.slice(0, 2), `${entry}.json`);

/** Scans the files the cache cannot answer with `scanMisses` (in file order) and stores their results. */
export async function scanWithCache(
  tasks: FileTask[],
  config: CacheConfig | undefined,
  maxFileBytes: number,
  scanMisses: (tasks: FileTask[]) => Promise<FileResult[]>,
  /** Completes the results in place once all are known (the deferred profiles of src/scan/deferred-profile.ts,
   *  the macro imports of src/scan/macro-imports.ts) and says which it replaced by what the file alone gives:
   *  those are stored as replaced, so the next run does not redo the work. What depends on other files too is
   *  stored by `complete` itself, through `derived` (a file's derived entry for a given `part`). */
  complete: (results: FileResult[], derived?: (index: number, part: string) => DerivedLookup | undefined) => Promise<number[]> = async () => [],
): Promise<FileResult[]> {
  if (!config) {
    const results = await scanMisses(tasks);
    await complete(results);
    return results;
  }
  const index = new StatIndex(config);
  const lookups = tasks.map((task) => lookupFile(config, task, maxFileBytes, index));
  const missing = tasks.flatMap((_, i) => (lookups[i]!.hit ? [] : [i]));
  // No worker starts when every file is answered.
  const scanned = missing.length ? await scanMisses(missing.map((i) => tasks[i]!)) : [];
  const results = lookups.map((l) => l.hit) as FileResult[];
  missing.forEach((index, k) => (results[index] = scanned[k]!));
  // Stored before `complete` may replace them by results that depend on other files.
  for (const i of missing) lookups[i]!.store(results[i]!);
  const replaced = await complete(results, (i, part) => {
    const entry = lookups[i]!.entry;
    return entry ? lookupDerived(config, entry, tasks[i]!, part) : undefined;
  });
  for (const i of new Set(replaced)) lookups[i]!.store(results[i]!);
  index.write();
  return results;
}

function readEntry(path: string, entry: string, task: FileTask): FileResult | undefined {
  let data: { format?: unknown; entry?: unknown; result?: FileResult };
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  const r = data?.result;
  return data.format === ENTRY_FORMAT && data.entry === entry && r && validResult(r, task) ? r : undefined;
}

function validResult(r: FileResult, task: FileTask): boolean {
  return r.file === task.display && r.language === task.language &&
    Array.isArray(r.findings) && Array.isArray(r.kernels) && Array.isArray(r.definedNames) && typeof r.lines === 'number';
}

function writeEntry(path: string, entry: string, result: FileResult): boolean {
  return writeAtomically(path, JSON.stringify({ format: ENTRY_FORMAT, entry, result }));
}

/** Written to a temporary file, then renamed into place; false when it could not be. */
function writeAtomically(path: string, text: string): boolean {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, path);
    return true;
  } catch {
    // A cache that cannot be written (read-only, full) only costs speed.
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing was written */
    }
    return false;
  }
}
