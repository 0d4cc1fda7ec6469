// Per-file scan results on disk, keyed by the file's content hash and everything else the result depends
// on (cuport version, rule table, scan options, display path, language). A rescan of an unchanged file
// reads one small JSON file instead of parsing. Safe against corruption: entries are written to a
// temporary file and renamed into place, and an entry is used only if it parses and names the same key;
// anything else is ignored (and overwritten by the fresh result).
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
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

/** The key shared by all entries of one configuration (any change gives new entries). */
export function cacheKey(parts: unknown[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(JSON.stringify(part)).update('\u0000');
  return hash.digest('hex');
}

interface Scanner {
  scan(task: FileTask): FileResult;
}

/** A scanner that answers from the cache when the file's bytes are unchanged. */
export function withCache(scanner: Scanner, config: CacheConfig | undefined, maxFileBytes: number): Scanner {
  if (!config) return scanner;
  return {
    scan(task) {
      let bytes: Buffer;
      try {
        // Files the scanner would refuse (too large, unreadable) are not cached: it says why itself.
        if (statSync(task.path).size > maxFileBytes) return scanner.scan(task);
        bytes = readFileSync(task.path);
      } catch {
        return scanner.scan(task);
      }
      const entry = createHash('sha256').update(config.key).update('\u0000').update(task.display).update('\u0000')
        .update(task.language).update('\u0000').update(bytes).digest('hex');
      const path = join(config.dir, ENTRY_FORMAT, entry.slice(0, 2), `${entry}.json`);
      const hit = readEntry(path, entry, task);
      if (hit) return hit;
      const result = scanner.scan(task);
      if (!result.skipped) writeEntry(path, entry, result);
      return result;
    },
  };
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
