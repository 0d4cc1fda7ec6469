// `--baseline FILE`, `--changed-since REF` and `--cache DIR`: read and checked before the scan starts, so
// a bad baseline or a missing ref is a usage error (exit 2) that names the file and field or the ref.
import { relative, resolve, isAbsolute } from 'node:path';
import { defaultCacheDir } from '../cache/file-cache.js';
import { BaselineError, loadBaseline } from '../gate/baseline.js';
import { ChangedLinesError, changedLinesSince } from '../gate/changed-lines.js';
import type { GateInput } from '../gate/accept.js';
import { UsageError } from './errors.js';

export function gateOptions(baselineFile: string | undefined, changedSince: string | undefined, paths: string[]): GateInput {
  const gate: GateInput = {};
  try {
    if (baselineFile !== undefined) {
      if (baselineFile === '') throw new UsageError('--baseline needs a file name');
      gate.baseline = { file: baselineFile, baseline: loadBaseline(baselineFile) };
    }
    if (changedSince !== undefined) {
      if (changedSince === '') throw new UsageError('--changed-since needs a ref');
      // The repository of the first scanned path; the others must be in the same one to be filtered.
      gate.changed = changedLinesSince(changedSince, paths[0]!);
    }
  } catch (e) {
    if (e instanceof BaselineError || e instanceof ChangedLinesError) throw new UsageError(e.message);
    throw e;
  }
  return gate;
}

/** The cache directory: --cache DIR, else the OS cache dir unless that lies inside a scanned path
 *  (cuport never writes into the scanned tree unless asked); none with --no-cache. */
export function cacheOption(dir: string | undefined, noCache: boolean, paths: string[]): { cacheDir?: string } {
  if (noCache) return {};
  if (dir !== undefined) {
    if (dir === '') throw new UsageError('--cache needs a directory');
    return { cacheDir: resolve(dir) };
  }
  const fallback = defaultCacheDir();
  const inside = paths.some((p) => {
    const rel = relative(resolve(p), fallback);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  });
  return inside ? {} : { cacheDir: fallback };
}
