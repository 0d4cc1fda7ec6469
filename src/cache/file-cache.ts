// Per-file scan results on disk, keyed by the file's content hash and everything else the result depends
// on (cuport version, rule table, scan options, display path, language). A rescan of an unchanged file
// reads one small JSON file instead of parsing. Safe against corruption: entries are written to a
// temporary file and renamed into place, and an entry is used only if it parses and names the same key;
// anything else is ignored (and overwritten by the fresh result).
import { createHash, randomBytes } from 'node:crypto';
import { readFileSafely } from '../discover/safe-open.js';
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { FileResult } from '../model.js';
import type { FileTask } from '../scan/scan-file.js';

const ENTRY_FORMAT = 'cuport-file-cache-1';

export interface CacheConfig {
  dir: string;
  /** Hash of what every entry depends on besides the file: cuport version, rule table, scan options. */
  key: string;
}

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
}

/** Looks a file up by its bytes. Files the scanner would refuse (too large, unreadable) are not cached:
 *  the scanner says why itself. */
export function lookupFile(config: CacheConfig, task: FileTask, maxFileBytes: number): CacheLookup {
  const none: CacheLookup = { store: () => undefined };
  let bytes: Buffer;
  try {
    // Opened like the scanner opens it: no links, no FIFOs or devices, bounded (src/discover/safe-open.ts).
    bytes = readFileSafely(task.path, { maxBytes: maxFileBytes });
  } catch {
    return none;
  }
  const entry = createHash('sha256').update(config.key).update('\u0000').update(task.display).update('\u0000')
    .update(task.language).update('\u0000').update(bytes).digest('hex');
  const path = join(config.dir, ENTRY_FORMAT, entry.slice(0, 2), `${entry}.json`);
  const hit = readEntry(path, entry, task);
  return {
    ...(hit ? { hit } : {}),
    store: (result) => {
      if (!result.skipped) writeEntry(path, entry, result);
    },
  };
}

/** Scans the files the cache cannot answer with `scanMisses` (in file order) and stores their results. */
export async function scanWithCache(
  tasks: FileTask[],
  config: CacheConfig | undefined,
  maxFileBytes: number,
  scanMisses: (tasks: FileTask[]) => Promise<FileResult[]>,
  /** Completes the results in place once all are known (the deferred profiles of src/scan/deferred-profile.ts)
   *  and says which it replaced: those are stored as replaced, so the next run does not redo the work. */
  complete: (results: FileResult[]) => Promise<number[]> = async () => [],
): Promise<FileResult[]> {
  if (!config) {
    const results = await scanMisses(tasks);
    await complete(results);
    return results;
  }
  const lookups = tasks.map((task) => lookupFile(config, task, maxFileBytes));
  const missing = tasks.flatMap((_, i) => (lookups[i]!.hit ? [] : [i]));
  // No worker starts when every file is answered.
  const scanned = missing.length ? await scanMisses(missing.map((i) => tasks[i]!)) : [];
  const results = lookups.map((l) => l.hit) as FileResult[];
  missing.forEach((index, k) => (results[index] = scanned[k]!));
  const replaced = await complete(results);
  for (const index of new Set([...missing, ...replaced])) lookups[index]!.store(results[index]!);
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
  const valid = data.format === ENTRY_FORMAT && data.entry === entry && r && r.file === task.display && r.language === task.language &&
    Array.isArray(r.findings) && Array.isArray(r.kernels) && Array.isArray(r.definedNames) && typeof r.lines === 'number';
  return valid ? r : undefined;
}

function writeEntry(path: string, entry: string, result: FileResult): void {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(tmp, JSON.stringify({ format: ENTRY_FORMAT, entry, result }));
    renameSync(tmp, path);
  } catch {
    // A cache that cannot be written (read-only, full) only costs speed.
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing was written */
    }
  }
}
